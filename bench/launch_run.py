"""One launch in a fresh process: create the invitations and queue the e-mails,
printing the time and memory it took as JSON.

Run by bench_launch.py with the run's environment; the argument is the id of a
draft cycle that opens now. Django, the database connection and the broker
connection are set up first, so the figures are the launch's own:

- `lifecycle.cycle_launch` with HR's defaults (pending nominations and
  overlaps refused, so their checks run), timed until it returns: its commit
  hook has then published the `queue_invitations` task to Redis;
- `mail_queue.invitations_queue(cycle_id=…)`, the body of that task, which
  publishes the raters in batches (`send_mail_batch`) and marks them queued.
  Sending them is the worker's, and not timed here.

Memory is the process's peak RSS (VmHWM), before and after.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import peak_rss_mib


def main() -> None:
    import django

    django.setup()
    from django.db import connection

    from feedback360.celery import app
    from surveys import lifecycle, mail_queue, tasks  # noqa: F401 - loaded before measuring

    connection.ensure_connection()
    with app.connection_for_write() as broker:
        broker.ensure_connection()
    app.tasks["surveys.tasks.send_mail_batch"]
    before = peak_rss_mib()
    started = time.perf_counter()
    result = lifecycle.cycle_launch(cycle_id=int(sys.argv[1]))
    launched = time.perf_counter()
    raters = mail_queue.invitations_queue(cycle_id=int(sys.argv[1]))
    queued = time.perf_counter()
    print(
        json.dumps(
            {
                "invitations": result.invitations,
                "managers": result.managers,
                "raters_queued": raters,
                "launch_s": launched - started,
                "queue_s": queued - launched,
                "total_s": queued - started,
                "rss_before_mib": before,
                "rss_peak_mib": peak_rss_mib(),
            }
        )
    )


if __name__ == "__main__":
    main()
