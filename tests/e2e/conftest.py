"""The browser journeys: Debian's Chromium driven by Playwright, against the app
running as it does for users — pytest-django's live server on PostgreSQL, a
real Celery worker on Redis, and a real SMTP server.

E-mailed links must reach the live server, so SITE_URL is the live server's
address, in this process (sign-in links are sent from the web request) and in
the worker's environment (invitations and "report ready" e-mails).
"""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import sync_playwright

from .support import SHOTS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Django refuses ORM calls from a thread with a running asyncio loop, and
# Playwright's sync API keeps one running in the main thread while it lives.
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    # Playwright's own browser download does not work here; Debian's Chromium does.
    return {"executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


# pytest-playwright starts Playwright once per session. Here it lives for this
# package only: its event loop, and the permission to use the ORM beside it,
# end with the last browser test instead of leaking into the rest of a full
# `pytest` run (and into the subprocesses those tests start).


@pytest.fixture(scope="package")
def playwright():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ASYNC_UNSAFE, "true")
        with sync_playwright() as pw:
            yield pw


@pytest.fixture(scope="package")
def browser_type(playwright):
    return playwright.chromium


@pytest.fixture(scope="package")
def browser(browser_type, browser_type_launch_args):
    browser = browser_type.launch(**browser_type_launch_args)
    yield browser
    browser.close()


@pytest.fixture
def browser_context_args(live_server) -> dict:
    """Every page, in every context, talks to the live server.

    Reduced motion turns off Bootstrap's smooth scrolling: otherwise every
    click waits for the page to glide to the statement before it counts."""
    return {
        "base_url": live_server.url,
        "locale": "en-GB",
        "timezone_id": "UTC",
        "reduced_motion": "reduce",
    }


@pytest.fixture(autouse=True)
def _links_point_at_the_live_server(live_server, settings):
    settings.SITE_URL = live_server.url


@pytest.fixture
def worker_env(worker_env, live_server):
    """The worker builds survey and report links: they must open the live server.
    (The parent fixture read SITE_URL already; this does not depend on fixture order.)"""
    env = {name: value for name, value in worker_env.items() if name != ASYNC_UNSAFE}
    env["SITE_URL"] = live_server.url
    return env


@pytest.fixture
def phone(new_context):
    """A page the size of a phone held upright (375 × 812). (Reduced motion, as
    in every context, also means a keyboard step's scroll is over when the next
    step looks at the screen.)"""
    context = new_context(
        viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True
    )
    return context.new_page()


# --- Screenshots -----------------------------------------------------------------------------

_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        item.stash[_FAILED] = True
    return report


@pytest.fixture(scope="package", autouse=True)
def _screenshots_of_this_run_only():
    shutil.rmtree(SHOTS, ignore_errors=True)


@pytest.fixture(autouse=True)
def _screenshot_every_page_on_failure(request, new_context, browser):
    """What each open page showed when a journey failed (test-artifacts/e2e/FAILED-…)."""
    yield
    if request.node.stash.get(_FAILED, False):
        pages = [page for context in browser.contexts for page in context.pages]
        for number, page in enumerate(pages, start=1):
            page.screenshot(path=SHOTS / f"FAILED-{request.node.name}-{number}.png", full_page=True)
