"""Charts for the PDFs: self and each rater group on each dimension, and HR's heat map.

The marks are reportlab.graphics Drawings holding only our own fixed words.
User text (dimension names, poles) sits beside them in Paragraphs, because a
Paragraph can switch to the fallback font for a glyph Fira Sans lacks and a
drawn String cannot.

Colours come from the Okabe-Ito palette, and every group has a shape of its
own, so the chart reads in greyscale and for colour-blind readers.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, Shape, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from . import fonts
from .results import DimensionResult

AXIS = colors.HexColor("#8A8A8A")
GRID = colors.HexColor("#DADADA")
MUTED = colors.HexColor("#5A5A5A")
WITHHELD = colors.HexColor("#D9D9D9")
SPREAD = colors.HexColor("#C9DDEF")

# Okabe-Ito colours, and a shape per group, so that the marks read in
# greyscale and for colour-blind readers alike.
COLOURS = {
    "self": colors.HexColor("#D55E00"),  # vermillion, open diamond
    "team": colors.HexColor("#0B4F8A"),  # dark blue, circle
    "peer": colors.HexColor("#009E73"),  # bluish green, square
    "boss": colors.HexColor("#CC79A7"),  # reddish purple, triangle
    "other": colors.HexColor("#E69F00"),  # orange, down triangle
    "all": colors.HexColor("#000000"),  # black, ring
}
# Hex values for the web page's SVG, from the same source.
HEX = {key: "#" + colour.hexval()[2:].upper() for key, colour in COLOURS.items()}

PAD = 7.0  # keeps a mark at 1 or 5 inside its drawing
_BASELINE = 8.0


def _x(value: float, width: float) -> float:
    value = min(max(value, 1.0), 5.0)
    return PAD + (value - 1.0) / 4.0 * (width - 2 * PAD)


def mark(group: str, x: float, y: float) -> Shape:
    colour = COLOURS[group]
    if group == "self":
        r = 5.2
        return Polygon(
            [x, y + r, x + r, y, x, y - r, x - r, y],
            fillColor=None,
            strokeColor=colour,
            strokeWidth=1.6,
        )
    if group == "team":
        return Circle(x, y, 3.6, fillColor=colour, strokeColor=colors.white, strokeWidth=0.6)
    if group == "peer":
        return Rect(
            x - 3.2, y - 3.2, 6.4, 6.4, fillColor=colour, strokeColor=colors.white, strokeWidth=0.6
        )
    if group == "boss":
        return Polygon(
            [x, y + 4.2, x + 4, y - 3, x - 4, y - 3],
            fillColor=colour,
            strokeColor=colors.white,
            strokeWidth=0.6,
        )
    if group == "other":
        return Polygon(
            [x, y - 4.2, x + 4, y + 3, x - 4, y + 3],
            fillColor=colour,
            strokeColor=colors.white,
            strokeWidth=0.6,
        )
    return Circle(x, y, 3.4, fillColor=None, strokeColor=colour, strokeWidth=1.3)  # fmt: skip


def _spread(x0: float, x1: float, y: float) -> Rect:
    return Rect(x0, y - 3, max(x1 - x0, 1.0), 6, fillColor=SPREAD, strokeColor=None)


def _text(x: float, y: float, text: str, size: float, **kw: object) -> String:
    return String(x, y, text, fontName=kw.pop("fontName", fonts.REGULAR), fontSize=size, **kw)


def scale(width: float) -> Drawing:
    """The tick labels 1 to 5 printed above the strips."""
    drawing = Drawing(width, 11)
    for value in range(1, 6):
        drawing.add(
            _text(_x(value, width), 2, str(value), 8, fontName=fonts.BOLD, fillColor=MUTED,
                  textAnchor="middle")
        )  # fmt: skip
    return drawing


def strip(
    d: DimensionResult, width: float, groups: Sequence[str], spread_of: str | None
) -> Drawing:
    """One dimension on its axis: manages (1) at the left, leads (5) at the right."""
    drawing = Drawing(width, 18)
    y = _BASELINE
    drawing.add(Line(_x(1, width), y, _x(5, width), y, strokeColor=AXIS, strokeWidth=0.6))
    for value in range(1, 6):
        x = _x(value, width)
        drawing.add(Line(x, y - 3, x, y + 3, strokeColor=AXIS, strokeWidth=0.4))
    spread = d.view(spread_of)
    if spread is not None and spread.sd is not None:
        drawing.add(
            _spread(_x(spread.mean - spread.sd, width), _x(spread.mean + spread.sd, width), y)
        )
    for group in groups:
        stats = d.view(group)
        if stats is not None:
            drawing.add(mark(group, _x(stats.mean, width), y))
    if d.self_score is not None:
        # Drawn last and unfilled, so a mark at the same spot stays visible.
        drawing.add(mark("self", _x(d.self_score, width), y))
    return drawing


def legend(width: float, entries: Sequence[tuple[str, str]], *, spread_label: str = "") -> Drawing:
    """(group, label) pairs, and the spread band when it is drawn."""
    y, x = 6.0, 0.0
    drawing = Drawing(width, 14)
    if spread_label:
        drawing.add(_spread(x + 1, x + 19, y))
        drawing.add(_text(x + 24, y - 2.5, spread_label, 7.5))
        x += 24 + stringWidth(spread_label, fonts.REGULAR, 7.5) + 14
    for group, label in entries:
        drawing.add(mark(group, x + 8, y))
        drawing.add(_text(x + 18, y - 2.5, label, 7.5))
        x += 18 + stringWidth(label, fonts.REGULAR, 7.5) + 14
    return drawing


def dimension_chart(
    dimensions: Sequence[DimensionResult],
    width: float,
    styles: Mapping[str, ParagraphStyle],
    *,
    groups: Sequence[str],
    spread_of: str | None,
    ends: tuple[str, str],
    poles: bool = False,
) -> Table:
    """The strips as one table: the name at the left (with its poles below it
    when `poles`), the axis at the right."""
    label, middle = width * 0.36, width * 0.64
    rows: list[list[object]] = [
        [Paragraph(f"{ends[0]} → {ends[1]}", styles["cell_note"]), scale(middle)]
    ]
    commands: list[tuple] = [
        # Every cell, not only the header: a cell with no font of its own is
        # set up in Helvetica, which would sit in the PDF unembedded.
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 7.5),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (1, 0), (1, -1), 0),
        ("RIGHTPADDING", (1, 0), (1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for d in dimensions:
        name = fonts.user_markup(d.name, bold=True, limit=120)
        if poles:
            name += (
                f'<br/><font size="7" color="#5A5A5A">{fonts.user_markup(d.manage_pole, limit=120)}'
                f" → {fonts.user_markup(d.lead_pole, limit=120)}</font>"
            )
        rows.append([Paragraph(name, styles["cell_bold"]), strip(d, middle, groups, spread_of)])
        commands.append(("LINEABOVE", (0, len(rows) - 1), (-1, len(rows) - 1), 0.3, GRID))
    table = Table(rows, colWidths=[label, middle], repeatRows=1)
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


def heat_legend(width: float, *, labels: tuple[str, str], withheld: str) -> Drawing:
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
    drawing.add(_text(0, 0, labels[0], 7))
    drawing.add(_text(x, 0, labels[1], 7, textAnchor="end"))
    x += 14
    drawing.add(Rect(x, 8, box, 12, fillColor=WITHHELD, strokeColor=None))
    drawing.add(_text(x + box / 2, 11, "—", 7, textAnchor="middle"))
    drawing.add(_text(x + box + 5, 11, withheld, 7))
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
