"""Small helpers for the browser journeys: screenshots, e-mails, answering, PDFs."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from surveys import services
from surveys.models import Cycle, Person
from tests.conftest import ARTIFACTS, ROOT
from tests.factories import CycleFactory, PersonFactory, team
from tests.smtp import text_of

SHOTS = ARTIFACTS / "e2e"
DOCS_SHOTS = ROOT / "docs" / "screenshots"


def cycle_launched(
    name: str, managers: dict[str, str], *, team_size: int = 3
) -> tuple[Cycle, list[tuple[Person, list[Person]]]]:
    """A launched cycle with named managers (name -> e-mail), each with a team.
    The invitations go out as soon as the task runs: on the worker, or here when
    the test has none."""
    closes = timezone.now() + timedelta(days=14)
    cycle = CycleFactory(name=name, closes_at=closes.replace(hour=17, minute=0, second=0))
    teams = [
        team(team_size, manager=PersonFactory(name=person, email=email))
        for person, email in managers.items()
    ]
    services.cycle_add_managers(cycle=cycle, managers=[m for m, _ in teams])
    services.cycle_launch(cycle_id=cycle.pk)
    cycle.refresh_from_db()
    return cycle, teams


def screenshot(page: Page, name: str, *, full_page: bool = False, docs: bool = False) -> Path:
    """Save what the user sees now to test-artifacts/e2e/<name>.png (and, for
    the README, to docs/screenshots/)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=full_page)
    if docs:
        DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
        (DOCS_SHOTS / path.name).write_bytes(path.read_bytes())
    return path


def mail(messages: list[EmailMessage], *, to: str, subject: str) -> EmailMessage:
    """The one message to `to` whose subject contains `subject`."""
    found = [m for m in messages if to.lower() in m["To"].lower() and subject in m["Subject"]]
    assert len(found) == 1, f"{len(found)} messages to {to} about {subject!r}"
    return found[0]


def link_in(message: EmailMessage, path: str) -> str:
    """The first link in the text body whose path starts with `path`."""
    match = re.search(rf"https?://[^\s/]+{re.escape(path)}\S*", text_of(message))
    assert match, f"no link to {path} in “{message['Subject']}”"
    return match.group(0)


def on_screen(locator: Locator) -> bool:
    """Wholly inside the viewport, now. (Playwright's to_be_in_viewport waits on
    an IntersectionObserver, about a second per call on these pages.)"""
    box = locator.bounding_box()
    if box is None:
        return False
    viewport = locator.page.viewport_size
    left, top = box["x"], box["y"]
    right, bottom = left + box["width"], top + box["height"]
    return left >= 0 and top >= 0 and right <= viewport["width"] and bottom <= viewport["height"]


def answer_every_statement(page: Page, choice: str) -> None:
    """Pick the same answer for every statement, with the mouse."""
    for statement in page.locator("fieldset[data-item]").all():
        statement.get_by_text(choice, exact=True).click()
    expect(page.locator("#progress-count")).to_have_text(str(page.locator("[data-item]").count()))


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def pdf_page_png(pdf: Path, page: int, out: Path) -> Path:
    """One page of a PDF as a PNG at 80 dpi (poppler's pdftoppm)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf), str(out.with_suffix(""))],
        check=True,
    )  # fmt: skip
    return out
