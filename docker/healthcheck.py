"""Container health checks for docker-compose.yml, standard library only
(the slim image has no curl).

    python docker/healthcheck.py web             # /healthz answers 200 (database and broker up)
    python docker/healthcheck.py beat SCHEDULE   # beat's schedule file was written recently

Exit status 0 is healthy, 1 is not; the line printed shows in `docker inspect`.
The worker's check is `celery inspect ping` in docker-compose.yml.
"""

from __future__ import annotations

import glob
import json
import os
import sys
import time
import urllib.error
import urllib.request

# Beat writes its schedule file after sending a task, at most every 3 minutes
# (Celery's sync interval) plus the longest gap between two tasks (5 minutes).
BEAT_STALE_AFTER_SECONDS = 10 * 60


def host_header() -> str:
    """A name Django accepts: the first of ALLOWED_HOSTS that is a plain host."""
    for host in os.environ.get("ALLOWED_HOSTS", "localhost").split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def web() -> bool:
    """What the proxy would ask: with the Host it sends and X-Forwarded-Proto,
    so that SECURE_SSL_REDIRECT does not answer with a redirect instead."""
    url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz"
    request = urllib.request.Request(
        url, headers={"Host": host_header(), "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - fixed URL
            body = json.loads(response.read())
            print(f"web: {response.status} {body}")
            return response.status == 200
    except urllib.error.HTTPError as error:
        print(f"web: {error.code} {error.read()[:300]!r}")
    except (OSError, ValueError) as error:
        print(f"web: {type(error).__name__}: {error}")
    return False


def beat(schedule: str) -> bool:
    """Beat has no remote control to ping; a schedule file it keeps writing
    shows that its loop is alive. (dbm may add .db, .dat or .dir to the name.)"""
    files = glob.glob(glob.escape(schedule) + "*")
    if not files:
        print(f"beat: no schedule file at {schedule}")
        return False
    age = time.time() - max(os.path.getmtime(f) for f in files)
    print(f"beat: schedule written {age:.0f}s ago")
    return age < BEAT_STALE_AFTER_SECONDS


def main(argv: list[str]) -> int:
    if argv[1:2] == ["web"]:
        return 0 if web() else 1
    if argv[1:2] == ["beat"] and len(argv) == 3:
        return 0 if beat(argv[2]) else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
