"""Scoring, as DESIGN §2 defines it. Pure: plain data in, dataclasses out.

No ORM and no ReportLab here, so every rule is tested with hand-computed
numbers. reports/services.py reads the database and feeds these functions;
reports/pdf.py draws what they return.

Reading a dimension: 1 = only manages, 5 = leads. Reverse-keyed items describe
the managing pole and are flipped (6 − answer) before anything is averaged.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from statistics import fmean, stdev

SELF, TEAM = "self", "team"
BLIND_SPOT, HIDDEN_STRENGTH = "blind_spot", "hidden_strength"
_EPS = 1e-9

# Two-sided 95% critical values of Student's t, by degrees of freedom.
_T95 = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
    9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120,
    17: 2.110, 18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064,
    25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042, 40: 2.021, 60: 2.000,
    120: 1.980,
}  # fmt: skip


def t95(df: int) -> float:
    if df in _T95:
        return _T95[df]
    larger = [d for d in _T95 if d > df]
    return _T95[min(larger)] if larger else 1.960


# --- Input ----------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionSpec:
    key: str
    name: str
    lead_pole: str
    manage_pole: str
    development_tip: str = ""


@dataclass(frozen=True)
class ItemSpec:
    id: int
    dimension: str
    text_team: str
    text_self: str
    reverse: bool = False


@dataclass(frozen=True)
class Sheet:
    """One respondent's answers: item id -> 1..5. "Can't say" is simply absent."""

    relationship: str
    answers: dict[int, int]


@dataclass(frozen=True)
class Rules:
    k: int = 3
    comment_k: int = 4
    gap_threshold: float = 0.5


# --- Output -----------------------------------------------------------------------


@dataclass
class Stats:
    n: int
    mean: float
    sd: float | None
    min: float
    max: float
    ci_low: float | None
    ci_high: float | None


@dataclass
class ItemResult:
    id: int
    text_team: str
    text_self: str
    reverse: bool
    self_score: float | None
    team: Stats | None
    withheld: bool


@dataclass
class DimensionResult:
    key: str
    name: str
    lead_pole: str
    manage_pole: str
    development_tip: str
    self_score: float | None
    team: Stats | None
    withheld: bool
    gap: float | None = None
    gap_kind: str | None = None
    gap_beyond_noise: bool | None = None
    items: list[ItemResult] = field(default_factory=list)


@dataclass
class CommentEntry:
    question: str
    text: str


@dataclass
class AssessmentResult:
    manager_name: str
    cycle_name: str
    period: str
    k: int
    comment_k: int
    gap_threshold: float
    team_invited: int
    team_responses: int
    self_done: bool
    team_view_withheld: bool
    comments_shown: bool
    dimensions: list[DimensionResult]
    strengths: list[str] = field(default_factory=list)
    development_areas: list[str] = field(default_factory=list)
    blind_spots: list[str] = field(default_factory=list)
    hidden_strengths: list[str] = field(default_factory=list)
    team_comments: list[CommentEntry] = field(default_factory=list)
    self_comments: list[CommentEntry] = field(default_factory=list)

    def dimension(self, key: str) -> DimensionResult:
        return next(d for d in self.dimensions if d.key == key)

    def suggested_focus(self, limit: int = 3) -> list[DimensionResult]:
        """The weakest dimensions: by the team's view, or by the manager's own
        when the team view is withheld."""
        if self.development_areas:
            return [self.dimension(key) for key in self.development_areas[:limit]]
        rated = [d for d in self.dimensions if d.self_score is not None]
        return sorted(rated, key=lambda d: (d.self_score, d.key))[: min(limit, 2)]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> AssessmentResult:
        data = dict(data)
        data["dimensions"] = [_dimension_from_dict(d) for d in data["dimensions"]]
        data["team_comments"] = [CommentEntry(**c) for c in data["team_comments"]]
        data["self_comments"] = [CommentEntry(**c) for c in data["self_comments"]]
        return cls(**data)


def _stats_from_dict(data: dict | None) -> Stats | None:
    return Stats(**data) if data is not None else None


def _dimension_from_dict(data: dict) -> DimensionResult:
    data = dict(data)
    data["team"] = _stats_from_dict(data["team"])
    data["items"] = [
        ItemResult(**{**item, "team": _stats_from_dict(item["team"])}) for item in data["items"]
    ]
    return DimensionResult(**data)


# --- The rules ------------------------------------------------------------------------


def one_decimal(value: float) -> Decimal:
    """The score as the reader sees it: one decimal, halves away from zero (3.25 -> 3.3)."""
    return Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def item_score(item: ItemSpec, answer: int) -> int:
    return 6 - answer if item.reverse else answer


def describe(values: Sequence[float]) -> Stats:
    """n, mean, sample SD, range and the 95% interval of the mean."""
    n = len(values)
    mean = fmean(values)
    sd = stdev(values) if n >= 2 else None
    if sd is None:
        low = high = None
    else:
        half = t95(n - 1) * sd / math.sqrt(n)
        low, high = mean - half, mean + half
    return Stats(n, mean, sd, min(values), max(values), low, high)


def respondent_dimension_scores(sheet: Sheet, items: Sequence[ItemSpec]) -> dict[str, float]:
    """Mean of the respondent's answered items per dimension, reverse items flipped.
    A dimension with no answered item is absent, not zero."""
    by_dimension: dict[str, list[int]] = {}
    for item in items:
        if item.id in sheet.answers:
            by_dimension.setdefault(item.dimension, []).append(
                item_score(item, sheet.answers[item.id])
            )
    return {key: fmean(values) for key, values in by_dimension.items()}


def classify_gap(gap: float, threshold: float) -> str | None:
    if gap >= threshold - _EPS:
        return BLIND_SPOT
    if gap <= -threshold + _EPS:
        return HIDDEN_STRENGTH
    return None


def gap_beyond_noise(self_score: float, team: Stats) -> bool | None:
    """Is the self-view outside the 95% interval of the team mean? None when the
    team is too small to say (fewer than two answers)."""
    if team.ci_low is None or team.ci_high is None:
        return None
    return not (team.ci_low - _EPS <= self_score <= team.ci_high + _EPS)


def score_assessment(
    *,
    manager_name: str,
    cycle_name: str,
    period: str,
    dimensions: Sequence[DimensionSpec],
    items: Sequence[ItemSpec],
    sheets: Iterable[Sheet],
    team_invited: int,
    team_comments: Sequence[CommentEntry] = (),
    self_comments: Sequence[CommentEntry] = (),
    rules: Rules = Rules(),
    shuffle_seed: int | None = None,
) -> AssessmentResult:
    sheets = list(sheets)
    team_sheets = [s for s in sheets if s.relationship == TEAM]
    self_sheet = next((s for s in sheets if s.relationship == SELF), None)
    team_n = len(team_sheets)
    team_withheld = team_n < rules.k
    comments_shown = not team_withheld and team_n >= rules.comment_k

    team_dimension_scores = [respondent_dimension_scores(s, items) for s in team_sheets]
    self_dimension_scores = respondent_dimension_scores(self_sheet, items) if self_sheet else {}
    items_by_dimension: dict[str, list[ItemSpec]] = {}
    for item in items:
        items_by_dimension.setdefault(item.dimension, []).append(item)

    results: list[DimensionResult] = []
    for spec in dimensions:
        values = [scores[spec.key] for scores in team_dimension_scores if spec.key in scores]
        withheld = team_withheld or len(values) < rules.k
        team = None if withheld else describe(values)
        self_score = self_dimension_scores.get(spec.key)
        result = DimensionResult(
            key=spec.key,
            name=spec.name,
            lead_pole=spec.lead_pole,
            manage_pole=spec.manage_pole,
            development_tip=spec.development_tip,
            self_score=self_score,
            team=team,
            withheld=withheld,
            items=[
                _score_item(item, team_sheets, self_sheet, rules, team_withheld)
                for item in items_by_dimension.get(spec.key, [])
            ],
        )
        if team is not None and self_score is not None:
            result.gap = self_score - team.mean
            result.gap_kind = classify_gap(result.gap, rules.gap_threshold)
            result.gap_beyond_noise = gap_beyond_noise(self_score, team)
        results.append(result)

    strengths, development = _extremes([d for d in results if d.team is not None])
    comments = _shuffled_within_questions(team_comments, shuffle_seed) if comments_shown else []

    return AssessmentResult(
        manager_name=manager_name,
        cycle_name=cycle_name,
        period=period,
        k=rules.k,
        comment_k=rules.comment_k,
        gap_threshold=rules.gap_threshold,
        team_invited=team_invited,
        team_responses=team_n,
        self_done=self_sheet is not None,
        team_view_withheld=team_withheld,
        comments_shown=comments_shown,
        dimensions=results,
        strengths=strengths,
        development_areas=development,
        blind_spots=[d.key for d in results if d.gap_kind == BLIND_SPOT],
        hidden_strengths=[d.key for d in results if d.gap_kind == HIDDEN_STRENGTH],
        team_comments=comments,
        self_comments=list(self_comments),
    )


def _extremes(shown: list[DimensionResult]) -> tuple[list[str], list[str]]:
    """The team's three highest and three lowest dimensions. A dimension that
    ties, as printed, with the last one in is in too (a reader would ask why
    4.3 is a strength and the other 4.3 is not), unless that makes the lists meet."""
    each = min(3, len(shown) // 2)
    if not each:
        return [], []
    highest = sorted(shown, key=lambda d: (-d.team.mean, d.key))
    lowest = sorted(shown, key=lambda d: (d.team.mean, d.key))
    top_cut = one_decimal(highest[each - 1].team.mean)
    bottom_cut = one_decimal(lowest[each - 1].team.mean)
    top = [d.key for d in highest if one_decimal(d.team.mean) >= top_cut]
    bottom = [d.key for d in lowest if one_decimal(d.team.mean) <= bottom_cut]
    if set(top) & set(bottom):
        top, bottom = [d.key for d in highest[:each]], [d.key for d in lowest[:each]]
    return top, bottom


def _shuffled_within_questions(comments: Sequence[CommentEntry], seed: int | None) -> list:
    """Questions keep their order; within each, the order of arrival is lost."""
    rng = random.Random(seed)  # noqa: S311 - order, not secrecy
    groups: dict[str, list[CommentEntry]] = {}
    for comment in comments:
        groups.setdefault(comment.question, []).append(comment)
    shuffled: list[CommentEntry] = []
    for group in groups.values():
        rng.shuffle(group)
        shuffled += group
    return shuffled


def _score_item(
    item: ItemSpec,
    team_sheets: Sequence[Sheet],
    self_sheet: Sheet | None,
    rules: Rules,
    team_withheld: bool,
) -> ItemResult:
    values = [item_score(item, s.answers[item.id]) for s in team_sheets if item.id in s.answers]
    withheld = team_withheld or len(values) < rules.k
    self_score = (
        item_score(item, self_sheet.answers[item.id])
        if self_sheet is not None and item.id in self_sheet.answers
        else None
    )
    return ItemResult(
        id=item.id,
        text_team=item.text_team,
        text_self=item.text_self,
        reverse=item.reverse,
        self_score=self_score,
        team=None if withheld else describe(values),
        withheld=withheld,
    )


# --- The cycle overview for HR --------------------------------------------------------------


@dataclass
class OverviewRow:
    manager_name: str
    team_invited: int
    team_responses: int
    self_done: bool
    team_view_withheld: bool
    scores: dict[str, float | None]


@dataclass
class CycleOverview:
    cycle_name: str
    period: str
    k: int
    dimensions: list[DimensionSpec]
    rows: list[OverviewRow]
    invited: int
    responses: int

    @property
    def response_rate(self) -> float:
        return self.responses / self.invited if self.invited else 0.0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> CycleOverview:
        data = dict(data)
        data["dimensions"] = [DimensionSpec(**d) for d in data["dimensions"]]
        data["rows"] = [OverviewRow(**r) for r in data["rows"]]
        return cls(**data)


def cycle_overview(
    *,
    cycle_name: str,
    period: str,
    k: int,
    dimensions: Sequence[DimensionSpec],
    results: Sequence[AssessmentResult],
) -> CycleOverview:
    """Response rates and the managers × dimensions heat map, each cell under
    the same threshold as the manager's own report."""
    rows = [
        OverviewRow(
            manager_name=r.manager_name,
            team_invited=r.team_invited,
            team_responses=r.team_responses,
            self_done=r.self_done,
            team_view_withheld=r.team_view_withheld,
            scores={d.key: (d.team.mean if d.team is not None else None) for d in r.dimensions},
        )
        for r in sorted(results, key=lambda r: r.manager_name.casefold())
    ]
    invited = sum(r.team_invited + 1 for r in results)
    responses = sum(r.team_responses + (1 if r.self_done else 0) for r in results)
    return CycleOverview(
        cycle_name=cycle_name,
        period=period,
        k=k,
        dimensions=list(dimensions),
        rows=rows,
        invited=invited,
        responses=responses,
    )
