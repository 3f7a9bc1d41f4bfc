"""Reads: the instrument's content for the survey page, and the counts HR sees
while a cycle runs (how many were asked and have answered)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from .models import Cycle, Instrument, Invitation, Item, OpenQuestion


@dataclass(frozen=True)
class InstrumentContent:
    items: tuple[Item, ...]
    questions: tuple[OpenQuestion, ...]

    @property
    def item_ids(self) -> frozenset[int]:
        return frozenset(item.id for item in self.items)

    @property
    def question_ids(self) -> frozenset[int]:
        return frozenset(question.id for question in self.questions)


_CONTENT: dict[tuple, InstrumentContent] = {}
_CONTENT_MAX = 32


def instrument_content(instrument: Instrument) -> InstrumentContent:
    """The items (with their dimensions) and open questions of an instrument.

    Surveys exist only for launched cycles, whose instrument is never edited in
    place (a revision is a new version), so each process reads it once. The
    key includes the creation time, so a new row that reuses an id is not
    mistaken for the old one.
    """
    key = (instrument.pk, instrument.version, instrument.created_at)
    content = _CONTENT.get(key)
    if content is None:
        content = InstrumentContent(
            items=tuple(
                Item.objects.filter(dimension__instrument=instrument).select_related("dimension")
            ),
            questions=tuple(OpenQuestion.objects.filter(instrument=instrument)),
        )
        if len(_CONTENT) >= _CONTENT_MAX:
            _CONTENT.clear()
        _CONTENT[key] = content
    return content


@dataclass
class Rate:
    invited: int
    answered: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.invited) if self.invited else 0


def invitations_visible_to(viewer, cycle: Cycle):
    """The invitations HR may look at: all of them, except those that rate the
    viewer. A manager never sees who on their own team has answered, even when
    they also work in HR (DESIGN §8)."""
    invitations = Invitation.objects.filter(assessment__cycle=cycle)
    if viewer is not None and viewer.is_authenticated:
        invitations = invitations.exclude(assessment__manager__user=viewer)
    return invitations


def team_response_rates(cycle: Cycle, *, viewer=None) -> dict[int, dict[str, Rate]]:
    """Per assessment: team and self counts, invited and answered. One query."""
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


def invitations_never_queued(cycle: Cycle) -> int:
    """Invitations of an open cycle that no task holds: the broker was down."""
    return Invitation.objects.filter(
        assessment__cycle=cycle, send_status=Invitation.SendStatus.PENDING, queued_at__isnull=True
    ).count()


def cycle_response_rate(cycle: Cycle, *, viewer=None) -> Rate:
    counts = invitations_visible_to(viewer, cycle).aggregate(
        invited=Count("id"), answered=Count("id", filter=Q(completed=True))
    )
    return Rate(counts["invited"], counts["answered"])
