#!/usr/bin/env bash
# A Debian bookworm root file system for the stand-in images, from the
# machine's own apt mirror: no registry can give us debian:bookworm-slim.
#
#   make-rootfs.sh ROOT SOURCES_FILE
#
# Run as root (debootstrap needs it). The mirror is plain http and is the only
# one apt can reach here, so the image keeps the machine's sources file.
set -euo pipefail
root=$1
sources=$2

mirror=$(awk '/^URIs:/ {print $2; exit}' "$sources")
[ -n "$mirror" ] || { echo "no URIs: line in $sources" >&2; exit 1; }

debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null

# The sources file names bookworm-updates and -security too; a second list
# from debootstrap would only duplicate the main suite.
rm -f "$root/etc/apt/sources.list"
cp "$sources" "$root/etc/apt/sources.list.d/debian.sources"

# What Debian's official image does: packages never try to start services
# during a build (there is no init), and nothing recommended sneaks in.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
cat >"$root/etc/apt/apt.conf.d/90stand-in" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
EOF

chroot "$root" apt-get clean
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/log/*.log \
  "$root"/tmp/* "$root"/root/.bash_history
