"""The PDFs: a manager's gap report and HR's cycle overview. ReportLab only.

Shaped like pretix's invoice renderer: margins are attributes, the story and
the page decorations are hooks, generate() returns bytes. The doc template is
invariant (no creation date, fixed document id), so the same frozen results
always give the same bytes: a released report never changes between downloads.

Every user string (names, dimension texts, comments) goes through `user_markup()`:
escaped, because Paragraph markup can raise or read a local file via <img src>,
then given the fallback font for glyphs Fira Sans lacks.
"""

from __future__ import annotations

import re
from functools import lru_cache
from io import BytesIO

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    TableStyle,
)

from . import charts, fonts
from .fonts import user_markup
from .scoring import (
    AssessmentResult,
    CycleOverview,
    one_decimal,
)

PAGE_SIZES = {"A4": A4, "LETTER": LETTER}
COMMENT_MAX_CHARS = settings.FEEDBACK["COMMENT_MAX_CHARS"]
# Text in a table cell is capped: a cell taller than a page raises LayoutError.
CELL_LIMIT = 500

COVER_TITLE = "360° feedback report"
RESPONDED = "{responses} of {invited} team members responded"
SELF_RECEIVED = "Self-assessment: received"
SELF_MISSING = "Self-assessment: not received"
TEAM_WITHHELD = "The team view is withheld because fewer than {k} team members responded."
COMMENTS_HIDDEN = (
    "Team comments appear only when at least {comment_k} team members responded, "
    "because written words identify people more easily than scores."
)
ITEM_WITHHELD = "withheld (fewer than {k})"
WITHHELD = "withheld"
MISSING = "—"
CONFIDENTIAL = "Confidential"
OVERVIEW_TITLE = "Cycle overview"
OVERVIEW_RESPONDED = "{responses} of {invited} invited people responded ({rate})"

# Headed paragraphs: the first line of each block is its heading.
METHOD = """
The scale
Each statement was rated from 1 to 5: 1 strongly disagree, 2 disagree, 3 neither agree nor
disagree, 4 agree, 5 strongly agree. “Can't say” was allowed and is not counted: it neither raises
nor lowers a score.

From statements to dimensions
Statements marked “reverse-scored” describe managing rather than leading, so they are flipped
(5 becomes 1, 4 becomes 2) before anything is averaged. A person's score on a dimension is the mean
of the statements they answered in it; the team score is the mean of those. Every dimension
therefore reads the same way: 1 means only manages, 5 means leads. Managing is not wrong; the report
shows where you stand, and where you and your team see it differently.

Anonymity
Team members answered anonymously. The team view appears only when at least {k} team members
responded, and a dimension or statement answered by fewer than {k} is withheld. Comments need at
least {comment_k} responses, because written words identify people more easily than scores; they
are shown in random order, without names.

Reading gaps
The gap is your self-rating minus the team mean. A gap of {gap} or more is a blind spot when you
rated yourself higher, and a hidden strength when your team rated you higher. Team members disagree
with each other, so each gap is also marked “clear” when your self-rating lies outside the 95%
interval of the team mean, and “within the noise” when it lies inside and could be chance.

Numbers
Scores are shown to one decimal but calculated at full precision, so a gap can differ by 0.1 from
the difference of the rounded scores. This report was fixed when the results were released and
does not change between downloads.
"""


# --- Formatting ------------------------------------------------------------------


def one(value: float | None) -> str:
    """One decimal, halves rounded away from zero as readers expect (3.25 -> 3.3)."""
    if value is None:
        return MISSING
    rounded = one_decimal(value)
    return str(abs(rounded) if rounded == 0 else rounded)


def signed(value: float | None) -> str:
    text = one(value)
    if text in (MISSING, "0.0"):
        return text
    return text.replace("-", "\u2212") if text.startswith("-") else f"+{text}"


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
        "body", fontName=fonts.REGULAR, bulletFontName=fonts.REGULAR, fontSize=9.5, leading=13.5
    )

    def style(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "note": style("note", fontSize=8, leading=11, textColor=charts.MUTED),
        "title": style("title", fontName=fonts.BOLD, fontSize=26, leading=32, spaceAfter=18),
        "name": style("name", fontName=fonts.BOLD, fontSize=17, leading=22, spaceAfter=4),
        "cover": style("cover", fontSize=12, leading=17),
        # keepWithNext: a heading never ends a page without what it introduces.
        "h1": style(
            "h1",
            fontName=fonts.BOLD,
            fontSize=16,
            leading=20,
            spaceBefore=14,
            spaceAfter=8,
            keepWithNext=1,
        ),
        "h2": style(
            "h2",
            fontName=fonts.BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "item": style("item", leftIndent=10, bulletIndent=0, spaceAfter=3),
        "comment": style("comment", leftIndent=8, spaceBefore=2, spaceAfter=7),
        "cell": style("cell", fontSize=8.5, leading=10.5),
        "cell_bold": style("cell_bold", fontName=fonts.BOLD, fontSize=8.5, leading=10.5),
        "cell_centre": style("cell_centre", fontSize=8.5, leading=10.5, alignment=TA_CENTER),
        "pole_left": style("pole_left", fontSize=7.5, leading=9, alignment=TA_RIGHT),
        "pole_right": style("pole_right", fontSize=7.5, leading=9, alignment=TA_LEFT),
        "head": style("head", fontName=fonts.BOLD, fontSize=7.5, leading=9),
        "footer": style(
            "footer", fontSize=7.5, leading=9, textColor=charts.MUTED, alignment=TA_CENTER
        ),
    }


def table_style(*extra: tuple) -> TableStyle:
    return TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 8.5),
            ("FONT", (0, 0), (-1, 0), fonts.BOLD, 8.5),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEF2F6")),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, charts.GRID),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (1, 0), (-1, -1), "CENTER"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            *extra,
        ]
    )


# --- The renderer ------------------------------------------------------------------


class Renderer:
    left_margin = 20 * mm
    right_margin = 20 * mm
    top_margin = 18 * mm
    bottom_margin = 20 * mm
    title = ""
    author = "feedback360"

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
        return CONFIDENTIAL

    def on_first_page(self, canvas: Canvas, doc: SimpleDocTemplate) -> None:
        self.on_page(canvas, doc)

    def on_page(self, canvas: Canvas, doc: SimpleDocTemplate) -> None:
        # A Paragraph rather than drawString: the footer holds user names, and
        # only a Paragraph can switch to the fallback font mid-line.
        footer = Paragraph(f"{self._footer} · Page {doc.page}", self.styles["footer"])
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
        doc = SimpleDocTemplate(
            buffer,
            pagesize=self.page_size,
            leftMargin=self.left_margin,
            rightMargin=self.right_margin,
            topMargin=self.top_margin,
            bottomMargin=self.bottom_margin,
            title=self.title,
            author=self.author,
            creator="feedback360",
            invariant=1,
            # The canvas starts every page in this font; ReportLab's default is
            # Helvetica, a standard font that PDF readers substitute, not embedded.
            initialFontName=fonts.REGULAR,
        )
        self._footer = self.footer()
        doc.build(self.story(), onFirstPage=self.on_first_page, onLaterPages=self.on_page)
        return buffer.getvalue()

    def p(self, markup: str, style: str = "body") -> Paragraph:
        return Paragraph(markup, self.styles[style])

    def h1(self, text: str) -> list[Flowable]:
        return [CondPageBreak(50 * mm), self.p(text, "h1")]


# --- Public API ------------------------------------------------------------------------


def render_manager_report(result: AssessmentResult, *, page_size: str = "A4") -> bytes:
    from .gap_report import ManagerReport

    return ManagerReport(result, page_size=page_size).generate()


def render_cycle_overview(overview: CycleOverview, *, page_size: str = "A4") -> bytes:
    from .overview import OverviewReport

    return OverviewReport(overview, page_size=page_size).generate()
