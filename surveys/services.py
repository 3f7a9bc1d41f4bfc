"""The cycle's business rules: add people, launch, answer, close.

Queueing e-mails and reminders lives in sending.py; counts for HR in
selectors.py.

Views, admin actions, Celery tasks and management commands all call these
functions; none of them holds a rule of its own. Every function that changes
state claims its rows first (a row lock or a conditional UPDATE), so running it
twice, or twice at once, is harmless.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from . import mixing, selectors, sending
from .errors import AlreadyAnswered, NotAccepting, ServiceError, refuse
from .models import (
    Answer,
    Assessment,
    Comment,
    Cycle,
    Invitation,
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

ALREADY_ANSWERED = "This survey has already been answered."
NOT_ACCEPTING = "This survey is not accepting answers."

CREATE_BATCH = 1000


# --- People -----------------------------------------------------------------


def cycle_add_managers(*, cycle: Cycle, managers: Iterable[Person]) -> int:
    """Put managers in a draft cycle. Returns how many were new."""
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if cycle.status != Cycle.Status.DRAFT:
            raise refuse(NOT_DRAFT, cycle)
        existing = set(cycle.assessments.values_list("manager_id", flat=True))
        new = [Assessment(cycle=cycle, manager=m) for m in managers if m.pk not in existing]
        Assessment.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def cycle_set_managers(*, cycle: Cycle, managers: Iterable[Person]) -> None:
    """Make these exactly the draft cycle's managers."""
    chosen = list(managers)
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if cycle.status != Cycle.Status.DRAFT:
            raise refuse(NOT_DRAFT, cycle)
        cycle.assessments.exclude(manager__in=chosen).delete()
        cycle_add_managers(cycle=cycle, managers=chosen)


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
            raise refuse(LAUNCH_NOT_DRAFT, cycle)
        if cycle.closes_at <= now:
            raise refuse(LAUNCH_ALREADY_CLOSED, cycle)
        assessments = list(cycle.assessments.values_list("id", "manager_id", "manager__name"))
        if not assessments:
            raise refuse(LAUNCH_NO_MANAGERS, cycle)

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
            transaction.on_commit(lambda: sending.invitations_queue(cycle_id=cycle.pk))
    log.info(
        "event=cycle_launched cycle=%s managers=%s invitations=%s",
        cycle.pk,
        result.managers,
        result.invitations,
    )
    return result


# --- Answering ---------------------------------------------------------------


def _cycle_still_open(cycle_id: int, now: datetime) -> bool:
    """Is the cycle open, with a share lock held until commit? Submissions share
    it with each other; closing the cycle (FOR UPDATE) waits for those in
    flight, and they for it, so no answer lands after the close."""
    if connection.vendor != "postgresql":
        return Cycle.objects.filter(
            pk=cycle_id, status=Cycle.Status.OPEN, closes_at__gt=now
        ).exists()
    table = Cycle._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {table} WHERE id = %s AND status = %s AND closes_at > %s FOR SHARE",  # noqa: S608 - the table name is ours
            [cycle_id, Cycle.Status.OPEN, now],
        )
        return cursor.fetchone() is not None


@sensitive_variables("invitation", "answers", "comments")
def response_submit(
    *,
    invitation: Invitation,
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
    cycle = invitation.assessment.cycle
    if not cycle.is_accepting_responses(now):
        raise NotAccepting(NOT_ACCEPTING)
    content = selectors.instrument_content(cycle.instrument)
    if not set(answers) <= content.item_ids or not set(comments) <= content.question_ids:
        raise NotAccepting(NOT_ACCEPTING)
    if any(value is not None and not 1 <= int(value) <= 5 for value in answers.values()):
        raise NotAccepting(NOT_ACCEPTING)
    with transaction.atomic():
        if not _cycle_still_open(cycle.pk, now):
            raise NotAccepting(NOT_ACCEPTING)
        claimed = Invitation.objects.filter(pk=invitation.pk, completed=False).update(
            completed=True
        )
        if claimed != 1:
            raise AlreadyAnswered(ALREADY_ANSWERED)

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
        transaction.on_commit(lambda: mixing.assessment_mix(assessment_id=assessment_id))
    log.info("event=response_recorded cycle=%s", cycle.pk)
    return response


# --- Closing -----------------------------------------------------------------


def cycle_close(*, cycle_id: int, now: datetime | None = None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle_id)
        if cycle.status != Cycle.Status.OPEN:
            raise refuse(CLOSE_NOT_OPEN, cycle)
        cycle.status = Cycle.Status.CLOSED
        cycle.closed_at = now
        cycle.save(update_fields=["status", "closed_at"])
        assessment_ids = list(
            Assessment.objects.filter(cycle=cycle, needs_mixing=True).values_list("id", flat=True)
        )
    for assessment_id in assessment_ids:
        mixing.assessment_mix(assessment_id=assessment_id)
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
    done.queued = sending.invitations_queue(now=now)
    done.reminders = sending.reminders_queue_due(now=now)
    for assessment_id in Assessment.objects.filter(needs_mixing=True).values_list("id", flat=True):
        done.mixed += mixing.assessment_mix(assessment_id=assessment_id)
    return done
