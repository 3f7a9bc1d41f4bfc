"""Reading a whole cycle's tallies for scoring, in a fixed number of queries.

The same queries whatever the number of managers, raters or items: everything
is fetched per cycle and grouped in Python, never per manager or per item.
"""

from __future__ import annotations

import json
import secrets
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.utils import formats, timezone, translation

from surveys.groups import Relationship
from surveys.models import (
    Assessment,
    CommentSet,
    Cycle,
    Dimension,
    DimensionTally,
    Invitation,
    Item,
    ItemTally,
    OpenQuestion,
)
from surveys.wording import fill

from . import scoring
from .results import CommentEntry


def cycle_period(cycle: Cycle) -> str:
    opens = timezone.localtime(cycle.opens_at)
    closes = timezone.localtime(cycle.ended_at)
    start, end = (formats.date_format(d, "DATE_FORMAT") for d in (opens, closes))
    return f"{start} – {end}"


@dataclass
class Instrument:
    dimensions: list[scoring.DimensionSpec]
    items: list[scoring.ItemSpec]
    dimension_keys: dict[int, str]
    questions: dict[int, dict[str, str]]
    observer_items: dict[int, str]


def instrument_of(cycle: Cycle) -> Instrument:
    dimensions = list(Dimension.objects.filter(instrument_id=cycle.instrument_id))
    keys = {d.id: d.key for d in dimensions}
    items = list(Item.objects.filter(dimension__instrument_id=cycle.instrument_id))
    questions = {
        q.id: {"team": q.text_team, "observer": q.text_observer, "self": q.text_self}
        for q in OpenQuestion.objects.filter(instrument_id=cycle.instrument_id)
    }
    return Instrument(
        dimensions=[
            scoring.DimensionSpec(
                d.key, d.name, d.lead_pole, d.manage_pole, d.development_tip, d.first_action
            )
            for d in dimensions
        ],
        items=[
            scoring.ItemSpec(i.id, keys[i.dimension_id], i.text_team, i.text_self, i.reverse_keyed)
            for i in items
        ],
        dimension_keys=keys,
        questions=questions,
        observer_items={i.id: i.text_observer for i in items},
    )


def _question_text(texts: dict[str, str], relationship: str, manager_name: str) -> str:
    if relationship == Relationship.SELF:
        return texts["self"]
    if relationship == Relationship.TEAM:
        return texts["team"]
    return fill(texts["observer"] or texts["team"], manager_name)


@dataclass
class CycleTallies:
    assessments: dict[int, tuple[str, str]]  # id -> (manager name, language)
    groups: dict[int, dict[str, scoring.GroupTallies]]
    invited: dict[int, dict[str, int]]
    bosses: dict[int, str]
    comments: dict[int, list[CommentEntry]]


def cycle_tallies(cycle: Cycle, instrument: Instrument) -> CycleTallies:
    assessments = {
        aid: (name, language or settings.LANGUAGE_CODE)
        for aid, name, language in Assessment.objects.filter(cycle=cycle).values_list(
            "id", "manager__name", "manager__language"
        )
    }
    invited: dict[int, dict[str, int]] = defaultdict(dict)
    responses: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Invitation.objects.filter(assessment__cycle=cycle)
        .values("assessment_id", "relationship")
        .annotate(invited=Count("id"), answered=Count("id", filter=Q(completed=True)))
    ):
        invited[row["assessment_id"]][row["relationship"]] = row["invited"]
        responses[row["assessment_id"]][row["relationship"]] = row["answered"]
    bosses = dict(
        Invitation.objects.filter(
            assessment__cycle=cycle, relationship=Relationship.BOSS
        ).values_list("assessment_id", "rater__name")
    )

    items: dict[tuple[int, str], dict[int, tuple]] = defaultdict(dict)
    for t in ItemTally.objects.filter(assessment__cycle=cycle).iterator(chunk_size=5000):
        items[(t.assessment_id, t.relationship)][t.item_id] = t.counts
    dims: dict[tuple[int, str], dict[str, dict]] = defaultdict(lambda: defaultdict(dict))
    for aid, rel, dim_id, points, answered, count in (
        DimensionTally.objects.filter(assessment__cycle=cycle, respondents__gt=0)
        .values_list("assessment_id", "relationship", "dimension_id", "points", "answered",
                     "respondents")
        .iterator(chunk_size=5000)
    ):  # fmt: skip
        dims[(aid, rel)][instrument.dimension_keys[dim_id]][(points, answered)] = count

    groups: dict[int, dict[str, scoring.GroupTallies]] = defaultdict(dict)
    for aid in assessments:
        for rel, count in responses.get(aid, {}).items():
            groups[aid][rel] = scoring.GroupTallies(
                responses=count,
                items=items.get((aid, rel), {}),
                dimensions=dims.get((aid, rel), {}),
            )

    comments: dict[int, list[CommentEntry]] = defaultdict(list)
    blank = {"team": "", "observer": "", "self": ""}
    for aid, rel, qid, texts in (
        CommentSet.objects.filter(assessment__cycle=cycle)
        .order_by("question__position", "question_id")
        .values_list("assessment_id", "relationship", "question_id", "texts")
    ):
        wording = _question_text(instrument.questions.get(qid, blank), rel, assessments[aid][0])
        comments[aid] += [CommentEntry(rel, wording, text) for text in json.loads(texts)]
    return CycleTallies(assessments, groups, invited, bosses, comments)


def group_inputs(cycle: Cycle, data: CycleTallies, aid: int) -> list[scoring.GroupInput]:
    inputs = []
    for rel in cycle.groups:
        tallies = data.groups.get(aid, {}).get(rel, scoring.GroupTallies())
        inputs.append(
            scoring.GroupInput(
                key=rel,
                invited=data.invited.get(aid, {}).get(rel, 0),
                tallies=tallies,
                threshold=cycle.threshold(rel),
                comment_threshold=cycle.comment_threshold(rel),
                named=data.bosses.get(aid, "") if rel == Relationship.BOSS else "",
            )
        )
    return inputs


def score_cycle(
    cycle: Cycle, *, instrument: Instrument | None = None, rules: scoring.Rules | None = None
) -> dict[int, scoring.AssessmentResult]:
    """Every manager's results in this cycle, keyed by assessment id."""
    rules = rules or scoring.Rules(gap_threshold=settings.FEEDBACK["GAP_THRESHOLD"])
    instrument = instrument or instrument_of(cycle)
    data = cycle_tallies(cycle, instrument)
    released_on = timezone.localdate(cycle.released_at or timezone.now())
    results = {}
    for aid, (manager_name, language) in data.assessments.items():
        with translation.override(language):
            period = cycle_period(cycle)
            released = formats.date_format(released_on, "DATE_FORMAT")
        items = [
            scoring.ItemSpec(i.id, i.dimension, i.text, i.text_self, i.reverse)
            for i in instrument.items
        ]
        results[aid] = scoring.score_assessment(
            manager_name=manager_name,
            cycle_name=cycle.name,
            period=period,
            released_on=released,
            language=language,
            dimensions=instrument.dimensions,
            items=items,
            groups=group_inputs(cycle, data, aid),
            comments=data.comments.get(aid, []),
            rules=rules,
            shuffle_seed=secrets.randbits(64),
        )
    return results
