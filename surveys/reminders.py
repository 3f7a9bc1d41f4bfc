"""When a non-responder may be reminded. Each condition is written once, as a
Q object; the dispatcher's scan, the sending task's claim and HR's "who can be
reminded now, and when the others can" are all built from these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    Min,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from .models import Cycle, Invitation

# Nobody gets two e-mails about one survey within this gap, whatever sent them
# (the invitation, a scheduled reminder, "Send reminders now").
REMINDER_GAP = timedelta(hours=1)


def requeue_after() -> timedelta:
    return timedelta(seconds=settings.REQUEUE_AFTER_SECONDS)


def due_slot(cycle: Cycle, now: datetime) -> int | None:
    """The schedule slot (days before close) whose time has come, if any."""
    if not cycle.is_accepting_responses(now):
        return None
    due = [d for d in cycle.reminder_schedule if slot_time(cycle, d) <= now]
    return min(due) if due else None


def slot_time(cycle: Cycle, slot: int) -> datetime:
    return cycle.closes_at - timedelta(days=slot)


def next_slot_time(cycle: Cycle, now: datetime) -> datetime | None:
    upcoming = [slot_time(cycle, d) for d in cycle.reminder_schedule if slot_time(cycle, d) > now]
    return min(upcoming) if upcoming else None


# --- The conditions --------------------------------------------------------------------


def unanswered() -> Q:
    return Q(completed=False)


def delivered() -> Q:
    return Q(send_status=Invitation.SendStatus.SENT)


def under_cap(cycle: Cycle) -> Q:
    return Q(reminder_count__lt=cycle.max_reminders)


def rested(now: datetime) -> Q:
    """No e-mail about this survey in the last REMINDER_GAP."""
    return Q(sent_at__lt=now - REMINDER_GAP) & (
        Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=now - REMINDER_GAP)
    )


def new_to_slot(cycle: Cycle, slot: int | None) -> Q:
    """Not yet reminded for this slot of the schedule, and invited before it."""
    if slot is None:
        return Q()
    return (Q(last_reminder_slot__isnull=True) | Q(last_reminder_slot__gt=slot)) & Q(
        sent_at__lt=slot_time(cycle, slot)
    )


def claim_free(now: datetime) -> Q:
    """No sending task holds the row (or the one that did has long gone)."""
    return Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - requeue_after())


def queue_free(now: datetime) -> Q:
    """Not handed to the task queue recently (its task may still be retrying)."""
    return Q(queued_at__isnull=True) | Q(queued_at__lt=now - requeue_after())


def reminder_due(cycle: Cycle, *, slot: int | None, now: datetime) -> Q:
    """The rule itself: used by the scan and, unchanged, as the claim's condition."""
    return (
        Q(assessment__cycle=cycle)
        & unanswered()
        & delivered()
        & under_cap(cycle)
        & rested(now)
        & new_to_slot(cycle, slot)
    )


# --- HR's view of it ----------------------------------------------------------------------

ELIGIBLE, NOT_SENT, FAILED, CAPPED, TOO_SOON = "eligible", "not_sent", "failed", "capped", "soon"


def reminder_state(cycle: Cycle, now: datetime) -> Case:
    """Why each unanswered invitation can or cannot be reminded right now."""
    return Case(
        When(Q(send_status=Invitation.SendStatus.FAILED), then=Value(FAILED)),
        When(~delivered(), then=Value(NOT_SENT)),
        When(~under_cap(cycle), then=Value(CAPPED)),
        When(~rested(now), then=Value(TOO_SOON)),
        # handed to the queue a moment ago: "Send reminders now" passes it over too
        When(~queue_free(now), then=Value(TOO_SOON)),
        default=Value(ELIGIBLE),
        output_field=CharField(),
    )


@dataclass
class ReminderOutlook:
    eligible: int = 0
    not_sent: int = 0
    failed: int = 0
    capped: int = 0
    too_soon: int = 0
    # When the first of those "too soon" becomes eligible.
    soonest: datetime | None = None

    @property
    def waiting(self) -> int:
        return self.eligible + self.not_sent + self.failed + self.capped + self.too_soon


def reminder_outlook(cycle: Cycle, now: datetime, invitations=None) -> ReminderOutlook:
    """Counts of unanswered invitations by reminder state (who can be reminded
    now, who cannot and why). `invitations` narrows the set (e.g. what HR may see)."""
    qs = (invitations if invitations is not None else Invitation.objects).filter(
        assessment__cycle=cycle, completed=False
    )
    outlook = ReminderOutlook()
    rows = qs.annotate(state=reminder_state(cycle, now)).values("state").annotate(n=Count("id"))
    for row in rows:
        setattr(outlook, {TOO_SOON: "too_soon"}.get(row["state"], row["state"]), row["n"])
    if outlook.too_soon:
        last_mail = Greatest(F("sent_at"), Coalesce(F("last_reminded_at"), F("sent_at")))
        rested_at = ExpressionWrapper(last_mail + REMINDER_GAP, output_field=DateTimeField())
        queue_free_at = ExpressionWrapper(
            F("queued_at") + requeue_after(), output_field=DateTimeField()
        )
        free_at = Greatest(rested_at, Coalesce(queue_free_at, rested_at))
        first = (
            qs.annotate(state=reminder_state(cycle, now))
            .filter(state=TOO_SOON)
            .aggregate(first=Min(free_at))
        )["first"]
        outlook.soonest = first
    return outlook
