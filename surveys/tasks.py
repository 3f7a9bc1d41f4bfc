"""Celery tasks: thin wrappers that take ids, call one service, and are safe to
run twice (the services claim their rows). Services queue them by name
(feedback360.queueing.publish), never by importing this module."""

from __future__ import annotations

import logging
import random

from celery import shared_task
from django.conf import settings

from . import due_work, mail_delivery, mail_queue

log = logging.getLogger(__name__)

MAX_SEND_RETRIES = 8
MAX_BACKOFF_SECONDS = 600  # far below Redis's visibility timeout


def backoff_seconds(retries: int) -> float:
    """Exponential backoff with jitter: ~10 s, 20 s, 40 s … capped at 10 min."""
    first = settings.FEEDBACK["SEND_RETRY_BASE_SECONDS"]
    base = min(MAX_BACKOFF_SECONDS, first * 2**retries)
    return base * random.uniform(0.5, 1.5)  # noqa: S311 - jitter, not security


@shared_task(
    bind=True, acks_late=True, max_retries=MAX_SEND_RETRIES, soft_time_limit=240, time_limit=300
)
def send_mail_batch(
    self, cycle_id: int, rater_ids: list[int], kind: str, slot: int | None = None
) -> dict:
    try:
        outcome = mail_delivery.mail_batch_send(
            cycle_id=cycle_id, rater_ids=rater_ids, kind=kind, slot=slot
        )
    except mail_delivery.TransientSendError as exc:
        if self.request.is_eager:
            # No broker to wait on: the dispatcher re-queues what is left.
            log.warning("event=send_deferred kind=%s remaining=%s", kind, len(exc.remaining))
            return {"deferred": len(exc.remaining)}
        raise self.retry(
            args=[cycle_id, exc.remaining, kind, slot],
            countdown=backoff_seconds(self.request.retries),
            exc=exc,
        ) from exc
    return {"sent": outcome.sent, "skipped": outcome.skipped, "failed": outcome.failed}


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def queue_invitations(cycle_id: int) -> int:
    return mail_queue.invitations_queue(cycle_id=cycle_id)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def dispatch_due_work() -> dict:
    return due_work.due_work_run().__dict__
