"""Releasing a cycle's reports: score the whole cycle once, add trends and norms,
and freeze the results on Report rows.

From then on reports are drawn from those frozen results only, so no late or
re-opened answer can ever yield a second version that differs by one rater.
The status change itself is surveys.lifecycle's; this module supplies the
freezing step it runs inside the same transaction.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from datetime import datetime

from django.db.models import Q

from feedback360.queueing import publish
from surveys import lifecycle
from surveys.groups import ANONYMOUS, Relationship
from surveys.models import Cycle, Invitation
from surveys.translations import supported

from . import norms, selectors, trends
from .models import Report
from .results import ALL, AssessmentResult, CycleOverview, OverviewDimension, OverviewRow

log = logging.getLogger(__name__)


def cycle_release(*, cycle_id: int, now: datetime | None = None) -> int:
    """Freeze and release a closed cycle's results. Returns the number of manager reports."""
    frozen = lifecycle.cycle_release(
        cycle_id=cycle_id, freeze=reports_freeze, after_commit=reports_queue, now=now
    )
    return len(frozen) - 1  # less the overview


def reports_freeze(cycle: Cycle, now: datetime) -> list[uuid.UUID]:
    """Store every manager's results and the overview. Existing rows are kept
    as they are: a frozen result is never recomputed."""
    cycle.released_at = now
    instrument = selectors.instrument_of(cycle)
    results = selectors.score_cycle(cycle, instrument=instrument)
    if cycle.norms_enabled:
        norms.add_norms(results)
    _add_trends(cycle, results)
    managers = dict(cycle.assessments.values_list("id", "manager_id"))
    frozen = set(
        Report.objects.filter(cycle=cycle, kind=Report.Kind.MANAGER).values_list(
            "assessment_id", flat=True
        )
    )
    rows = [
        Report(
            cycle=cycle,
            assessment_id=aid,
            kind=Report.Kind.MANAGER,
            results=r.to_dict(),
            frozen_at=now,
        )
        for aid, r in results.items()
        if aid not in frozen and aid in managers
    ]
    if not Report.objects.filter(cycle=cycle, kind=Report.Kind.OVERVIEW).exists():
        overview = cycle_overview(cycle, results, instrument)
        rows.append(
            Report(
                cycle=cycle, kind=Report.Kind.OVERVIEW, results=overview.to_dict(), frozen_at=now
            )
        )
    Report.objects.bulk_create(rows, batch_size=500)
    return list(Report.objects.filter(cycle=cycle).values_list("id", flat=True))


def reports_queue(report_ids: list[uuid.UUID]) -> None:
    """Publish a task per report, then note them queued in one statement. A
    report published but not yet noted (the process died in between) is
    published again by the periodic scan, and rendered once all the same."""
    from django.utils import timezone

    published = []
    try:
        for report_id in report_ids:
            if not publish("reports.tasks.generate_report", str(report_id), what="report"):
                break  # the periodic scan picks the rest up
            published.append(report_id)
    finally:
        if published:
            Report.objects.filter(pk__in=published).update(queued_at=timezone.now())


def cycle_overview(
    cycle: Cycle, results: dict[int, AssessmentResult], instrument: selectors.Instrument
) -> CycleOverview:
    """Response rates and the managers × dimensions heat map, each cell under
    the same rules as the manager's own report (team view only)."""
    from django.utils import formats, timezone

    rows = []
    for r in sorted(results.values(), key=lambda r: r.manager_name.casefold()):
        team = r.group(Relationship.TEAM)
        rows.append(
            OverviewRow(
                manager_name=r.manager_name,
                rates={g.key: [g.invited, g.responses] for g in r.groups if g.key != ALL},
                self_done=r.self_done,
                team_shown=bool(team and team.shown),
                scores={
                    d.key: (d.views[Relationship.TEAM].mean if d.view(Relationship.TEAM) else None)
                    for d in r.dimensions
                },
                quartiles={d.key: d.norm_quartile for d in r.dimensions},
            )
        )
    invited = sum(sum(v[0] for v in row.rates.values()) for row in rows)
    responses = sum(sum(v[1] for v in row.rates.values()) for row in rows)
    return CycleOverview(
        cycle_name=cycle.name,
        period=selectors.cycle_period(cycle),
        released_on=formats.date_format(timezone.localdate(cycle.released_at), "DATE_FORMAT"),
        k=cycle.k,
        groups=[g for g in cycle.groups],
        # HR reads the overview in the organisation's language.
        dimensions=[OverviewDimension(d.key, d.name) for d in instrument.specs(supported(None))[0]],
        rows=rows,
        invited=invited,
        responses=responses,
        norms_shown=any(q for row in rows for q in row.quartiles.values()),
    )


# --- Trends ----------------------------------------------------------------------------


def _respondents(assessment_ids) -> dict[int, dict[str, frozenset[int]]]:
    """Who answered, per assessment and group (and all raters): used only to
    decide whether a change could single someone out, never shown."""
    sets: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for aid, rel, rater in Invitation.objects.filter(
        assessment_id__in=list(assessment_ids), completed=True
    ).values_list("assessment_id", "relationship", "rater_id"):
        sets[aid][rel].add(rater)
        if rel in ANONYMOUS:
            sets[aid][ALL].add(rater)
    return {aid: {g: frozenset(s) for g, s in groups.items()} for aid, groups in sets.items()}


def _add_trends(cycle: Cycle, results: dict[int, AssessmentResult]) -> None:
    """Each manager's previous released report, if one shares dimensions."""
    managers = dict(cycle.assessments.values_list("id", "manager_id"))
    earlier = (
        Report.objects.filter(
            kind=Report.Kind.MANAGER,
            cycle__status=Cycle.Status.RELEASED,
            assessment__manager_id__in=list(managers.values()),
        )
        .exclude(cycle=cycle)
        .filter(Q(cycle__released_at__lt=cycle.released_at) | Q(cycle__released_at__isnull=True))
        .order_by("assessment__manager_id", "-cycle__released_at")
        .values_list("id", "assessment__manager_id", "assessment_id")
    )
    latest: dict[int, tuple] = {}
    for report_id, manager_id, aid in earlier:
        latest.setdefault(manager_id, (report_id, aid))
    if not latest:
        return
    previous = dict(
        Report.objects.filter(pk__in=[rid for rid, _ in latest.values()]).values_list(
            "assessment__manager_id", "results"
        )
    )
    before_ids = [aid for _, aid in latest.values()]
    respondents = _respondents([*results, *before_ids])
    for aid, result in results.items():
        manager_id = managers.get(aid)
        if manager_id not in previous:
            continue
        try:
            old = AssessmentResult.from_dict(previous[manager_id])
        except (KeyError, TypeError):
            continue  # a report frozen in an older format: no trend rather than a wrong one
        if not {d.key for d in old.dimensions} & {d.key for d in result.dimensions}:
            continue
        trends.add_trends(
            result,
            old,
            respondents_before=respondents.get(latest[manager_id][1], {}),
            respondents_now=respondents.get(aid, {}),
        )
