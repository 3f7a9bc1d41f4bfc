"""What every PDF shares: page, fonts, paragraph styles and the renderer shape.
ReportLab only.

Shaped like pretix's invoice renderer: margins are attributes, the story and
the page decorations are hooks, generate() returns bytes. The document is
invariant (a fixed id, and the creation date is the release date, not the
moment of rendering), so the same frozen results always give the same bytes:
a released report never changes between downloads.

Every user string (names, dimension texts, comments) goes through
`fonts.user_markup()`: escaped, because Paragraph markup can raise or read a
local file via <img src>, then given the fallback font for glyphs Fira Sans
lacks.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache
from io import BytesIO

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, SimpleDocTemplate, TableStyle

from . import charts, fonts
from .fonts import user_markup

PAGE_SIZES = {"A4": A4, "LETTER": LETTER}
COMMENT_MAX_CHARS = settings.FEEDBACK["COMMENT_MAX_CHARS"]
# Text in a table cell is capped: a cell taller than a page raises LayoutError.
CELL_LIMIT = 500
INK = colors.HexColor("#1D2733")
SOFT = colors.HexColor("#F3F6F9")


def user_lines(text: str, *, limit: int) -> str:
    """Multi-line user text, its line breaks kept (three or more become one blank line)."""
    text = re.sub(r"\n\s*\n\s*\n+", "\n\n", text.replace("\r\n", "\n").strip())
    if len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return "<br/>".join(user_markup(line) for line in text.split("\n"))


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    # bulletFontName too: ReportLab's default bullet font is Helvetica, which
    # would be the one font in the file that is not embedded.
    base = ParagraphStyle(
        "body",
        fontName=fonts.REGULAR,
        bulletFontName=fonts.REGULAR,
        fontSize=9.5,
        leading=13.5,
        textColor=INK,
    )

    def style(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "note": style("note", fontSize=8, leading=11, textColor=charts.MUTED),
        "kicker": style("kicker", fontName=fonts.BOLD, fontSize=8, leading=10,
                        textColor=charts.MUTED, spaceAfter=2),
        "name": style("name", fontName=fonts.BOLD, fontSize=22, leading=26, spaceAfter=2),
        "sub": style("sub", fontSize=10, leading=13, textColor=charts.MUTED),
        "headline": style("headline", fontName=fonts.BOLD, fontSize=12.5, leading=17,
                          spaceBefore=6, spaceAfter=6),
        "title": style("title", fontName=fonts.BOLD, fontSize=20, leading=25, spaceAfter=8),
        "cover": style("cover", fontSize=11, leading=15),
        # keepWithNext: a heading never ends a page without what it introduces.
        "h1": style("h1", fontName=fonts.BOLD, fontSize=14, leading=18, spaceBefore=12,
                    spaceAfter=6, keepWithNext=1),
        "h2": style("h2", fontName=fonts.BOLD, fontSize=10.5, leading=13.5, spaceBefore=8,
                    spaceAfter=2, keepWithNext=1),
        "item": style("item", leftIndent=10, bulletIndent=0, spaceAfter=3),
        "comment": style("comment", leftIndent=8, spaceBefore=2, spaceAfter=6),
        "cell": style("cell", fontSize=8.5, leading=10.5),
        "cell_note": style("cell_note", fontSize=7, leading=8.5, textColor=charts.MUTED),
        "cell_bold": style("cell_bold", fontName=fonts.BOLD, fontSize=8.5, leading=10.5),
        "cell_centre": style("cell_centre", fontSize=8.5, leading=10.5, alignment=TA_CENTER),
        "box_title": style("box_title", fontName=fonts.BOLD, fontSize=7.5, leading=9.5,
                           textColor=charts.MUTED),
        "box_name": style("box_name", fontName=fonts.BOLD, fontSize=11, leading=14),
        "box_body": style("box_body", fontSize=8.5, leading=11.5),
        "pole_left": style("pole_left", fontSize=7.5, leading=9, alignment=TA_RIGHT),
        "pole_right": style("pole_right", fontSize=7.5, leading=9, alignment=TA_LEFT),
        "head": style("head", fontName=fonts.BOLD, fontSize=7.5, leading=9),
        "footer": style("footer", fontSize=7.5, leading=9, textColor=charts.MUTED,
                        alignment=TA_CENTER),
    }  # fmt: skip


class Figures(Flowable):
    """A table cell of short centred lines of plain text (a score, how many
    answered): drawn as strings, without a Paragraph's markup parsing, which
    took most of a report's rendering time. Lines too wide for the column are
    broken between words as the Paragraph would break them; a single word too
    wide makes it the Paragraph `fallback` builds, laid out as usual.
    """

    def __init__(self, lines: list[tuple[str, str, float, object]], *, leading: float, fallback):
        super().__init__()
        self.lines = lines  # (text, font, size, colour)
        self.leading = leading
        self._fallback = fallback
        self._paragraph: Paragraph | None = None
        self._drawn: list[tuple[str, str, float, object]] = []

    def _broken(self, width: float) -> list[tuple[str, str, float, object]] | None:
        drawn = []
        for text, font, size, colour in self.lines:
            if stringWidth(text, font, size) <= width:
                drawn.append((text, font, size, colour))
                continue
            if any(stringWidth(word, font, size) > width for word in text.split()):
                return None
            drawn += [(part, font, size, colour) for part in simpleSplit(text, font, size, width)]
        return drawn

    def wrap(self, available_width, available_height):
        drawn = self._broken(available_width)
        if drawn is not None:
            self._drawn, self._paragraph = drawn, None
            self.width, self.height = available_width, self.leading * len(drawn)
            return self.width, self.height
        if self._paragraph is None:
            self._paragraph = self._fallback()
        self.width, self.height = self._paragraph.wrap(available_width, available_height)
        return self.width, self.height

    def draw(self) -> None:
        if self._paragraph is not None:
            self._paragraph.drawOn(self.canv, 0, 0)
            return
        # As a Paragraph sets them: the first baseline a font size below the top.
        y = self.height - self._drawn[0][2]
        for text, font, size, colour in self._drawn:
            self.canv.setFont(font, size)
            self.canv.setFillColor(colour)
            self.canv.drawCentredString(self.width / 2, y, text)
            y -= self.leading


# Markup already parsed, by (markup, style name): a report repeats most of
# its texts (headings, labels, statements) in every report of a cycle, and
# parsing took a tenth of a PDF's time. ReportLab lays out and draws from the
# fragments without changing them (tests/reports/test_pdf.py renders reports
# in turn and compares each with a fresh process's bytes). Long texts, such as
# comments, are one report's own: not kept, so a worker's memory stays small.
_PARSED: dict[tuple[str, str], tuple] = {}
_PARSED_MAX_ENTRIES = 5000
_PARSED_MAX_CHARS = 400


def paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    if len(markup) > _PARSED_MAX_CHARS:
        return Paragraph(markup, style)
    key = (markup, style.name)
    parsed = _PARSED.get(key)
    if parsed is not None and parsed[0] is style:
        _, parsed_style, frags, bullet = parsed
        made = Paragraph(None, parsed_style, bulletText=bullet, frags=frags)
        made.text = markup
        return made
    made = Paragraph(markup, style)
    if len(_PARSED) >= _PARSED_MAX_ENTRIES:
        _PARSED.clear()
    _PARSED[key] = (style, made.style, made.frags, made.bulletText)
    return made


def table_style(*extra: tuple) -> TableStyle:
    return TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 8.5),
            ("FONT", (0, 0), (-1, 0), fonts.BOLD, 8),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEF2F6")),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, charts.GRID),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (1, 0), (-1, -1), "CENTER"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            *extra,
        ]
    )


class Renderer:
    left_margin = 18 * mm
    right_margin = 18 * mm
    top_margin = 16 * mm
    bottom_margin = 18 * mm
    title = ""
    author = "feedback360"
    subject = ""
    # The document's date: set by subclasses from the release, so that
    # re-rendering a released report gives the same bytes.
    created: datetime | None = None

    def __init__(self, *, page_size: str = "A4") -> None:
        try:
            self.page_size = PAGE_SIZES[page_size.upper()]
        except KeyError:
            raise ValueError(f"Unknown page size {page_size!r}: use A4 or LETTER.") from None
        fonts.register()
        self.styles = styles()
        self.width = self.page_size[0] - self.left_margin - self.right_margin

    def story(self) -> list[Flowable]:
        raise NotImplementedError

    def footer(self) -> str:
        """Footer markup, before the page number."""
        return ""

    def page_label(self, number: int) -> str:
        return str(number)

    def on_page(self, canvas: Canvas, doc: SimpleDocTemplate) -> None:
        # A Paragraph rather than drawString: the footer holds user names, and
        # only a Paragraph can switch to the fallback font mid-line.
        footer = Paragraph(f"{self._footer} · {self.page_label(doc.page)}", self.styles["footer"])
        _, height = footer.wrap(self.width, self.bottom_margin)
        canvas.saveState()
        canvas.setStrokeColor(charts.GRID)
        canvas.setLineWidth(0.5)
        top = self.bottom_margin - 6 * mm
        canvas.line(self.left_margin, top + 2, self.left_margin + self.width, top + 2)
        footer.drawOn(canvas, self.left_margin, top - height)
        canvas.restoreState()

    def generate(self) -> bytes:
        buffer = BytesIO()
        doc = _Document(
            buffer,
            pagesize=self.page_size,
            leftMargin=self.left_margin,
            rightMargin=self.right_margin,
            topMargin=self.top_margin,
            bottomMargin=self.bottom_margin,
            title=self.title,
            author=self.author,
            subject=self.subject,
            creator="feedback360",
            lang=getattr(self, "language", "en"),
            invariant=1,
            # The canvas starts every page in this font; ReportLab's default is
            # Helvetica, a standard font that PDF readers substitute, not embedded.
            initialFontName=fonts.REGULAR,
        )
        doc.created = self.created
        self._footer = self.footer()
        doc.build(self.story(), onFirstPage=self.on_page, onLaterPages=self.on_page)
        return buffer.getvalue()

    def p(self, markup: str, style: str = "body") -> Paragraph:
        return paragraph(markup, self.styles[style])

    def h1(self, text: str) -> list[Flowable]:
        return [CondPageBreak(45 * mm), self.p(text, "h1")]


class _Document(SimpleDocTemplate):
    """Invariant documents carry ReportLab's fixed date (1 January 2000); ours
    carry the release date instead, still the same on every rendering."""

    created: datetime | None = None

    def beforeDocument(self) -> None:
        if self.created is None:
            return
        when = self.created.astimezone(UTC)
        stamp = TimeStamp(invariant=True)
        stamp.t = when.timestamp()
        stamp.lt = when.timetuple()
        stamp.YMDhms = tuple(stamp.lt)[:6]
        stamp.dhh = stamp.dmm = 0
        self.canv._doc._timeStamp = stamp
