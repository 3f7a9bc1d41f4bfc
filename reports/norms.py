"""Norms: where a manager's team score sits among the organisation's managers
in the same cycle. Pure.

Quartile bands only, never the other managers' numbers; each manager is left
out of their own norm, and only managers whose team view is shown take part,
so a manager below the threshold neither receives a band nor shapes anyone
else's. With fewer than MIN_MANAGERS others there is no norm.
"""

from __future__ import annotations

from collections.abc import Mapping
from statistics import quantiles

from .results import TEAM, AssessmentResult

MIN_MANAGERS = 10


def quartile(value: float, others: list[float]) -> int:
    """1 (bottom quarter) to 4 (top quarter) of `others`."""
    q1, q2, q3 = quantiles(others, n=4, method="inclusive")
    if value < q1:
        return 1
    if value < q2:
        return 2
    if value < q3:
        return 3
    return 4


def add_norms(results: Mapping[int, AssessmentResult], *, group: str = TEAM) -> int:
    """Set `norm_quartile` on every dimension that has a norm. Returns how many
    managers had a team view to compare (the largest number over dimensions)."""
    by_key: dict[str, dict[int, float]] = {}
    for aid, result in results.items():
        for d in result.dimensions:
            stats = d.view(group)
            if stats is not None:
                by_key.setdefault(d.key, {})[aid] = stats.mean
    largest = max((len(v) for v in by_key.values()), default=0)
    for aid, result in results.items():
        result.norm_managers = largest
        for d in result.dimensions:
            scores = by_key.get(d.key, {})
            if aid not in scores:
                continue
            others = [v for other, v in scores.items() if other != aid]
            if len(others) >= MIN_MANAGERS:
                d.norm_quartile = quartile(scores[aid], others)
    return largest
