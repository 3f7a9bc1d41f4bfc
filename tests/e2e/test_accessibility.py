"""The survey page passes axe-core's WCAG 2 A/AA rules with nothing serious or
critical: as first opened, on a phone, with every validation error shown, and
as the manager's own manager sees it. (The web report has its check in the
manager's journey.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.smtp import survey_link

from .axe import assert_nothing_serious
from .support import cycle_launched, mail, screenshot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.needs_redis,
    pytest.mark.needs_postgres,
    pytest.mark.needs_binary("chromium"),
]


def survey_links(smtp) -> tuple[str, str]:
    """A rep's link and the manager's manager's. No worker needed: the
    invitations go out from this process."""
    cycle, [(maria, reps)] = cycle_launched(
        "Spring 2026 leadership feedback",
        {"Maria Lindqvist": "maria.lindqvist@example.com"},
        bosses={"Maria Lindqvist": ("Sofia Ruiz", "sofia.ruiz@example.com")},
    )
    sent = smtp.wait_for(5)
    rep = survey_link(mail(sent, to=reps[0].email, subject="Feedback on"))
    boss = survey_link(mail(sent, to="sofia.ruiz@example.com", subject="Feedback on"))
    return rep, boss


def test_survey_page_has_no_serious_accessibility_problems(instrument, smtp, new_context):
    link, boss_link = survey_links(smtp)
    page = new_context(bypass_csp=True).new_page()  # the CSP refuses injected scripts

    page.goto(boss_link)
    expect(page.locator(".survey-role")).to_contain_text("Your answers are not anonymous")
    assert_nothing_serious(page, "survey-for-the-managers-manager")

    page.goto(link)
    assert_nothing_serious(page, "survey")
    page.set_viewport_size({"width": 375, "height": 812})
    assert_nothing_serious(page, "survey-on-a-phone")

    page.set_viewport_size({"width": 1280, "height": 720})
    page.get_by_label("What should your manager keep doing?").fill("Listens.")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Please check 30 answers")).to_be_visible()
    expect(page.get_by_label("What should your manager keep doing?")).to_have_value("Listens.")
    screenshot(page, "a11y-survey-with-errors")
    assert_nothing_serious(page, "survey-with-errors")


def test_an_error_link_on_a_phone_shows_the_statement_it_points_to(instrument, smtp, phone):
    """On a phone the summary lists the missed statements by number; following
    one lands on the statement, clear of the sticky progress bar, and answering
    it clears its error."""
    phone.goto(survey_links(smtp)[0])
    statements = phone.locator("fieldset[data-item]")
    for number in range(1, 31):
        if number not in (7, 23):
            statements.nth(number - 1).get_by_text("Agree", exact=True).click()
    phone.get_by_role("button", name="Send my answers").click()
    summary = phone.locator("#error-summary")
    expect(summary.get_by_role("heading", name="Please check 2 answers")).to_be_visible()
    expect(summary.get_by_role("link").filter(visible=True)).to_have_text(["7", "23"])
    expect(statements.first.get_by_role("radio", name="Agree", exact=True)).to_be_checked()

    summary.get_by_role("link", name="23", exact=True).click()
    statement = statements.nth(22)
    bar = phone.locator(".survey-progress").bounding_box()
    screenshot(phone, "a11y-error-link-followed")
    legend = statement.locator("legend").bounding_box()
    assert legend["y"] >= bar["y"] + bar["height"], "the statement is under the progress bar"
    assert legend["y"] + legend["height"] <= phone.viewport_size["height"], "below the screen"
    expect(statement.locator(".likert-error")).to_be_visible()
    statement.get_by_text("Disagree", exact=True).click()
    expect(statement.locator(".likert-error")).to_have_count(0)
