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
    DimensionText,
    Invitation,
    Item,
    ItemTally,
    ItemText,
    OpenQuestion,
    OpenQuestionText,
)
from surveys.translations import supported
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
    """A cycle's instrument with every language it has, read in six queries;
    `in_language` gives the specs a report in one language is written with."""

    language: str
    dimensions: list[Dimension]
    items: list[Item]
    questions: list[OpenQuestion]
    dimension_keys: dict[int, str]
    # (object id, language) -> translation row
    dimension_texts: dict[tuple[int, str], DimensionText]
    item_texts: dict[tuple[int, str], ItemText]
    question_texts: dict[tuple[int, str], OpenQuestionText]

    def _text(self, obj, translated, name: str) -> str:
        value = getattr(translated, name, "") if translated is not None else ""
        return value or getattr(obj, name)

    def specs(self, language: str) -> tuple[list[scoring.DimensionSpec], list[scoring.ItemSpec]]:
        dims = []
        for d in self.dimensions:
            t = self.dimension_texts.get((d.id, language))
            dims.append(
                scoring.DimensionSpec(
                    d.key,
                    *(
                        self._text(d, t, f)
                        for f in (
                            "name",
                            "lead_pole",
                            "manage_pole",
                            "development_tip",
                            "first_action",
                        )
                    ),
                )
            )
        items = []
        for i in self.items:
            t = self.item_texts.get((i.id, language))
            items.append(
                scoring.ItemSpec(
                    i.id,
                    self.dimension_keys[i.dimension_id],
                    self._text(i, t, "text_team"),
                    self._text(i, t, "text_self"),
                    i.reverse_keyed,
                )
            )
        return dims, items

    def question_wordings(self, language: str) -> dict[int, dict[str, str]]:
        out = {}
        for q in self.questions:
            t = self.question_texts.get((q.id, language))
            out[q.id] = {
                "team": self._text(q, t, "text_team"),
                "observer": self._text(q, t, "text_observer"),
                "self": self._text(q, t, "text_self"),
            }
        return out


def instrument_of(cycle: Cycle) -> Instrument:
    iid = cycle.instrument_id
    dimensions = list(Dimension.objects.filter(instrument_id=iid))
    return Instrument(
        language=cycle.instrument.language,
        dimensions=dimensions,
        items=list(Item.objects.filter(dimension__instrument_id=iid)),
        questions=list(OpenQuestion.objects.filter(instrument_id=iid)),
        dimension_keys={d.id: d.key for d in dimensions},
        dimension_texts={
            (t.dimension_id, t.language): t
            for t in DimensionText.objects.filter(dimension__instrument_id=iid)
        },
        item_texts={
            (t.item_id, t.language): t
            for t in ItemText.objects.filter(item__dimension__instrument_id=iid)
        },
        question_texts={
            (t.question_id, t.language): t
            for t in OpenQuestionText.objects.filter(question__instrument_id=iid)
        },
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
        aid: (name, supported(language))
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
    wordings = {}  # per language: each question as the report's reader reads it
    for aid, rel, qid, texts in (
        CommentSet.objects.filter(assessment__cycle=cycle)
        .order_by("question__position", "question_id")
        .values_list("assessment_id", "relationship", "question_id", "texts")
    ):
        name, language = assessments[aid]
        if language not in wordings:
            wordings[language] = instrument.question_wordings(language)
        wording = _question_text(wordings[language].get(qid, blank), rel, name)
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
    specs: dict[str, tuple] = {}
    for aid, (manager_name, language) in data.assessments.items():
        if language not in specs:
            with translation.override(language):
                specs[language] = (
                    *instrument.specs(language),
                    cycle_period(cycle),
                    formats.date_format(released_on, "DATE_FORMAT"),
                )
        dimensions, items, period, released = specs[language]
        results[aid] = scoring.score_assessment(
            manager_name=manager_name,
            cycle_name=cycle.name,
            period=period,
            released_on=released,
            language=language,
            dimensions=dimensions,
            items=items,
            groups=group_inputs(cycle, data, aid),
            comments=data.comments.get(aid, []),
            rules=rules,
            shuffle_seed=secrets.randbits(64),
        )
    return results
