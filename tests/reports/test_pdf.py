"""The PDFs, read back with pypdf. No database: results are scored from hand-made sheets."""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from reports import fonts, pdf
from reports.scoring import (
    AssessmentResult,
    CommentEntry,
    CycleOverview,
    DimensionSpec,
    ItemSpec,
    OverviewRow,
    Rules,
    Sheet,
    score_assessment,
)

DIMENSIONS = [
    DimensionSpec(
        "dialogue", "Dialogue", "Two-way dialogue", "One-way instruction", "Ask before telling."
    ),
    DimensionSpec("vision", "Vision", "Shares a direction", "Runs the day to day", "Share a goal."),
]
ITEMS = [
    ItemSpec(1, "dialogue", "My manager asks for my view.", "I ask for views."),
    ItemSpec(2, "dialogue", "My manager listens.", "I listen."),
    ItemSpec(3, "dialogue", "My manager mostly gives orders.", "I give orders.", reverse=True),
    ItemSpec(4, "vision", "My manager shares where we are heading.", "I share direction."),
    ItemSpec(5, "vision", "My manager explains the long-term goal.", "I explain the goal."),
]
# Dialogue per rater (item 3 flipped): 13/3, 10/3, 13/3, 4.5 -> team 4.125; self 2.0.
# Vision per rater: 2, 1.5, 1.5, 2.5 -> team 1.875, SD 0.48; self 4.5.
TEAM = [
    {1: 4, 2: 5, 3: 2, 4: 2, 5: 2},
    {1: 3, 2: 4, 3: 3, 4: 1, 5: 2},
    {1: 4, 2: 4, 3: 1, 4: 2, 5: 1},
    {1: 5, 2: 4, 4: 2, 5: 3},
]
SELF = {1: 2, 2: 2, 3: 4, 4: 5, 5: 4}
KEEP = "What should your manager keep doing?"


def make_result(
    team: list[dict[int, int]] = TEAM,
    *,
    comments: list[str] = ("Keep the Friday huddles.",),
    manager_name: str = "Alex Example",
    dimensions: list[DimensionSpec] = DIMENSIONS,
    items: list[ItemSpec] = ITEMS,
) -> AssessmentResult:
    sheets = [Sheet("team", answers) for answers in team] + [Sheet("self", SELF)]
    return score_assessment(
        manager_name=manager_name,
        cycle_name="Spring 2025",
        period="March to April 2025",
        dimensions=dimensions,
        items=items,
        sheets=sheets,
        team_invited=6,
        team_comments=[CommentEntry(KEEP, text) for text in comments],
        self_comments=[CommentEntry("What should you keep doing?", "My own note.")],
        rules=Rules(k=3, comment_k=4),
        shuffle_seed=1,
    )


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_it_shows_team_numbers():
    text = flat(text_of(pdf.render_manager_report(make_result())))

    assert "4 of 6 team members responded" in text
    assert "Self-assessment: received" in text
    assert "team 4.1, self 2.0, gap \u22122.1" in text  # dialogue: a hidden strength
    assert "team 1.9, self 4.5, gap +2.6" in text  # vision: a blind spot
    assert "blind spot" in text
    assert "hidden strength" in text
    assert "0.5" in text  # vision SD
    assert "(reverse-scored)" in text


def test_it_shows_comments_and_suggested_actions():
    text = flat(text_of(pdf.render_manager_report(make_result())))

    assert KEEP in text
    assert "Keep the Friday huddles." in text
    assert "My own note." in text
    assert "Share a goal." in text  # vision is the weakest dimension


def test_it_withholds_the_team_view_below_k():
    result = make_result(TEAM[:2])
    text = text_of(pdf.render_manager_report(result))

    assert "2 of 6 team members responded" in flat(text)
    assert pdf.TEAM_WITHHELD.format(k=3) in flat(text)
    assert pdf.COMMENTS_HIDDEN.format(comment_k=4) in flat(text)
    assert "Keep the Friday huddles." not in text
    # Every number with a decimal is a self score or a fixed figure from the method page.
    own = {pdf.one(d.self_score) for d in result.dimensions}
    own |= {pdf.one(i.self_score) for d in result.dimensions for i in d.items}
    team_means = {"3.8", "1.8", "3.5", "1.5"}  # what the two raters' answers would show
    assert not own & team_means
    assert set(re.findall(r"\d\.\d", text)) <= own | {"0.5", "0.1"}


def test_it_hides_comments_below_the_comment_threshold():
    text = flat(text_of(pdf.render_manager_report(make_result(TEAM[:3]))))

    assert "team 1.7, self 4.5, gap +2.8" in text
    assert pdf.COMMENTS_HIDDEN.format(comment_k=4) in text
    assert "Keep the Friday huddles." not in text


def test_it_renders_markup_in_user_text_literally():
    result = make_result(
        comments=['<b>x</b> & <font name="nope">', '<img src="/etc/passwd"/>'],
        manager_name="Zoë Łukasiewicz-Ørsted",
    )
    text = text_of(pdf.render_manager_report(result))

    assert '<b>x</b> & <font name="nope">' in text
    assert '<img src="/etc/passwd"/>' in text
    assert "Zoë Łukasiewicz-Ørsted" in text


def test_it_keeps_characters_fira_lacks_visible():
    markup = fonts.with_fallback("中 ⟷")
    assert "中" not in markup  # no font here has it: the substitute stands in
    assert fonts.register().substitute in markup
    if fonts.register().fallback:
        assert f'<font name="{fonts.FALLBACK}">⟷</font>' in markup


def test_it_is_byte_identical_for_the_same_input():
    result = make_result()
    frozen = AssessmentResult.from_dict(json.loads(json.dumps(result.to_dict())))

    first = pdf.render_manager_report(result)
    assert pdf.render_manager_report(result) == first
    assert pdf.render_manager_report(frozen) == first


def test_it_uses_the_page_size():
    a4 = PdfReader(io.BytesIO(pdf.render_manager_report(make_result(), page_size="A4")))
    letter = PdfReader(io.BytesIO(pdf.render_manager_report(make_result(), page_size="LETTER")))

    assert round(float(a4.pages[0].mediabox.width)) == 595
    assert round(float(a4.pages[0].mediabox.height)) == 842
    assert round(float(letter.pages[0].mediabox.width)) == 612
    assert round(float(letter.pages[0].mediabox.height)) == 792


def test_it_rejects_an_unknown_page_size():
    with pytest.raises(ValueError):
        pdf.render_manager_report(make_result(), page_size="A5")


@pytest.mark.needs_binary("qpdf")
def test_it_passes_qpdf_check(tmp_path: Path):
    result = make_result(comments=["Zoë 中 ⟷ ❤️ 😀 \x07", "Fine."], manager_name="Zoë Ørsted")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.render_manager_report(result))

    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_it_renders_long_and_many_comments():
    long_comment = ("word " * 400)[:2000]
    unbroken = "x" * 2000
    too_long = "start " + "y" * 3000 + " END-OF-COMMENT"
    comments = [long_comment, unbroken, too_long] + [f"Comment number {i}." for i in range(40)]
    result = make_result(comments=comments)
    text = text_of(pdf.render_manager_report(result))

    assert "Comment number 39." in text
    assert "END-OF-COMMENT" not in text  # capped at 2,000 characters


def test_it_survives_long_dimension_and_item_texts():
    dimensions = [DimensionSpec("dialogue", "D" * 2000, "L " * 1000, "M " * 1000, "T " * 5000)]
    items = [ItemSpec(1, "dialogue", "Item " * 2000, "I.", reverse=True)]
    result = make_result([{1: 4}, {1: 3}, {1: 2}], dimensions=dimensions, items=items)

    assert pdf.render_manager_report(result).startswith(b"%PDF")


def test_it_renders_the_cycle_overview_for_many_managers():
    rows = [
        OverviewRow(
            manager_name=f"Manager {i:03d} Ødegård",
            team_invited=6,
            team_responses=i % 7,
            self_done=i % 2 == 0,
            team_view_withheld=i % 7 < 3,
            scores={d.key: None if i % 7 < 3 else 1 + (i % 40) / 10 for d in DIMENSIONS},
        )
        for i in range(300)
    ]
    overview = CycleOverview(
        cycle_name="Spring 2025",
        period="March to April 2025",
        k=3,
        dimensions=DIMENSIONS,
        rows=rows,
        invited=2100,
        responses=1200,
    )
    content = pdf.render_cycle_overview(overview, page_size="LETTER")
    text = text_of(content)

    assert "1,200 of 2,100 invited people responded (57%)" in flat(text)
    assert "Manager 123 Ødegård" in text
    assert "Manager 299 Ødegård" in text
    assert pdf.render_cycle_overview(overview, page_size="LETTER") == content


@pytest.mark.needs_binary("pdffonts")
@pytest.mark.parametrize("kind", ["manager", "overview"])
def test_every_font_is_embedded(tmp_path: Path, kind: str):
    if kind == "manager":
        content = pdf.render_manager_report(make_result(comments=["Zoë 中 ⟷", "Fine."]))
    else:
        content = pdf.render_cycle_overview(
            CycleOverview("Spring", "March", 3, DIMENSIONS, [], invited=0, responses=0)
        )
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = listing.stdout.splitlines()[2:]  # after the two header lines
    assert rows, listing.stdout
    not_embedded = [row for row in rows if row.split()[-5] != "yes"]
    assert not not_embedded, listing.stdout
    assert "Helvetica" not in listing.stdout
