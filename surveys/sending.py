"""Queueing e-mails: invitations once a cycle is open, reminders on their schedule.

Batches are published to Celery; the database stays the source of truth, so
what a broker outage or a dead worker left pending is found and queued again
by the periodic dispatcher.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from feedback360.queueing import publish

from .errors import refuse
from .models import Cycle, Invitation

log = logging.getLogger(__name__)

REMIND_NOT_OPEN = "“{cycle}” is {status}: reminders go out only while a cycle is open."
# Nobody gets two e-mails about one survey within this gap, whatever sent them
# (the invitation, a scheduled reminder, "Send reminders now").
REMINDER_GAP = timedelta(hours=1)


def _publish(invitation_ids: list[uuid.UUID], kind: str, slot: int | None) -> bool:
    """Hand a batch to the task queue. False if the broker is unreachable; the
    rows stay pending and the dispatcher tries again."""
    from . import tasks  # the task module imports this one

    return publish(
        tasks.send_invitations, [str(i) for i in invitation_ids], kind, slot, what=f"{kind}s"
    )


def _queue(qs, *, kind: str, slot: int | None, now: datetime) -> int:
    """Publish the rows of `qs` in batches, skipping rows queued recently (their
    task may still be retrying). Pages through ids so memory stays flat."""
    batch = settings.FEEDBACK["SEND_BATCH_SIZE"]
    qs = qs.filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - requeue_after()))
    queued, last = 0, None
    while True:
        page = qs.order_by("id")
        if last is not None:
            page = page.filter(id__gt=last)
        ids = list(page.values_list("id", flat=True)[:batch])
        if not ids:
            break
        last = ids[-1]
        if not _publish(ids, kind, slot):
            break
        invitations_mark_queued(invitation_ids=ids, now=now)
        queued += len(ids)
    return queued


def invitations_mark_queued(
    *, invitation_ids: list[uuid.UUID], now: datetime | None = None
) -> None:
    """Note that a task holds these rows, so the dispatcher leaves them alone."""
    Invitation.objects.filter(id__in=invitation_ids).update(queued_at=now or timezone.now())


def invitations_retry_failed(*, invitation_ids: list[uuid.UUID]) -> int:
    """Send failed invitations again (after HR fixed an address, say)."""
    count = Invitation.objects.filter(
        id__in=invitation_ids, send_status=Invitation.SendStatus.FAILED
    ).update(send_status=Invitation.SendStatus.PENDING, queued_at=None, send_error="")
    invitations_queue()
    return count


def invitations_queue(*, cycle_id: int | None = None, now: datetime | None = None) -> int:
    """Queue every invitation of an open cycle still to be e-mailed."""
    now = now or timezone.now()
    pending = Invitation.objects.filter(
        send_status=Invitation.SendStatus.PENDING,
        assessment__cycle__status=Cycle.Status.OPEN,
        assessment__cycle__opens_at__lte=now,
        assessment__cycle__closes_at__gt=now,
    )
    if cycle_id is not None:
        pending = pending.filter(assessment__cycle_id=cycle_id)
    queued = _queue(pending, kind="invite", slot=None, now=now)
    if queued:
        log.info("event=invitations_queued cycle=%s count=%s", cycle_id or "*", queued)
    return queued


def requeue_after() -> timedelta:
    return timedelta(seconds=settings.REQUEUE_AFTER_SECONDS)


# --- Reminders ---------------------------------------------------------------


def due_reminder_slot(cycle: Cycle, now: datetime) -> int | None:
    """The schedule slot (days before close) whose time has come, if any."""
    if not cycle.is_accepting_responses(now):
        return None
    due = [d for d in cycle.reminder_schedule if cycle.closes_at - timedelta(days=d) <= now]
    return min(due) if due else None


def slot_time(cycle: Cycle, slot: int) -> datetime:
    return cycle.closes_at - timedelta(days=slot)


def reminder_candidates(cycle: Cycle, *, slot: int | None, now: datetime):
    """Non-responders who may get a reminder now (re-checked under lock when sent)."""
    qs = Invitation.objects.filter(
        Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=now - REMINDER_GAP),
        assessment__cycle=cycle,
        send_status=Invitation.SendStatus.SENT,
        completed=False,
        reminder_count__lt=cycle.max_reminders,
        sent_at__lt=now - REMINDER_GAP,
    )
    if slot is None:
        return qs
    return qs.filter(
        Q(last_reminder_slot__isnull=True) | Q(last_reminder_slot__gt=slot),
        sent_at__lt=slot_time(cycle, slot),
    )


def _queue_reminders(cycle: Cycle, *, slot: int | None, now: datetime) -> int:
    queued = _queue(
        reminder_candidates(cycle, slot=slot, now=now), kind="reminder", slot=slot, now=now
    )
    if queued:
        log.info("event=reminders_queued cycle=%s slot=%s count=%s", cycle.pk, slot, queued)
    return queued


def reminders_send_now(*, cycle_id: int, now: datetime | None = None) -> int:
    """HR's "Send reminders now": every non-responder not reminded in the last hour."""
    now = now or timezone.now()
    cycle = Cycle.objects.get(pk=cycle_id)
    if not cycle.is_accepting_responses(now):
        raise refuse(REMIND_NOT_OPEN, cycle)
    return _queue_reminders(cycle, slot=None, now=now)


def reminders_queue_due(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    queued = 0
    for cycle in Cycle.objects.filter(
        status=Cycle.Status.OPEN, opens_at__lte=now, closes_at__gt=now
    ):
        slot = due_reminder_slot(cycle, now)
        if slot is not None:
            queued += _queue_reminders(cycle, slot=slot, now=now)
    return queued
