"""Journey 1: HR runs a cycle in the admin, from an empty form to released reports,
while reps answer from their e-mails."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.smtp import survey_link

from .support import answer_every_statement, mail, screenshot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.needs_redis,
    pytest.mark.needs_postgres,
    pytest.mark.needs_binary("chromium"),
]

CYCLE = "Autumn 2026 leadership feedback"
TEAMS_CSV = """manager_email,manager_name,rep_email,rep_name
maria.lindqvist@example.com,Maria Lindqvist,ahmed.karimi@example.com,Ahmed Karimi
maria.lindqvist@example.com,Maria Lindqvist,bea.santos@example.com,Bea Santos
maria.lindqvist@example.com,Maria Lindqvist,chen.wei@example.com,Chen Wei
maria.lindqvist@example.com,Maria Lindqvist,dana.novak@example.com,Dana Novak
"""


def confirm(page: Page, transition: str, answer: str) -> None:
    """Click a transition on the cycle page, and say yes to its question."""
    page.locator(".object-tools").get_by_role("link", name=transition, exact=True).click()
    expect(page.get_by_role("heading", name=f"{transition}: are you sure?")).to_be_visible()
    page.get_by_role("button", name=answer).click()


def test_hr_runs_a_cycle_from_launch_to_release(
    instrument, hr_user, smtp, worker, page, new_context
):
    page.goto("/admin/")
    page.get_by_label("Username").fill("hr")
    page.get_by_label("Password").fill("hr-password-123")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Feedback cycles")).to_be_visible()

    page.get_by_role("link", name="Cycles", exact=True).click()
    page.get_by_role("link", name="Add cycle").click()
    page.get_by_label("Name").fill(CYCLE)
    closes = timezone.localdate() + timedelta(days=14)
    page.locator(".field-closes_at").get_by_label("Date").fill(f"{closes:%d/%m/%Y}")
    page.locator(".field-closes_at").get_by_label("Time").fill("17:00:00")
    page.get_by_label("Anonymity threshold (k)").fill("3")
    screenshot(page, "hr-1-new-cycle", full_page=True)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.locator(".object-tools").get_by_role("link", name="Import teams (CSV)").click()
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "teams.csv", "mimeType": "text/csv", "buffer": TEAMS_CSV.encode()}]
    )
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".messagelist")).to_contain_text("Imported 4 reps: 5 new people")
    panel = page.locator(".cycle-panel")
    expect(panel).to_contain_text("Maria Lindqvist")

    confirm(page, "Launch", "Yes, launch")
    expect(page.locator(".messagelist")).to_contain_text(
        f"Launched “{CYCLE}”: 5 invitations for 1 manager."
    )
    expect(page.locator(".field-status_label")).to_contain_text("Open")
    expect(panel).to_contain_text(re.compile(r"Overall:\s*0 / 5 \(0%\)"))
    screenshot(page, "hr-2-launched", full_page=True)

    invitations = smtp.wait_for(5)
    reps = new_context().new_page()
    for address in ("ahmed.karimi@example.com", "bea.santos@example.com"):
        reps.goto(survey_link(mail(invitations, to=address, subject="Feedback on Maria")))
        answer_every_statement(reps, "Agree")
        reps.get_by_role("button", name="Send my answers").click()
        expect(reps.get_by_role("heading", name="Thank you — your answers are in")).to_be_visible()

    page.reload()
    expect(panel).to_contain_text(re.compile(r"Overall:\s*2 / 5 \(40%\)"))
    maria = panel.get_by_role("row", name=re.compile("Maria Lindqvist"))
    expect(maria).to_contain_text("2 / 4 (50%)")
    expect(maria).to_contain_text("not yet")  # her self-assessment
    screenshot(page, "hr-3-two-of-five-answered", full_page=True)

    confirm(page, "Close cycle", "Yes, close cycle")
    expect(page.locator(".messagelist")).to_contain_text(
        f"Closed “{CYCLE}”. No more answers are accepted."
    )
    expect(page.locator(".field-status_label")).to_contain_text("Closed")
    reps.goto(survey_link(mail(invitations, to="chen.wei@example.com", subject="Feedback on")))
    expect(reps.get_by_role("heading", name="This survey is closed")).to_be_visible()

    confirm(page, "Release reports", "Yes, release reports")
    expect(page.locator(".messagelist")).to_contain_text(f"Released “{CYCLE}”")
    expect(page.locator(".field-status_label")).to_contain_text("Reports released")
    screenshot(page, "hr-4-released", full_page=True)
    released = mail(
        smtp.wait_for(6), to="maria.lindqvist@example.com", subject="Your feedback report for"
    )
    assert CYCLE in released["Subject"]

    page.locator(".object-tools").get_by_role("link", name="Manager reports").click()
    expect(page.locator("#result_list")).to_contain_text(f"Maria Lindqvist — {CYCLE}")
    screenshot(page, "hr-5-reports", full_page=True)
