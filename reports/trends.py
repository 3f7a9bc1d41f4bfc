"""Trends: a manager's scores now against their previous released report. Pure.

A change is called only when both printed scores come from at least
`min_for_verdict` people and differ by at least the gap threshold; otherwise
"no clear change". When a group's respondents changed by fewer people than
its anonymity threshold (but did change), the difference between the two
scores could be one person's answers, so no change figure is shown for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from .results import (
    CHANGE_HIDDEN,
    FALL,
    NO_CLEAR_CHANGE,
    RISE,
    SELF,
    AssessmentResult,
    Trend,
)
from .scoring import Rules, one_decimal


def turnover_hides(
    before: frozenset[int] | None, now: frozenset[int] | None, threshold: int
) -> bool:
    """Would the change single out the few people who joined or left?"""
    if before is None or now is None:
        return False
    changed = len(before ^ now)
    return 0 < changed < threshold


def add_trends(
    result: AssessmentResult,
    previous: AssessmentResult,
    *,
    respondents_before: Mapping[str, frozenset[int]],
    respondents_now: Mapping[str, frozenset[int]],
    rules: Rules | None = None,
) -> None:
    """Fill each dimension's `trends` from `previous` (matched by dimension key)."""
    rules = rules or Rules()
    result.previous_cycle = previous.cycle_name
    before_by_key = {d.key: d for d in previous.dimensions}
    thresholds = {g.key: g.threshold for g in result.groups}
    threshold = Decimal(repr(rules.gap_threshold))
    for dimension in result.dimensions:
        earlier = before_by_key.get(dimension.key)
        if earlier is None:
            continue
        pairs = {SELF: (earlier.self_score, dimension.self_score, 1, 1)}
        for group, stats in dimension.views.items():
            old = earlier.views.get(group)
            if stats is not None and old is not None:
                pairs[group] = (old.mean, stats.mean, old.n, stats.n)
        for group, (old_score, new_score, old_n, new_n) in pairs.items():
            if old_score is None or new_score is None:
                continue
            if group != SELF and turnover_hides(
                respondents_before.get(group), respondents_now.get(group), thresholds.get(group, 1)
            ):
                dimension.trends[group] = Trend(
                    group, None, None, None, CHANGE_HIDDEN, previous.cycle_name
                )
                continue
            change = one_decimal(new_score) - one_decimal(old_score)
            enough = group == SELF or min(old_n, new_n) >= rules.min_for_verdict
            if enough and abs(change) >= threshold:
                verdict = RISE if change > 0 else FALL
            else:
                verdict = NO_CLEAR_CHANGE
            dimension.trends[group] = Trend(
                group, old_score, new_score, float(change), verdict, previous.cycle_name
            )
