"""Counts HR sees while a cycle runs: how many were asked and have answered."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from .models import Cycle, Invitation


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
