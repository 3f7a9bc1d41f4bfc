"""Reading a whole cycle's answers for scoring, in a fixed number of queries.

Nine queries whatever the number of managers, raters or items: everything is
fetched per cycle and grouped in Python, never per manager or per item.
"""

from __future__ import annotations

import secrets
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from surveys.models import (
    Answer,
    Assessment,
    Comment,
    Cycle,
    Dimension,
    Invitation,
    Item,
    OpenQuestion,
    Relationship,
    Response,
)

from . import scoring


def cycle_period(cycle: Cycle) -> str:
    opens = timezone.localtime(cycle.opens_at)
    closes = timezone.localtime(cycle.closes_at)
    return f"{opens:%-d %B %Y} – {closes:%-d %B %Y}"


def instrument_specs(cycle: Cycle) -> tuple[list[scoring.DimensionSpec], list[scoring.ItemSpec]]:
    dimensions = list(Dimension.objects.filter(instrument_id=cycle.instrument_id))
    keys = {d.id: d.key for d in dimensions}
    dimension_specs = [
        scoring.DimensionSpec(d.key, d.name, d.lead_pole, d.manage_pole, d.development_tip)
        for d in dimensions
    ]
    item_specs = [
        scoring.ItemSpec(i.id, keys[i.dimension_id], i.text_team, i.text_self, i.reverse_keyed)
        for i in Item.objects.filter(dimension__instrument_id=cycle.instrument_id)
    ]
    return dimension_specs, item_specs


Specs = tuple[list[scoring.DimensionSpec], list[scoring.ItemSpec]]


def score_cycle(
    cycle: Cycle, *, specs: Specs | None = None, rules: scoring.Rules | None = None
) -> dict[int, scoring.AssessmentResult]:
    """Every manager's results in this cycle, keyed by assessment id."""
    rules = rules or scoring.Rules(
        k=cycle.k,
        comment_k=cycle.effective_comment_k,
        gap_threshold=settings.FEEDBACK["GAP_THRESHOLD"],
    )
    dimension_specs, item_specs = specs or instrument_specs(cycle)
    questions = {  # each side's comments under the wording that side was asked
        qid: {"team": team, "self": own}
        for qid, team, own in OpenQuestion.objects.filter(
            instrument_id=cycle.instrument_id
        ).values_list("id", "text_team", "text_self")
    }
    assessments = dict(Assessment.objects.filter(cycle=cycle).values_list("id", "manager__name"))
    team_invited = dict(
        Invitation.objects.filter(assessment__cycle=cycle)
        .values("assessment_id")
        .annotate(n=Count("id", filter=Q(relationship=Relationship.TEAM)))
        .values_list("assessment_id", "n")
    )

    relationship_of: dict = {}
    answers_of: dict = defaultdict(dict)
    sheets_by_assessment: dict[int, list] = defaultdict(list)
    for response_id, assessment_id, relationship in Response.objects.filter(
        assessment__cycle=cycle
    ).values_list("id", "assessment_id", "relationship"):
        relationship_of[response_id] = (assessment_id, relationship)
    for response_id, item_id, value in (
        Answer.objects.filter(response__assessment__cycle=cycle)
        .values_list("response_id", "item_id", "value")
        .iterator(chunk_size=5000)
    ):
        answers_of[response_id][item_id] = value
    for response_id, (assessment_id, relationship) in relationship_of.items():
        sheets_by_assessment[assessment_id].append(
            scoring.Sheet(relationship, answers_of.get(response_id, {}))
        )

    comments: dict[int, dict[str, list]] = defaultdict(lambda: {"team": [], "self": []})
    for assessment_id, relationship, question_id, text in (
        Comment.objects.filter(assessment__cycle=cycle)
        .order_by("question__position", "question_id")
        .values_list("assessment_id", "relationship", "question_id", "text")
    ):
        wording = questions.get(question_id, {}).get(relationship, "")
        comments[assessment_id][relationship].append(scoring.CommentEntry(wording, text))

    period = cycle_period(cycle)
    return {
        assessment_id: scoring.score_assessment(
            manager_name=manager_name,
            cycle_name=cycle.name,
            period=period,
            dimensions=dimension_specs,
            items=item_specs,
            sheets=sheets_by_assessment.get(assessment_id, []),
            team_invited=team_invited.get(assessment_id, 0),
            team_comments=comments[assessment_id]["team"],
            self_comments=comments[assessment_id]["self"],
            rules=rules,
            shuffle_seed=secrets.randbits(64),
        )
        for assessment_id, manager_name in assessments.items()
    }


def overview_of(
    cycle: Cycle, results: dict[int, scoring.AssessmentResult], dimension_specs: list
) -> scoring.CycleOverview:
    return scoring.cycle_overview(
        cycle_name=cycle.name,
        period=cycle_period(cycle),
        k=cycle.k,
        dimensions=dimension_specs,
        results=list(results.values()),
    )
