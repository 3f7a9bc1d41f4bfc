#!/bin/sh
# The part of the official postgres entrypoint docker-compose.yml relies on:
# on first start, create the cluster in $PGDATA with POSTGRES_USER (superuser),
# POSTGRES_PASSWORD and POSTGRES_DB; listen on every address; password
# (scram) for network clients, trust on the local socket for `exec` commands.
set -eu

if [ "${1:-}" != postgres ]; then
    exec "$@"
fi

if [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chown postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "${POSTGRES_PASSWORD:-}" ]; then
        echo "error: the database is uninitialized and POSTGRES_PASSWORD is empty;" \
            "set it (docker-compose passes POSTGRES_PASSWORD from .env)" >&2
        exit 1
    fi
    user=${POSTGRES_USER:-postgres}
    db=${POSTGRES_DB:-$user}
    pwfile=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    initdb --username="$user" --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    rm -f "$pwfile"
    echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
    if [ "$db" != postgres ]; then
        # Socket only, so nobody connects before the database exists.
        pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
        # Through stdin: psql quotes :"db" there, not in -c.
        echo 'CREATE DATABASE :"db";' | psql -v ON_ERROR_STOP=1 -q \
            --username="$user" --dbname=postgres --set=db="$db"
        pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    fi
    echo "stand-in entrypoint: created database $db for user $user"
fi

exec "$@"
