"""One cycle launch in a fresh process, printing its memory as JSON.

Run by bench_launch.py with the run's environment; the argument is the id of a
draft cycle. Django and the broker connection are warmed up first, so the
figures are the launch's own.
"""

from __future__ import annotations

import json
import resource
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    import django

    django.setup()
    from django.db import connection

    from feedback360.celery import app
    from surveys import services, tasks  # noqa: F401 - loaded before measuring

    connection.ensure_connection()
    with app.connection_for_write() as broker:
        broker.ensure_connection()
    tracemalloc.start()
    result = services.cycle_launch(cycle_id=int(sys.argv[1]))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "invitations": result.invitations,
                "peak_mib": peak / 2**20,
                "max_rss_mib": max_rss_mib(),
            }
        )
    )


if __name__ == "__main__":
    main()
