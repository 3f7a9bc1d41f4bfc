"""Norms: where a manager's team score sits among the organisation's managers
in the same cycle. Pure.

Quartile bands only, never the other managers' numbers; each manager is left
out of their own norm, and only managers whose team view is shown take part,
so a manager below the threshold neither receives a band nor shapes anyone
else's. With fewer than MIN_MANAGERS others there is no norm.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from statistics import quantiles

from .results import TEAM, AssessmentResult

MIN_MANAGERS = 10


def quartile(value: float, others: list[float]) -> int:
    """1 (bottom quarter) to 4 (top quarter) of `others`."""
    return _band(value, *quantiles(others, n=4, method="inclusive"))


def _band(value: float, q1: float, q2: float, q3: float) -> int:
    if value < q1:
        return 1
    if value < q2:
        return 2
    if value < q3:
        return 3
    return 4


def quartile_among_others(everyone: Sequence[float], index: int) -> int:
    """quartile(everyone[index], everyone without that entry), `everyone`
    sorted: the cut points of the list with one entry left out, computed as
    statistics.quantiles computes them (the same floats), without sorting a
    thousand-entry list again for each of a thousand managers."""
    value = everyone[index]

    def others(i: int) -> float:
        return everyone[i] if i < index else everyone[i + 1]

    m = len(everyone) - 2  # the others' length, less one
    cuts = []
    for i in range(1, 4):
        j, delta = divmod(i * m, 4)
        cuts.append((others(j) * (4 - delta) + others(j + 1) * delta) / 4)
    return _band(value, *cuts)


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
    ordered = {key: sorted(scores.values()) for key, scores in by_key.items()}
    for aid, result in results.items():
        result.norm_managers = largest
        for d in result.dimensions:
            scores = by_key.get(d.key, {})
            if aid not in scores or len(scores) - 1 < MIN_MANAGERS:
                continue
            everyone = ordered[d.key]
            d.norm_quartile = quartile_among_others(everyone, bisect_left(everyone, scores[aid]))
    return largest
