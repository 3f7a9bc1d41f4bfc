"""The survey page passes axe-core's WCAG 2 A/AA rules with nothing serious or
critical: as first opened, on a phone, and with every validation error shown."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.smtp import survey_link

from . import axe
from .support import SHOTS, cycle_launched, mail, screenshot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.needs_redis,
    pytest.mark.needs_postgres,
    pytest.mark.needs_binary("chromium"),
]

FIRST_STATEMENT = "My manager asks for my view before deciding how we approach an account."


def assert_nothing_serious(page: Page, name: str) -> None:
    found = axe.violations(page, record=SHOTS / f"axe-{name}.json")
    for violation in found:
        print(f"axe, {name}: {violation}")  # minor findings stay visible with -rP
    assert not [v for v in found if v.impact in axe.BLOCKING], "\n".join(map(str, found))


def survey_link_for_a_rep(smtp) -> str:
    """No worker needed: the invitations go out from this process."""
    cycle, [(maria, reps)] = cycle_launched(
        "Spring 2026 leadership feedback", {"Maria Lindqvist": "maria.lindqvist@example.com"}
    )
    return survey_link(mail(smtp.wait_for(4), to=reps[0].email, subject="Feedback on"))


def test_survey_page_has_no_serious_accessibility_problems(instrument, smtp, new_context):
    link = survey_link_for_a_rep(smtp)
    page = new_context(bypass_csp=True).new_page()  # the CSP refuses injected scripts

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


def test_an_error_link_shows_the_statement_it_points_to(instrument, smtp, phone):
    phone.goto(survey_link_for_a_rep(smtp))
    phone.get_by_role("button", name="Send my answers").click()

    phone.locator("#error-summary").get_by_role("link", name=FIRST_STATEMENT).click()
    statement = phone.locator("fieldset[data-item]", has_text=FIRST_STATEMENT).locator("legend")
    bar = phone.locator(".survey-progress").bounding_box()
    screenshot(phone, "a11y-error-link-followed")
    assert statement.bounding_box()["y"] >= bar["y"] + bar["height"], "under the progress bar"
