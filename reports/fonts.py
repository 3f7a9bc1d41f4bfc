"""Fonts for the PDFs, and the glyph fallback that keeps every character visible.

ReportLab draws a character the font has no glyph for as nothing at all, so a
rater's "Zoë" or an emoji could silently disappear from a report. Fira Sans
covers the European languages; DejaVu Sans, when the system has it, covers most
of the rest; anything neither can draw is replaced by a visible substitute.
"""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import fontpkg_fira_sans
from reportlab.graphics.shapes import STATE_DEFAULTS
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FIRA_DIR = Path(fontpkg_fira_sans.__file__).parent / "files"
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")

REGULAR, BOLD, ITALIC, BOLD_ITALIC = (
    "FiraSans",
    "FiraSans-Bold",
    "FiraSans-Italic",
    "FiraSans-BoldItalic",
)
FALLBACK, FALLBACK_BOLD = "DejaVuSans", "DejaVuSans-Bold"

# Invisible by design: variation selectors and joiners only steer how their
# neighbours look. When no font knows them, dropping them loses nothing visible,
# while a substitute would put a box after every "❤️".
_INVISIBLE = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF} | set(range(0xFE00, 0xFE10))
_WHITESPACE = {"\t", "\n", "\r"}


@dataclass(frozen=True)
class FontSet:
    main: frozenset[int]
    fallback: frozenset[int]
    substitute: str  # markup for one character no font can draw


def _load(name: str, path: Path) -> frozenset[int]:
    """Register one face; return the code points it can draw."""
    font = TTFont(name, str(path))
    pdfmetrics.registerFont(font)
    # Only the Basic Multilingual Plane: for a character beyond it (most emoji)
    # ReportLab 4 writes a malformed ToUnicode entry, breaking copy, search and
    # screen readers. Such a character gets the visible substitute instead.
    return frozenset(code for code in font.face.charToGlyph if code <= 0xFFFF)


@lru_cache(maxsize=1)
def register() -> FontSet:
    """Register the fonts once per process; parsing a TTF is the slow part."""
    main = frozenset.intersection(
        *(
            _load(name, FIRA_DIR / f"{file}.ttf")
            for name, file in [
                (REGULAR, "FiraSans-Regular"),
                (BOLD, BOLD),
                (ITALIC, ITALIC),
                (BOLD_ITALIC, BOLD_ITALIC),
            ]
        )
    )
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )
    # Every Drawing starts from these defaults and writes its font into the
    # page even when it draws no text: with ReportLab's Helvetica that would
    # be a standard font the PDF names but does not embed.
    STATE_DEFAULTS["fontName"] = REGULAR

    regular, bold = DEJAVU_DIR / f"{FALLBACK}.ttf", DEJAVU_DIR / f"{FALLBACK_BOLD}.ttf"
    if regular.is_file() and bold.is_file():
        # Coverage of both faces, so a bold run never meets a hole the regular
        # face would have filled. Italic maps to upright: the oblique faces
        # cover fewer glyphs, and a slanted glyph matters less than a missing one.
        fallback = _load(FALLBACK, regular) & _load(FALLBACK_BOLD, bold)
        pdfmetrics.registerFontFamily(
            FALLBACK, normal=FALLBACK, bold=FALLBACK_BOLD, italic=FALLBACK,
            boldItalic=FALLBACK_BOLD,
        )  # fmt: skip
    else:
        fallback = frozenset()

    if ord("\ufffd") in main:
        substitute = "\ufffd"
    elif ord("\u25a1") in fallback:
        substitute = f'<font name="{FALLBACK}">\u25a1</font>'
    else:
        substitute = "?"
    return FontSet(main, fallback, substitute)


def _kind(char: str, fonts: FontSet) -> str:
    code = ord(char)
    if code in fonts.main or char in _WHITESPACE:
        return "main"
    if code in fonts.fallback:
        return "fallback"
    if code in _INVISIBLE or unicodedata.category(char) == "Cf":
        return "drop"
    return "missing"


def with_fallback(text: str, *, bold: bool = False) -> str:
    """Paragraph markup for `text` (plain, or already escaped) that draws every
    character: in Fira Sans where it can, in the fallback font where only that
    has the glyph, and as a visible substitute where no font has it.

    `bold` says the surrounding style is bold: a <font> tag resets ReportLab's
    bold flag, so the fallback face must be named explicitly.
    """
    fonts = register()
    text = unicodedata.normalize("NFC", text)  # "e" + combining accent -> "é", one glyph
    if all(ord(c) in fonts.main for c in text):
        return text
    face = FALLBACK_BOLD if bold else FALLBACK
    parts: list[str] = []
    for kind, run in itertools.groupby(text, key=lambda c: _kind(c, fonts)):
        chars = "".join(run)
        if kind == "main":
            parts.append(chars)
        elif kind == "fallback":
            parts.append(f'<font name="{face}">{chars}</font>')
        elif kind == "missing":
            parts.append(fonts.substitute * len(chars))
    return "".join(parts)


def user_markup(text: str, *, bold: bool = False, limit: int | None = None) -> str:
    """Markup for a string someone typed (a name, a comment, an item): escaped,
    because Paragraph markup can raise or read a local file via <img src>, then
    given the fallback font. `limit` caps the length so no table cell outgrows a page."""
    if limit is not None and len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return with_fallback(escape(text), bold=bold)
