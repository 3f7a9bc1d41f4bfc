"""Journey 3: after release, a manager follows the e-mail, signs in with an
e-mailed link (they have no password), reads their report as a web page —
their own manager's view under that name, beside their team's — and
downloads the PDF; nobody else's report opens for them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from reports.models import Report, ReportDownload
from reports.release import cycle_release
from surveys import lifecycle
from surveys.models import Person

from .axe import assert_nothing_serious
from .support import (
    DESKTOP,
    DOCS_SHOTS,
    PHONE,
    SHOTS,
    answer_as,
    cycle_launched,
    link_in,
    mail,
    pdf_page_png,
    pdf_text,
    screenshot,
    subject_of,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.needs_redis,
    pytest.mark.needs_postgres,
    pytest.mark.needs_binary("chromium"),
    pytest.mark.needs_binary("pdftoppm"),
]

CYCLE = "Spring 2026 leadership feedback"
MARIA, TOMAS = "maria.lindqvist@example.com", "tomas.ortega@example.com"
SOFIA = ("Sofia Ruiz", "sofia.ruiz@example.com")
# What each rater's answers score on each dimension (1 manages, 5 leads).
# Dialogue: the team gave 4, 5 and 4, so 4.3; Maria gave herself 5.0, her
# manager Sofia 3.0.
SCORES = {  #  rep 1, rep 2, rep 3, Maria herself, Sofia
    "dialogue": (4, 5, 4, 5, 3),
    "development": (3, 3, 2, 4, 3),
    "innovation": (5, 4, 4, 4, 4),
    "vision": (2, 2, 3, 4, 2),
    "initiative": (4, 3, 4, 3, 4),
    "individuals": (3, 3, 4, 4, 3),
    "values": (4, 4, 5, 4, 4),
    "outcomes": (5, 4, 4, 4, 5),
    "commitment": (3, 3, 2, 4, 3),
    "empowerment": (2, 1, 2, 3, 2),
}
PEOPLE = 9  # Maria's three reps, Tomás's three, the two managers, and Sofia


def column(index: int) -> dict[str, int]:
    return {key: scores[index] for key, scores in SCORES.items()}


@pytest.fixture
def released(instrument, smtp):
    """Maria's team of three, Maria herself and her manager Sofia answered;
    about Tomás nobody did. HR closed the cycle and released the reports."""
    cycle, [(maria, reps), (tomas, _)] = cycle_launched(
        CYCLE, {"Maria Lindqvist": MARIA, "Tomás Ortega": TOMAS}, bosses={"Maria Lindqvist": SOFIA}
    )
    smtp.wait_for(PEOPLE)  # the invitations are out before anyone answers
    for index, rep in enumerate(reps):
        answer_as(cycle, rep, manager=maria, scores=column(index))
    answer_as(cycle, maria, manager=maria, scores=column(3))
    answer_as(cycle, Person.objects.get(email=SOFIA[1]), manager=maria, scores=column(4))
    lifecycle.cycle_close(cycle_id=cycle.pk)
    cycle_release(cycle_id=cycle.pk)
    return cycle


def sign_in_by_link(page: Page, smtp, link: str) -> str:
    """Follow a link to the portal, ask for a sign-in link, use it. Returns it."""
    page.goto(link)
    expect(page.get_by_role("heading", name="Sign in to read your reports")).to_be_visible()
    page.get_by_label("Work e-mail address").fill(MARIA)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    sent = smtp.wait_for(PEOPLE + 2 + 1)
    sign_in = link_in(mail(sent, to=MARIA, subject="sign-in link"), "/signin/link/")
    page.goto(sign_in)
    page.get_by_role("button", name="Sign in and open my reports").click()
    expect(page.get_by_role("heading", name="My reports")).to_be_visible()
    return sign_in


def test_manager_reads_their_report_on_the_web_and_downloads_the_pdf(
    released, smtp, page, new_context
):
    ready = mail(smtp.wait_for(PEOPLE + 2), to=MARIA, subject="report for")
    assert subject_of(ready) == f"Your feedback report for {CYCLE} is ready"
    mine = Report.objects.get(assessment__manager__email=MARIA)
    assert link_in(ready, "/reports/").endswith(f"/reports/{mine.pk}/")

    sign_in = sign_in_by_link(page, smtp, link_in(ready, "/reports/"))
    expect(page.locator(".list-group")).to_contain_text(CYCLE)
    screenshot(page, "manager-1-my-reports")

    page.get_by_role("link", name="Read the report").click()
    expect(page).to_have_url(re.compile(f"/reports/{mine.pk}/$"))
    expect(page.get_by_role("heading", name="Maria Lindqvist", level=1)).to_be_visible()
    facts = page.locator(".report-facts")
    expect(facts).to_contain_text("Your manager (Sofia Ruiz): answered")
    expect(facts).to_contain_text("Direct reports: 3 of 3 answered")
    scores = page.get_by_role("table").filter(has_text="Each group's average")
    expect(scores.get_by_role("columnheader", name="Your manager")).to_be_visible()
    dialogue = scores.get_by_role("row", name=re.compile("^Dialogue"))
    expect(dialogue.get_by_role("cell")).to_have_text(  # herself, her manager, her team
        ["5.0", re.compile(r"^3\.0\s*1 answered"), re.compile(r"^4\.3\s*3 answered")]
    )
    assert "Tomás" not in page.content()
    page.set_viewport_size(DESKTOP)
    screenshot(page, "report-web", docs=True)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    screenshot(page, "report-web-phone", docs=True)
    screenshot(page, "manager-2-report-on-a-phone-whole", full_page=True)
    page.set_viewport_size(DESKTOP)

    # The same page through axe (in a context that lets its script in).
    checked = new_context(bypass_csp=True, storage_state=page.context.storage_state()).new_page()
    checked.goto(f"/reports/{mine.pk}/")
    assert_nothing_serious(checked, "report-web")
    checked.set_viewport_size(PHONE)
    assert_nothing_serious(checked, "report-web-phone")
    checked.close()

    with page.expect_download() as started:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = SHOTS / started.value.suggested_filename
    started.value.save_as(pdf)
    text = pdf_text(pdf)
    assert "Maria Lindqvist" in text and "Tomás" not in text
    assert "Sofia Ruiz" in text
    assert "Direct reports: 3 of 3 answered" in text
    pdf_page_png(pdf, 1, DOCS_SHOTS / "report-page-one.png")

    theirs = Report.objects.get(assessment__manager__email=TOMAS)
    for path in (f"/reports/{theirs.pk}/", f"/reports/{theirs.pk}/pdf"):
        response = page.goto(path)
        assert response.status == 404, path
        expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    page.goto(sign_in)
    expect(page.get_by_role("heading", name="This sign-in link is not valid")).to_be_visible()
    screenshot(page, "manager-3-sign-in-link-used-up")

    reads = ReportDownload.objects.values_list("report__assessment__manager__email", "kind")
    assert sorted(reads) == [(MARIA, "pdf"), (MARIA, "web"), (MARIA, "web")]
