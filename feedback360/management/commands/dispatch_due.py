"""Run the periodic work once, or every N seconds: what celery beat does in
production, for the embedded mode that has no broker. It runs exactly the
tasks in CELERY_BEAT_SCHEDULE, by name, so the two can never differ."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from feedback360.celery import app


class Command(BaseCommand):
    help = "Run every task of the beat schedule once (or every N seconds)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Repeat every N seconds.")

    def handle(self, *args, every: float = 0, **options):
        while True:
            for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
                result = app.tasks[entry["task"]].apply()
                if result.failed():
                    self.stderr.write(f"dispatch: {name} failed: {result.result!r}")
                elif result.result:
                    self.stdout.write(f"dispatch: {name}: {result.result}")
            if not every:
                return
            # A long-lived loop must not keep a connection the database closed.
            close_old_connections()
            time.sleep(every)
