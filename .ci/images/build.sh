#!/usr/bin/env bash
# Builds local stand-ins for every registry image that docker-compose.yml and
# the Dockerfile name, under exactly those names, because no container
# registry is reachable from CI here (../../docs/production.md: a user with a
# registry pulls the real ones and never runs this):
#
#   python:3.12-slim          bookworm + this machine's pyenv Python 3.12  (python/)
#   postgres:17               bookworm's PostgreSQL 15                     (postgres/)
#   redis:7-alpine            bookworm's redis-server 7.0                  (redis/)
#   axllent/mailpit:v1.31.1   an aiosmtpd catcher with Mailpit's API       (mailpit/)
#
# all from one debootstrapped bookworm root (base/), imported as
# feedback360-ci/bookworm:base.
#
# Each image carries a label with the hash of what it was built from: its
# recipe directory, the base's hash, and for python the Python build and this
# machine's CA certificates (rewritten at every machine start). A stand-in
# whose label matches is reused, so a second run costs a few seconds. An image
# under one of these names without the label came from a registry: it is left
# alone and used as it is.
#
#   .ci/images/build.sh [LOG_DIR]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
LOG_DIR=${1:-test-artifacts/compose/images}
mkdir -p "$LOG_DIR"
LOG_DIR=$(cd "$LOG_DIR" && pwd)

LABEL=org.feedback360.ci.recipe
BASE=feedback360-ci/bookworm:base
SOURCES=/etc/apt/sources.list.d/debian.sources
CA_DIR=/usr/local/share/ca-certificates
PYTHON=${PYTHON:-python3.12}

say() { echo "stand-ins: $*"; }

# sha256 of a recipe directory's files (names and contents) and any extra text.
recipe_hash() {
  local dir=$1; shift
  {
    (cd "$dir" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    printf '%s\n' "$@"
  } | sha256sum | cut -c1-20
}

# The hash an image was built from: "" if it has no such label, "-" if absent.
label_of() {
  local value
  value=$(docker image inspect -f "{{index .Config.Labels \"$LABEL\"}}" "$1" 2>/dev/null) || { echo -; return; }
  [ "$value" = "<no value>" ] && value=""
  echo "$value"
}

# 0 if $1 needs building for hash $2; says why not otherwise.
needs_build() {
  local have
  have=$(label_of "$1")
  if [ "$have" = "$2" ]; then say "$1 is up to date ($2)"; return 1; fi
  if [ -z "$have" ]; then say "$1 exists and is not a stand-in: using it as it is"; return 1; fi
  return 0
}

ca_hash() {
  # Every file update-ca-certificates would add, names and contents.
  (cd "$CA_DIR" && find . -name '*.crt' -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum) \
    | sha256sum | cut -c1-20
}

# --- base --------------------------------------------------------------------------------------
base_hash=$(recipe_hash "$HERE/base" "$(cat "$SOURCES")")
if needs_build "$BASE" "$base_hash"; then
  started=$SECONDS
  say "debootstrapping bookworm (about 40 s; log in $LOG_DIR/base.log)"
  root=$(mktemp -d /tmp/f360-rootfs.XXXXXX)
  # debootstrap leaves mounts and root-owned files; remove the tree whatever happens.
  trap 'rm -rf "$root"' EXIT
  if ! "$HERE/base/make-rootfs.sh" "$root" "$SOURCES" >"$LOG_DIR/base.log" 2>&1; then
    tail -n 30 "$LOG_DIR/base.log"; exit 1
  fi
  tar -C "$root" -c . | docker import \
    --change "LABEL $LABEL=$base_hash" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' - "$BASE" >/dev/null
  rm -rf "$root"; trap - EXIT
  say "$BASE built in $((SECONDS - started)) s"
fi

# --- the four stand-ins, in parallel (each mostly waits on apt) ----------------------------------
python_prefix=$("$PYTHON" -c 'import sys; print(sys.prefix)')
python_id=$("$PYTHON" -c 'import sys; print(sys.version, sys.prefix)')

stage_python() {  # $1: build context
  cp -a "$HERE/python/." "$1/"
  mkdir -p "$1/ca"
  cp "$CA_DIR"/*.crt "$1/ca/" 2>/dev/null || true
  # The official slim image has no test suite, no static library and no
  # site-packages but pip; this machine's own additions (.pth files) stay out.
  mkdir -p "$1/python/lib/python3.12/site-packages"
  tar -C "$python_prefix" -c --exclude=./lib/python3.12/test \
    --exclude='./lib/python3.12/config-*/libpython3.12.a' \
    --exclude=./lib/python3.12/site-packages . | tar -C "$1/python" -x
  cp -a "$python_prefix/lib/python3.12/site-packages/"pip* "$1/python/lib/python3.12/site-packages/"
}

build_one() {  # name tag hash
  local name=$1 tag=$2 hash=$3 context started=$SECONDS
  context=$(mktemp -d /tmp/f360-standin-$name.XXXXXX)
  if [ "$name" = python ]; then stage_python "$context"; else cp -a "$HERE/$name/." "$context/"; fi
  local status=0
  docker build --label "$LABEL=$hash" --build-arg "PYTHON_PREFIX=$python_prefix" \
    -t "$tag" "$context" >"$LOG_DIR/$name.log" 2>&1 || status=$?
  rm -rf "$context"
  if [ $status -ne 0 ]; then
    echo "stand-ins: building $tag failed; the end of $LOG_DIR/$name.log:" >&2
    tail -n 30 "$LOG_DIR/$name.log" >&2
    return $status
  fi
  say "$tag built in $((SECONDS - started)) s"
}

declare -A tags=(
  [python]=python:3.12-slim
  [postgres]=postgres:17
  [redis]=redis:7-alpine
  [mailpit]=axllent/mailpit:v1.31.1
)
pids=()
for name in python postgres redis mailpit; do
  extra=("base=$base_hash")
  [ "$name" = python ] && extra+=("ca=$(ca_hash)" "python=$python_id")
  hash=$(recipe_hash "$HERE/$name" "${extra[@]}")
  if needs_build "${tags[$name]}" "$hash"; then
    say "building ${tags[$name]} (log in $LOG_DIR/$name.log)"
    build_one "$name" "${tags[$name]}" "$hash" &
    pids+=($!)
  fi
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
exit $failed
