"""Journey 1: HR runs a full 360 in the admin — from an empty home page, an
imported CSV of who rates whom, a launch that warns before it acts, reminders
that reach only those who have not answered, to a release that says what
each manager will receive — while the raters answer from their e-mails."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db.models import F
from playwright.sync_api import Page, expect

from surveys import lifecycle, rosters
from surveys.models import Invitation, Person
from tests.factories import CycleFactory

from .support import (
    answer_as,
    answer_every_statement,
    closing_in_two_weeks,
    mail,
    mails,
    screenshot,
    send_answers,
    sign_in,
    subject_of,
    surveys_in,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.needs_redis,
    pytest.mark.needs_postgres,
    pytest.mark.needs_binary("chromium"),
]

CYCLE = "Autumn 2026 leadership 360"
MARIA, TOMAS, SOFIA = (
    "maria.lindqvist@example.com",
    "tomas.ortega@example.com",
    "sofia.ruiz@example.com",
)
JONAS = "jonas.weber@example.com"
# Who rates whom, as HR's spreadsheet has it. Sofia manages both managers;
# Jonas is a peer of both; Tomás has only two direct reports and one peer.
FULL_360_CSV = """subject_email,subject_name,rater_email,rater_name,relationship
maria.lindqvist@example.com,Maria Lindqvist,ahmed.karimi@example.com,Ahmed Karimi,direct report
maria.lindqvist@example.com,Maria Lindqvist,bea.santos@example.com,Bea Santos,direct report
maria.lindqvist@example.com,Maria Lindqvist,chen.wei@example.com,Chen Wei,direct report
maria.lindqvist@example.com,Maria Lindqvist,jonas.weber@example.com,Jonas Weber,peer
maria.lindqvist@example.com,Maria Lindqvist,lea.brun@example.com,Léa Brun,peer
maria.lindqvist@example.com,Maria Lindqvist,omar.haddad@example.com,Omar Haddad,peer
maria.lindqvist@example.com,Maria Lindqvist,sofia.ruiz@example.com,Sofia Ruiz,manager
tomas.ortega@example.com,Tomás Ortega,dana.novak@example.com,Dana Novak,direct report
tomas.ortega@example.com,Tomás Ortega,erik.holm@example.com,Erik Holm,direct report
tomas.ortega@example.com,Tomás Ortega,jonas.weber@example.com,Jonas Weber,peer
tomas.ortega@example.com,Tomás Ortega,sofia.ruiz@example.com,Sofia Ruiz,manager
"""
PEOPLE = 11  # nine raters and the two managers, each asked once by e-mail
SURVEYS = 13  # eleven rows and two self-assessments
LEADS = dict.fromkeys(
    ("dialogue", "development", "innovation", "vision", "initiative", "individuals", "values",
     "outcomes", "commitment", "empowerment"),
    4,
)  # fmt: skip


def draft_cycle(name: str, manager: Person):
    cycle = CycleFactory(name=name, closes_at=closing_in_two_weeks())
    rosters.cycle_add_managers(cycle=cycle, managers=[manager])
    return cycle


def home_row(page: Page):
    page.goto("/admin/")
    return page.locator(".hr-home tbody tr", has_text=CYCLE)


def confirm(page: Page, *, heading: str, button: str) -> None:
    """The confirmation page of a step: its question, then "Yes, …"."""
    expect(page.get_by_role("heading", name=f"{heading}: are you sure?")).to_be_visible()
    page.get_by_role("button", name=button).click()


def test_hr_runs_a_full_360_from_import_to_release(
    instrument, hr_user, smtp, worker, page, new_context
):
    sign_in(page)
    expect(page.locator(".hr-home")).to_contain_text("No cycles yet.")
    screenshot(page, "hr-1-home-empty")

    # A cycle that asks each manager's manager and peers, besides the team.
    page.get_by_role("link", name="New cycle").click()
    page.get_by_label("Name:", exact=True).fill(CYCLE)
    closes = closing_in_two_weeks()
    page.locator(".field-closes_at").get_by_label("Date").fill(f"{closes:%Y-%m-%d}")
    page.locator(".field-closes_at").get_by_label("Time").fill("17:00:00")
    page.get_by_label("Ask each manager's own manager").check()
    page.get_by_label("Ask peers").check()
    page.get_by_label("Anonymity threshold for direct reports (k)").fill("3")
    screenshot(page, "hr-2-new-cycle", full_page=True)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # The full 360 from a CSV: checked first, saved only on confirmation.
    page.locator(".object-tools").get_by_role("link", name="Import CSV").click()
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "360.csv", "mimeType": "text/csv", "buffer": FULL_360_CSV.encode()}]
    )
    page.get_by_role("button", name="Check the file").click()
    plan = page.locator(".import-plan")
    expect(plan.get_by_role("heading", name="Check before saving")).to_be_visible()
    expect(plan).to_contain_text("The file has 11 rows and is correct.")
    expect(plan).to_contain_text(
        re.compile("2 managers join this cycle: Maria Lindqvist.*, Tomás Ortega")
    )
    expect(plan).to_contain_text(re.compile("11 new people: Ahmed Karimi.*Léa Brun"))
    expect(plan).to_contain_text(
        re.compile(r"Raters for this cycle, by group:.*Direct reports 5.*Peers 4.*manager 2")
    )
    assert not Person.objects.exists(), "nothing may be saved before HR confirms"
    screenshot(page, "hr-3-import-check", full_page=True)
    page.get_by_role("button", name="Import it").click()
    expect(page.locator(".messagelist")).to_contain_text(
        f"Imported 11 raters: 11 new people, 0 updated, 2 managers added to “{CYCLE}”."
    )
    expect(page.locator(".cycle-panel")).to_contain_text("Maria Lindqvist")

    # HR's home lists the draft and what to do next.
    row = home_row(page)
    expect(row).to_contain_text("Draft")
    expect(row).to_contain_text("2 managers")
    expect(row.get_by_role("link", name="Launch")).to_be_visible()
    screenshot(page, "hr-4-home-draft", full_page=True)

    # The launch page warns, before anything is sent, who will get no group view.
    row.get_by_role("link", name="Launch").click()
    preview = page.locator(".preview")
    expect(preview).to_contain_text(
        f"2 managers are rated; {PEOPLE} people get one e-mail each, listing their surveys."
    )
    for group in ("Direct reports", "Peers"):  # Tomás has 2 and 1; the thresholds are 3
        warning = preview.locator(".warning-line", has_text=group)
        expect(warning).to_contain_text("threshold")
        expect(warning).to_contain_text("Tomás Ortega")
        expect(warning).not_to_contain_text("Maria Lindqvist")
    assert not Invitation.objects.exists()
    screenshot(page, "hr-5-launch-preview", full_page=True)
    confirm(page, heading="Launch", button="Yes, launch")
    expect(page.locator(".messagelist")).to_contain_text(
        f"Launched “{CYCLE}”: {SURVEYS} invitations for 2 managers."
    )
    expect(page.locator(".field-status_label")).to_contain_text("Open")

    row = home_row(page)
    expect(row).to_contain_text("Open")
    expect(row).to_contain_text(re.compile(r"0 / 13 \(0%\)"))
    expect(row.get_by_role("link", name="Send reminders")).to_be_visible()
    expect(row.get_by_role("link", name="Close")).to_be_visible()

    # One e-mail per person: Jonas rates two managers from one message.
    invitations = smtp.wait_for(PEOPLE)
    assert len(invitations) == PEOPLE
    jonas = mail(invitations, to=JONAS)
    assert subject_of(jonas).startswith(f"{CYCLE}: 2 feedback surveys, please answer by")
    his = surveys_in(jonas)
    assert list(his) == ["Maria Lindqvist, as a peer", "Tomás Ortega, as a peer"]
    raters = new_context().new_page()
    for manager, link in zip(("Maria Lindqvist", "Tomás Ortega"), his.values(), strict=True):
        raters.goto(link)
        expect(raters.get_by_role("heading", name=f"How does {manager} lead?")).to_be_visible()
        expect(raters.locator(".survey-role")).to_contain_text(
            f"You are answering as a peer of {manager}."
        )
        answer_every_statement(raters, "Agree")
        send_answers(raters)
    screenshot(raters, "hr-6-peer-answered-the-second-survey")

    # Sofia answers about Maria as her manager, and is told it is not anonymous.
    sofia = surveys_in(mail(invitations, to=SOFIA))
    raters.goto(sofia["Maria Lindqvist, as their manager (your answers are shown under that role)"])
    role = raters.locator(".survey-role")
    expect(role).to_contain_text("You are answering as Maria Lindqvist's manager.")
    expect(role).to_contain_text(
        "Your answers are not anonymous: Maria Lindqvist sees them in their report under "
        "“Your manager”"
    )
    screenshot(raters, "hr-7-boss-survey-says-not-anonymous")
    answer_every_statement(raters, "Strongly agree")
    send_answers(raters)

    # Meanwhile Maria's team and Maria herself answer.
    cycle = Invitation.objects.first().assessment.cycle
    maria = Person.objects.get(email=MARIA)
    for email in ("ahmed.karimi@example.com", "bea.santos@example.com", "chen.wei@example.com",
                  MARIA):  # fmt: skip
        answer_as(cycle, Person.objects.get(email=email), manager=maria, scores=LEADS)

    # Two hours later (nobody is e-mailed twice within the hour), HR reminds.
    two_hours = timedelta(hours=2)
    Invitation.objects.update(
        sent_at=F("sent_at") - two_hours, queued_at=F("queued_at") - two_hours
    )
    smtp.clear()
    page.goto("/admin/")
    home_row(page).get_by_role("link", name="Send reminders").click()
    expect(page.locator(".preview")).to_contain_text("6 unanswered surveys can be reminded now")
    confirm(page, heading="Send reminders now", button="Yes, send reminders now")
    expect(page.locator(".messagelist")).to_contain_text(
        f"“{CYCLE}”: reminders are on their way to 6 people about 6 unanswered surveys."
    )
    reminders = smtp.wait_for(6)
    assert len(reminders) == 6
    waiting = {
        "dana.novak@example.com": ["Tomás Ortega, your manager"],
        "erik.holm@example.com": ["Tomás Ortega, your manager"],
        "lea.brun@example.com": ["Maria Lindqvist, as a peer"],
        "omar.haddad@example.com": ["Maria Lindqvist, as a peer"],
        SOFIA: ["Tomás Ortega, as their manager (your answers are shown under that role)"],
        TOMAS: ["Your self-assessment"],
    }
    assert {m["To"]: list(surveys_in(m)) for m in reminders} == waiting
    assert all(subject_of(m).startswith("Reminder:") for m in reminders)
    assert not mails(reminders, to=JONAS) and not mails(reminders, to=MARIA)

    # Closing: links stop working at once.
    page.goto("/admin/")
    home_row(page).get_by_role("link", name="Close").click()
    expect(page.locator(".preview")).to_contain_text("7 of 13 have answered (54%).")
    confirm(page, heading="Close cycle", button="Yes, close the cycle")
    expect(page.locator(".messagelist")).to_contain_text(
        f"Closed “{CYCLE}”. No more answers are accepted."
    )
    raters.goto(
        surveys_in(mail(invitations, to="dana.novak@example.com"))["Tomás Ortega, your manager"]
    )
    expect(raters.get_by_role("heading", name="This survey is closed")).to_be_visible()

    # Releasing: the confirmation says what each manager will receive.
    row = home_row(page)
    expect(row).to_contain_text("Closed")
    row.get_by_role("link", name="Release").click()
    table = page.locator(".preview table")
    expect(table.get_by_role("row", name=re.compile("Maria Lindqvist"))).to_contain_text(
        "a full report"
    )
    expect(table.get_by_role("row", name=re.compile("Maria Lindqvist"))).to_contain_text(
        "Direct reports: 3 of 3 answered, shown"
    )
    tomas = table.get_by_role("row", name=re.compile("Tomás Ortega"))
    expect(tomas).to_contain_text("a short report saying why there are no scores from others")
    expect(tomas).to_contain_text("Direct reports: 0 of 2 answered, withheld")
    screenshot(page, "hr-8-release-preview", full_page=True)
    confirm(page, heading="Release reports", button="Yes, release the reports")
    expect(page.locator(".messagelist")).to_contain_text(
        f"Released “{CYCLE}”: 2 manager reports are being generated"
    )
    expect(page.locator(".field-status_label")).to_contain_text("Reports released")
    ready = smtp.wait_for(6 + 2)[6:]
    assert sorted(m["To"] for m in ready) == [MARIA, TOMAS]
    assert all(subject_of(m) == f"Your feedback report for {CYCLE} is ready" for m in ready)

    page.locator(".object-tools").get_by_role("link", name="Manager reports").click()
    reports = page.locator("#result_list")
    maria_report = reports.get_by_role("row", name=re.compile("Maria Lindqvist"))
    expect(maria_report).to_contain_text(CYCLE)
    expect(maria_report.get_by_role("link", name="Download")).to_be_visible()
    screenshot(page, "hr-9-reports", full_page=True)


def test_a_launch_that_overlaps_another_open_cycle_needs_a_tick(instrument, hr_user, smtp, page):
    """Ahmed already rates Maria in an open cycle. Launching a second cycle
    that asks him again is refused until HR ticks that they know."""
    maria = Person.objects.create(name="Maria Lindqvist", email=MARIA)
    Person.objects.create(name="Ahmed Karimi", email="ahmed.karimi@example.com", manager=maria)
    for name in ("Bea Santos", "Chen Wei"):
        Person.objects.create(
            name=name, email=f"{name.split()[0].lower()}@example.com", manager=maria
        )
    spring = draft_cycle("Spring pulse", maria)
    lifecycle.cycle_launch(cycle_id=spring.pk)
    autumn = draft_cycle(CYCLE, maria)

    sign_in(page)
    home_row(page).get_by_role("link", name="Launch").click()
    preview = page.locator(".preview")
    expect(preview).to_contain_text(
        "3 people would be asked about a manager they are already rating in another open cycle:"
    )
    expect(preview).to_contain_text("Ahmed Karimi rates Maria Lindqvist in “Spring pulse”")
    screenshot(page, "hr-overlap-1-warning", full_page=True)
    page.get_by_role("button", name="Yes, launch").click()
    expect(page.locator(".messagelist .error")).to_contain_text(
        f"Launching “{CYCLE}” would ask 3 people to rate a manager they are already rating in "
        "another open cycle"
    )
    autumn.refresh_from_db()
    assert autumn.status == "draft"

    page.get_by_label("I know: ask them again in this cycle.").check()
    page.get_by_role("button", name="Yes, launch").click()
    expect(page.locator(".messagelist")).to_contain_text(
        f"Launched “{CYCLE}”: 4 invitations for 1 manager."
    )
    autumn.refresh_from_db()
    assert autumn.status == "open"
