"""Reads: the instrument's content for the survey page, and the counts HR sees
while a cycle runs (how many were asked and have answered, per group)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Q

from .models import (
    Cycle,
    DimensionText,
    Instrument,
    Invitation,
    Item,
    ItemText,
    OpenQuestion,
    OpenQuestionText,
)


@dataclass(frozen=True)
class InstrumentContent:
    """What a survey page shows, in one language: the statements (team,
    observer and self wording), the open questions and the dimension names."""

    items: tuple[Item, ...]
    questions: tuple[OpenQuestion, ...]
    language: str = ""
    item_texts: Mapping[int, tuple[str, str, str]] = field(default_factory=dict)
    question_texts: Mapping[int, tuple[str, str, str]] = field(default_factory=dict)
    dimension_names: Mapping[int, str] = field(default_factory=dict)

    @cached_property
    def item_ids(self) -> frozenset[int]:
        return frozenset(item.id for item in self.items)

    @cached_property
    def question_ids(self) -> frozenset[int]:
        return frozenset(question.id for question in self.questions)

    @cached_property
    def score_keys(self) -> list[tuple[int, int, int]]:
        """Every (dimension id, points, answered) a respondent can have: with a
        items answered of 1–5 each, points run from a to 5a."""
        per_dimension: dict[int, int] = {}
        for item in self.items:
            per_dimension[item.dimension_id] = per_dimension.get(item.dimension_id, 0) + 1
        return [
            (dimension_id, points, answered)
            for dimension_id, size in sorted(per_dimension.items())
            for answered in range(1, size + 1)
            for points in range(answered, 5 * answered + 1)
        ]


_CONTENT: dict[tuple, InstrumentContent] = {}
_CONTENT_MAX = 32


def instrument_content(instrument: Instrument, language: str | None = None) -> InstrumentContent:
    """The items (with their dimensions) and open questions of an instrument, in
    `language` (its own when None), read once per process for each revision of
    it (Instrument.cache_key) and language."""
    language = language or instrument.language
    key = (*instrument.cache_key, language)
    content = _CONTENT.get(key)
    if content is None:
        content = _read_content(instrument, language)
        if len(_CONTENT) >= _CONTENT_MAX:
            _CONTENT.clear()
        _CONTENT[key] = content
    return content


def _read_content(instrument: Instrument, language: str) -> InstrumentContent:
    items = tuple(Item.objects.filter(dimension__instrument=instrument).select_related("dimension"))
    questions = tuple(OpenQuestion.objects.filter(instrument=instrument))
    item_texts = {i.id: (i.text_team, i.text_observer, i.text_self) for i in items}
    question_texts = {q.id: (q.text_team, q.text_observer, q.text_self) for q in questions}
    names = {i.dimension_id: i.dimension.name for i in items}
    if language != instrument.language:
        # A text missing in this language falls back to the instrument's own;
        # launching refuses a cycle that would need that (translations.py).
        for t in ItemText.objects.filter(item__dimension__instrument=instrument, language=language):
            base = item_texts[t.item_id]
            item_texts[t.item_id] = (
                t.text_team or base[0],
                t.text_observer or base[1],
                t.text_self or base[2],
            )
        for t in OpenQuestionText.objects.filter(
            question__instrument=instrument, language=language
        ):
            base = question_texts[t.question_id]
            question_texts[t.question_id] = (
                t.text_team or base[0],
                t.text_observer or base[1],
                t.text_self or base[2],
            )
        for t in DimensionText.objects.filter(dimension__instrument=instrument, language=language):
            names[t.dimension_id] = t.name or names.get(t.dimension_id, "")
    return InstrumentContent(items, questions, language, item_texts, question_texts, names)


@dataclass
class Rate:
    invited: int
    answered: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.invited) if self.invited else 0


def rated_viewer(viewer) -> Q:
    """Assessments that rate the viewer. A manager never sees who on their own
    team has answered, nor any count of it, even when they also work in HR
    (DESIGN §8). Every HR screen excludes these; this is the rule's only home.
    Use with a prefix: `~rated_viewer(user)` on assessments,
    `prefixed(rated_viewer(user), "assessment")` on invitations."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(manager__user=viewer)


def prefixed(condition: Q, prefix: str) -> Q:
    """The same condition, seen from a related model (e.g. "assessment")."""
    rebuilt = Q()
    rebuilt.connector, rebuilt.negated = condition.connector, condition.negated
    for child in condition.children:
        if isinstance(child, Q):
            rebuilt.children.append(prefixed(child, prefix))
        else:
            name, value = child
            rebuilt.children.append((f"{prefix}__{name}", value))
    return rebuilt


def invitations_visible_to(viewer, cycle: Cycle | None = None):
    invitations = Invitation.objects.exclude(prefixed(rated_viewer(viewer), "assessment"))
    if cycle is not None:
        invitations = invitations.filter(assessment__cycle=cycle)
    return invitations


def response_rates(cycle: Cycle, *, viewer=None) -> dict[int, dict[str, Rate]]:
    """Per assessment and group: invited and answered. One query."""
    rows = (
        invitations_visible_to(viewer, cycle)
        .values("assessment_id", "relationship")
        .annotate(invited=Count("id"), answered=Count("id", filter=Q(completed=True)))
    )
    rates: dict[int, dict[str, Rate]] = {}
    for row in rows:
        rates.setdefault(row["assessment_id"], {})[row["relationship"]] = Rate(
            row["invited"], row["answered"]
        )
    return rates


def group_response_rates(cycle: Cycle, *, viewer=None) -> dict[str, Rate]:
    """Per group, over the whole cycle. One query."""
    rows = (
        invitations_visible_to(viewer, cycle)
        .values("relationship")
        .annotate(invited=Count("id"), answered=Count("id", filter=Q(completed=True)))
    )
    return {row["relationship"]: Rate(row["invited"], row["answered"]) for row in rows}


def cycle_response_rate(cycle: Cycle, *, viewer=None) -> Rate:
    counts = invitations_visible_to(viewer, cycle).aggregate(
        invited=Count("id"), answered=Count("id", filter=Q(completed=True))
    )
    return Rate(counts["invited"], counts["answered"])


def invitations_never_queued(cycle: Cycle) -> int:
    """Invitations of an open cycle that no task holds: the broker was down."""
    return Invitation.objects.filter(
        assessment__cycle=cycle, send_status=Invitation.SendStatus.PENDING, queued_at__isnull=True
    ).count()
