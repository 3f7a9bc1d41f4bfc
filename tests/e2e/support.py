"""Small helpers for the browser journeys: cycles, e-mails, answering, screenshots, PDFs."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from surveys import lifecycle, rosters
from surveys.answering import response_submit
from surveys.models import Assessment, Cycle, Invitation, Item, Person
from tests.conftest import ARTIFACTS, ROOT
from tests.factories import CycleFactory, PersonFactory, team
from tests.smtp import text_of

SHOTS = ARTIFACTS / "e2e"
DOCS_SHOTS = ROOT / "docs" / "screenshots"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}


def closing_in_two_weeks():
    closes = timezone.now() + timedelta(days=14)
    return closes.replace(hour=17, minute=0, second=0, microsecond=0)


def cycle_launched(
    name: str,
    managers: dict[str, str],
    *,
    team_size: int = 3,
    bosses: dict[str, tuple[str, str]] | None = None,
) -> tuple[Cycle, list[tuple[Person, list[Person]]]]:
    """A launched cycle with named managers (name -> e-mail), each with a team
    and, if `bosses` names one (manager name -> (boss name, e-mail)), their own
    manager, who rates them too. The invitations go out as soon as the task
    runs: on the worker, or here when the test has none."""
    cycle = CycleFactory(name=name, closes_at=closing_in_two_weeks(), ask_boss=bool(bosses))
    teams = []
    for person, email in managers.items():
        boss = None
        if bosses and person in bosses:
            boss_name, boss_email = bosses[person]
            boss = Person.objects.filter(email=boss_email).first() or PersonFactory(
                name=boss_name, email=boss_email
            )
        teams.append(team(team_size, manager=PersonFactory(name=person, email=email, manager=boss)))
    rosters.cycle_add_managers(cycle=cycle, managers=[m for m, _ in teams])
    lifecycle.cycle_launch(cycle_id=cycle.pk)
    cycle.refresh_from_db()
    return cycle, teams


def answer_as(cycle: Cycle, person: Person, *, manager: Person, scores: dict[str, int]) -> None:
    """What a rater sends from the form, straight to the service: each dimension
    answered so that it scores `scores[key]` (reverse-keyed statements 6 − score)."""
    answers = {}
    for item in Item.objects.filter(dimension__instrument=cycle.instrument).select_related(
        "dimension"
    ):
        score = scores[item.dimension.key]
        answers[item.id] = 6 - score if item.reverse_keyed else score
    invitation = Invitation.objects.select_related("assessment__cycle").get(
        assessment=Assessment.objects.get(cycle=cycle, manager=manager), rater=person
    )
    response_submit(invitation=invitation, answers=answers, comments={})


def sign_in(page: Page) -> None:
    """HR (the hr_user fixture) signs in to the admin and lands on the home."""
    page.goto("/admin/")
    page.get_by_label("Username").fill("hr")
    page.get_by_label("Password").fill("hr-password-123")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Feedback cycles: what to do next")).to_be_visible()


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


# --- E-mail -------------------------------------------------------------------------------


def subject_of(message: EmailMessage) -> str:
    """The subject as a mail client shows it. (Python folds a long one onto its
    own continuation line, "Subject:\n Autumn …", and its parser keeps the space.)"""
    return str(message["Subject"]).strip()


def mails(messages: list[EmailMessage], *, to: str, subject: str = "") -> list[EmailMessage]:
    return [m for m in messages if to.lower() in m["To"].lower() and subject in m["Subject"]]


def mail(messages: list[EmailMessage], *, to: str, subject: str = "") -> EmailMessage:
    """The one message to `to` whose subject contains `subject`."""
    found = mails(messages, to=to, subject=subject)
    assert len(found) == 1, f"{len(found)} messages to {to} about {subject!r}"
    return found[0]


def link_in(message: EmailMessage, path: str) -> str:
    """The first link in the text body whose path starts with `path`."""
    match = re.search(rf"https?://[^\s/]+{re.escape(path)}\S*", text_of(message))
    assert match, f"no link to {path} in “{message['Subject']}”"
    return match.group(0)


_SURVEY = re.compile(
    r"^- (?P<label>[^\r\n]+):\r?\n[ \t]+(?P<url>https?://\S+/s/[^\s/]+/)", re.MULTILINE
)


def surveys_in(message: EmailMessage) -> dict[str, str]:
    """The surveys an invitation or reminder lists: {label as written: link}."""
    text = text_of(message)
    found = {m["label"]: m["url"] for m in _SURVEY.finditer(text)}
    assert found, f"no survey listed in “{subject_of(message)}”:\n{text}"
    return found


# --- The survey page ------------------------------------------------------------------------


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


def answer_every_statement(page: Page, choice: str, *, first: int = 0, last: int | None = None):
    """Pick the same answer for statements first..last (all by default), with the mouse."""
    statements = page.locator("fieldset[data-item]").all()[first:last]
    for statement in statements:
        statement.get_by_text(choice, exact=True).click()
    if last is None:
        expect(page.locator("#progress-count")).to_have_text(
            str(page.locator("fieldset[data-item]").count())
        )


def send_answers(page: Page) -> None:
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you — your answers are in")).to_be_visible()


# --- PDFs -------------------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def pdf_page_png(pdf: Path, page: int, out: Path, *, dpi: int = 90) -> Path:
    """One page of a PDF as a PNG (poppler's pdftoppm)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf), str(out.with_suffix(""))],
        check=True,
    )  # fmt: skip
    return out
