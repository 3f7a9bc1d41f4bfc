"""Journey 2: a rep opens the e-mailed link on a phone, answers with the keyboard
alone, sends once, and is told so whenever they try again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from surveys.models import Answer, Invitation, Response
from tests.smtp import survey_link

from .support import answer_every_statement, cycle_launched, mail, on_screen, screenshot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.needs_redis,
    pytest.mark.needs_postgres,
    pytest.mark.needs_binary("chromium"),
]

# The keys pressed on reaching each statement, in turn, and the answer they
# choose. Tab lands on the first option, "Strongly agree", without choosing it.
KEYS = [
    (["Space"], "Strongly agree"),
    (["ArrowRight"], "Agree"),
    (["ArrowRight", "ArrowRight"], "Neither agree nor disagree"),
    (["ArrowLeft"], "Can't say"),  # the arrows wrap round to the last option
]
STORED = {"Strongly agree": 5, "Agree": 4, "Neither agree nor disagree": 3}  # "Can't say": none


def test_rep_answers_on_a_phone_with_the_keyboard_alone(instrument, smtp, worker, phone):
    cycle, [(maria, reps)] = cycle_launched(
        "Spring 2026 leadership feedback", {"Maria Lindqvist": "maria.lindqvist@example.com"}
    )
    invitation = mail(smtp.wait_for(4), to=reps[0].email, subject="Feedback on Maria Lindqvist")
    link = survey_link(invitation)
    page = phone

    page.goto(link)
    expect(page.get_by_role("heading", name="How does Maria Lindqvist lead?")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the page scrolls sideways"
    second_tab = page.context.new_page()  # the link opened twice, as people do
    second_tab.goto(link)

    progress = page.get_by_role("progressbar")
    expect(progress).to_have_attribute("aria-valuenow", "0")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    statements = page.locator("fieldset[data-item]").all()
    chosen = []
    for number, statement in enumerate(statements, start=1):
        keys, answer = KEYS[(number - 1) % len(KEYS)]
        page.keyboard.press("Tab")
        expect(statement.locator("input:focus")).to_have_count(1)
        assert on_screen(statement.locator("legend")), f"statement {number} is out of sight"
        for key in keys:
            page.keyboard.press(key)
        expect(statement.get_by_role("radio", name=answer, exact=True)).to_be_checked()
        expect(progress).to_have_attribute("aria-valuenow", str(number))
        expect(page.locator("#progress-count")).to_have_text(str(number))
        chosen.append(answer)
        if number == len(KEYS):
            page.evaluate("window.scrollTo(0, 0)")
            screenshot(page, "survey-form", docs=True)
    expect(page.locator("#progress-label")).to_have_text("30 of 30 answered")
    screenshot(page, "rep-1-all-answered-with-the-keyboard")

    page.keyboard.press("Tab")
    expect(page.get_by_label("What should your manager keep doing?")).to_be_focused()
    page.keyboard.type("Asks for our view before we go into a big account.")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send my answers")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Thank you — your answers are in")).to_be_visible()
    screenshot(page, "rep-2-thanks")

    page.go_back()
    expect(page.get_by_role("heading", name="You have already answered")).to_be_visible()
    page.goto(link)
    expect(page.get_by_role("heading", name="You have already answered")).to_be_visible()
    screenshot(page, "rep-3-link-opened-again")

    answer_every_statement(second_tab, "Disagree")
    with second_tab.expect_response(lambda r: r.request.method == "POST") as posted:
        second_tab.get_by_role("button", name="Send my answers").click()
    assert posted.value.status == 409
    expect(second_tab.get_by_role("heading", name="You have already answered")).to_be_visible()
    screenshot(second_tab, "rep-4-second-tab-sent-too")

    assert Invitation.objects.get(rater=reps[0]).completed
    assert Response.objects.count() == 1
    assert sorted(Answer.objects.values_list("value", flat=True)) == sorted(
        STORED[answer] for answer in chosen if answer in STORED
    )
