"""Which e-mails are due, handed to the task queue in batches of raters.

A rater gets one e-mail per cycle that lists every survey they are asked to
answer in it (a peer rating three managers is not sent three invitations), and
reminders are bundled the same way. The database stays the source of truth:
what a broker outage or a dead worker left pending is found and queued again
by the periodic dispatcher.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback360.queueing import publish

from . import reminders
from .errors import refuse
from .models import Cycle, Invitation

log = logging.getLogger(__name__)

INVITE, REMINDER = "invite", "reminder"
REMIND_NOT_OPEN = _("“{cycle}” is {status}: reminders go out only while a cycle is open.")


def invitation_due() -> Q:
    return Q(send_status=Invitation.SendStatus.PENDING)


def _publish_raters(
    cycle: Cycle,
    condition: Q,
    *,
    kind: str,
    slot: int | None,
    now: datetime,
    held: Q | None = None,
) -> int:
    """Publish, in batches, the raters with a row matching `condition` that no
    task was handed recently (or that is `held` for this call), and note that a
    task now holds them."""
    batch_size = settings.FEEDBACK["SEND_BATCH_SIZE"]
    free = Invitation.objects.filter(condition, reminders.queue_free(now), assessment__cycle=cycle)
    due = free
    mark = True
    if held is not None:
        due = Invitation.objects.filter(
            condition, reminders.queue_free(now) | held, assessment__cycle=cycle
        )
        # Held rows are marked already: the batches need marking only if
        # something else is due as well (rare right after a launch).
        mark = free.exists()
    raters = due.values_list("rater_id", flat=True).distinct().order_by("rater_id")
    queued, batch = 0, []

    def flush() -> bool:
        if not publish(
            "surveys.tasks.send_mail_batch", cycle.pk, list(batch), kind, slot, what=f"{kind}s"
        ):
            return False
        if mark:
            free.filter(rater_id__in=batch).update(queued_at=now)
        return True

    # Read in full first: in the embedded mode each publish runs its task here,
    # writing to the rows this query reads.
    for rater_id in list(raters):
        batch.append(rater_id)
        if len(batch) == batch_size:
            if not flush():
                return queued
            queued, batch = queued + len(batch), []
    if batch and flush():
        queued += len(batch)
    return queued


def sendable_cycles(now: datetime, cycle_id: int | None = None):
    cycles = Cycle.objects.filter(status=Cycle.Status.OPEN, opens_at__lte=now, closes_at__gt=now)
    return cycles.filter(pk=cycle_id) if cycle_id is not None else cycles


def invitations_queue(*, cycle_id: int | None = None, now: datetime | None = None) -> int:
    """Queue the invitations of open cycles still to be e-mailed. Returns the
    number of people queued.

    A launch inserts the rows it e-mails at once already marked queued (at the
    moment of the launch), held for the task it publishes, which calls this
    for its cycle: marking 170,000 rows a second time, batch by batch, took
    longer than creating them. The periodic scan (no cycle given) leaves held
    rows alone until they are REQUEUE_AFTER_SECONDS old, like any queued row.
    """
    now = now or timezone.now()
    queued = 0
    for cycle in sendable_cycles(now, cycle_id):
        held = Q(queued_at=cycle.launched_at) if cycle_id is not None else None
        count = _publish_raters(cycle, invitation_due(), kind=INVITE, slot=None, now=now, held=held)
        if count:
            log.info("event=invitations_queued cycle=%s people=%s", cycle.pk, count)
        queued += count
    return queued


def invitations_retry_failed(*, invitation_ids: list[uuid.UUID]) -> int:
    """Send failed invitations again (after HR fixed an address, say)."""
    count = Invitation.objects.filter(
        id__in=invitation_ids, send_status=Invitation.SendStatus.FAILED
    ).update(
        send_status=Invitation.SendStatus.PENDING, queued_at=None, claimed_at=None, send_error=""
    )
    invitations_queue()
    return count


def _queue_reminders(cycle: Cycle, *, slot: int | None, now: datetime) -> int:
    condition = reminders.reminder_due(cycle, slot=slot, now=now)
    queued = _publish_raters(cycle, condition, kind=REMINDER, slot=slot, now=now)
    if queued:
        log.info("event=reminders_queued cycle=%s slot=%s people=%s", cycle.pk, slot, queued)
    return queued


@dataclass
class RemindNow:
    people: int
    invitations: int
    outlook: reminders.ReminderOutlook


def reminders_send_now(*, cycle_id: int, now: datetime | None = None, visible=None) -> RemindNow:
    """HR's "Send reminders now": every non-responder who may be reminded now.
    Says who that was, and why the others were not reminded; `visible` narrows
    what is counted to the invitations the person asking may see."""
    now = now or timezone.now()
    cycle = Cycle.objects.get(pk=cycle_id)
    if not cycle.is_accepting_responses(now):
        raise refuse(REMIND_NOT_OPEN, cycle)
    before = reminders.reminder_outlook(cycle, now, visible)
    people = _queue_reminders(cycle, slot=None, now=now)
    return RemindNow(people=people, invitations=before.eligible, outlook=before)


def reminders_queue_due(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    queued = 0
    for cycle in sendable_cycles(now):
        slot = reminders.due_slot(cycle, now)
        if slot is not None:
            queued += _queue_reminders(cycle, slot=slot, now=now)
    return queued
