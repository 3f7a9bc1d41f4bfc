"""Survey e-mails: building them from templates and sending batches over one
SMTP connection, exactly once per invitation (or per reminder slot).

Each invitation is claimed under a row lock, sent, and marked in the same
transaction. A duplicate task skips rows already sent; the only way to send
twice is a worker dying between the SMTP hand-off and the commit.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import DatabaseError, transaction
from django.db import connection as db_connection
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Invitation, Relationship
from .sending import REMINDER_GAP, slot_time
from .tokens import make_token

log = logging.getLogger(__name__)

INVITE, REMINDER = "invite", "reminder"


def build_message(template: str, context: dict, to: list[str]) -> EmailMultiAlternatives:
    """Three templates make an e-mail: emails/<t>_subject.txt, <t>.txt and <t>.html."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    return message


def survey_url(invitation: Invitation) -> str:
    token = make_token(cycle_id=invitation.assessment.cycle_id, invitation_id=invitation.id)
    return settings.SITE_URL + reverse("survey", args=[token])


def invitation_message(
    invitation: Invitation, *, kind: str, now: datetime
) -> EmailMultiAlternatives:
    cycle = invitation.assessment.cycle
    # Calendar days, as people count them: "3 days left" on the morning of
    # the 1st for a survey that closes at 17:00 on the 4th.
    days_left = max(0, (timezone.localdate(cycle.closes_at) - timezone.localdate(now)).days)
    context = {
        "kind": kind,
        "rater_name": invitation.rater.name,
        "manager_name": invitation.assessment.manager.name,
        "is_self": invitation.relationship == Relationship.SELF,
        "cycle_name": cycle.name,
        "closes_at": timezone.localtime(cycle.closes_at),
        "days_left": days_left,
        "url": survey_url(invitation),
        "k": cycle.k,
    }
    template = "invitation" if kind == INVITE else "reminder"
    return build_message(template, context, [invitation.rater.email])


# --- Sending -------------------------------------------------------------------


class TransientSendError(Exception):
    """The SMTP server is down or said "try later"; retry the rest of the batch."""

    def __init__(self, remaining: list[uuid.UUID], reason: str):
        super().__init__(reason)
        self.remaining = remaining


def _smtp_code(exc: Exception) -> int | None:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return min(codes) if codes else None
    return getattr(exc, "smtp_code", None)


def is_permanent(exc: Exception) -> bool:
    """A 5xx about this recipient or message: retrying will not help.

    Refusals of the sender or of our credentials are problems of the whole
    server set-up, not of one invitation, so they are retried like an outage.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError):
        code = _smtp_code(exc)
        return code is not None and code >= 500
    return False


TRANSIENT_ERRORS = (smtplib.SMTPException, OSError, socket.timeout)


@dataclass
class SendOutcome:
    sent: int = 0
    skipped: int = 0
    failed: int = 0


# What a claim re-reads under the row lock; the rest (names, the cycle) comes
# from one read for the whole batch.
_STATE = (
    "send_status",
    "completed",
    "reminder_count",
    "last_reminded_at",
    "last_reminder_slot",
    "sent_at",
)


def _prefetch(invitation_ids: list[uuid.UUID]) -> dict[uuid.UUID, Invitation]:
    rows = (
        Invitation.objects.select_related("assessment__cycle", "assessment__manager", "rater")
        .filter(pk__in=invitation_ids)
        .order_by()
    )
    return {invitation.pk: invitation for invitation in rows}


def _claim(invitation: Invitation, kind: str, slot: int | None, now: datetime):
    """Lock the invitation's row and re-read its state: the invitation if it
    still needs this e-mail, else None."""
    state = (
        Invitation.objects.select_for_update()
        .filter(pk=invitation.pk)
        .order_by()
        .values(*_STATE)
        .first()
    )
    if state is None:
        return None
    for name, value in state.items():
        setattr(invitation, name, value)
    cycle = invitation.assessment.cycle
    if not cycle.is_accepting_responses(now):
        return None
    if kind == INVITE:
        return invitation if invitation.send_status == Invitation.SendStatus.PENDING else None
    if (
        invitation.send_status != Invitation.SendStatus.SENT
        or invitation.completed
        or invitation.reminder_count >= cycle.max_reminders
        or invitation.sent_at is None
        or invitation.sent_at > now - REMINDER_GAP
        or (invitation.last_reminded_at and invitation.last_reminded_at > now - REMINDER_GAP)
    ):
        return None
    if slot is None:
        return invitation
    already = invitation.last_reminder_slot is not None and invitation.last_reminder_slot <= slot
    too_fresh = invitation.sent_at is None or invitation.sent_at >= slot_time(cycle, slot)
    return None if already or too_fresh else invitation


def _mark_sent(invitation: Invitation, kind: str, slot: int | None, now: datetime) -> None:
    if kind == INVITE:
        Invitation.objects.filter(pk=invitation.pk).update(
            send_status=Invitation.SendStatus.SENT, sent_at=now, send_error=""
        )
    else:
        Invitation.objects.filter(pk=invitation.pk).update(
            reminder_count=F("reminder_count") + 1,
            last_reminded_at=now,
            last_reminder_slot=slot if slot is not None else F("last_reminder_slot"),
            send_error="",
        )


def invitations_send(
    *, invitation_ids: list[uuid.UUID], kind: str, slot: int | None = None
) -> SendOutcome:
    """Send one batch over one SMTP connection. Raises TransientSendError with
    the ids still to do when the server is unreachable or says "later"."""
    outcome = SendOutcome()
    batch = _prefetch(invitation_ids)
    connection = mailers.default
    opened = False
    try:
        for index, invitation_id in enumerate(invitation_ids):
            now = timezone.now()
            try:
                with transaction.atomic():
                    invitation = batch.get(invitation_id)
                    invitation = invitation and _claim(invitation, kind, slot, now)
                    if invitation is None:
                        outcome.skipped += 1
                        continue
                    message = invitation_message(invitation, kind=kind, now=now)
                    try:
                        if not opened:
                            # Opened once, so the batch shares one connection
                            # (send_messages closes connections it opened itself).
                            connection.open()
                            opened = True
                        connection.send_messages([message])
                    except TRANSIENT_ERRORS as exc:
                        if not is_permanent(exc):
                            raise
                        # The address refuses mail: no further reminders to it;
                        # HR sees it failed and can send again once it is fixed.
                        Invitation.objects.filter(pk=invitation.pk).update(
                            send_status=Invitation.SendStatus.FAILED,
                            send_error=f"{kind}: {exc}"[:300],
                        )
                        outcome.failed += 1
                        log.warning(
                            "event=email_failed kind=%s invitation=%s permanent=true error=%s",
                            kind,
                            invitation_id,
                            _short(exc),
                        )
                        continue
                    _mark_sent(invitation, kind, slot, now)
                    outcome.sent += 1
                    log.info("event=email_sent kind=%s invitation=%s", kind, invitation_id)
            except TRANSIENT_ERRORS as exc:
                Invitation.objects.filter(pk=invitation_id).update(
                    send_error=f"{kind}: {_short(exc)}"[:300]
                )
                log.warning(
                    "event=email_failed kind=%s invitation=%s permanent=false error=%s",
                    kind,
                    invitation_id,
                    _short(exc),
                )
                _close_quietly(connection)
                raise TransientSendError(invitation_ids[index:], _short(exc)) from exc
    finally:
        _close_quietly(connection)
    return outcome


@contextlib.contextmanager
def unflushed_commits():
    """Let this connection's commits return before they reach the disk.

    Each e-mail is marked sent in its own transaction, so that a dead worker
    repeats at most the message in flight; waiting for every one of those
    commits to be flushed would double the time per e-mail. The cost: if
    PostgreSQL itself crashes, the last moment's "sent" marks can be lost and
    those e-mails go out again. A duplicate, never a loss.
    """
    if db_connection.vendor != "postgresql":
        yield
        return
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with contextlib.suppress(DatabaseError), db_connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _short(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]


def _close_quietly(connection) -> None:
    # A broken connection may fail to say goodbye; that is not news.
    with contextlib.suppress(Exception):
        connection.close()
