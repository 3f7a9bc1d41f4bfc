"""The manager's gap report: cover, summary, chart, tables, comments, actions, method."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from . import charts
from .fonts import user_markup
from .pdf import (
    CELL_LIMIT,
    COMMENT_MAX_CHARS,
    COMMENTS_HIDDEN,
    CONFIDENTIAL,
    COVER_TITLE,
    ITEM_WITHHELD,
    METHOD,
    MISSING,
    RESPONDED,
    SELF_MISSING,
    SELF_RECEIVED,
    TEAM_WITHHELD,
    WITHHELD,
    Renderer,
    one,
    signed,
    table_style,
    user_lines,
)
from .scoring import BLIND_SPOT, HIDDEN_STRENGTH, AssessmentResult, CommentEntry, DimensionResult


class ManagerReport(Renderer):
    def __init__(self, result: AssessmentResult, *, page_size: str = "A4") -> None:
        super().__init__(page_size=page_size)
        self.result = result
        self.title = f"{COVER_TITLE}: {result.manager_name}, {result.cycle_name}"

    def footer(self) -> str:
        r = self.result
        name, cycle = user_markup(r.manager_name, limit=80), user_markup(r.cycle_name, limit=80)
        return f"{name} · {cycle} · {CONFIDENTIAL}"

    def story(self) -> list[Flowable]:
        return [
            *self.cover(),
            *self.summary(),
            *self.chart(),
            *self.dimension_table(),
            *self.item_table(),
            *self.comments(),
            *self.actions(),
            *self.method(),
        ]

    @property
    def withheld_sentence(self) -> str:
        return TEAM_WITHHELD.format(k=self.result.k)

    def cover(self) -> list[Flowable]:
        r = self.result
        story = [
            Spacer(1, 50 * mm),
            self.p(COVER_TITLE, "title"),
            self.p(user_markup(r.manager_name, bold=True), "name"),
            self.p(user_markup(r.cycle_name), "cover"),
            self.p(user_markup(r.period), "cover"),
            Spacer(1, 10 * mm),
            self.p(RESPONDED.format(responses=r.team_responses, invited=r.team_invited), "cover"),
            self.p(SELF_RECEIVED if r.self_done else SELF_MISSING, "cover"),
        ]
        if r.team_view_withheld:
            story += [Spacer(1, 6 * mm), self.p(self.withheld_sentence, "cover")]
        return [*story, PageBreak()]

    def summary(self) -> list[Flowable]:
        r = self.result
        story = self.h1("Summary")
        if r.team_view_withheld:
            story.append(self.p(self.withheld_sentence))
            story.append(
                self.p(
                    "This report therefore shows only your self-assessment. Your lowest "
                    "self-ratings are listed under suggested development actions: they are a "
                    "good place to start a conversation with your team."
                    if r.self_done
                    else "There is no self-assessment either, so this report has no scores to show."
                )
            )
            return [*story, PageBreak()]

        gap = one(r.gap_threshold)
        story.append(
            self.p(
                "Scores run from 1 (only manages) to 5 (leads). The gap is your self-rating "
                "minus your team's mean."
            )
        )
        sections = [
            ("Top strengths", "The dimensions your team rated highest.", r.strengths),
            ("Development areas", "The dimensions your team rated lowest.", r.development_areas),
            (
                "Blind spots",
                f"You rated yourself at least {gap} higher than your team did.",
                r.blind_spots,
            ),
            (
                "Hidden strengths",
                f"Your team rated you at least {gap} higher than you did.",
                r.hidden_strengths,
            ),
        ]
        for heading, meaning, keys in sections:
            story += [self.p(heading, "h2"), self.p(meaning, "note")]
            if not keys:
                story.append(self.p("None this time.", "item"))
            for key in keys:
                story.append(self.p(self._summary_line(r.dimension(key)), "item"))

        withheld = [d for d in r.dimensions if d.withheld]
        if withheld:
            names = ", ".join(user_markup(d.name) for d in withheld)
            story.append(Spacer(1, 4 * mm))
            story.append(
                self.p(
                    f"Too few answers to show the team view for: {names}. Each needs at least "
                    f"{r.k} team members who answered it."
                )
            )
        return [*story, PageBreak()]

    def _summary_line(self, d: DimensionResult) -> str:
        team = d.team.mean if d.team is not None else None
        line = (
            f"<bullet>•</bullet><b>{user_markup(d.name, bold=True)}</b>: team {one(team)}, "
            f"self {one(d.self_score)}, gap {signed(d.gap)}"
        )
        reading = _noise(d)
        return f"{line} ({reading})" if reading else line

    def chart(self) -> list[Flowable]:
        r = self.result
        story = self.h1("Self and team on each dimension")
        story.append(
            self.p(
                "Each line runs from the managing pole (1) on the left to the leading pole (5) on "
                "the right."
            )
        )
        if r.team_view_withheld:
            story.append(self.p(self.withheld_sentence))
        return [
            *story,
            Spacer(1, 2 * mm),
            charts.legend(self.width, show_team=not r.team_view_withheld),
            Spacer(1, 2 * mm),
            charts.dimension_chart(r.dimensions, self.width, self.styles),
        ]

    def dimension_table(self) -> list[Flowable]:
        r = self.result
        rows: list[list[object]] = [["Dimension", "Self", "Team", "Gap", "n", "SD"]]
        for d in r.dimensions:
            team = d.team
            gap = signed(d.gap)
            reading = ", ".join(filter(None, [_gap_kind(d), _noise(d)]))
            rows.append(
                [
                    self.p(user_markup(d.name, limit=CELL_LIMIT), "cell"),
                    one(d.self_score),
                    WITHHELD if team is None else one(team.mean),
                    self.p(
                        f"{gap}<br/><font size=7>{reading}</font>" if reading else gap,
                        "cell_centre",
                    )
                    if team is not None
                    else MISSING,
                    MISSING if team is None else str(team.n),
                    MISSING if team is None else one(team.sd),
                ]
            )
        w = self.width
        table = Table(
            rows, colWidths=[w * 0.38, w * 0.1, w * 0.11, w * 0.23, w * 0.08, w * 0.1], repeatRows=1
        )
        table.setStyle(table_style())
        return [
            *self.h1("Scores by dimension"),
            table,
            Spacer(1, 2 * mm),
            self.p(
                "Gap = self minus team. “Clear”: your self-rating lies outside the 95% interval "
                "of the team mean. “Within the noise”: it lies inside, so the gap may be chance. "
                "n: team members who answered. SD: how much they disagreed with each other.",
                "note",
            ),
        ]

    def item_table(self) -> list[Flowable]:
        r = self.result
        withheld = ITEM_WITHHELD.format(k=r.k)
        rows: list[list[object]] = [["Statement", "Self", "Team", "n", "SD"]]
        commands: list[tuple] = [("ALIGN", (0, 0), (0, -1), "LEFT")]
        for d in r.dimensions:
            top = len(rows)
            commands += [
                ("SPAN", (0, top), (-1, top)),
                ("BACKGROUND", (0, top), (-1, top), colors.HexColor("#F6F6F6")),
            ]
            if d.items:  # the name stays with its first item
                commands.append(("NOSPLIT", (0, top), (-1, top + 1)))
            name = user_markup(d.name, bold=True, limit=CELL_LIMIT)
            rows.append([self.p(name, "cell_bold"), "", "", "", ""])
            for item in d.items:
                text = user_markup(item.text_team, limit=CELL_LIMIT)
                if item.reverse:
                    text += ' <font color="#5A5A5A">(reverse-scored)</font>'
                team = item.team
                if team is None:
                    commands.append(("SPAN", (2, len(rows)), (-1, len(rows))))
                    numbers = [withheld, "", ""]
                else:
                    numbers = [one(team.mean), str(team.n), one(team.sd)]
                rows.append([self.p(text, "cell"), one(item.self_score), *numbers])
        w = self.width
        table = Table(rows, colWidths=[w * 0.58, w * 0.1, w * 0.12, w * 0.1, w * 0.1], repeatRows=1)
        table.setStyle(table_style(*commands))
        return [
            *self.h1("Statements"),
            self.p(
                "Each statement as your team saw it. Reverse-scored statements describe "
                "managing; their scores are flipped, so a higher number always means closer "
                "to leading.",
                "note",
            ),
            Spacer(1, 2 * mm),
            table,
        ]

    def comments(self) -> list[Flowable]:
        r = self.result
        story = self.h1("Comments from your team")
        if not r.comments_shown:
            story.append(self.p(COMMENTS_HIDDEN.format(comment_k=r.comment_k)))
        elif not r.team_comments:
            story.append(self.p("No team member wrote a comment."))
        else:
            story.append(
                self.p(
                    "As written, in random order and without names. Very long comments are "
                    "shortened.",
                    "note",
                )
            )
            story += self._grouped(r.team_comments)
        if r.self_comments:
            story += [self.p("Your own notes", "h2"), *self._grouped(r.self_comments, level="")]
        return story

    def _grouped(self, entries: Sequence[CommentEntry], level: str = "h2") -> list[Flowable]:
        """Comments under their question, keeping the given (shuffled) order within it."""
        by_question: dict[str, list[str]] = {}
        for entry in entries:
            by_question.setdefault(entry.question, []).append(entry.text)
        story: list[Flowable] = []
        for question, texts in by_question.items():
            story.append(
                self.p(f"<b>{user_markup(question, bold=True, limit=300)}</b>", level or "body")
            )
            story += [
                self.p(user_lines(text, limit=COMMENT_MAX_CHARS), "comment") for text in texts
            ]
        return story

    def actions(self) -> list[Flowable]:
        r = self.result
        focus = r.suggested_focus()
        story = self.h1("Suggested development actions")
        if not focus:
            return [*story, self.p("There are not enough scores to suggest where to start.")]
        whose = "your team's scores" if r.development_areas else "your own scores"
        story.append(
            self.p(
                f"The dimensions where {whose} were lowest. Pick one or two, and agree concrete "
                "steps with your team or your own manager."
            )
        )
        for d in focus:
            story += [self.p(user_markup(d.name, bold=True), "h2"), self.p(_reading(d))]
            tip = d.development_tip.strip()
            story.append(
                self.p(
                    f"<b>Try this:</b> {user_lines(tip, limit=4000)}"
                    if tip
                    else "Ask your team what one change would move you a step towards leading here."
                )
            )
        return story

    def method(self) -> list[Flowable]:
        r = self.result
        text = METHOD.format(k=r.k, comment_k=r.comment_k, gap=one(r.gap_threshold))
        story: list[Flowable] = [PageBreak(), self.p("Method and anonymity", "h1")]
        for section in text.strip().split("\n\n"):
            heading, _, body = section.partition("\n")
            story += [self.p(heading, "h2"), self.p(" ".join(body.split()))]
        return story


def _gap_kind(d: DimensionResult) -> str:
    return {BLIND_SPOT: "blind spot", HIDDEN_STRENGTH: "hidden strength"}.get(d.gap_kind or "", "")


def _noise(d: DimensionResult) -> str:
    return {True: "clear", False: "within the noise"}.get(d.gap_beyond_noise, "")


def _reading(d: DimensionResult) -> str:
    """Our own sentence on what the score means, before the instrument's tip."""
    if d.team is None:
        if d.self_score is None:
            return "There are too few answers to score this dimension."
        return (
            f"You rated yourself {one(d.self_score)} of 5 here, one of your lowest self-ratings. "
            "Without a team view, treat it as a question to explore with your team, not a verdict."
        )
    mean = d.team.mean
    if mean < 2.5:
        where = f"nearer the managing end: {user_markup(d.manage_pole)}"
    elif mean <= 3.5:
        where = "in the middle, between managing and leading"
    else:
        where = f"towards the leading end: {user_markup(d.lead_pole)}"
    text = f"Your team placed you at {one(mean)} of 5, {where}."
    if d.gap_kind == BLIND_SPOT:
        text += (
            f" You rated yourself higher ({one(d.self_score)}): before changing anything, ask "
            "your team for examples of what they see."
        )
    elif d.gap_kind == HIDDEN_STRENGTH:
        text += (
            f" You rated yourself lower ({one(d.self_score)}): your team sees more of this in "
            "you than you do, so build on it."
        )
    elif d.self_score is not None:
        text += (
            f" Your own rating ({one(d.self_score)}) is close to theirs, so you and your team "
            "start from the same picture."
        )
    return text
