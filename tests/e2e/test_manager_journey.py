"""Journey 3: after release, a manager follows the e-mail, signs in with an
e-mailed link (they have no password), and downloads their own report — and
nobody else's."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reports.models import Report, ReportDownload
from reports.services import cycle_release
from surveys import services
from surveys.models import Invitation, Item

from .support import (
    DOCS_SHOTS,
    SHOTS,
    cycle_launched,
    link_in,
    mail,
    pdf_page_png,
    pdf_text,
    screenshot,
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
# What each rater's answers score on each dimension (1 manages, 5 leads).
# Dialogue: the team gave 4, 5 and 4, so 4.3; Maria gave herself 5.0.
SCORES = {  #  rep 1, rep 2, rep 3, Maria herself
    "dialogue": (4, 5, 4, 5),
    "development": (3, 3, 2, 4),
    "innovation": (5, 4, 4, 4),
    "vision": (2, 2, 3, 4),
    "initiative": (4, 3, 4, 3),
    "individuals": (3, 3, 4, 4),
    "values": (4, 4, 5, 4),
    "outcomes": (5, 4, 4, 4),
    "commitment": (3, 3, 2, 4),
    "empowerment": (2, 1, 2, 3),
}


def submit(cycle, person, column: int) -> None:
    """Answer every statement so that each dimension scores as in SCORES'
    column (a reverse-keyed statement is answered 6 − score)."""
    answers = {}
    for item in Item.objects.filter(dimension__instrument=cycle.instrument).select_related(
        "dimension"
    ):
        score = SCORES[item.dimension.key][column]
        answers[item.id] = 6 - score if item.reverse_keyed else score
    invitation = Invitation.objects.get(assessment__cycle=cycle, rater=person)
    services.response_submit(invitation=invitation, answers=answers, comments={})


@pytest.fixture
def released(instrument, smtp, worker):
    """Maria's team of three and Maria herself answered; Tomás's nobody. HR
    closed the cycle and released the reports; the worker renders and mails them."""
    cycle, [(maria, reps), (tomas, _)] = cycle_launched(
        CYCLE, {"Maria Lindqvist": MARIA, "Tomás Ortega": TOMAS}
    )
    smtp.wait_for(2 * (1 + 3))  # the invitations are out before anyone answers
    for column, rep in enumerate(reps):
        submit(cycle, rep, column)
    submit(cycle, maria, column=3)
    services.cycle_close(cycle_id=cycle.pk)
    cycle_release(cycle_id=cycle.pk)
    return cycle


def test_manager_signs_in_by_e_mail_and_downloads_only_their_own_report(released, smtp, page):
    invitations, reports_ready = 2 * (1 + 3), 2
    ready = mail(smtp.wait_for(invitations + reports_ready), to=MARIA, subject="report for")
    assert ready["Subject"] == f"Your feedback report for {CYCLE} is ready"

    page.goto(link_in(ready, "/reports/"))
    expect(page.get_by_role("heading", name="Sign in to read your reports")).to_be_visible()
    page.get_by_label("Work e-mail address").fill(MARIA)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    sent = smtp.wait_for(invitations + reports_ready + 1)
    sign_in = link_in(mail(sent, to=MARIA, subject="sign-in link"), "/signin/link/")
    page.goto(sign_in)
    page.get_by_role("button", name="Sign in and open my reports").click()
    expect(page.get_by_role("heading", name="My reports")).to_be_visible()
    expect(page.locator(".list-group")).to_contain_text(CYCLE)
    screenshot(page, "manager-1-my-reports")

    with page.expect_download() as started:
        page.get_by_role("link", name="Download PDF").click()
    pdf = SHOTS / started.value.suggested_filename
    started.value.save_as(pdf)
    text = pdf_text(pdf)
    assert "Maria Lindqvist" in text and "Tomás" not in text
    assert "3 of 3 team members responded" in text
    assert "Self-assessment: received" in text
    assert "Dialogue: team 4.3, self 5.0, gap +0.7" in text  # a strength and a blind spot
    assert "Empowerment: team 1.7, self 3.0, gap +1.3" in text  # the weakest
    pdf_page_png(pdf, 3, DOCS_SHOTS / "report-page.png")

    theirs = Report.objects.get(assessment__manager__email=TOMAS)
    response = page.goto(f"/reports/{theirs.pk}/pdf")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    page.goto(sign_in)
    expect(page.get_by_role("heading", name="This sign-in link is not valid")).to_be_visible()
    screenshot(page, "manager-2-sign-in-link-used-up")

    downloads = ReportDownload.objects.values_list("report__assessment__manager__email", "user")
    assert [email for email, _ in downloads] == [MARIA]
