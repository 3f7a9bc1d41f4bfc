"""The cycle's business rules: add people, launch, answer, close, remind.

Views, admin actions, Celery tasks and management commands all call these
functions; none of them holds a rule of its own. Every function that changes
state claims its rows first (a row lock or a conditional UPDATE), so running it
twice, or twice at once, is harmless.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from feedback360.queueing import publish

from .models import (
    Answer,
    Assessment,
    Comment,
    Cycle,
    Invitation,
    Item,
    OpenQuestion,
    Person,
    Relationship,
    Response,
)

log = logging.getLogger(__name__)

# Error messages: shown to HR as they are, asserted on by tests.
NOT_DRAFT = "“{cycle}” is {status}: people can only be added to a draft cycle."
LAUNCH_NOT_DRAFT = "“{cycle}” is {status}: only a draft cycle can be launched."
LAUNCH_NO_MANAGERS = "“{cycle}” has no managers yet: add managers or import a CSV first."
LAUNCH_ALREADY_CLOSED = "“{cycle}” closes in the past: move its closing date before launching."
CLOSE_NOT_OPEN = "“{cycle}” is {status}: only an open cycle can be closed."
REMIND_NOT_OPEN = "“{cycle}” is {status}: reminders go out only while a cycle is open."
NOT_A_MANAGER = "{person} has no active reps, so there is nobody to rate them."

ALREADY_ANSWERED = "This survey has already been answered."
NOT_ACCEPTING = "This survey is not accepting answers."

CREATE_BATCH = 1000
MANUAL_REMINDER_GAP = timedelta(hours=1)


class ServiceError(Exception):
    """A rule refused the request; the message is meant for the person who asked."""


class AlreadyAnswered(ServiceError):
    pass


class NotAccepting(ServiceError):
    pass


def _refuse(template: str, cycle: Cycle) -> ServiceError:
    return ServiceError(
        template.format(cycle=cycle.name, status=cycle.get_status_display().lower())
    )


# --- People -----------------------------------------------------------------


def cycle_add_managers(*, cycle: Cycle, managers: Iterable[Person]) -> int:
    """Put managers in a draft cycle. Returns how many were new."""
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if cycle.status != Cycle.Status.DRAFT:
            raise _refuse(NOT_DRAFT, cycle)
        existing = set(cycle.assessments.values_list("manager_id", flat=True))
        new = [Assessment(cycle=cycle, manager=m) for m in managers if m.pk not in existing]
        Assessment.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


# --- Launch -----------------------------------------------------------------


@dataclass
class LaunchResult:
    managers: int = 0
    invitations: int = 0
    short_teams: list[str] = field(default_factory=list)
    sending_now: bool = False


def cycle_launch(*, cycle_id: int, now: datetime | None = None) -> LaunchResult:
    """Open a draft cycle: snapshot who rates whom and queue the invitations.

    The team is each manager's active reps at this moment; later changes to
    the org chart do not touch a launched cycle. E-mails are queued after the
    commit (or, if the cycle opens later, by the periodic dispatcher).
    """
    now = now or timezone.now()
    result = LaunchResult()
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle_id)
        if cycle.status != Cycle.Status.DRAFT:
            raise _refuse(LAUNCH_NOT_DRAFT, cycle)
        if cycle.closes_at <= now:
            raise _refuse(LAUNCH_ALREADY_CLOSED, cycle)
        assessments = list(cycle.assessments.values_list("id", "manager_id", "manager__name"))
        if not assessments:
            raise _refuse(LAUNCH_NO_MANAGERS, cycle)

        for start in range(0, len(assessments), CREATE_BATCH // 10):
            chunk = assessments[start : start + CREATE_BATCH // 10]
            by_manager = {manager_id: aid for aid, manager_id, _ in chunk}
            rows = [
                Invitation(assessment_id=aid, rater_id=manager_id, relationship=Relationship.SELF)
                for aid, manager_id, _ in chunk
            ]
            team_sizes = dict.fromkeys(by_manager, 0)
            reps = Person.objects.filter(manager_id__in=by_manager, is_active=True).values_list(
                "id", "manager_id"
            )
            for rep_id, manager_id in reps:
                team_sizes[manager_id] += 1
                rows.append(
                    Invitation(
                        assessment_id=by_manager[manager_id],
                        rater_id=rep_id,
                        relationship=Relationship.TEAM,
                    )
                )
            Invitation.objects.bulk_create(rows, batch_size=CREATE_BATCH, ignore_conflicts=True)
            result.invitations += len(rows)
            result.short_teams += [
                name for _, manager_id, name in chunk if team_sizes[manager_id] < cycle.k
            ]

        cycle.status = Cycle.Status.OPEN
        cycle.launched_at = now
        cycle.save(update_fields=["status", "launched_at"])
        result.managers = len(assessments)
        result.sending_now = cycle.opens_at <= now
        if result.sending_now:
            transaction.on_commit(lambda: invitations_queue(cycle_id=cycle.pk))
    log.info(
        "event=cycle_launched cycle=%s managers=%s invitations=%s",
        cycle.pk,
        result.managers,
        result.invitations,
    )
    return result


# --- Queueing e-mails ---------------------------------------------------------


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
        assessment__cycle=cycle,
        send_status=Invitation.SendStatus.SENT,
        completed=False,
        reminder_count__lt=cycle.max_reminders,
    )
    if slot is None:
        return qs.filter(
            Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=now - MANUAL_REMINDER_GAP)
        )
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
        raise _refuse(REMIND_NOT_OPEN, cycle)
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


# --- Answering ---------------------------------------------------------------


def response_submit(
    *,
    invitation_id: uuid.UUID,
    answers: Mapping[int, int | None],
    comments: Mapping[int, str],
    now: datetime | None = None,
) -> Response:
    """Record one answer sheet and mark the invitation answered, atomically.

    The conditional UPDATE takes the invitation's row lock and succeeds for
    exactly one caller, however many submit at once; the others get
    AlreadyAnswered. "Can't say" (None) is stored as no answer at all.
    """
    now = now or timezone.now()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_related("assessment__cycle").filter(pk=invitation_id).first()
        )
        if invitation is None:
            raise NotAccepting(NOT_ACCEPTING)
        cycle = invitation.assessment.cycle
        if not cycle.is_accepting_responses(now):
            raise NotAccepting(NOT_ACCEPTING)
        claimed = Invitation.objects.filter(pk=invitation_id, completed=False).update(
            completed=True
        )
        if claimed != 1:
            raise AlreadyAnswered(ALREADY_ANSWERED)

        valid_items = set(
            Item.objects.filter(dimension__instrument_id=cycle.instrument_id).values_list(
                "id", flat=True
            )
        )
        valid_questions = set(
            OpenQuestion.objects.filter(instrument_id=cycle.instrument_id).values_list(
                "id", flat=True
            )
        )
        if not set(answers) <= valid_items or not set(comments) <= valid_questions:
            raise NotAccepting(NOT_ACCEPTING)

        response = Response.objects.create(
            assessment_id=invitation.assessment_id, relationship=invitation.relationship
        )
        Answer.objects.bulk_create(
            Answer(response=response, item_id=item_id, value=int(value))
            for item_id, value in answers.items()
            if value is not None
        )
        Comment.objects.bulk_create(
            Comment(
                assessment_id=invitation.assessment_id,
                relationship=invitation.relationship,
                question_id=question_id,
                text=text.strip(),
            )
            for question_id, text in comments.items()
            if text and text.strip()
        )
        Assessment.objects.filter(pk=invitation.assessment_id).update(needs_mixing=True)
        assessment_id = invitation.assessment_id
        transaction.on_commit(lambda: assessment_mix(assessment_id=assessment_id))
    log.info("event=response_recorded cycle=%s", cycle.pk)
    return response


def assessment_mix(*, assessment_id: int) -> bool:
    """Re-write all of an assessment's response rows in one transaction.

    PostgreSQL stamps each row version with the id of the transaction that
    wrote it (xmin). A submission writes the Response and flips the
    Invitation in one transaction, so a reader of the raw tables could pair
    them by xmin. Re-writing the assessment's responses, answers and comments
    together gives them all one shared xmin, erasing that pairing. Safe to
    repeat; the dispatcher retries any assessment still marked.
    """
    with transaction.atomic():
        marked = Assessment.objects.filter(pk=assessment_id, needs_mixing=True).update(
            needs_mixing=False
        )
        if not marked:
            return False
        Response.objects.filter(assessment_id=assessment_id).update(relationship=F("relationship"))
        Answer.objects.filter(response__assessment_id=assessment_id).update(value=F("value"))
        Comment.objects.filter(assessment_id=assessment_id).update(text=F("text"))
    return True


# --- Closing -----------------------------------------------------------------


def cycle_close(*, cycle_id: int, now: datetime | None = None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle_id)
        if cycle.status != Cycle.Status.OPEN:
            raise _refuse(CLOSE_NOT_OPEN, cycle)
        cycle.status = Cycle.Status.CLOSED
        cycle.closed_at = now
        cycle.save(update_fields=["status", "closed_at"])
        assessment_ids = list(
            Assessment.objects.filter(cycle=cycle, needs_mixing=True).values_list("id", flat=True)
        )
    for assessment_id in assessment_ids:
        assessment_mix(assessment_id=assessment_id)
    log.info("event=cycle_closed cycle=%s", cycle_id)


# --- Periodic work -------------------------------------------------------------


@dataclass
class DueWork:
    closed: int = 0
    queued: int = 0
    reminders: int = 0
    mixed: int = 0


def due_work_run(*, now: datetime | None = None) -> DueWork:
    """Everything time-driven, found by scanning the database (never by long
    countdowns on the broker): closing, sending, reminding, re-mixing."""
    now = now or timezone.now()
    done = DueWork()
    for cycle_id in Cycle.objects.filter(status=Cycle.Status.OPEN, closes_at__lte=now).values_list(
        "id", flat=True
    ):
        try:
            cycle_close(cycle_id=cycle_id, now=now)
            done.closed += 1
        except ServiceError:
            pass  # closed by someone else meanwhile
    done.queued = invitations_queue(now=now)
    done.reminders = reminders_queue_due(now=now)
    for assessment_id in Assessment.objects.filter(needs_mixing=True).values_list("id", flat=True):
        done.mixed += assessment_mix(assessment_id=assessment_id)
    return done


# --- Read side for HR ----------------------------------------------------------


@dataclass
class Rate:
    invited: int
    answered: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.invited) if self.invited else 0


def team_response_rates(cycle: Cycle) -> dict[int, dict[str, Rate]]:
    """Per assessment: team and self counts, invited and answered. One query."""
    rows = (
        Invitation.objects.filter(assessment__cycle=cycle)
        .values("assessment_id", "relationship")
        .annotate(invited=Count("id"), answered=Count("id", filter=Q(completed=True)))
    )
    rates: dict[int, dict[str, Rate]] = {}
    for row in rows:
        rates.setdefault(row["assessment_id"], {})[row["relationship"]] = Rate(
            row["invited"], row["answered"]
        )
    return rates


def cycle_response_rate(cycle: Cycle) -> Rate:
    counts = Invitation.objects.filter(assessment__cycle=cycle).aggregate(
        invited=Count("id"), answered=Count("id", filter=Q(completed=True))
    )
    return Rate(counts["invited"], counts["answered"])
