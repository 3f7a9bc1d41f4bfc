"""n, mean, SD, min and max straight from tallies, in integer arithmetic. Pure.

A tally says how many respondents have each score, so the figures need no list
of values: sums of counts, of scores and of squared scores are enough. The
results are the very floats that `statistics.fmean` and `statistics.stdev` give
for the expanded list of values (each score as the float a respondent's exact
score rounds to): fmean is the correctly rounded sum divided by n, stdev the
correctly rounded square root of the exact sample variance, and both are
computed here exactly, from the floats' integer ratios. A frozen report scored
either way is the same, bit for bit (tests/reports/test_scoring.py checks it
against the statistics module on random tallies).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache

from .results import Stats

# As the statistics module's correctly rounded square root: 2 × 53 + 3 bits.
_SQRT_BITS = 109


def _isqrt_rto(n: int, m: int) -> int:
    """√(n/m) as an integer, rounded to odd."""
    root = math.isqrt(n // m)
    return root | (root * root * m != n)


def _sqrt_of_frac(n: int, m: int) -> float:
    """√(n/m) as a float, correctly rounded: the method of the statistics
    module's own (bugs.python.org/msg407078), round-to-odd then one rounding."""
    q = (n.bit_length() - m.bit_length() - _SQRT_BITS) // 2
    if q >= 0:
        return (_isqrt_rto(n, m << 2 * q) << q) / 1
    return _isqrt_rto(n << -2 * q, m) / (1 << -q)


def _stats(weighted: Sequence[tuple[int, int, int]], scale: int, low: float, high: float) -> Stats:
    """(count, numerator, shift) triples: each score is numerator / 2**shift,
    brought to the common denominator `scale` = 2**max(shift)."""
    n = total = squares = 0
    for count, numerator, shift in weighted:
        value = numerator << (scale - shift)
        n += count
        total += count * value
        squares += count * value * value
    denominator = 1 << scale
    mean = (total / denominator) / n  # fsum(values) / n, as fmean computes it
    sd = None
    if n >= 2:
        # Sample variance = (n·Σx² − (Σx)²) / (n·(n − 1)), in units of 1/denominator².
        sd = _sqrt_of_frac(n * squares - total * total, denominator * denominator * n * (n - 1))
    return Stats(n=n, mean=mean, sd=sd, min=low, max=high)


@lru_cache(maxsize=4096)
def score_ratio(points: int, answered: int) -> tuple[float, int, int]:
    """A respondent's dimension score as the float it rounds to, and that
    float as numerator / 2**shift."""
    value = points / answered
    numerator, denominator = value.as_integer_ratio()
    return value, numerator, denominator.bit_length() - 1


def dimension_stats(tally: Mapping[tuple[int, int], int]) -> Stats | None:
    """Figures of a dimension tally {(points, answered): respondents}."""
    weighted = []
    scale = 0
    low = high = None
    for (points, answered), count in tally.items():
        if count <= 0:
            continue
        value, numerator, shift = score_ratio(points, answered)
        weighted.append((count, numerator, shift))
        scale = max(scale, shift)
        if low is None or value < low:
            low = value
        if high is None or value > high:
            high = value
    if low is None or high is None:
        return None
    return _stats(weighted, scale, low, high)


def item_stats(scored: Sequence[int]) -> Stats | None:
    """Figures of a statement's counts of 1 to 5 (as scored), with them as its distribution."""
    weighted = [(count, value, 0) for value, count in enumerate(scored, start=1) if count > 0]
    if not weighted:
        return None
    stats = _stats(weighted, 0, float(weighted[0][1]), float(weighted[-1][1]))
    stats.distribution = list(scored)
    return stats
