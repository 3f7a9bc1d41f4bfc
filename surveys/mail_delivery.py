"""Delivering a batch of e-mails over one SMTP connection: one e-mail per rater,
listing the surveys (or the unanswered surveys, for a reminder) it is about.

Claim, commit, send, then mark: the rows are claimed in one short transaction,
the SMTP conversation holds no database lock (a rep answering while their
reminder goes out never waits for the mail server), and each e-mail's outcome
is written as soon as it is known. A duplicate task finds the rows claimed or
done and skips them; the only way to send twice is a worker dying between the
SMTP hand-off and the mark.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import mailers
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from feedback360.db import unflushed_commit
from feedback360.email import (
    TRANSIENT_ERRORS,
    build_message,
    close_quietly,
    is_permanent,
    short_error,
)

from . import reminders
from .groups import Relationship
from .mail_queue import INVITE, invitation_due
from .models import Cycle, Invitation
from .tokens import make_token

log = logging.getLogger(__name__)


class TransientSendError(Exception):
    """The SMTP server is down or said "try later": retry the raters left."""

    def __init__(self, remaining: list[int], reason: str):
        super().__init__(reason)
        self.remaining = remaining


@dataclass
class SendOutcome:
    sent: int = 0
    skipped: int = 0
    failed: int = 0


def survey_url(invitation: Invitation, cycle_id: int) -> str:
    token = make_token(cycle_id=cycle_id, invitation_id=invitation.id)
    return settings.SITE_URL + reverse("survey", args=[token])


def _condition(cycle: Cycle, kind: str, slot: int | None, now: datetime) -> Q:
    if kind == INVITE:
        return invitation_due() & Q(assessment__cycle=cycle)
    return reminders.reminder_due(cycle, slot=slot, now=now)


def _claim(
    cycle: Cycle, rater_ids: list[int], kind: str, slot: int | None, now: datetime
) -> dict[int, list[Invitation]]:
    """Mark the batch's due rows as held by this task, and commit at once."""
    with transaction.atomic():
        ids = list(
            Invitation.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(_condition(cycle, kind, slot, now), reminders.claim_free(now))
            .filter(rater_id__in=rater_ids)
            .values_list("id", flat=True)
        )
        Invitation.objects.filter(id__in=ids).update(claimed_at=now)
    claimed: dict[int, list[Invitation]] = defaultdict(list)
    rows = (
        Invitation.objects.filter(id__in=ids)
        .select_related("assessment__manager", "rater")
        .order_by("relationship", "assessment__manager__name")
    )
    for invitation in rows:
        claimed[invitation.rater_id].append(invitation)
    # The rater's own self-assessment first, then the others by name.
    for invitations in claimed.values():
        invitations.sort(
            key=lambda i: (i.relationship != Relationship.SELF, i.assessment.manager.name)
        )
    return claimed


def bundle_message(cycle: Cycle, invitations: list[Invitation], *, kind: str, now: datetime):
    rater = invitations[0].rater
    # Calendar days, as people count them: "3 days left" on the morning of
    # the 1st for a survey that closes at 17:00 on the 4th.
    days_left = max(0, (timezone.localdate(cycle.closes_at) - timezone.localdate(now)).days)
    surveys = [
        {
            "manager_name": i.assessment.manager.name,
            "relationship": i.relationship,
            "is_self": i.relationship == Relationship.SELF,
            "url": survey_url(i, cycle.pk),
        }
        for i in invitations
    ]
    context = {
        "kind": kind,
        "rater_name": rater.name,
        "surveys": surveys,
        "only": surveys[0] if len(surveys) == 1 else None,
        "has_others": any(not s["is_self"] for s in surveys),
        "cycle_name": cycle.name,
        "closes_at": timezone.localtime(cycle.closes_at),
        "days_left": days_left,
        "k": cycle.k,
    }
    template = "invitation" if kind == INVITE else "reminder"
    return build_message(template, context, [rater.email], language=rater.language_code)


def _mark(ids: list, kind: str, slot: int | None, now: datetime) -> None:
    with unflushed_commit():
        if kind == INVITE:
            Invitation.objects.filter(id__in=ids).update(
                send_status=Invitation.SendStatus.SENT, sent_at=now, claimed_at=None, send_error=""
            )
        else:
            Invitation.objects.filter(id__in=ids).update(
                reminder_count=F("reminder_count") + 1,
                last_reminded_at=now,
                last_reminder_slot=slot if slot is not None else F("last_reminder_slot"),
                claimed_at=None,
                send_error="",
            )


def _mark_failed(ids: list, kind: str, exc: Exception) -> None:
    # The address refuses mail: no further reminders to it; HR sees it failed
    # and can send again once it is fixed.
    Invitation.objects.filter(id__in=ids).update(
        send_status=Invitation.SendStatus.FAILED,
        send_error=f"{kind}: {exc}"[:300],
        claimed_at=None,
    )


def _release(ids: list, kind: str, exc: Exception) -> None:
    Invitation.objects.filter(id__in=ids).update(
        claimed_at=None, send_error=f"{kind}: {short_error(exc)}"[:300]
    )


def mail_batch_send(
    *,
    cycle_id: int,
    rater_ids: list[int],
    kind: str,
    slot: int | None = None,
    now: datetime | None = None,
) -> SendOutcome:
    """Send one batch. Raises TransientSendError with the raters still to do
    when the server is unreachable or says "later"."""
    outcome = SendOutcome()
    now = now or timezone.now()
    cycle = Cycle.objects.filter(pk=cycle_id).first()
    if cycle is None or not cycle.is_accepting_responses(now):
        outcome.skipped = len(rater_ids)
        return outcome
    claimed = _claim(cycle, rater_ids, kind, slot, now)
    connection = mailers.default
    opened = False
    try:
        for index, rater_id in enumerate(rater_ids):
            invitations = claimed.get(rater_id)
            if not invitations:
                outcome.skipped += 1
                continue
            ids = [i.id for i in invitations]
            message = bundle_message(cycle, invitations, kind=kind, now=now)
            try:
                if not opened:
                    # Opened once, so the batch shares one connection
                    # (send_messages closes connections it opened itself).
                    connection.open()
                    opened = True
                connection.send_messages([message])
            except TRANSIENT_ERRORS as exc:
                if is_permanent(exc):
                    _mark_failed(ids, kind, exc)
                    outcome.failed += 1
                    log.warning(
                        "event=email_failed kind=%s rater=%s permanent=true error=%s",
                        kind, rater_id, short_error(exc),
                    )  # fmt: skip
                    continue
                left = [i.id for r in rater_ids[index:] for i in claimed.get(r, [])]
                _release(left, kind, exc)
                log.warning(
                    "event=email_failed kind=%s rater=%s permanent=false error=%s",
                    kind, rater_id, short_error(exc),
                )  # fmt: skip
                close_quietly(connection)
                raise TransientSendError(rater_ids[index:], short_error(exc)) from exc
            _mark(ids, kind, slot, timezone.now() if kind == INVITE else now)
            outcome.sent += 1
            log.info("event=email_sent kind=%s rater=%s surveys=%s", kind, rater_id, len(ids))
    finally:
        close_quietly(connection)
    return outcome
