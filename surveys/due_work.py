"""Everything time-driven, found by scanning the database (never by long
countdowns on the broker): closing cycles at their deadline, sending
invitations when a cycle opens, reminders on their schedule, and e-mails a
lost task left behind.

One run at a time: beat may fire again while a slow run is still going (or
several queued runs arrive at once after a worker outage), so a run that
cannot take the lock returns at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from feedback360.db import advisory_lock

from . import lifecycle, mail_queue
from .errors import ServiceError

log = logging.getLogger(__name__)

LOCK = "feedback360.due_work"


@dataclass
class DueWork:
    ran: bool = True
    closed: int = 0
    queued: int = 0
    reminders: int = 0


def due_work_run(*, now: datetime | None = None) -> DueWork:
    now = now or timezone.now()
    with advisory_lock(LOCK) as acquired:
        if not acquired:
            log.info("event=due_work_skipped reason=another_run_in_progress")
            return DueWork(ran=False)
        done = DueWork()
        for cycle_id in lifecycle.cycles_due_to_close(now).values_list("id", flat=True):
            try:
                lifecycle.cycle_close(cycle_id=cycle_id, now=now)
                done.closed += 1
            except ServiceError:
                pass  # closed by someone else meanwhile
        done.queued = mail_queue.invitations_queue(now=now)
        done.reminders = mail_queue.reminders_queue_due(now=now)
        return done
