#!/usr/bin/env bash
# The production images built and the docker-compose stack run for real, on a
# machine where no container registry is reachable:
#
#   1. a Docker daemon: the one running, else one started here (and stopped
#      again at the end, by its PID);
#   2. local stand-ins for the registry images (.ci/images/build.sh; reused
#      when nothing they are built from changed);
#   3. tests/compose/drive.py: docker-compose build, up -d, every service
#      healthy, the whole journey over HTTP, a worker killed mid-send,
#      down -v.
#
# Run by `make compose-e2e` and CI (.ci/run). Needs root (debootstrap, dockerd),
# docker, docker-compose, debootstrap and the dev venv. Logs and timings:
# test-artifacts/compose/.
set -euo pipefail
cd "$(dirname "$0")/.."

ART=test-artifacts/compose
PY=.venv/bin/python
PROJECT="f360e2e$$"
# Runs in one checkout share test-artifacts/compose/: take turns.
mkdir -p test-artifacts
exec 9>test-artifacts/.compose.lock
flock -w 900 9 || { echo "compose-e2e: another run in this checkout held the lock for 15 minutes"; exit 1; }
rm -rf "$ART"
mkdir -p "$ART"

started_dockerd=""

cleanup() {
  local status=$?
  # drive.py takes its stack down itself; this catches a driver that was
  # killed outright. Everything is found by the project's label, so it
  # needs neither the compose file nor the .env the driver deleted.
  if docker info >/dev/null 2>&1; then
    local label="label=com.docker.compose.project=$PROJECT"
    local ids
    ids=$(docker ps -aq --filter "$label")
    [ -n "$ids" ] && docker rm -f $ids >/dev/null 2>&1 || true
    ids=$(docker volume ls -q --filter "$label")
    [ -n "$ids" ] && docker volume rm $ids >/dev/null 2>&1 || true
    ids=$(docker network ls -q --filter "$label")
    [ -n "$ids" ] && docker network rm $ids >/dev/null 2>&1 || true
  fi
  if [ -n "$started_dockerd" ]; then
    echo "compose-e2e: stopping the dockerd started here (pid $started_dockerd)"
    kill -TERM "$started_dockerd" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$started_dockerd" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$started_dockerd" 2>/dev/null || true
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t=$SECONDS
if ! docker info >/dev/null 2>&1; then
  echo "compose-e2e: starting dockerd (log in $ART/dockerd.log)"
  # Its own session, so a Ctrl-C in this terminal reaches us, not it; we
  # stop it ourselves on the way out.
  setsid dockerd >"$ART/dockerd.log" 2>&1 &
  started_dockerd=$!
  for _ in $(seq 120); do
    docker info >/dev/null 2>&1 && break
    kill -0 "$started_dockerd" 2>/dev/null || { tail -n 30 "$ART/dockerd.log"; exit 1; }
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || { echo "dockerd did not answer in 60 s"; tail -n 30 "$ART/dockerd.log"; exit 1; }
  # setsid execs dockerd in place when it need not fork (no job control in a
  # script), so $! is dockerd itself; make sure before we rely on it.
  [ "$(cat /proc/$started_dockerd/comm 2>/dev/null)" = dockerd ] \
    || { echo "compose-e2e: pid $started_dockerd is not dockerd"; started_dockerd=""; exit 1; }
fi
dockerd_seconds=$((SECONDS - t))

t=$SECONDS
.ci/images/build.sh "$ART/images"
standin_seconds=$((SECONDS - t))

"$PY" tests/compose/drive.py --project "$PROJECT" \
  --timing "dockerd=$dockerd_seconds" --timing "stand-ins=$standin_seconds"
