"""HR's cycle overview as a PDF: response rates by group and the managers ×
dimensions heat map of direct reports' scores, each cell under the same rules
as the manager's own report."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from . import charts, narrative
from .fonts import user_markup
from .narrative import MISSING, one
from .pdf_base import Renderer, table_style
from .results import SELF, CycleOverview


class OverviewReport(Renderer):
    # ReportLab re-measures the rest of a table at every page break, so one
    # 1,000-row table costs time quadratic in its length; chunks keep it linear.
    rows_per_table = 200

    def __init__(
        self,
        overview: CycleOverview,
        *,
        page_size: str = "A4",
        created: datetime | None = None,
        language: str = "en",
    ) -> None:
        super().__init__(page_size=page_size)
        self.overview = overview
        self.created = created
        self.language = language
        with translation.override(language):
            self.title = _("Cycle overview: %(cycle)s") % {"cycle": overview.cycle_name}

    def generate(self) -> bytes:
        with translation.override(self.language):
            return super().generate()

    def footer(self) -> str:
        return f"{user_markup(self.overview.cycle_name, limit=80)} · {_('Confidential')}"

    def page_label(self, number: int) -> str:
        return _("Page %(number)s") % {"number": number}

    def story(self) -> list[Flowable]:
        return [*self.cover(), *self.responses(), *self.heat_map()]

    def cover(self) -> list[Flowable]:
        o = self.overview
        return [
            self.p(_("CYCLE OVERVIEW · FOR HR"), "kicker"),
            self.p(user_markup(o.cycle_name, bold=True), "name"),
            self.p(
                f"{user_markup(o.period)} · "
                + _("released %(date)s") % {"date": user_markup(o.released_on)},
                "sub",
            ),
            Spacer(1, 3 * mm),
            self.p(
                _(
                    "%(responses)s of %(invited)s invited people answered (%(rate)s), for "
                    "%(managers)s managers."
                )
                % {
                    "responses": f"{o.responses:,}",
                    "invited": f"{o.invited:,}",
                    "rate": f"{o.response_rate:.0%}",
                    "managers": f"{len(o.rows):,}",
                },
                "cover",
            ),
            self.p(
                _(
                    "Scores are direct reports' averages, shown only where the manager's own "
                    "report shows them (at least %(k)s answers). Nothing here adds up or "
                    "compares groups that a report withholds."
                )
                % {"k": o.k},
                "note",
            ),
        ]

    def responses(self) -> list[Flowable]:
        o = self.overview
        groups = [g for g in o.groups if g != SELF]
        header = [_("Manager"), *[narrative.group_label(g) for g in groups], _("Self")]
        body = []
        for row in o.rows:
            cells = [self.p(user_markup(row.manager_name, limit=120), "cell")]
            for g in groups:
                invited, answered = row.rates.get(g, [0, 0])
                cells.append(f"{answered} / {invited}" if invited else MISSING)
            cells.append(_("done") if row.self_done else _("not done"))
            body.append(cells)
        w = self.width
        rest = (w * 0.55) / (len(header) - 1)
        return [
            *self.h1(_("Answers by manager and group")),
            *self._tables(
                [self.p(h, "head") for h in header], body, [w * 0.45] + [rest] * (len(header) - 1)
            ),
        ]

    def heat_map(self) -> list[Flowable]:
        o, w = self.overview, self.width
        name_width = w * 0.3
        header = [
            self.p(_("Manager"), "cell_bold"),
            *(
                charts.Rotated(self.p(user_markup(d.name, bold=True, limit=40), "head"), 28 * mm)
                for d in o.dimensions
            ),
        ]
        values = [[row.scores.get(d.key) for d in o.dimensions] for row in o.rows]
        body = []
        for row, cells in zip(o.rows, values, strict=True):
            line = [self.p(user_markup(row.manager_name, limit=120), "cell")]
            for d, value in zip(o.dimensions, cells, strict=True):
                quartile = row.quartiles.get(d.key)
                text = one(value)
                if value is not None and quartile:
                    text += f"\nQ{quartile}"
                line.append(text)
            body.append(line)
        widths = [name_width] + [(w - name_width) / max(len(o.dimensions), 1)] * len(o.dimensions)
        notes = [
            self.p(
                _(
                    "Each cell is a manager's direct reports' average on one dimension, from 1 "
                    "(only manages) to 5 (leads)."
                ),
                "note",
            )
        ]
        if o.norms_shown:
            notes.append(
                self.p(
                    _(
                        "Under a score, its quarter among the other managers with a shown "
                        "team view: Q1 bottom, Q4 top."
                    ),
                    "note",
                )
            )
        return [
            *self.h1(_("Heat map: direct reports' averages")),
            *notes,
            Spacer(1, 2 * mm),
            charts.heat_legend(
                w,
                labels=(_("1 = manages"), _("5 = leads")),
                withheld=_("too few answers: not shown (fewer than %(k)s)") % {"k": o.k},
            ),
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
                    ("FONT", (1, 1), (-1, -1), "FiraSans", 7.5),
                    ("LEADING", (1, 1), (-1, -1), 8),
                ]
            table.setStyle(table_style(*commands))
            yield table
