"""Scoring, as DESIGN §2 defines it. Pure: tallies in, results out.

No ORM and no ReportLab here, so every rule is tested with hand-computed
numbers. reports/selectors.py reads the tallies; the PDF and the web page draw
what these functions return.

Reading a dimension: 1 = only manages, 5 = leads. Reverse-keyed items describe
the managing pole and are flipped (6 − answer) before anything is averaged;
dimension tallies are already kept as scored.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .results import (
    AGREE,
    ALL,
    BLIND_SPOT,
    BOSS,
    HIDDEN_STRENGTH,
    OTHER,
    PEER,
    SELF,
    SPLIT,
    TEAM,
    TOO_FEW,
    AssessmentResult,
    CommentEntry,
    DimensionResult,
    Gap,
    GroupSummary,
    ItemResult,
    Stats,
)
from .tally_stats import dimension_stats, item_stats

# Groups whose members answer anonymously, and which "all raters" combines.
ANONYMOUS = (TEAM, PEER, OTHER)
# The order groups are shown in.
ORDER = (SELF, BOSS, TEAM, PEER, OTHER, ALL)


# --- Input ------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionSpec:
    key: str
    name: str
    lead_pole: str
    manage_pole: str
    development_tip: str = ""
    first_action: str = ""


@dataclass(frozen=True)
class ItemSpec:
    id: int
    dimension: str
    text: str
    text_self: str
    reverse: bool = False


@dataclass(frozen=True)
class GroupTallies:
    """One group's answers about one manager, as counted."""

    responses: int = 0
    # item id -> how many answered 1, 2, 3, 4, 5 (raw, before flipping)
    items: Mapping[int, Sequence[int]] = field(default_factory=dict)
    # dimension key -> {(points, answered): respondents}
    dimensions: Mapping[str, Mapping[tuple[int, int], int]] = field(default_factory=dict)


@dataclass(frozen=True)
class GroupInput:
    key: str
    invited: int
    tallies: GroupTallies
    threshold: int
    comment_threshold: int
    named: str = ""


@dataclass(frozen=True)
class Rules:
    gap_threshold: float = 0.5
    # Below this many respondents a gap gets no verdict: "too few to tell".
    min_for_verdict: int = 5


# --- Small rules --------------------------------------------------------------------


def one_decimal(value: float) -> Decimal:
    """The score as the reader sees it: one decimal, halves away from zero (3.25 -> 3.3)."""
    return Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def dimension_values(tally: Mapping[tuple[int, int], int]) -> list[Fraction]:
    """Every respondent's exact score on the dimension, in a fixed order."""
    values: list[Fraction] = []
    for (points, answered), count in sorted(tally.items()):
        values += [Fraction(points, answered)] * count
    return values


def scored_counts(counts: Sequence[int], *, reverse: bool) -> list[int]:
    """A statement's counts of 1–5 as scored (flipped when reverse-keyed)."""
    return list(reversed(counts)) if reverse else list(counts)


def classify_gap(
    self_score: Fraction,
    tally: Mapping[tuple[int, int], int],
    stats: Stats,
    rules: Rules,
    group: str,
) -> Gap:
    """The honest gap: called only when the printed gap passes the threshold and
    most of the group sit on the same side of the self-rating; with fewer than
    `min_for_verdict` respondents, "too few to tell"."""
    printed = one_decimal(float(self_score)) - one_decimal(stats.mean)
    # points/answered against the self score, exactly, by cross-multiplying.
    own_points, own_answered = self_score.numerator, self_score.denominator
    lower = higher = 0
    for (points, answered), count in tally.items():
        if points * own_answered < own_points * answered:
            lower += count
        elif points * own_answered > own_points * answered:
            higher += count
    threshold = Decimal(repr(rules.gap_threshold))
    if abs(printed) < threshold:
        verdict = AGREE
    elif stats.n < rules.min_for_verdict:
        verdict = TOO_FEW
    elif printed > 0:
        verdict = BLIND_SPOT if 2 * lower > stats.n else SPLIT
    else:
        verdict = HIDDEN_STRENGTH if 2 * higher > stats.n else SPLIT
    return Gap(group, float(printed), verdict, lower, higher, stats.n)


def main_group(shown: Sequence[str]) -> str | None:
    """Whose view ranks strengths and development areas: the team's when shown,
    else all raters', else the first anonymous group shown, else the boss's."""
    for key in (TEAM, ALL, PEER, OTHER, BOSS):
        if key in shown:
            return key
    return None


def extremes(dimensions: Sequence[DimensionResult], group: str) -> tuple[list[str], list[str]]:
    """The group's three highest and three lowest dimensions. A dimension that
    ties, as printed, with the last one in is in too (a reader would ask why
    4.3 is a strength and the other 4.3 is not), unless that makes the lists meet."""
    shown = [d for d in dimensions if d.view(group) is not None]
    each = min(3, len(shown) // 2)
    if not each:
        return [], []

    def mean(d: DimensionResult) -> float:
        return d.views[group].mean

    highest = sorted(shown, key=lambda d: (-mean(d), d.key))
    lowest = sorted(shown, key=lambda d: (mean(d), d.key))
    top_cut = one_decimal(mean(highest[each - 1]))
    bottom_cut = one_decimal(mean(lowest[each - 1]))
    top = [d.key for d in highest if one_decimal(mean(d)) >= top_cut]
    bottom = [d.key for d in lowest if one_decimal(mean(d)) <= bottom_cut]
    if set(top) & set(bottom):
        top, bottom = [d.key for d in highest[:each]], [d.key for d in lowest[:each]]
    return top, bottom


def shuffled_within_questions(
    comments: Sequence[CommentEntry], rng: random.Random
) -> list[CommentEntry]:
    """Groups and questions keep their order; within each, any order is lost."""
    buckets: dict[tuple[str, str], list[CommentEntry]] = {}
    for comment in comments:
        buckets.setdefault((comment.group, comment.question), []).append(comment)
    shuffled: list[CommentEntry] = []
    for bucket in buckets.values():
        rng.shuffle(bucket)
        shuffled += bucket
    return shuffled


# --- One manager ------------------------------------------------------------------------


def _self_dimension(tallies: GroupTallies, key: str) -> Fraction | None:
    values = dimension_values(tallies.dimensions.get(key, {}))
    return values[0] if values else None


def _self_item(tallies: GroupTallies, item: ItemSpec) -> float | None:
    scored = scored_counts(tallies.items.get(item.id, (0,) * 5), reverse=item.reverse)
    return next((float(value) for value, c in enumerate(scored, start=1) if c > 0), None)


def _group_shown(group: GroupInput) -> bool:
    return group.tallies.responses >= group.threshold and group.tallies.responses > 0


def _combined(parts: Sequence[GroupInput]) -> GroupInput | None:
    """All raters: the anonymous groups together, a view of its own only when
    every group in it that has answers is shown on its own, so that nothing
    shown can be subtracted from it to reveal a group that is withheld."""
    answered = [g for g in parts if g.tallies.responses > 0]
    if len(answered) < 2 or not all(_group_shown(g) for g in answered):
        return None
    items: dict[int, list[int]] = {}
    dims: dict[str, dict[tuple[int, int], int]] = {}
    for g in answered:
        for item_id, counts in g.tallies.items.items():
            total = items.setdefault(item_id, [0] * 5)
            for i, c in enumerate(counts):
                total[i] += c
        for key, tally in g.tallies.dimensions.items():
            merged = dims.setdefault(key, {})
            for score, count in tally.items():
                merged[score] = merged.get(score, 0) + count
    return GroupInput(
        key=ALL,
        invited=sum(g.invited for g in answered),
        tallies=GroupTallies(sum(g.tallies.responses for g in answered), items, dims),
        threshold=max(g.threshold for g in answered),
        comment_threshold=max(g.comment_threshold for g in answered),
    )


def _respondents(tally: Mapping[tuple[int, int], int]) -> int:
    return sum(count for count in tally.values() if count > 0)


def _cell_parts_shown(parts: Sequence[GroupInput], counts: Mapping[str, int]) -> bool:
    """A combined cell is shown only if each part with answers in it is shown."""
    return all(counts.get(g.key, 0) == 0 or counts[g.key] >= g.threshold for g in parts)


def score_assessment(
    *,
    manager_name: str,
    cycle_name: str,
    period: str,
    released_on: str = "",
    language: str = "en",
    dimensions: Sequence[DimensionSpec],
    items: Sequence[ItemSpec],
    groups: Sequence[GroupInput],
    comments: Sequence[CommentEntry] = (),
    rules: Rules = Rules(),
    shuffle_seed: int | None = None,
) -> AssessmentResult:
    by_key = {g.key: g for g in groups}
    own = by_key.get(SELF, GroupInput(SELF, 0, GroupTallies(), 1, 1))
    raters = [by_key[k] for k in (BOSS, *ANONYMOUS) if k in by_key]
    anonymous = [g for g in raters if g.key in ANONYMOUS]
    combined = _combined(anonymous)
    shown_groups = [g for g in raters if _group_shown(g)]
    if combined is not None:
        shown_groups.append(combined)
    shown_keys = [g.key for g in shown_groups]
    items_by_dimension: dict[str, list[ItemSpec]] = {}
    for item in items:
        items_by_dimension.setdefault(item.dimension, []).append(item)

    results: list[DimensionResult] = []
    for spec in dimensions:
        self_score = _self_dimension(own.tallies, spec.key)
        views: dict[str, Stats | None] = {}
        tally_of: dict[str, Mapping[tuple[int, int], int]] = {}
        for g in shown_groups:
            tally = g.tallies.dimensions.get(spec.key, {})
            stats = dimension_stats(tally)
            enough = stats is not None and stats.n >= g.threshold
            if g.key == ALL:
                counts = {
                    p.key: _respondents(p.tallies.dimensions.get(spec.key, {})) for p in anonymous
                }
                enough = enough and _cell_parts_shown(anonymous, counts)
            views[g.key] = stats if enough else None
            tally_of[g.key] = tally
        result = DimensionResult(
            key=spec.key,
            name=spec.name,
            lead_pole=spec.lead_pole,
            manage_pole=spec.manage_pole,
            development_tip=spec.development_tip,
            first_action=spec.first_action,
            self_score=float(self_score) if self_score is not None else None,
            views=views,
            items=[
                _score_item(item, own, shown_groups, anonymous)
                for item in items_by_dimension.get(spec.key, [])
            ],
        )
        if self_score is not None:
            for key, stats in views.items():
                if stats is not None:
                    result.gaps[key] = classify_gap(self_score, tally_of[key], stats, rules, key)
        results.append(result)

    main = main_group(shown_keys)
    strengths, development = extremes(results, main) if main else ([], [])
    blind = sorted(
        ((d, g) for d in results for g in d.gaps.values() if g.verdict == BLIND_SPOT),
        key=lambda pair: (-pair[1].value, ORDER.index(pair[1].group), pair[0].key),
    )
    hidden = sorted(
        ((d, g) for d in results for g in d.gaps.values() if g.verdict == HIDDEN_STRENGTH),
        key=lambda pair: (pair[1].value, ORDER.index(pair[1].group), pair[0].key),
    )
    focus = _focus(results, main, blind, development)

    summaries = [
        GroupSummary(
            key=g.key,
            invited=g.invited,
            responses=g.tallies.responses,
            threshold=g.threshold,
            comment_threshold=g.comment_threshold,
            shown=g.key in shown_keys or (g.key == SELF and g.tallies.responses > 0),
            comments_shown=(g.key in shown_keys and g.tallies.responses >= g.comment_threshold),
            named=g.named,
        )
        for g in sorted([own, *raters], key=lambda g: ORDER.index(g.key))
    ]
    if combined is not None:
        summaries.append(
            GroupSummary(ALL, combined.invited, combined.tallies.responses,
                         combined.threshold, combined.comment_threshold, True, False)
        )  # fmt: skip
    comments_shown = {s.key for s in summaries if s.comments_shown}
    rng = random.Random(shuffle_seed)  # noqa: S311 - order, not secrecy
    team_comments = [c for c in comments if c.group != SELF and c.group in comments_shown]

    return AssessmentResult(
        manager_name=manager_name,
        cycle_name=cycle_name,
        period=period,
        released_on=released_on,
        language=language,
        gap_threshold=rules.gap_threshold,
        groups=summaries,
        self_done=own.tallies.responses > 0,
        main_group=main,
        dimensions=results,
        strengths=strengths,
        development_areas=development,
        blind_spots=[[d.key, g.group] for d, g in blind],
        hidden_strengths=[[d.key, g.group] for d, g in hidden],
        focus=focus,
        comments=shuffled_within_questions(
            sorted(team_comments, key=lambda c: ORDER.index(c.group)), rng
        ),
        self_comments=[c for c in comments if c.group == SELF],
    )


def _focus(results, main, blind, development) -> str | None:
    """One suggested focus: the largest clear blind spot against the main view,
    else the main view's lowest dimension, else the lowest self-rating."""
    for d, gap in blind:
        if gap.group == main:
            return d.key
    if development:
        return development[0]
    rated = [d for d in results if d.self_score is not None]
    return min(rated, key=lambda d: (d.self_score, d.key)).key if rated else None


def _score_item(
    item: ItemSpec,
    own: GroupInput,
    shown_groups: Sequence[GroupInput],
    anonymous: Sequence[GroupInput],
) -> ItemResult:
    views: dict[str, Stats | None] = {}
    for g in shown_groups:
        stats = item_stats(
            scored_counts(g.tallies.items.get(item.id, (0,) * 5), reverse=item.reverse)
        )
        enough = stats is not None and stats.n >= g.threshold
        if g.key == ALL:
            counts = {p.key: sum(p.tallies.items.get(item.id, (0,) * 5)) for p in anonymous}
            enough = enough and _cell_parts_shown(anonymous, counts)
        views[g.key] = stats if enough else None
    return ItemResult(
        id=item.id,
        text=item.text,
        text_self=item.text_self,
        reverse=item.reverse,
        self_score=_self_item(own.tallies, item),
        views=views,
    )
