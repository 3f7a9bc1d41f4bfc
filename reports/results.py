"""What a released report says, as plain data: frozen at release as JSON and
drawn from by both the PDF and the web page, so the two cannot disagree.

Facts only, no prose: the renderers phrase them in the reader's language.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

SELF, TEAM, PEER, BOSS, OTHER, ALL = "self", "team", "peer", "boss", "other", "all"
# Gap verdicts, against one group (DESIGN §2, "honest gaps").
BLIND_SPOT = "blind_spot"  # you rate yourself clearly higher than they do
HIDDEN_STRENGTH = "hidden_strength"  # they rate you clearly higher than you do
SPLIT = "split"  # the printed gap is large, but the group is divided about it
TOO_FEW = "too_few"  # the printed gap is large, but too few answered to tell
AGREE = "agree"  # the printed gap is under the threshold
# Changes since the previous cycle.
RISE, FALL, NO_CLEAR_CHANGE, CHANGE_HIDDEN = "rise", "fall", "steady", "hidden"


@dataclass
class Stats:
    """One group's figures on one dimension or statement."""

    n: int
    mean: float
    sd: float | None
    min: float
    max: float
    # Statements only: how many chose each answer, 1 to 5, as scored.
    distribution: list[int] | None = None


@dataclass
class Gap:
    """Self against one group, on the printed (one-decimal) scores."""

    group: str
    value: float  # printed self minus printed group score
    verdict: str
    lower: int  # respondents who rated lower than the self-rating
    higher: int  # … higher than it
    n: int


@dataclass
class Trend:
    """One group's score on a dimension now and in the previous cycle."""

    group: str
    previous: float | None
    current: float | None
    change: float | None  # printed current minus printed previous
    verdict: str
    previous_cycle: str


@dataclass
class ItemResult:
    id: int
    text: str  # as the manager's team read it
    text_self: str
    reverse: bool
    self_score: float | None
    views: dict[str, Stats | None]  # None: the group answered, too few for this one


@dataclass
class DimensionResult:
    key: str
    name: str
    lead_pole: str
    manage_pole: str
    development_tip: str
    first_action: str
    self_score: float | None
    views: dict[str, Stats | None]
    gaps: dict[str, Gap] = field(default_factory=dict)
    trends: dict[str, Trend] = field(default_factory=dict)
    # Where the team's score sits among the organisation's managers: 1 (bottom
    # quarter) to 4 (top quarter); None when there is no norm to show.
    norm_quartile: int | None = None
    items: list[ItemResult] = field(default_factory=list)

    def view(self, group: str | None) -> Stats | None:
        return self.views.get(group) if group else None


@dataclass
class GroupSummary:
    """A rater group as the report shows it."""

    key: str
    invited: int
    responses: int
    threshold: int
    comment_threshold: int
    shown: bool
    comments_shown: bool
    named: str = ""  # the manager's manager: shown under that role


@dataclass
class CommentEntry:
    group: str
    question: str
    text: str


@dataclass
class AssessmentResult:
    manager_name: str
    cycle_name: str
    period: str
    released_on: str
    language: str
    gap_threshold: float
    groups: list[GroupSummary]
    self_done: bool
    # The group whose view ranks strengths and development areas.
    main_group: str | None
    dimensions: list[DimensionResult]
    strengths: list[str] = field(default_factory=list)
    development_areas: list[str] = field(default_factory=list)
    # (dimension key, group), largest gap first.
    blind_spots: list[list[str]] = field(default_factory=list)
    hidden_strengths: list[list[str]] = field(default_factory=list)
    focus: str | None = None
    comments: list[CommentEntry] = field(default_factory=list)
    self_comments: list[CommentEntry] = field(default_factory=list)
    previous_cycle: str = ""
    norm_managers: int = 0

    # --- Reading helpers -----------------------------------------------------------

    def dimension(self, key: str) -> DimensionResult:
        return next(d for d in self.dimensions if d.key == key)

    def group(self, key: str) -> GroupSummary | None:
        return next((g for g in self.groups if g.key == key), None)

    @property
    def shown_groups(self) -> list[str]:
        return [g.key for g in self.groups if g.shown and g.key != SELF]

    @property
    def any_view(self) -> bool:
        """Does any rater group's view appear at all?"""
        return bool(self.shown_groups)

    @property
    def team(self) -> GroupSummary | None:
        return self.group(TEAM)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> AssessmentResult:
        data = dict(data)
        data["groups"] = [GroupSummary(**g) for g in data["groups"]]
        data["dimensions"] = [_dimension(d) for d in data["dimensions"]]
        data["comments"] = [CommentEntry(**c) for c in data["comments"]]
        data["self_comments"] = [CommentEntry(**c) for c in data["self_comments"]]
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def _views(data: dict) -> dict[str, Stats | None]:
    return {group: Stats(**s) if s is not None else None for group, s in data.items()}


def _dimension(data: dict) -> DimensionResult:
    data = dict(data)
    data["views"] = _views(data["views"])
    data["gaps"] = {g: Gap(**v) for g, v in data.get("gaps", {}).items()}
    data["trends"] = {g: Trend(**v) for g, v in data.get("trends", {}).items()}
    data["items"] = [ItemResult(**{**i, "views": _views(i["views"])}) for i in data["items"]]
    return DimensionResult(**data)


# --- The cycle overview for HR ----------------------------------------------------------


@dataclass
class OverviewRow:
    manager_name: str
    # Per group: (invited, responses). Counts of people, never of answers.
    rates: dict[str, list[int]]
    self_done: bool
    team_shown: bool
    # Team means per dimension key; None where withheld.
    scores: dict[str, float | None]
    # Norm quartile per dimension key (1–4), where a norm exists.
    quartiles: dict[str, int | None] = field(default_factory=dict)


@dataclass
class OverviewDimension:
    key: str
    name: str


@dataclass
class CycleOverview:
    cycle_name: str
    period: str
    released_on: str
    k: int
    groups: list[str]
    dimensions: list[OverviewDimension]
    rows: list[OverviewRow]
    invited: int
    responses: int
    norms_shown: bool = False

    @property
    def response_rate(self) -> float:
        return self.responses / self.invited if self.invited else 0.0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> CycleOverview:
        data = dict(data)
        data["dimensions"] = [OverviewDimension(**d) for d in data["dimensions"]]
        data["rows"] = [OverviewRow(**r) for r in data["rows"]]
        return cls(**data)
