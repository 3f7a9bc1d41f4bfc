"""The PDFs, read back with pypdf. No database: results are scored from hand-made
sheets (tests/reports/sheets.py)."""

from __future__ import annotations

import io
import json
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from reports import fonts, pdf_base
from reports.gap_report import ManagerReport
from reports.overview import OverviewReport
from reports.pdf_base import Figures, styles
from reports.results import (
    BOSS,
    PEER,
    SELF,
    TEAM,
    AssessmentResult,
    CommentEntry,
    CycleOverview,
    OverviewDimension,
    OverviewRow,
)
from reports.scoring import DimensionSpec, ItemSpec, score_assessment
from tests.reports.sheets import group

DIMENSIONS = [
    DimensionSpec("dialogue", "Dialogue", "Two-way dialogue", "One-way instruction",
                  "Ask before telling.", "Ask one question first."),
    DimensionSpec("vision", "Vision", "Shares a direction", "Runs the day to day", "Share a goal.",
                  "Write five sentences on where the team is heading."),
]  # fmt: skip
ITEMS = [
    ItemSpec(1, "dialogue", "My manager asks for my view.", "I ask for views."),
    ItemSpec(2, "dialogue", "My manager listens.", "I listen."),
    ItemSpec(3, "dialogue", "My manager mostly gives orders.", "I give orders.", reverse=True),
    ItemSpec(4, "vision", "My manager shares where we are heading.", "I share direction."),
    ItemSpec(5, "vision", "My manager explains the long-term goal.", "I explain the goal."),
]
# Dialogue per rater (item 3 flipped): 13/3, 10/3, 13/3, 4.5, 4, 4 -> team 4.06; self 2.0.
# Vision per rater: 2, 1.5, 1.5, 2.5, 2, 2 -> team 1.9; self 4.5.
TEAM_SHEETS = [
    {1: 4, 2: 5, 3: 2, 4: 2, 5: 2},
    {1: 3, 2: 4, 3: 3, 4: 1, 5: 2},
    {1: 4, 2: 4, 3: 1, 4: 2, 5: 1},
    {1: 5, 2: 4, 4: 2, 5: 3},
    {1: 4, 2: 4, 3: 2, 4: 2, 5: 2},
    {1: 4, 2: 4, 3: 2, 4: 2, 5: 2},
]
SELF_SHEET = {1: 2, 2: 2, 3: 4, 4: 5, 5: 4}
KEEP = "What should your manager keep doing?"
RELEASED = datetime(2027, 4, 3, 9, 30, tzinfo=UTC)


def make_result(
    team=TEAM_SHEETS,
    *,
    own=SELF_SHEET,
    comments=("Keep the Friday huddles.",),
    manager_name="Alex Example",
    dimensions=DIMENSIONS,
    items=ITEMS,
    extra=(),
) -> AssessmentResult:
    groups = [group(TEAM, team, items, invited=8)]
    if own is not None:
        groups.append(group(SELF, [own], items, threshold=1, comment_threshold=1))
    return score_assessment(
        manager_name=manager_name,
        cycle_name="Spring 2027",
        period="1 March 2027 – 14 March 2027",
        released_on="3 April 2027",
        dimensions=dimensions,
        items=items,
        groups=[*groups, *extra],
        comments=[
            *[CommentEntry(TEAM, KEEP, text) for text in comments],
            CommentEntry(SELF, "What should you keep doing?", "My own note."),
        ],
        shuffle_seed=1,
    )


def render(result: AssessmentResult, **kw) -> bytes:
    return ManagerReport(result, created=RELEASED, **kw).generate()


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def page_texts(content: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


def test_page_one_carries_the_message():
    first = page_texts(render(make_result()))[0]
    assert "Alex Example" in first and "Spring 2027" in first and "released 3 April 2027" in first
    assert "Direct reports: 6 of 8 answered" in first
    assert "Your direct reports place you" in first  # the headline
    assert "CLEAREST STRENGTH" in first and "Dialogue" in first
    assert "CLEAREST BLIND SPOT" in first and "Vision" in first
    assert "6 of 6 of your direct reports rated you lower than you rated yourself." in first
    assert "SUGGESTED FOCUS" in first and "First step:" in first
    assert "Write five sentences on where the team is heading." in first


def test_differences_are_said_in_counts_and_ranked():
    text = flat(text_of(render(make_result())))
    assert "Blind spots" in text and "Hidden strengths" in text
    assert "Direct reports 1.9 (+2.6): 6 of 6 of your direct reports rated you lower" in text
    assert "Direct reports 4.1 (\u22122.1): 6 of 6 of your direct reports rated you higher" in text
    assert "SD" not in text and "95%" not in text and "interval" not in text


def test_scores_by_dimension_give_counts_not_analyst_terms():
    text = flat(text_of(render(make_result())))
    assert "Scores by dimension" in text
    assert "6 answered" in text
    assert "(turned round)" in text


def test_it_shows_comments_and_where_to_start():
    text = flat(text_of(render(make_result())))
    assert KEEP in text and "Keep the Friday huddles." in text
    assert "My own note." in text
    assert "Share a goal." in text  # vision is the weakest dimension
    assert "never edited or translated" in text


def test_below_every_threshold_it_is_a_short_report_that_says_why():
    result = make_result(TEAM_SHEETS[:2])
    content = render(result)
    text = flat(text_of(content))
    assert len(PdfReader(io.BytesIO(content)).pages) <= 2
    assert "Why this report has no scores from others" in text
    assert "only 2 answered; at least 3 are needed" in text
    assert "Keep the Friday huddles." not in text
    # Every number with a decimal is a self score (or the method's 0.5).
    own = {f"{d.self_score:.1f}" for d in result.dimensions}
    assert set(re.findall(r"\d\.\d", text)) <= own | {"0.5"}


def test_it_hides_comments_below_the_comment_threshold():
    text = flat(text_of(render(make_result(TEAM_SHEETS[:3]))))
    assert "comments appear only when at least 4 answered" in text
    assert "Keep the Friday huddles." not in text


def test_without_a_self_assessment_it_claims_no_blind_spot():
    text = flat(text_of(render(make_result(own=None))))
    assert "Blind spots need your self-assessment" in text
    assert "makes no claim about blind spots" in text
    assert "None is clear" not in text


def test_the_managers_manager_is_named_and_peers_have_a_column():
    boss = group(BOSS, [{1: 3, 2: 3, 3: 3, 4: 3, 5: 3}], ITEMS, threshold=1, comment_threshold=1,
                 named="Helena Strand")  # fmt: skip
    peers = group(PEER, TEAM_SHEETS[:4], ITEMS)
    text = flat(text_of(render(make_result(extra=[boss, peers]))))
    assert "Your manager (Helena Strand): answered" in text
    assert "Peers: 4 of 4 answered" in text
    assert "All raters" in text


def test_it_renders_markup_in_user_text_literally():
    result = make_result(
        comments=['<b>x</b> & <font name="nope">', '<img src="/etc/passwd"/>'],
        manager_name="Zoë Łukasiewicz-Ørsted",
    )
    text = text_of(render(result))
    assert '<b>x</b> & <font name="nope">' in text
    assert '<img src="/etc/passwd"/>' in text
    assert "Zoë Łukasiewicz-Ørsted" in text


def test_characters_no_font_has_become_a_visible_marker():
    markup = fonts.with_fallback("中 ⟷ 😀")
    assert "中" not in markup and "😀" not in markup  # no font here has them
    assert fonts.register().substitute in markup
    if fonts.register().fallback:
        assert f'<font name="{fonts.FALLBACK}">⟷</font>' in markup


def test_it_is_byte_identical_for_the_same_input_and_dated_on_release():
    result = make_result()
    frozen = AssessmentResult.from_dict(json.loads(json.dumps(result.to_dict())))
    first = render(result)
    assert render(result) == first and render(frozen) == first
    info = PdfReader(io.BytesIO(first)).metadata
    assert info.creation_date.date() == RELEASED.date()
    assert info.title == "360° feedback report: Alex Example, Spring 2027"
    assert info.author == "feedback360"


def test_it_uses_the_page_size():
    a4 = PdfReader(io.BytesIO(render(make_result(), page_size="A4")))
    letter = PdfReader(io.BytesIO(render(make_result(), page_size="LETTER")))
    assert round(float(a4.pages[0].mediabox.width)) == 595
    assert round(float(letter.pages[0].mediabox.width)) == 612


def test_it_rejects_an_unknown_page_size():
    with pytest.raises(ValueError):
        render(make_result(), page_size="A5")


@pytest.mark.needs_binary("qpdf")
def test_it_passes_qpdf_check(tmp_path: Path):
    result = make_result(comments=["Zoë 中 ⟷ ❤️ 😀 \x07", "Fine."], manager_name="Zoë Ørsted")
    path = tmp_path / "report.pdf"
    path.write_bytes(render(result))
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_it_renders_long_and_many_comments():
    long_comment = ("word " * 400)[:2000]
    unbroken = "x" * 2000
    too_long = "start " + "y" * 3000 + " END-OF-COMMENT"
    comments = [long_comment, unbroken, too_long] + [f"Comment number {i}." for i in range(40)]
    text = text_of(render(make_result(comments=comments)))
    assert "Comment number 39." in text
    assert "END-OF-COMMENT" not in text  # capped at 2,000 characters


def test_it_survives_long_dimension_and_item_texts():
    dimensions = [DimensionSpec("dialogue", "D" * 2000, "L " * 1000, "M " * 1000, "T " * 5000,
                                "A " * 1000)]  # fmt: skip
    items = [ItemSpec(1, "dialogue", "Item " * 2000, "I.", reverse=True)]
    result = make_result([{1: 4}, {1: 3}, {1: 2}], own={1: 5}, dimensions=dimensions, items=items)
    assert render(result).startswith(b"%PDF")


def test_reports_rendered_in_turn_are_byte_for_byte_those_rendered_alone():
    """Parsed markup is shared between renderings (pdf_base.paragraph): laying
    out, splitting across pages and drawing must leave it as it was."""
    many = [("word " * 400)[:2000], "x" * 2000] + [f"Comment number {i}." for i in range(40)]
    dimensions = [DimensionSpec("dialogue", "D " * 300, "L " * 100, "M " * 100, "T " * 900,
                                "A " * 100)]  # fmt: skip
    items = [ItemSpec(1, "dialogue", "Item " * 300, "I.", reverse=True)]
    results = [
        make_result(),
        make_result(comments=many),
        make_result([{1: 4}, {1: 3}, {1: 2}], own={1: 5}, dimensions=dimensions, items=items),
        make_result(TEAM_SHEETS[:5], manager_name="Bea Other", comments=many[2:]),
    ]
    alone = []
    for result in results:
        pdf_base._PARSED.clear()
        alone.append(render(result))
    assert len(set(alone)) == len(results)
    pairs = list(zip(results, alone, strict=True))
    for result, expected in pairs + pairs[::-1]:
        assert render(result) == expected


def overview(rows: int = 300) -> CycleOverview:
    dims = [OverviewDimension(d.key, d.name) for d in DIMENSIONS]
    return CycleOverview(
        cycle_name="Spring 2027",
        period="March to April 2027",
        released_on="3 April 2027",
        k=3,
        groups=["self", "team"],
        dimensions=dims,
        rows=[
            OverviewRow(
                manager_name=f"Manager {i:03d} Ødegård",
                rates={"team": [6, i % 7], "self": [1, i % 2]},
                self_done=i % 2 == 0,
                team_shown=i % 7 >= 3,
                scores={d.key: None if i % 7 < 3 else 1 + (i % 40) / 10 for d in dims},
                quartiles={d.key: None if i % 7 < 3 else 1 + i % 4 for d in dims},
            )
            for i in range(rows)
        ],
        invited=2100,
        responses=1200,
        norms_shown=True,
    )


def test_it_renders_the_cycle_overview_for_many_managers():
    content = OverviewReport(overview(), page_size="LETTER", created=RELEASED).generate()
    text = text_of(content)
    assert "1,200 of 2,100 invited people answered (57%), for 300 managers." in flat(text)
    assert "Manager 123 Ødegård" in text and "Manager 299 Ødegård" in text
    assert "Q4 top" in flat(text)
    assert OverviewReport(overview(), page_size="LETTER", created=RELEASED).generate() == content


@pytest.mark.needs_binary("pdffonts")
@pytest.mark.parametrize("kind", ["manager", "short", "overview"])
def test_every_font_is_embedded(tmp_path: Path, kind: str):
    if kind == "manager":
        content = render(make_result(comments=["Zoë 中 ⟷", "Fine."]))
    elif kind == "short":
        content = render(make_result(TEAM_SHEETS[:1]))
    else:
        content = OverviewReport(overview(5), created=RELEASED).generate()
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = listing.stdout.splitlines()[2:]  # after the two header lines
    assert rows, listing.stdout
    assert all(row.split()[-5] == "yes" for row in rows), listing.stdout
    assert "Helvetica" not in listing.stdout


@pytest.mark.needs_binary("pdftotext")
def test_no_page_is_mostly_white_but_the_last(tmp_path: Path):
    """Each page but the last carries text down at least half its height."""
    path = tmp_path / "report.pdf"
    path.write_bytes(render(make_result()))
    pages = len(PdfReader(str(path)).pages)
    for number in range(1, pages):
        bbox = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-bbox", str(path), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        bottoms = [float(m) for m in re.findall(r'yMax="([\d.]+)"', bbox)]
        assert bottoms and max(bottoms) > 842 * 0.5, f"page {number} is mostly white"


def test_a_score_cell_too_narrow_for_its_note_wraps_instead_of_overflowing():
    """Score cells are drawn as plain strings; one whose note (say, German's
    "12 haben geantwortet" in a report with six groups) is wider than its column
    is laid out as a Paragraph instead, over more lines, never past its edge."""
    style = styles()["cell_centre"]
    lines = [("4.1", fonts.REGULAR, 8.5, style.textColor),
             ("12 haben geantwortet", fonts.REGULAR, 6.5, style.textColor)]  # fmt: skip
    cell = Figures(
        lines, leading=10.5, fallback=lambda: Paragraph("4.1<br/>12 haben geantwortet", style)
    )
    assert cell.wrap(200, 500) == (200, 21)
    width, height = cell.wrap(40, 500)
    assert width <= 40 and height > 21
