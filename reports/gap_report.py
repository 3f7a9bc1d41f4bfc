"""The manager's report as a PDF: page one carries the message (headline, the
chart, three things); then where views differ, scores by group, changes since
last time, the statements, comments, and the method at the back. Below every
threshold it is a short report that says why there are no numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table

from . import charts, fonts, narrative
from .fonts import user_markup
from .narrative import MISSING, group_label, one
from .pdf_base import (
    CELL_LIMIT,
    COMMENT_MAX_CHARS,
    SOFT,
    Figures,
    Renderer,
    table_style,
    user_lines,
)
from .results import ALL, BOSS, SELF, AssessmentResult, CommentEntry, DimensionResult


def method_sections(result: AssessmentResult) -> list[tuple[str, str]]:
    """The method page, in plain words: shared with the web page."""
    thresholds = ", ".join(
        f"{group_label(g.key)} {g.threshold}"
        for g in result.groups
        if g.key not in (SELF, BOSS, ALL)
    )
    comment_thresholds = ", ".join(
        f"{group_label(g.key)} {g.comment_threshold}"
        for g in result.groups
        if g.key not in (SELF, BOSS, ALL)
    )
    gap = one(result.gap_threshold)
    return [
        (
            _("The scale"),
            _(
                "Each statement was rated from 1 (strongly disagree) to 5 (strongly agree). "
                "“Can't say” was allowed and counts for nothing: it neither raises nor lowers "
                "a score. Statements that describe managing rather than leading are turned "
                "round (5 becomes 1) before anything is added up, so every score reads the "
                "same way: 1 means only manages, 5 means leads. Managing is not wrong; the "
                "report shows where you stand and where views differ."
            ),
        ),
        (
            _("Who answered, and who sees what"),
            _(
                "Your direct reports, peers and others answered anonymously, and their "
                "answers are only shown as a group, once enough of the group answered "
                "(%(thresholds)s), and for a dimension or statement only when that many "
                "answered it. Comments need more answers (%(comments)s), because written words "
                "identify people more easily than scores; they are shown as written, in "
                "random order, without names. Your manager answered as one named person, so "
                "their view is shown as theirs. “All raters” combines the anonymous groups, "
                "and only appears when each of them is shown on its own, so that it can never "
                "be used to work out a group that is not shown."
            )
            % {"thresholds": thresholds or "—", "comments": comment_thresholds or "—"},
        ),
        (
            _("Reading a difference"),
            _(
                "A difference between your self-rating and a group's score is named only when "
                "the two printed scores differ by at least %(gap)s and most of the group sit "
                "on the same side of your self-rating: then it is a blind spot (you rate "
                "yourself higher) or a hidden strength (they rate you higher). When the group "
                "is divided, the report says so. With fewer than 5 answers in a group it says "
                "“too few to tell”: a few people can differ from you by chance. The numbers "
                "compared are the ones printed, so what you read and the label always agree."
            )
            % {"gap": gap},
        ),
        (
            _("Changes and comparisons"),
            _(
                "Where you had a report in an earlier cycle, a change is called only when at "
                "least 5 people answered in both cycles and the printed scores differ by at "
                "least %(gap)s. When the people who answered changed by fewer than a group's "
                "threshold, no change is shown for that group, since it could be one person's "
                "answers. Comparisons with other managers place your direct reports' score in "
                "a quarter of the organisation's managers in this cycle, without you, and only "
                "when at least 10 others have a shown team view."
            )
            % {"gap": gap},
        ),
        (
            _("This report"),
            _(
                "Scores are shown to one decimal. The report was fixed when HR released it, "
                "on %(date)s, and does not change afterwards."
            )
            % {"date": result.released_on or "—"},
        ),
    ]


class ManagerReport(Renderer):
    def __init__(
        self, result: AssessmentResult, *, page_size: str = "A4", created: datetime | None = None
    ) -> None:
        super().__init__(page_size=page_size)
        self.result = result
        self.language = result.language
        self.created = created
        with translation.override(self.language):
            self.title = _("360° feedback report: %(name)s, %(cycle)s") % {
                "name": result.manager_name,
                "cycle": result.cycle_name,
            }
            self.subject = _("Lead or manage? Self-view against rater groups")
        self.columns = [g for g in (BOSS, "team", "peer", "other", ALL) if g in result.shown_groups]

    def generate(self) -> bytes:
        with translation.override(self.language):
            return super().generate()

    def footer(self) -> str:
        r = self.result
        name, cycle = user_markup(r.manager_name, limit=80), user_markup(r.cycle_name, limit=80)
        return f"{name} · {cycle} · {_('Confidential')}"

    def page_label(self, number: int) -> str:
        return _("Page %(number)s") % {"number": number}

    def story(self) -> list[Flowable]:
        if not self.result.any_view:
            return [*self.header(), *self.short_report(), *self.method()]
        return [
            *self.header(),
            *self.page_one(),
            PageBreak(),
            *self.differences(),
            *self.scores_table(),
            *self.trends(),
            *self.focus_actions(),
            *self.statements(),
            *self.comments(),
            *self.method(),
        ]

    # --- Page one ---------------------------------------------------------------

    def header(self) -> list[Flowable]:
        r = self.result
        facts = " · ".join(narrative.participation(g) for g in r.groups if g.key != ALL)
        return [
            self.p(_("360° FEEDBACK · LEAD OR MANAGE?"), "kicker"),
            self.p(user_markup(r.manager_name, bold=True), "name"),
            self.p(
                f"{user_markup(r.cycle_name)} · {user_markup(r.period)} · "
                + _("released %(date)s") % {"date": user_markup(r.released_on)},
                "sub",
            ),
            Spacer(1, 2 * mm),
            self.p(user_markup(facts), "note"),
        ]

    def page_one(self) -> list[Flowable]:
        r = self.result
        entries = [(g, group_label(g)) for g in self.columns]
        if r.self_done:
            entries.append((SELF, _("You")))
        spread = r.main_group if r.main_group not in (BOSS, None) else None
        return [
            self.p(user_markup(narrative.headline(r)), "headline"),
            charts.legend(
                self.width,
                entries,
                spread_label=_("%(group)s: where most answers fall")
                % {"group": group_label(spread)}
                if spread
                else "",
            ),
            Spacer(1, 1 * mm),
            charts.dimension_chart(
                r.dimensions,
                self.width,
                self.styles,
                groups=self.columns,
                spread_of=spread,
                ends=(_("1 manages"), _("5 leads")),
                poles=True,
            ),
            Spacer(1, 4 * mm),
            self.highlights(),
        ]

    def highlights(self) -> Table:
        cells = []
        for thing in narrative.three_things(self.result):
            parts = [self.p(thing.title.upper(), "box_title")]
            if thing.dimension:
                parts.append(self.p(user_markup(thing.dimension, bold=True, limit=120), "box_name"))
            parts.append(self.p(user_markup(thing.body, limit=600), "box_body"))
            if thing.action:
                parts.append(Spacer(1, 1.5 * mm))
                parts.append(
                    self.p(
                        f"<b>{_('First step:')}</b> {user_lines(thing.action, limit=600)}",
                        "box_body",
                    )
                )
            cells.append(parts)
        w = (self.width - 6 * mm) / 3
        table = Table([cells], colWidths=[w, w, w], hAlign="LEFT")
        table.setStyle(
            table_style(
                ("BACKGROUND", (0, 0), (-1, -1), SOFT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "LEFT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0, colors.white),
                ("LINEBEFORE", (1, 0), (-1, -1), 3 * mm, colors.white),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
                ("RIGHTPADDING", (0, 0), (-1, -1), 7),
            )
        )
        return table

    # --- Where views differ -------------------------------------------------------

    def differences(self) -> list[Flowable]:
        r = self.result
        story = self.h1(_("Where you and others see it differently"))
        if not r.self_done:
            return [
                *story,
                self.p(
                    _(
                        "Differences need your self-assessment, which was not done in this "
                        "cycle, so this report makes no claim about blind spots or hidden "
                        "strengths. The scores below show how others see you."
                    )
                ),
            ]
        sections = [
            (
                _("Blind spots"),
                _("You rate yourself clearly higher than a group does. Largest first."),
                r.blind_spots,
            ),
            (
                _("Hidden strengths"),
                _("A group rates you clearly higher than you do. Largest first."),
                r.hidden_strengths,
            ),
        ]
        for heading, meaning, pairs in sections:
            story += [self.p(heading, "h2"), self.p(meaning, "note")]
            if not pairs:
                story.append(self.p(_("None is clear in this cycle."), "item"))
            for key, groups in narrative.by_dimension(pairs):
                story.append(KeepTogether(self._difference(r.dimension(key), groups)))
        unclear = [
            (d, gap)
            for d in r.dimensions
            for gap in d.gaps.values()
            if gap.verdict in ("split", "too_few") and gap.group != BOSS
        ]
        if unclear:
            story += [
                self.p(_("Differences too uncertain to name"), "h2"),
                self.p(
                    _(
                        "The printed scores differ by at least %(gap)s, but the group is divided "
                        "or small."
                    )
                    % {"gap": one(r.gap_threshold)},
                    "note",
                ),
            ]
            for d, gap in unclear:
                story.append(
                    self.p(
                        f"<bullet>•</bullet><b>{user_markup(d.name, bold=True)}</b>, "
                        f"{group_label(gap.group)} ({narrative.signed(gap.value)}): "
                        f"{user_markup(narrative.gap_sentence(d, gap))}",
                        "item",
                    )
                )
        return story

    def _difference(self, d: DimensionResult, groups: list[str]) -> list[Flowable]:
        """One dimension, with each group that sees it clearly differently."""
        lines = [
            self.p(
                f"<b>{user_markup(d.name, bold=True)}</b> · "
                + _("you %(self)s") % {"self": one(d.self_score)}
            )
        ]
        for group in groups:
            gap = d.gaps[group]
            lines.append(
                self.p(
                    f"<bullet>•</bullet>{group_label(group)} {one(d.views[group].mean)} "
                    f"({narrative.signed(gap.value)}): "
                    f"{user_markup(narrative.gap_sentence(d, gap))}",
                    "item",
                )
            )
        both = narrative.both_ways(self.result, d.key)
        if both:
            lines.append(self.p(user_markup(both), "item"))
        if d.first_action:
            lines.append(
                self.p(f"<b>{_('First step:')}</b> {user_lines(d.first_action, limit=600)}", "item")
            )
        lines.append(Spacer(1, 2 * mm))
        return lines

    # --- Scores ------------------------------------------------------------------------

    def _figures(self, figure: str, note: str, *, bold: bool = False) -> Figures:
        """A figure over a small grey note, centred in its cell."""
        markup = (
            f"<b>{figure}</b>" if bold else figure
        ) + f"<br/><font size=6.5 color='#5A5A5A'>{user_markup(note)}</font>"
        style = self.styles["cell_centre"]
        return Figures(
            [
                (figure, fonts.BOLD if bold else style.fontName, style.fontSize, style.textColor),
                (note, style.fontName, 6.5, charts.MUTED),
            ],
            leading=style.leading,
            fallback=lambda: self.p(markup, "cell_centre"),
        )

    def _cell(self, stats) -> object:
        if stats is None:
            return self.p(_("too few"), "cell_note")
        return self._figures(one(stats.mean), _("%(n)s answered") % {"n": stats.n})

    def scores_table(self) -> list[Flowable]:
        r = self.result
        norms = any(d.norm_quartile for d in r.dimensions)
        header = [_("Dimension"), _("You"), *[group_label(g) for g in self.columns]]
        if norms:
            header.append(_("Among managers"))
        rows: list[list[object]] = [[self.p(h, "head") for h in header]]
        for d in r.dimensions:
            row = [
                self.p(user_markup(d.name, limit=CELL_LIMIT), "cell"),
                one(d.self_score),
                *[self._cell(d.views.get(g)) for g in self.columns],
            ]
            if norms:
                row.append(self.p(narrative.quartile_label(d.norm_quartile), "cell_note"))
            rows.append(row)
        name_width = self.width * 0.3
        rest = (self.width - name_width) / (len(header) - 1)
        table = Table(rows, colWidths=[name_width] + [rest] * (len(header) - 1), repeatRows=1)
        table.setStyle(table_style())
        return [
            *self.h1(_("Scores by dimension")),
            self.p(
                _(
                    "Each group's average, from 1 (only manages) to 5 (leads), with how many "
                    "answered. “Too few” means fewer answered than the group's threshold."
                ),
                "note",
            ),
            Spacer(1, 2 * mm),
            table,
        ]

    def trends(self) -> list[Flowable]:
        r = self.result
        groups = [g for g in (SELF, BOSS, "team", "peer", "other", ALL)
                  if any(g in d.trends for d in r.dimensions)]  # fmt: skip
        if not groups:
            return []
        header = [_("Dimension"), *[group_label(g) for g in groups]]
        rows: list[list[object]] = [[self.p(h, "head") for h in header]]
        for d in r.dimensions:
            if not d.trends:
                continue
            row: list[object] = [self.p(user_markup(d.name, limit=CELL_LIMIT), "cell")]
            for g in groups:
                t = d.trends.get(g)
                if t is None:
                    row.append(MISSING)
                elif t.verdict == "hidden":
                    row.append(self.p(narrative.trend_label(t), "cell_note"))
                else:
                    figures = f"{one(t.previous)} \u2192 {one(t.current)}"
                    row.append(
                        self._figures(
                            figures,
                            narrative.trend_label(t),
                            bold=t.verdict in ("rise", "fall"),
                        )
                    )
            rows.append(row)
        name_width = self.width * 0.3
        rest = (self.width - name_width) / len(groups)
        table = Table(rows, colWidths=[name_width] + [rest] * len(groups), repeatRows=1)
        table.setStyle(table_style())
        return [
            *self.h1(_("Since %(cycle)s") % {"cycle": user_markup(r.previous_cycle)}),
            self.p(
                _(
                    "Then and now. A change is called only when at least 5 people answered in "
                    "both cycles and the printed scores moved by %(gap)s or more."
                )
                % {"gap": one(r.gap_threshold)},
                "note",
            ),
            Spacer(1, 2 * mm),
            table,
        ]

    def focus_actions(self) -> list[Flowable]:
        r = self.result
        keys = [k for k in ([r.focus] if r.focus else []) + r.development_areas if k]
        keys = list(dict.fromkeys(keys))[:3]
        if not keys:
            return []
        story = self.h1(_("Where to start"))
        for key in keys:
            d = r.dimension(key)
            tip = d.development_tip.strip() or _(
                "Ask those who answered what one change would move you a step towards leading here."
            )
            story.append(
                KeepTogether(
                    [
                        self.p(user_markup(d.name, bold=True), "h2"),
                        self.p(
                            user_markup(d.manage_pole) + " \u2192 " + user_markup(d.lead_pole),
                            "note",
                        ),
                        self.p(user_lines(tip, limit=4000)),
                    ]
                )
            )
        return story

    def _item_cell(self, item, group: str) -> str:
        stats = item.views.get(group)
        if stats is not None:
            return one(stats.mean)
        # One named person who said "can't say" is not "too few".
        return MISSING if group == BOSS else _("too few")

    def statements(self) -> list[Flowable]:
        r = self.result
        header = [_("Statement"), _("You"), *[group_label(g) for g in self.columns]]
        rows: list[list[object]] = [[self.p(h, "head") for h in header]]
        commands: list[tuple] = [("ALIGN", (0, 0), (0, -1), "LEFT")]
        for d in r.dimensions:
            top = len(rows)
            commands += [
                ("SPAN", (0, top), (-1, top)),
                ("BACKGROUND", (0, top), (-1, top), colors.HexColor("#F6F6F6")),
            ]
            if d.items:  # the name stays with its first item
                commands.append(("NOSPLIT", (0, top), (-1, top + 1)))
            rows.append([self.p(user_markup(d.name, bold=True, limit=CELL_LIMIT), "cell_bold")])
            rows[-1] += [""] * (len(header) - 1)
            for item in d.items:
                text = user_markup(item.text, limit=CELL_LIMIT)
                if item.reverse:
                    text += ' <font color="#5A5A5A">(' + _("turned round") + ")</font>"
                rows.append(
                    [
                        self.p(text, "cell"),
                        one(item.self_score),
                        *[self._item_cell(item, g) for g in self.columns],
                    ]
                )
        text_width = self.width * 0.5
        rest = (self.width - text_width) / (len(header) - 1)
        table = Table(rows, colWidths=[text_width] + [rest] * (len(header) - 1), repeatRows=1)
        table.setStyle(table_style(*commands, ("FONT", (2, 1), (-1, -1), "FiraSans", 8)))
        return [
            *self.h1(_("Statement by statement")),
            self.p(
                _(
                    "Each statement as your direct reports read it. Statements marked “turned "
                    "round” describe managing; their scores are turned round, so a higher "
                    "number always means closer to leading."
                ),
                "note",
            ),
            Spacer(1, 2 * mm),
            table,
        ]

    # --- Comments ------------------------------------------------------------------------

    def comments(self) -> list[Flowable]:
        r = self.result
        story = self.h1(_("In their own words"))
        hidden = [
            g for g in r.groups if g.key not in (SELF, ALL) and g.responses and not g.comments_shown
        ]
        for g in hidden:
            story.append(
                self.p(
                    _(
                        "%(label)s: comments appear only when at least %(needed)s answered, "
                        "because written words identify people more easily than scores."
                    )
                    % {"label": group_label(g.key), "needed": g.comment_threshold},
                    "note",
                )
            )
        if not r.comments:
            story.append(self.p(_("No comments to show.")))
        else:
            story.append(
                self.p(
                    _("As written, never edited or translated; in random order, without names."),
                    "note",
                )
            )
            by_group: dict[str, list[CommentEntry]] = {}
            for entry in r.comments:
                by_group.setdefault(entry.group, []).append(entry)
            for group, entries in by_group.items():
                story.append(self.p(group_label(group), "h2"))
                story += self._grouped(entries)
        if r.self_comments:
            story += [self.p(_("Your own notes"), "h2"), *self._grouped(r.self_comments)]
        return story

    def _grouped(self, entries: Sequence[CommentEntry]) -> list[Flowable]:
        """Comments under their question, keeping the given (shuffled) order within it."""
        by_question: dict[str, list[str]] = {}
        for entry in entries:
            by_question.setdefault(entry.question, []).append(entry.text)
        story: list[Flowable] = []
        for question, texts in by_question.items():
            story.append(self.p(f"<i>{user_markup(question, limit=300)}</i>", "body"))
            story += [
                self.p(user_lines(text, limit=COMMENT_MAX_CHARS), "comment") for text in texts
            ]
        return story

    # --- Below every threshold ------------------------------------------------------------

    def short_report(self) -> list[Flowable]:
        r = self.result
        story = [
            self.p(_("Why this report has no scores from others"), "headline"),
        ]
        for g in r.groups:
            if g.key in (SELF, ALL):
                continue
            story.append(
                self.p(f"<bullet>•</bullet>{user_markup(narrative.withheld_reason(g))}", "item")
            )
        story += [
            Spacer(1, 2 * mm),
            self.p(
                _(
                    "The thresholds protect the people who answered: with fewer answers, you "
                    "could work out who said what. What can help next time: HR can keep the "
                    "survey open longer, send a reminder before it closes, or, in a 360, ask "
                    "more peers or others so that each group reaches its threshold."
                )
            ),
        ]
        if r.self_done:
            rows = [[self.p(_("Dimension"), "head"), self.p(_("Your self-rating"), "head")]]
            rows += [
                [self.p(user_markup(d.name, limit=CELL_LIMIT), "cell"), one(d.self_score)]
                for d in r.dimensions
            ]
            table = Table(rows, colWidths=[self.width * 0.7, self.width * 0.3], repeatRows=1)
            table.setStyle(table_style())
            story += [
                *self.h1(_("Your self-assessment")),
                self.p(
                    _(
                        "Your own view, from 1 (only manages) to 5 (leads). Your lowest "
                        "self-ratings are a good start for a conversation with your team."
                    ),
                    "note",
                ),
                Spacer(1, 2 * mm),
                table,
            ]
            if r.self_comments:
                story += [self.p(_("Your own notes"), "h2"), *self._grouped(r.self_comments)]
        else:
            story.append(
                self.p(_("There is no self-assessment either, so this report has no scores."))
            )
        return story

    def method(self) -> list[Flowable]:
        story: list[Flowable] = self.h1(_("How to read this report"))
        for heading, body in method_sections(self.result):
            story += [self.p(heading, "h2"), self.p(user_markup(body))]
        return story
