"""A cycle's life, in one place: draft → open → closed → released.

Every change of Cycle.status happens here, under the cycle's row lock, so
running a step twice, or twice at once, is refused with a message rather than
done twice. Releasing needs the results frozen first; reports does that and
passes its freezing step in, so this module never reaches up into reports.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback360.db import refresh_statistics
from feedback360.queueing import publish

from .errors import ServiceError, refuse
from .groups import Relationship
from .models import Assessment, Cycle, Invitation, Person
from .rosters import nominations_pending, roster_snapshot
from .translations import describe_missing, missing_translations

log = logging.getLogger(__name__)

LAUNCH_NOT_DRAFT = _("“{cycle}” is {status}: only a draft cycle can be launched.")
LAUNCH_NO_MANAGERS = _("“{cycle}” has no managers yet: add managers or import a CSV first.")
LAUNCH_ALREADY_CLOSED = _("“{cycle}” closes in the past: move its closing date before launching.")
LAUNCH_PENDING = _(
    "“{cycle}” has {count} nomination(s) waiting for a decision: approve or decline them, "
    "or launch without them."
)
LAUNCH_OVERLAP = _(
    "Launching “{cycle}” would ask {count} people to rate a manager they are already rating in "
    "another open cycle ({example}). Confirm the overlap to launch anyway."
)
LAUNCH_UNTRANSLATED = _(
    "“{cycle}” asks people who read a language its instrument is not fully translated into. "
    "Add the missing texts in the admin (Instrument, then each dimension's and statement's "
    "translations) first. Missing: {missing}"
)
CLOSE_NOT_OPEN = _("“{cycle}” is {status}: only an open cycle can be closed.")
RELEASE_NOT_CLOSED = _("“{cycle}” is {status}: close the cycle before releasing its reports.")

# What HR may do next, by status. The admin offers exactly these.
NEXT_STEPS = {
    Cycle.Status.DRAFT: ("launch",),
    Cycle.Status.OPEN: ("remind", "close"),
    Cycle.Status.CLOSED: ("release",),
    Cycle.Status.RELEASED: (),
}

CREATE_BATCH = 2000
# Rows per INSERT on PostgreSQL (invitations_create): three arrays of this length.
INSERT_ROWS = 10_000
SNAPSHOT_CHUNK = 500
# A launch this large changes the invitations table enough for its statistics
# to be read again at once (feedback360.db.refresh_statistics).
ANALYZE_AFTER = 2000


class LaunchRefused(ServiceError):
    """A launch HR may still confirm: the message says what to confirm."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.reason = reason


@dataclass
class Overlap:
    rater: str
    manager: str
    other_cycle: str


@dataclass
class LaunchResult:
    managers: int = 0
    invitations: int = 0
    # Managers whose group will be withheld: {relationship: [names]}.
    below_threshold: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    sending_now: bool = False


def launch_overlaps(cycle: Cycle, entries) -> list[Overlap]:
    """Raters who would be asked about a manager they already rate in another
    open cycle: two surveys about one person at once is a mistake more often
    than not."""
    pairs = {(e.rater_id, e.manager_id) for e in entries if e.relationship != Relationship.SELF}
    if not pairs:
        return []
    # By manager: a handful of assessments in other cycles, where the raters
    # would be thousands of ids.
    managers = {m for _, m in pairs}
    rows = (
        Invitation.objects.filter(
            assessment__cycle__status=Cycle.Status.OPEN, assessment__manager_id__in=managers
        )
        .exclude(assessment__cycle=cycle)
        .exclude(relationship=Relationship.SELF)
        .values_list("rater_id", "assessment__manager_id", "rater__name",
                     "assessment__manager__name", "assessment__cycle__name")
    )  # fmt: skip
    return [
        Overlap(rater_name, manager_name, cycle_name)
        for rater_id, manager_id, rater_name, manager_name, cycle_name in rows
        if (rater_id, manager_id) in pairs
    ]


def cycle_launch(
    *,
    cycle_id: int,
    now: datetime | None = None,
    allow_pending: bool = False,
    allow_overlap: bool = False,
) -> LaunchResult:
    """Open a draft cycle: freeze who rates whom into invitations and queue them.

    Later changes to the org chart or the nominations do not touch a launched
    cycle. E-mails are queued after the commit (or, if the cycle opens later,
    by the periodic dispatcher).
    """
    now = now or timezone.now()
    result = LaunchResult()
    with transaction.atomic():
        cycle = (
            Cycle.objects.select_for_update(of=("self",))
            .select_related("instrument")
            .get(pk=cycle_id)
        )
        if cycle.status != Cycle.Status.DRAFT:
            raise refuse(LAUNCH_NOT_DRAFT, cycle)
        if cycle.closes_at <= now:
            raise refuse(LAUNCH_ALREADY_CLOSED, cycle)
        assessments = list(
            cycle.assessments.order_by("id").values_list("id", "manager_id", "manager__name")
        )
        if not assessments:
            raise refuse(LAUNCH_NO_MANAGERS, cycle)
        pending = nominations_pending(cycle)
        if pending and not allow_pending:
            raise LaunchRefused(
                LAUNCH_PENDING.format(cycle=cycle.name, count=pending), reason="pending"
            )
        names = {aid: name for aid, _, name in assessments}
        for start in range(0, len(assessments), SNAPSHOT_CHUNK):
            chunk = [(aid, mid) for aid, mid, _ in assessments[start : start + SNAPSHOT_CHUNK]]
            entries = list(roster_snapshot(cycle, chunk))
            if not allow_overlap and (overlaps := launch_overlaps(cycle, entries)):
                first = overlaps[0]
                example = f"{first.rater} rates {first.manager} in “{first.other_cycle}”"
                raise LaunchRefused(
                    LAUNCH_OVERLAP.format(cycle=cycle.name, count=len(overlaps), example=example),
                    reason="overlap",
                )
            # Rows e-mailed at once are held for the launch's queueing task
            # from the start (see mail_queue.invitations_queue).
            invitations_create(entries, queued_at=now if cycle.opens_at <= now else None)
            result.invitations += len(entries)
            _note_small_groups(cycle, chunk, entries, names, result)

        # Every rater reads their survey, and every manager their report, in
        # their own language: all of it must exist before anyone is asked.
        missing = missing_translations(cycle.instrument, cycle_languages(cycle))
        if missing:
            raise refuse(LAUNCH_UNTRANSLATED, cycle, missing=describe_missing(missing))

        cycle.status = Cycle.Status.OPEN
        cycle.launched_at = now
        cycle.save(update_fields=["status", "launched_at"])
        result.managers = len(assessments)
        result.sending_now = cycle.opens_at <= now
        if result.invitations >= ANALYZE_AFTER:
            # After the commit: ANALYZE's lock would otherwise be held, and
            # other launches kept waiting, until then.
            transaction.on_commit(lambda: refresh_statistics(Invitation, Assessment))
        if result.sending_now:
            transaction.on_commit(lambda: _queue_launched(cycle.pk, now))
    log.info(
        "event=cycle_launched cycle=%s managers=%s invitations=%s",
        cycle.pk,
        result.managers,
        result.invitations,
    )
    return result


def _queue_launched(cycle_id: int, launched_at: datetime) -> None:
    if not publish("surveys.tasks.queue_invitations", cycle_id, what="invitations"):
        # No broker: free the rows held for that task, so that the periodic
        # dispatcher queues them as soon as it can, not half an hour later.
        Invitation.objects.filter(assessment__cycle_id=cycle_id, queued_at=launched_at).update(
            queued_at=None
        )


def _languages(codes) -> set[str]:
    return {code or settings.LANGUAGE_CODE for code in codes}


def people_languages(person_ids) -> set[str]:
    """The languages these people read (their own, or the organisation's)."""
    return _languages(
        Person.objects.filter(pk__in=list(person_ids))
        .order_by()
        .values_list("language", flat=True)
        .distinct()
    )


def cycle_languages(cycle: Cycle) -> set[str]:
    """The languages the people invited in a cycle read: one query, whatever its size."""
    return _languages(
        Invitation.objects.filter(assessment__cycle=cycle)
        .order_by()
        .values_list("rater__language", flat=True)
        .distinct()
    )


# The columns a new invitation sets: the rest take the model's defaults.
_GIVEN = {"id", "assessment", "rater", "relationship"}


def invitations_create(entries, *, queued_at: datetime | None = None) -> None:
    """Insert an invitation per roster entry (an existing one is left alone).

    On PostgreSQL one statement per chunk: the rows travel as three arrays and
    the ids are drawn by the server, instead of a model instance per row (most
    of a 170,000-invitation launch's time went to building those).
    """
    if connection.vendor != "postgresql":
        rows = [
            Invitation(
                assessment_id=e.assessment_id,
                rater_id=e.rater_id,
                relationship=e.relationship,
                queued_at=queued_at,
            )
            for e in entries
        ]
        Invitation.objects.bulk_create(rows, batch_size=CREATE_BATCH, ignore_conflicts=True)
        return
    defaults = [f for f in Invitation._meta.concrete_fields if f.name not in _GIVEN]
    given = {"queued_at": queued_at}
    columns = ", ".join(f.column for f in defaults)
    marks = ", ".join(f"%s::{f.db_type(connection)}" for f in defaults)
    with connection.cursor() as cursor:
        for start in range(0, len(entries), INSERT_ROWS):
            part = entries[start : start + INSERT_ROWS]
            cursor.execute(
                f"INSERT INTO {Invitation._meta.db_table} "  # noqa: S608
                f"(id, assessment_id, rater_id, relationship, {columns}) "
                f"SELECT gen_random_uuid(), a, r, g, {marks} "
                "FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) AS e (a, r, g) "
                "ON CONFLICT DO NOTHING",
                [
                    *(
                        f.get_db_prep_save(given.get(f.name, f.get_default()), connection)
                        for f in defaults
                    ),
                    [e.assessment_id for e in part],
                    [e.rater_id for e in part],
                    [e.relationship for e in part],
                ],
            )


def _note_small_groups(cycle, chunk, entries, names, result: LaunchResult) -> None:
    sizes: dict[tuple[int, str], int] = defaultdict(int)
    for e in entries:
        sizes[(e.assessment_id, e.relationship)] += 1
    for aid, _manager in chunk:
        for relationship in cycle.groups:
            if relationship == Relationship.SELF:
                continue
            if sizes[(aid, relationship)] < cycle.threshold(relationship):
                result.below_threshold[relationship].append(names[aid])


def cycle_close(*, cycle_id: int, now: datetime | None = None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle_id)
        if cycle.status != Cycle.Status.OPEN:
            raise refuse(CLOSE_NOT_OPEN, cycle)
        cycle.status = Cycle.Status.CLOSED
        cycle.closed_at = now
        cycle.save(update_fields=["status", "closed_at"])
    log.info("event=cycle_closed cycle=%s", cycle_id)


def cycles_due_to_close(now: datetime):
    return Cycle.objects.filter(Q(status=Cycle.Status.OPEN) & Q(closes_at__lte=now))


def cycle_release(
    *,
    cycle_id: int,
    freeze: Callable[[Cycle, datetime], list],
    after_commit: Callable[[list], None] | None = None,
    now: datetime | None = None,
):
    """Release a closed cycle: `freeze(cycle, now)` stores the final results in
    the same transaction as the status change, so a released cycle always has
    them; `after_commit(frozen)` then starts what may follow (rendering, e-mail)."""
    now = now or timezone.now()
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle_id)
        if cycle.status != Cycle.Status.CLOSED:
            raise refuse(RELEASE_NOT_CLOSED, cycle)
        frozen = freeze(cycle, now)
        cycle.status = Cycle.Status.RELEASED
        cycle.released_at = now
        cycle.save(update_fields=["status", "released_at"])
        if after_commit is not None:
            transaction.on_commit(lambda: after_commit(frozen))
    log.info("event=cycle_released cycle=%s", cycle_id)
    return frozen
