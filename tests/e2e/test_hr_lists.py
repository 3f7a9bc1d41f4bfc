"""HR's lists at a laptop's 1366 px: the columns HR works from (the cycles'
response rate, the reports' download link, the invitations' answered mark)
are on screen without scrolling sideways, even with long names."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from reports.release import cycle_release
from surveys import lifecycle
from surveys.models import Invitation

from .support import cycle_launched, screenshot, sign_in

pytestmark = pytest.mark.needs_redis

LONG = {
    "Zoë Łukasiewicz-Ørsted von Hohenberg": "zoe.lukasiewicz-orsted.von.hohenberg@example.com",
    "Maria Lindqvist": "maria.lindqvist@example.com",
}


def assert_fits(page: Page, column: str) -> None:
    """The admin scrolls a wide table inside its own box: the column must lie
    within what that box shows, and the box must have nothing to scroll."""
    header = page.locator(f"#result_list th.column-{column}")
    expect(header).to_be_visible()
    shown = page.locator("#changelist .results").bounding_box()
    box = header.bounding_box()
    right = box["x"] + box["width"]
    assert right <= shown["x"] + shown["width"] + 0.5, f"{column} ends at {right:.0f} px"
    assert page.locator("#changelist .results").evaluate("e => e.scrollWidth <= e.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366


def test_the_columns_hr_works_from_fit_at_1366_px(instrument, hr_user, smtp, worker, new_context):
    released, _ = cycle_launched("Leadership feedback, spring 2026 — EMEA field sales", LONG)
    for invitation in Invitation.objects.filter(assessment__cycle=released):
        Invitation.objects.filter(pk=invitation.pk).update(completed=True)
    lifecycle.cycle_close(cycle_id=released.pk)
    cycle_release(cycle_id=released.pk)
    cycle_launched("Leadership feedback, autumn 2026 — EMEA field sales", {
        "Kofi Mensah-Asante Boateng": "kofi.mensah-asante.boateng@example.com",
    })  # fmt: skip

    page = new_context(viewport={"width": 1366, "height": 768}).new_page()
    sign_in(page)
    page.goto("/admin/surveys/cycle/")
    assert_fits(page, "response_rate")
    page.goto("/admin/reports/report/")
    expect(page.locator("#result_list")).to_contain_text("Zoë Łukasiewicz-Ørsted von Hohenberg")
    assert_fits(page, "download_link")
    screenshot(page, "hr-lists-reports-at-1366")
    page.goto("/admin/surveys/invitation/")
    assert_fits(page, "answered")
    screenshot(page, "hr-lists-invitations-at-1366")
