"""Charts for the PDFs: self versus team on each dimension, and HR's heat map.

The marks are reportlab.graphics Drawings holding only our own fixed words.
User text (dimension names, poles) sits beside them in Paragraphs, because a
Paragraph can switch to the fallback font for a glyph Fira Sans lacks and a
drawn String cannot.

Colours come from the Okabe-Ito palette, and team and self differ in shape as
well as colour, so the chart reads in greyscale and for colour-blind readers.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, Shape, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from . import fonts
from .scoring import DimensionResult

TEAM = colors.HexColor("#0B4F8A")  # dark blue, filled circle
SELF = colors.HexColor("#D55E00")  # vermillion, open diamond
SPREAD = colors.HexColor("#A9CCE8")
AXIS = colors.HexColor("#8A8A8A")
GRID = colors.HexColor("#DADADA")
MUTED = colors.HexColor("#5A5A5A")
WITHHELD = colors.HexColor("#D9D9D9")

SPREAD_LEGEND = "Team spread: mean ± 1 SD, cut off at 1 and 5"
TEAM_LEGEND = "Team mean"
SELF_LEGEND = "Your self-rating"
WITHHELD_MARK = "withheld"

PAD = 7.0  # keeps a mark at 1 or 5 inside its drawing
_BASELINE = 8.0


def _x(value: float, width: float) -> float:
    value = min(max(value, 1.0), 5.0)
    return PAD + (value - 1.0) / 4.0 * (width - 2 * PAD)


def _team_mark(x: float, y: float) -> Circle:
    return Circle(x, y, 3.6, fillColor=TEAM, strokeColor=colors.white, strokeWidth=0.6)


def _self_mark(x: float, y: float) -> Polygon:
    r = 5.0
    points = [x, y + r, x + r, y, x, y - r, x - r, y]
    return Polygon(points, fillColor=None, strokeColor=SELF, strokeWidth=1.6)


def _spread(x0: float, x1: float, y: float) -> Rect:
    return Rect(x0, y - 3, max(x1 - x0, 1.0), 6, fillColor=SPREAD, strokeColor=None)


def _text(x: float, y: float, text: str, size: float, **kw: object) -> String:
    return String(x, y, text, fontName=kw.pop("fontName", fonts.REGULAR), fontSize=size, **kw)


def scale(width: float) -> Drawing:
    """The tick labels 1 to 5 printed above the strips."""
    drawing = Drawing(width, 11)
    for value in range(1, 6):
        drawing.add(
            _text(
                _x(value, width),
                2,
                str(value),
                8,
                fontName=fonts.BOLD,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    return drawing


def strip(d: DimensionResult, width: float) -> Drawing:
    """One dimension on its axis: manages (1) at the left, leads (5) at the right."""
    drawing = Drawing(width, 20)
    y = _BASELINE
    drawing.add(Line(_x(1, width), y, _x(5, width), y, strokeColor=AXIS, strokeWidth=0.6))
    for value in range(1, 6):
        x = _x(value, width)
        drawing.add(Line(x, y - 3, x, y + 3, strokeColor=AXIS, strokeWidth=0.4))
    if d.team is not None:
        if d.team.sd is not None:
            low, high = d.team.mean - d.team.sd, d.team.mean + d.team.sd
            drawing.add(_spread(_x(low, width), _x(high, width), y))
        drawing.add(_team_mark(_x(d.team.mean, width), y))
    if d.self_score is not None:
        # Drawn last and unfilled, so a team mark at the same spot stays visible.
        drawing.add(_self_mark(_x(d.self_score, width), y))
    if d.withheld:
        # The word goes on the side away from the self mark.
        left = d.self_score is None or d.self_score >= 3
        drawing.add(
            _text(
                _x(1 if left else 5, width),
                y + 5,
                WITHHELD_MARK,
                7,
                fontName=fonts.ITALIC,
                fillColor=MUTED,
                textAnchor="start" if left else "end",
            )
        )
    return drawing


def legend(width: float, *, show_team: bool) -> Drawing:
    y, x = 6.0, 0.0
    entries: list[tuple[Callable[[float], Shape], str]] = []
    if show_team:
        entries.append((lambda cx: _spread(cx - 9, cx + 9, y), SPREAD_LEGEND))
        entries.append((lambda cx: _team_mark(cx, y), TEAM_LEGEND))
    entries.append((lambda cx: _self_mark(cx, y), SELF_LEGEND))
    drawing = Drawing(width, 14)
    for make, label in entries:
        drawing.add(make(x + 10))
        drawing.add(_text(x + 24, y - 2.5, label, 7.5))
        x += 24 + stringWidth(label, fonts.REGULAR, 7.5) + 16
    return drawing


def dimension_chart(
    dimensions: Sequence[DimensionResult], width: float, styles: Mapping[str, ParagraphStyle]
) -> Table:
    """The strips as one table: the name above each, its poles either side."""
    side, middle = width * 0.27, width * 0.46
    rows: list[list[object]] = [["1 = manages", scale(middle), "5 = leads"]]
    commands: list[tuple] = [
        # Every cell, not only the header: a cell with no font of its own is
        # set up in Helvetica, which would sit in the PDF unembedded.
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 7.5),
        ("FONT", (0, 0), (-1, 0), fonts.BOLD, 7.5),
        ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
        ("ALIGN", (0, 0), (0, 0), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (1, 0), (1, -1), 0),
        ("RIGHTPADDING", (1, 0), (1, -1), 0),
    ]
    for d in dimensions:
        top = len(rows)
        rows.append(
            [Paragraph(fonts.user_markup(d.name, bold=True, limit=300), styles["cell_bold"])]
        )
        rows.append(
            [
                Paragraph(fonts.user_markup(d.manage_pole, limit=300), styles["pole_left"]),
                strip(d, middle),
                Paragraph(fonts.user_markup(d.lead_pole, limit=300), styles["pole_right"]),
            ]
        )
        commands += [
            ("SPAN", (0, top), (-1, top)),
            ("NOSPLIT", (0, top), (-1, top + 1)),  # a name never parts from its strip
            ("TOPPADDING", (0, top), (-1, top), 7),
            ("BOTTOMPADDING", (0, top), (-1, top), 0),
            ("LINEABOVE", (0, top), (-1, top), 0.3, GRID),
        ]
    table = Table(rows, colWidths=[side, middle, side], repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


# --- Heat map ------------------------------------------------------------------

# A diverging orange-to-blue ramp (ColorBrewer's PuOr/RdBu family): readable with
# the common colour-vision deficiencies, neutral at the middle of the axis.
_RAMP = [
    (1.0, colors.HexColor("#B35806")),
    (2.0, colors.HexColor("#F1A340")),
    (3.0, colors.HexColor("#F7F7F7")),
    (4.0, colors.HexColor("#92C5DE")),
    (5.0, colors.HexColor("#2166AC")),
]


def heat_colour(value: float) -> colors.Color:
    value = min(max(value, 1.0), 5.0)
    for (v0, c0), (v1, c1) in itertools.pairwise(_RAMP):
        if value <= v1:
            return colors.linearlyInterpolatedColor(c0, c1, v0, v1, value)
    return _RAMP[-1][1]


def heat_text_colour(value: float) -> colors.Color:
    return colors.white if value <= 1.6 or value >= 4.3 else colors.black


def heat_commands(cells: Sequence[Sequence[float | None]], *, first_row: int = 1) -> list[tuple]:
    """Table style commands colouring each cell by its value; None is grey."""
    commands: list[tuple] = []
    for y, row in enumerate(cells, start=first_row):
        for x, value in enumerate(row, start=1):
            if value is None:
                commands.append(("BACKGROUND", (x, y), (x, y), WITHHELD))
            else:
                commands.append(("BACKGROUND", (x, y), (x, y), heat_colour(value)))
                commands.append(("TEXTCOLOR", (x, y), (x, y), heat_text_colour(value)))
    return commands


def heat_legend(width: float, *, k: int) -> Drawing:
    drawing = Drawing(width, 24)
    box, x = 22.0, 0.0
    for value in (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0):
        drawing.add(Rect(x, 8, box, 12, fillColor=heat_colour(value), strokeColor=None))
        drawing.add(
            _text(
                x + box / 2,
                11,
                f"{value:.1f}",
                6.5,
                fillColor=heat_text_colour(value),
                textAnchor="middle",
            )
        )
        x += box
    drawing.add(_text(0, 0, "1 = manages", 7))
    drawing.add(_text(x, 0, "5 = leads", 7, textAnchor="end"))
    x += 14
    drawing.add(Rect(x, 8, box, 12, fillColor=WITHHELD, strokeColor=None))
    drawing.add(_text(x + box / 2, 11, "—", 7, textAnchor="middle"))
    drawing.add(_text(x + box + 5, 11, f"withheld: fewer than {k} team answers", 7))
    return drawing


class Rotated(Flowable):
    """A Paragraph turned a quarter left: heat-map column headers that fit narrow
    columns. Still a Paragraph inside, so the fallback font works."""

    def __init__(self, paragraph: Paragraph, length: float) -> None:
        super().__init__()
        self.paragraph, self.length = paragraph, length

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _, self.thickness = self.paragraph.wrap(self.length, available_width)
        return self.thickness, self.length

    def draw(self) -> None:
        self.canv.rotate(90)
        self.paragraph.drawOn(self.canv, 0, -self.thickness)
