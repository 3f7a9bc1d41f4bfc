#!/bin/sh
# What the official redis image does for docker-compose.yml's
# `redis-server --appendonly yes --save ""`: run as the redis user in /data,
# and with protected mode off. Without a config file or password, Redis's own
# default (protected mode on) answers other containers "DENIED"; the official
# image builds Redis with that default turned off, for the same reason.
set -eu

if [ "${1:-}" = redis-server ]; then
    set -- "$@" --protected-mode no
    if [ "$(id -u)" = 0 ]; then
        chown -R redis:redis /data
        exec setpriv --reuid=redis --regid=redis --init-groups "$@"
    fi
fi

exec "$@"
