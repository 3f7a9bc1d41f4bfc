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
import uuid
from dataclasses import dataclass, field
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
    Stencil,
    build_message,
    close_quietly,
    is_permanent,
    short_error,
    slot,
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


@dataclass(frozen=True)
class Survey:
    invitation_id: uuid.UUID
    relationship: str
    manager_name: str


@dataclass
class Bundle:
    """One rater's e-mail: who they are and the surveys it lists, in order."""

    name: str
    email: str
    language: str
    surveys: list[Survey] = field(default_factory=list)

    @property
    def invitation_ids(self) -> list[uuid.UUID]:
        return [s.invitation_id for s in self.surveys]

    def sort(self) -> None:
        # The rater's own self-assessment first, then the others by name.
        self.surveys.sort(key=lambda s: (s.relationship != Relationship.SELF, s.manager_name))


def survey_url(*, cycle_id: int, invitation_id: uuid.UUID) -> str:
    token = make_token(cycle_id=cycle_id, invitation_id=invitation_id)
    return settings.SITE_URL + reverse("survey", args=[token])


def _condition(cycle: Cycle, kind: str, slot: int | None, now: datetime) -> Q:
    if kind == INVITE:
        return invitation_due() & Q(assessment__cycle=cycle)
    return reminders.reminder_due(cycle, slot=slot, now=now)


def _claim(
    cycle: Cycle, rater_ids: list[int], kind: str, slot: int | None, now: datetime
) -> dict[int, Bundle]:
    """Mark the batch's due rows as held by this task, and commit at once."""
    with transaction.atomic():
        ids = list(
            Invitation.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(_condition(cycle, kind, slot, now), reminders.claim_free(now))
            .filter(rater_id__in=rater_ids)
            .values_list("id", flat=True)
        )
        Invitation.objects.filter(id__in=ids).update(claimed_at=now)
    rows = (
        Invitation.objects.filter(id__in=ids)
        .order_by("relationship", "assessment__manager__name")
        .values_list(
            "id", "relationship", "assessment__manager__name",
            "rater_id", "rater__name", "rater__email", "rater__language",
        )
    )  # fmt: skip
    claimed: dict[int, Bundle] = {}
    for invitation_id, relationship, manager_name, rater_id, name, email, language in rows:
        bundle = claimed.get(rater_id)
        if bundle is None:
            # Person.language_code: theirs, or the organisation's.
            bundle = claimed[rater_id] = Bundle(name, email, language or settings.LANGUAGE_CODE)
        bundle.surveys.append(Survey(invitation_id, relationship, manager_name))
    for bundle in claimed.values():
        bundle.sort()
    return claimed


# --- The e-mail ---------------------------------------------------------------------------


def _template(kind: str) -> str:
    return "invitation" if kind == INVITE else "reminder"


def _cycle_context(cycle: Cycle, kind: str, now: datetime) -> dict:
    # Calendar days, as people count them: "3 days left" on the morning of
    # the 1st for a survey that closes at 17:00 on the 4th.
    days_left = max(0, (timezone.localdate(cycle.closes_at) - timezone.localdate(now)).days)
    return {
        "kind": kind,
        "cycle_name": cycle.name,
        "closes_at": timezone.localtime(cycle.closes_at),
        "days_left": days_left,
        "k": cycle.k,
    }


def _context(cycle_context: dict, rater_name: str, surveys: list[tuple[str, str, str]]) -> dict:
    """`surveys`: (relationship, manager name, link) of each survey, in order."""
    listed = [
        {
            "manager_name": manager_name,
            "relationship": relationship,
            "is_self": relationship == Relationship.SELF,
            "url": url,
        }
        for relationship, manager_name, url in surveys
    ]
    return {
        **cycle_context,
        "rater_name": rater_name,
        "surveys": listed,
        "only": listed[0] if len(listed) == 1 else None,
        "has_others": any(not s["is_self"] for s in listed),
    }


def bundle_message(cycle: Cycle, invitations: list[Invitation], *, kind: str, now: datetime):
    """One rater's e-mail about these invitations (in this order), rendered on
    its own: HR's previews, and the reference the batch's stencils are tested
    against."""
    rater = invitations[0].rater
    surveys = [
        (
            i.relationship,
            i.assessment.manager.name,
            survey_url(cycle_id=cycle.pk, invitation_id=i.id),
        )
        for i in invitations
    ]
    context = _context(_cycle_context(cycle, kind, now), rater.name, surveys)
    return build_message(_template(kind), context, [rater.email], language=rater.language_code)


class BundleWriter:
    """The e-mails of one batch. People whose e-mails differ only by names and
    links (same language, same kinds of survey in the same order) share one
    rendering: a Stencil per shape, filled per person."""

    def __init__(self, cycle: Cycle, kind: str, now: datetime):
        self.cycle_id = cycle.pk
        self.template = _template(kind)
        self.cycle_context = _cycle_context(cycle, kind, now)
        self.stencils: dict[tuple, Stencil] = {}
        # The link of every survey is this with the token in the middle:
        # tokens are made of characters that reverse() leaves as they are.
        marker = "-TOKEN-"
        link = settings.SITE_URL + reverse("survey", args=[marker])
        self.link_start, self.link_end = link.split(marker)

    def _stencil(self, bundle: Bundle) -> Stencil:
        shape = (bundle.language, tuple(s.relationship for s in bundle.surveys))
        stencil = self.stencils.get(shape)
        if stencil is None:
            surveys = [(rel, slot(f"m{n}"), slot(f"u{n}")) for n, rel in enumerate(shape[1])]
            context = _context(self.cycle_context, slot("r"), surveys)
            stencil = self.stencils[shape] = Stencil(
                self.template, context, language=bundle.language
            )
        return stencil

    def message(self, bundle: Bundle):
        values = {"r": bundle.name}
        for n, survey in enumerate(bundle.surveys):
            token = make_token(cycle_id=self.cycle_id, invitation_id=survey.invitation_id)
            values[f"m{n}"] = survey.manager_name
            values[f"u{n}"] = self.link_start + token + self.link_end
        return self._stencil(bundle).fill(values, [bundle.email])


# --- Writing the outcome ------------------------------------------------------------------


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
    writer = BundleWriter(cycle, kind, now)
    connection = mailers.default
    opened = False
    surveys = 0
    try:
        for index, rater_id in enumerate(rater_ids):
            bundle = claimed.get(rater_id)
            if bundle is None:
                outcome.skipped += 1
                continue
            ids = bundle.invitation_ids
            message = writer.message(bundle)
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
                left = [
                    i for r in rater_ids[index:] if r in claimed for i in claimed[r].invitation_ids
                ]
                _release(left, kind, exc)
                log.warning(
                    "event=email_failed kind=%s rater=%s permanent=false error=%s",
                    kind, rater_id, short_error(exc),
                )  # fmt: skip
                close_quietly(connection)
                raise TransientSendError(rater_ids[index:], short_error(exc)) from exc
            _mark(ids, kind, slot, timezone.now() if kind == INVITE else now)
            outcome.sent += 1
            surveys += len(ids)
    finally:
        close_quietly(connection)
        if outcome.sent:
            # One line per batch: a line per e-mail costs the worker more than
            # it tells (each invitation's status is in the database).
            log.info(
                "event=email_sent kind=%s people=%s surveys=%s",
                kind, outcome.sent, surveys,
            )  # fmt: skip
    return outcome
