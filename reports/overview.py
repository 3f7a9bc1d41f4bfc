"""HR's cycle overview: response rates and the managers x dimensions heat map."""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from . import charts
from .fonts import user_markup
from .pdf import (
    CONFIDENTIAL,
    MISSING,
    OVERVIEW_RESPONDED,
    OVERVIEW_TITLE,
    Renderer,
    one,
    table_style,
)
from .scoring import CycleOverview


class OverviewReport(Renderer):
    # ReportLab re-measures the rest of a table at every page break, so one
    # 1,000-row table costs time quadratic in its length; chunks keep it linear.
    rows_per_table = 200

    def __init__(self, overview: CycleOverview, *, page_size: str = "A4") -> None:
        super().__init__(page_size=page_size)
        self.overview = overview
        self.title = f"{OVERVIEW_TITLE}: {overview.cycle_name}"

    def footer(self) -> str:
        return f"{user_markup(self.overview.cycle_name, limit=80)} · {CONFIDENTIAL}"

    def story(self) -> list[Flowable]:
        return [*self.cover(), *self.responses(), *self.heat_map()]

    def cover(self) -> list[Flowable]:
        o = self.overview
        responded = OVERVIEW_RESPONDED.format(
            responses=f"{o.responses:,}", invited=f"{o.invited:,}", rate=f"{o.response_rate:.0%}"
        )
        return [
            Spacer(1, 50 * mm),
            self.p(OVERVIEW_TITLE, "title"),
            self.p(user_markup(o.cycle_name, bold=True), "name"),
            self.p(user_markup(o.period), "cover"),
            Spacer(1, 10 * mm),
            self.p(responded, "cover"),
            self.p(
                f"{len(o.rows):,} managers. The counts include their self-assessments.", "cover"
            ),
            Spacer(1, 6 * mm),
            self.p(
                f"Team scores are shown only where at least {o.k} team members answered, the "
                "same threshold as in each manager's own report.",
                "cover",
            ),
            PageBreak(),
        ]

    def responses(self) -> list[Flowable]:
        header = ["Manager", "Team responses", "Rate", "Self-assessment"]
        body = [
            [
                self.p(user_markup(row.manager_name, limit=120), "cell"),
                f"{row.team_responses} of {row.team_invited}",
                f"{round(100 * row.team_responses / row.team_invited)}%"
                if row.team_invited
                else MISSING,
                "done" if row.self_done else "not done",
            ]
            for row in self.overview.rows
        ]
        w = self.width
        return [
            *self.h1("Responses by manager"),
            *self._tables(header, body, [w * 0.52, w * 0.18, w * 0.12, w * 0.18]),
        ]

    def heat_map(self) -> list[Flowable]:
        o, w = self.overview, self.width
        name_width = w * 0.3
        header = [
            self.p("Manager", "cell_bold"),
            *(
                charts.Rotated(self.p(user_markup(d.name, bold=True, limit=40), "head"), 28 * mm)
                for d in o.dimensions
            ),
        ]
        values = [[row.scores.get(d.key) for d in o.dimensions] for row in o.rows]
        body = [
            [self.p(user_markup(row.manager_name, limit=120), "cell"), *map(one, cells)]
            for row, cells in zip(o.rows, values, strict=True)
        ]
        widths = [name_width] + [(w - name_width) / max(len(o.dimensions), 1)] * len(o.dimensions)
        return [
            PageBreak(),
            self.p("Heat map: team means", "h1"),
            self.p(
                "Each cell is a team's mean score on one dimension, from 1 (only manages) to "
                "5 (leads).",
                "note",
            ),
            Spacer(1, 2 * mm),
            charts.heat_legend(w, k=o.k),
            Spacer(1, 3 * mm),
            *self._tables(header, body, widths, values),
        ]

    def _tables(
        self,
        header: list[object],
        body: list[list[object]],
        widths: list[float],
        heat: list[list[float | None]] | None = None,
    ) -> Iterator[Flowable]:
        for start in range(0, max(len(body), 1), self.rows_per_table):
            stop = start + self.rows_per_table
            table = Table([header, *body[start:stop]], colWidths=widths, repeatRows=1)
            commands = [("ALIGN", (0, 0), (0, -1), "LEFT"), ("VALIGN", (1, 0), (-1, 0), "BOTTOM")]
            if heat is not None:
                commands += charts.heat_commands(heat[start:stop])
                commands += [
                    ("LEFTPADDING", (1, 0), (-1, -1), 1),
                    ("RIGHTPADDING", (1, 0), (-1, -1), 1),
                ]
            table.setStyle(table_style(*commands))
            yield table
