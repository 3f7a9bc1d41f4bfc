"""Run the periodic work once, or every N seconds: what celery beat does in
production, for the embedded mode that has no broker."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from reports.tasks import queue_missing_reports
from surveys.services import due_work_run


class Command(BaseCommand):
    help = "Close overdue cycles, send due invitations and reminders, render missing reports."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Repeat every N seconds.")

    def handle(self, *args, every: float = 0, **options):
        while True:
            done = due_work_run()
            missing = queue_missing_reports()
            if any(done.__dict__.values()) or missing:
                self.stdout.write(f"dispatch: {done.__dict__} reports={missing}")
            if not every:
                return
            # A long-lived loop must not keep a connection the database closed.
            close_old_connections()
            time.sleep(every)
