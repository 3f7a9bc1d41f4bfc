"""Journey 2: a rep opens the e-mailed link on a phone, answers with the keyboard
alone, sends once, and is told so whenever they try again; another rep
reloads halfway and finds their answers kept in the browser, and nowhere
else, until they are sent."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from surveys.models import Invitation, ItemTally
from tests.helpers import survey_path
from tests.smtp import survey_link

from .support import (
    answer_every_statement,
    cycle_launched,
    mail,
    on_screen,
    screenshot,
    send_answers,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.needs_redis,
    pytest.mark.needs_postgres,
    pytest.mark.needs_binary("chromium"),
]

MARIA = {"Maria Lindqvist": "maria.lindqvist@example.com"}
# The keys pressed on reaching each statement, in turn, and the answer they
# choose. Tab lands on the first option, "Strongly agree", without choosing it.
KEYS = [
    (["Space"], "Strongly agree"),
    (["ArrowRight"], "Agree"),
    (["ArrowRight", "ArrowRight"], "Neither agree nor disagree"),
    (["ArrowLeft"], "Can't say"),  # the arrows wrap round to the last option
]
COLUMN = {"Strongly agree": "n5", "Agree": "n4", "Neither agree nor disagree": "n3"}


def tallied() -> dict[str, int]:
    """How many answers the tallies hold, by answer."""
    totals = dict.fromkeys(("n1", "n2", "n3", "n4", "n5", "cant_say"), 0)
    for tally in ItemTally.objects.all():
        for column in totals:
            totals[column] += getattr(tally, column)
    return {column: n for column, n in totals.items() if n}


def test_rep_answers_on_a_phone_with_the_keyboard_alone(instrument, smtp, worker, phone):
    cycle, [(maria, reps)] = cycle_launched("Spring 2026 leadership feedback", MARIA)
    invitation = mail(smtp.wait_for(4), to=reps[0].email, subject="Feedback on Maria Lindqvist")
    link = survey_link(invitation)
    page = phone

    page.goto(link)
    expect(page.get_by_role("heading", name="How does Maria Lindqvist lead?")).to_be_visible()
    expect(page.locator(".survey-role")).to_contain_text(
        "You are answering as one of Maria Lindqvist's direct reports."
    )
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
    expected = {}
    for answer in chosen:
        column = COLUMN.get(answer, "cant_say")
        expected[column] = expected.get(column, 0) + 1
    assert tallied() == expected  # the first tab's answers, once; none of the second's


def test_a_reload_halfway_keeps_the_answers_in_this_browser_only(instrument, live_server, phone):
    cycle, [(maria, reps)] = cycle_launched("Spring 2026 leadership feedback", MARIA)
    invitation = Invitation.objects.get(rater=reps[1])
    page = phone
    page.goto(live_server.url + survey_path(invitation))
    key = page.locator("#survey-form").get_attribute("data-draft-key")
    assert key and invitation.id.hex not in key and survey_path(invitation)[3:-1] not in key

    requests = []
    page.on("request", lambda request: requests.append(request.method))
    answer_every_statement(page, "Agree", last=15)
    page.get_by_label("What should your manager keep doing?").fill("Weekly one-to-ones.")
    expect(page.locator("#progress-count")).to_have_text("15")
    page.wait_for_function("key => localStorage.getItem(key) !== null", arg=key)

    page.reload()
    note = page.locator("#draft-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("We restored the answers you gave earlier in this browser.")
    expect(page.locator("#progress-count")).to_have_text("15")
    first = page.locator("fieldset[data-item]").first
    expect(first.get_by_role("radio", name="Agree", exact=True)).to_be_checked()
    expect(page.get_by_label("What should your manager keep doing?")).to_have_value(
        "Weekly one-to-ones."
    )
    assert "POST" not in requests  # the draft never left the browser
    assert not Invitation.objects.get(pk=invitation.pk).completed
    # the browser kept the place, far down the page; the note rides in the sticky bar
    assert page.evaluate("window.scrollY") > 500
    assert on_screen(note)
    screenshot(page, "rep-5-answers-restored-after-a-reload")
    note.get_by_role("button", name="Close this note").click()
    expect(note).to_be_hidden()
    expect(page.locator("#progress-count")).to_have_text("15")  # closing keeps the answers

    answer_every_statement(page, "Disagree", first=15)
    send_answers(page)
    # The thanks page forgets the draft in a deferred script: wait for it (it
    # may run just after the heading shows), failing if it never does.
    page.wait_for_function("key => localStorage.getItem(key) === null", arg=key, timeout=10_000)
    assert page.evaluate("localStorage.length") == 0
    assert Invitation.objects.get(pk=invitation.pk).completed
    assert tallied() == {"n4": 15, "n2": 15}
