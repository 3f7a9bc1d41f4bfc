"""Who is rated in a cycle and who rates them.

Before launch a cycle has managers (assessments) and nominations: raters
proposed by a manager (peers), added by HR or imported. At launch the roster
is frozen into invitations; `roster_snapshot` is the one place that decides who
that is, for the launch itself and for the preview HR confirms first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .errors import ServiceError, refuse
from .groups import Relationship
from .models import Assessment, Cycle, Nomination, Person

NOT_DRAFT = _("“{cycle}” is {status}: people can only be added to a draft cycle.")
NOMINATIONS_CLOSED = _("Nominations for “{cycle}” are closed.")
NOMINATE_SELF = _("You cannot nominate yourself.")
NOMINATE_TAKEN = _("{name} already rates you in this cycle, as one of your {group}.")

# When one person could rate a manager in two roles, the first role here wins.
PRIORITY = (Relationship.BOSS, Relationship.TEAM, Relationship.PEER, Relationship.OTHER)


def _draft_locked(cycle: Cycle) -> Cycle:
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != Cycle.Status.DRAFT:
        raise refuse(NOT_DRAFT, cycle)
    return cycle


def cycle_add_managers(*, cycle: Cycle, managers: Iterable[Person]) -> int:
    """Put managers in a draft cycle. Returns how many were new."""
    with transaction.atomic():
        cycle = _draft_locked(cycle)
        existing = set(cycle.assessments.values_list("manager_id", flat=True))
        new = [Assessment(cycle=cycle, manager=m) for m in managers if m.pk not in existing]
        Assessment.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def cycle_set_managers(*, cycle: Cycle, managers: Iterable[Person]) -> None:
    """Make these exactly the draft cycle's managers."""
    chosen = list(managers)
    with transaction.atomic():
        cycle = _draft_locked(cycle)
        cycle.assessments.exclude(manager__in=chosen).delete()
        cycle_add_managers(cycle=cycle, managers=chosen)


# --- Nominations -----------------------------------------------------------------


def nominations_set(
    *,
    assessment: Assessment,
    raters: Iterable[tuple[Person, str]],
    source: str,
    status: str = Nomination.Status.APPROVED,
) -> int:
    """Add or update nominations (rater, relationship) for one manager in a draft
    cycle. Returns how many were new."""
    with transaction.atomic():
        _draft_locked(assessment.cycle)
        existing = {n.rater_id: n for n in assessment.nominations.all()}
        new, changed = [], []
        for person, relationship in raters:
            if person.pk == assessment.manager_id:
                continue
            current = existing.get(person.pk)
            if current is None:
                new.append(
                    Nomination(
                        assessment=assessment,
                        rater=person,
                        relationship=relationship,
                        status=status,
                        source=source,
                    )
                )
            elif (current.relationship, current.status) != (relationship, status):
                current.relationship, current.status = relationship, status
                changed.append(current)
        Nomination.objects.bulk_create(new)
        Nomination.objects.bulk_update(changed, ["relationship", "status"])
    return len(new)


def nominations_propose(*, assessment: Assessment, peers: Iterable[Person]) -> int:
    """A manager proposes peers from their portal; HR approves them."""
    cycle = assessment.cycle
    if not (cycle.nominations_open and cycle.ask_peers) or cycle.status != Cycle.Status.DRAFT:
        raise refuse(NOMINATIONS_CLOSED, cycle)
    peers = list(peers)
    if any(p.pk == assessment.manager_id for p in peers):
        raise ServiceError(NOMINATE_SELF)
    taken = {
        n.rater_id: n
        for n in assessment.nominations.exclude(relationship=Relationship.PEER).select_related(
            "rater"
        )
    }
    for person in peers:
        if person.pk in taken:
            n = taken[person.pk]
            raise ServiceError(
                NOMINATE_TAKEN.format(name=person.name, group=n.get_relationship_display().lower())
            )
    with transaction.atomic():
        _draft_locked(cycle)
        # The manager's own list replaces their earlier proposals, not HR's decisions.
        assessment.nominations.filter(
            relationship=Relationship.PEER,
            source=Nomination.Source.MANAGER,
            status=Nomination.Status.PROPOSED,
        ).exclude(rater__in=peers).delete()
        known = set(assessment.nominations.values_list("rater_id", flat=True))
        new = [
            Nomination(
                assessment=assessment,
                rater=person,
                relationship=Relationship.PEER,
                status=Nomination.Status.PROPOSED,
                source=Nomination.Source.MANAGER,
            )
            for person in peers
            if person.pk not in known
        ]
        Nomination.objects.bulk_create(new)
    return len(new)


def nominations_decide(*, nomination_ids: Iterable[int], approve: bool) -> int:
    """HR approves or declines proposed nominations."""
    status = Nomination.Status.APPROVED if approve else Nomination.Status.DECLINED
    return Nomination.objects.filter(
        pk__in=list(nomination_ids), assessment__cycle__status=Cycle.Status.DRAFT
    ).update(status=status)


def nominations_pending(cycle: Cycle) -> int:
    return Nomination.objects.filter(
        assessment__cycle=cycle, status=Nomination.Status.PROPOSED
    ).count()


# --- The roster at launch -----------------------------------------------------------


@dataclass(frozen=True)
class RosterEntry:
    assessment_id: int
    manager_id: int
    rater_id: int
    relationship: str


def roster_snapshot(cycle: Cycle, assessments: list[tuple[int, int]]) -> Iterator[RosterEntry]:
    """Who rates each (assessment id, manager id), by group.

    Self is the manager. A group with approved nominations is exactly those
    people (an imported or HR-edited list wins); without any, direct reports
    are the manager's active reps and the manager's manager is theirs from the
    org chart. Peers and others come from nominations only. A person rates a
    manager once, in the first role of PRIORITY; nobody rates themself. (The
    queries are unordered: the raters are sorted here, by id.)
    """
    groups = set(cycle.groups)
    manager_ids = [manager_id for _, manager_id in assessments]
    by_assessment = {aid: mid for aid, mid in assessments}
    nominated: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for aid, rater_id, relationship in (
        Nomination.objects.filter(
            assessment_id__in=by_assessment,
            status=Nomination.Status.APPROVED,
            rater__is_active=True,
        )
        .order_by()
        .values_list("assessment_id", "rater_id", "relationship")
    ):
        nominated[aid][relationship].append(rater_id)
    reps: dict[int, list[int]] = defaultdict(list)
    for rep_id, manager_id in (
        Person.objects.filter(manager_id__in=manager_ids, is_active=True)
        .order_by()
        .values_list("id", "manager_id")
    ):
        reps[manager_id].append(rep_id)
    # Two lookups by primary key: cheaper than the person table joined to itself.
    their_managers = dict(
        Person.objects.filter(pk__in=manager_ids, manager_id__isnull=False)
        .order_by()
        .values_list("id", "manager_id")
    )
    active = set(
        Person.objects.filter(pk__in=set(their_managers.values()), is_active=True)
        .order_by()
        .values_list("id", flat=True)
    )
    bosses = {mid: boss for mid, boss in their_managers.items() if boss in active}
    for aid, manager_id in assessments:
        yield RosterEntry(aid, manager_id, manager_id, Relationship.SELF)
        seen = {manager_id}
        chosen = nominated.get(aid, {})
        defaults = {
            Relationship.TEAM: reps.get(manager_id, []),
            Relationship.BOSS: [bosses[manager_id]] if bosses.get(manager_id) else [],
        }
        for relationship in PRIORITY:
            if relationship not in groups:
                continue
            raters = sorted(chosen.get(relationship) or defaults.get(relationship, []))
            if relationship == Relationship.BOSS:
                raters = raters[:1]  # one named person, never a group
            for rater_id in raters:
                if rater_id not in seen:
                    seen.add(rater_id)
                    yield RosterEntry(aid, manager_id, rater_id, relationship)
