"""The journey through a running feedback360 over plain HTTP, as HR, raters and
a manager take it, shared by the two drivers that start the site differently:

- tests/smoke/run_smoke.py: gunicorn, a worker and beat as processes here;
- tests/compose/drive.py: the docker-compose stack, through published ports.

Each driver builds a `Browser` for its address, a `Mailbox` for where the
site's e-mail lands (an in-process SMTP server, or Mailpit's API), and calls
the `Journey` steps it needs, in its own order.

When the HR screens change, this is the one place to fix. The steps coupled
to the admin's HTML and URLs:

- `sign_in`: /admin/login/ (Django's form: username, password, next);
- `create_cycle`: /admin/surveys/cycle/add/ — field names name, opens_at_0/_1,
  closes_at_0/_1 (split date/time widgets), a preselected instrument,
  "_continue", and the redirect to /admin/surveys/cycle/<id>/change/;
- `import_team`: /admin/surveys/cycle/<id>/import/ — a file field "file", the
  CSV header manager_email, manager_name, rep_email, rep_name, and, when the
  screen asks HR to check the file first, its confirmation form (a hidden
  "csv_text" field);
- `transition` (launch, close, release): /admin/surveys/cycle/<id>/transition/
  <name>/ — a confirmation form with confirmed=yes; errors as class="error";
- `launch`: the message "go out when the cycle opens";
- `hr_download_report`: /admin/reports/report/?q=<manager> and its
  /admin/reports/report/<uuid>/download/ links.

The rater and manager steps depend on the public pages instead: the survey
form (radio groups item_*, textareas comment_*), /signin/ with its one-time
link, and /reports/.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from html.parser import HTMLParser
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Protocol
from urllib.parse import urlencode


class JourneyFailure(Exception):
    """A check failed; the message says which and what was seen."""


def check(condition: object, message: str) -> None:
    if not condition:
        raise JourneyFailure(message)


def wait_until(
    condition: Callable[[], object],
    *,
    timeout: float,
    what: str | Callable[[], str],
    interval: float = 0.2,
) -> object:
    """Poll until `condition` returns something true; `what` may say how far it got."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    described = what if isinstance(what, str) else what()
    raise JourneyFailure(f"timed out after {timeout:.0f}s waiting for {described}")


# --- HTTP ----------------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a 3xx is an answer to look at, not to follow


class Browser:
    """A browser's cookies and forms over plain HTTP to `internal`.

    `public` is the site's own address (SITE_URL): links in e-mails start with
    it, and forms are posted with it as Origin. With `behind_proxy` the
    browser plays a TLS-terminating proxy on a browser's behalf: every request
    says X-Forwarded-Proto: https. The cookie jar returns Secure cookies over
    plain http too (a browser would, over https or to localhost); whether the
    site marked them Secure is checked separately."""

    def __init__(self, internal: str, public: str, *, behind_proxy: bool, agent: str = "journey"):
        self.internal = internal.rstrip("/")
        self.public = public.rstrip("/")
        self.behind_proxy = behind_proxy
        self.agent = agent
        policy = DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))
        self.jar = CookieJar(policy=policy)
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _KeepRedirects()
        )

    def new_session(self) -> Browser:
        """Another person at another browser: same site, no cookies."""
        return Browser(self.internal, self.public, behind_proxy=self.behind_proxy, agent=self.agent)

    def path_of(self, url: str) -> str:
        check(url.startswith(self.public + "/"), f"link not on the public site: {url!r}")
        return url[len(self.public) :]

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        via_proxy: bool | None = None,
    ) -> Reply:
        all_headers = {"User-Agent": self.agent, **(headers or {})}
        if self.behind_proxy if via_proxy is None else via_proxy:
            all_headers["X-Forwarded-Proto"] = "https"
        request = urllib.request.Request(
            self.internal + path, data=body, method=method, headers=all_headers
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return Reply(response.status, _lower(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, _lower(error.headers), error.read())

    def get(self, path: str, **kwargs) -> Reply:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, fields: dict[str, str] | list, *, origin: str | None = None) -> Reply:
        return self.request(
            "POST",
            path,
            body=urlencode(fields).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": origin or self.public,
            },
        )

    def post_file(self, path: str, fields: dict[str, str], name: str, filename: str, data: bytes):
        boundary = f"journey{uuid.uuid4().hex}"
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            "POST",
            path,
            body=b"".join(parts),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Origin": self.public,
            },
        )

    def cookie(self, name: str):
        return next((c for c in self.jar if c.name == name), None)


def _lower(headers) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


class FormFields(HTMLParser):
    """The values a browser would submit from a page's forms, unchanged."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self.radios: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind == "radio":
                self.radios.setdefault(name, []).append(a.get("value") or "on")
                if "checked" in a:
                    self.fields[name] = [a.get("value") or "on"]
            elif kind == "checkbox":
                if "checked" in a:
                    self.fields.setdefault(name, []).append(a.get("value") or "on")
            elif kind not in ("submit", "button", "file", "reset", "image"):
                self.fields.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.setdefault(self._select, []).append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.setdefault(name, [""])

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_fields(html: str) -> FormFields:
    parser = FormFields()
    parser.feed(html)
    return parser


def csrf_token(html: str) -> str:
    values = form_fields(html).fields.get("csrfmiddlewaretoken")
    check(values, "no CSRF token in the form")
    return values[0]


def errors_in(html: str) -> str:
    found = re.findall(r'class="(?:errornote|errorlist[^"]*|messagelist)"[^>]*>(.*?)</', html, re.S)
    return " | ".join(" ".join(re.sub(r"<[^>]+>", " ", f).split()) for f in found)[:1000]


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


# --- E-mail --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mail:
    to: str  # the first recipient's address, lower case
    subject: str
    text: str  # the plain-text body


class Mailbox(Protocol):
    def messages(self) -> list[Mail]:
        """Every message caught so far, oldest first."""
        ...


def address_of(header: str) -> str:
    return parseaddr(header)[1].lower()


SURVEY_LINK = re.compile(r"https?://\S+/s/[^\s/]+/")
SIGNIN_LINK = re.compile(r"https?://\S+/signin/link/[^\s/]+/")


# --- People --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclass(frozen=True)
class Team:
    manager: Person
    reps: tuple[Person, ...]

    @property
    def everyone(self) -> tuple[Person, ...]:
        return (self.manager, *self.reps)

    def csv(self) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["manager_email", "manager_name", "rep_email", "rep_name"])
        for rep in self.reps:
            writer.writerow([self.manager.email, self.manager.name, rep.email, rep.name])
        return out.getvalue().encode()


# --- The journey ---------------------------------------------------------------------------------


@dataclass
class Journey:
    browser: Browser
    mailbox: Mailbox
    team: Team
    say: Callable[[str], None] = print
    tokens: list[str] = field(default_factory=list)

    # --- Health ---

    def check_health(self) -> None:
        health = self.browser.get("/healthz")
        check(health.status == 200, f"/healthz answered {health.status}: {health.text[:300]}")
        body = json.loads(health.body)
        check(
            body == {"status": "ok", "database": "ok", "broker": "ok"},
            f"/healthz said {body}",
        )

    # --- HR in the admin ---

    def sign_in(self, username: str, password: str, *, secure_cookies: bool) -> None:
        self.say("HR signs in to the admin")
        page = self.browser.get("/admin/login/?next=/admin/")
        check(page.status == 200, f"admin sign-in page answered {page.status}")
        check(self.browser.cookie("sessionid") is None, "a session before signing in")
        reply = self.browser.post(
            "/admin/login/?next=/admin/",
            {
                "csrfmiddlewaretoken": csrf_token(page.text),
                "username": username,
                "password": password,
                "next": "/admin/",
            },
        )
        check(
            reply.status == 302 and reply.header("location") == "/admin/",
            f"sign-in failed: {reply.status} {errors_in(reply.text) or reply.text[:500]}",
        )
        check(self.browser.cookie("sessionid") is not None, "no session cookie after signing in")
        flags = {
            name: self.browser.cookie(name).secure
            for name in ("sessionid", "csrftoken")
            if self.browser.cookie(name)
        }
        check(
            all(secure == secure_cookies for secure in flags.values()),
            f"session and CSRF cookies should {'' if secure_cookies else 'not '}be Secure: {flags}",
        )

    def create_cycle(self, name: str, *, opens_in: timedelta) -> tuple[int, datetime]:
        """A cycle that opens `opens_in` from now, so beat's dispatcher sends the
        invitations (not HR's request); returns its id and opening time."""
        self.say(f"HR creates “{name}” in the admin")
        page = self.browser.get("/admin/surveys/cycle/add/")
        check(page.status == 200, f"cycle add form answered {page.status}")
        fields = form_fields(page.text).fields
        opens_at = (datetime.now(UTC) + opens_in).replace(microsecond=0)
        closes_at = opens_at + timedelta(days=14)
        fields.update(
            {
                "name": [name],
                "opens_at_0": [opens_at.strftime("%Y-%m-%d")],
                "opens_at_1": [opens_at.strftime("%H:%M:%S")],
                "closes_at_0": [closes_at.strftime("%Y-%m-%d")],
                "closes_at_1": [closes_at.strftime("%H:%M:%S")],
                "_continue": ["Save and continue editing"],
            }
        )
        check(fields.get("instrument", [""])[0], "no instrument preselected in the cycle form")
        reply = self.browser.post(
            "/admin/surveys/cycle/add/", [(k, v) for k, vs in fields.items() for v in vs]
        )
        match = re.fullmatch(r"/admin/surveys/cycle/(\d+)/change/", reply.header("location"))
        check(
            reply.status == 302 and match,
            f"creating the cycle failed: {reply.status} {errors_in(reply.text)}",
        )
        return int(match.group(1)), opens_at

    def import_team(self, cycle_id: int) -> None:
        self.say(f"HR imports a team of {len(self.team.reps)} reps from CSV")
        path = f"/admin/surveys/cycle/{cycle_id}/import/"
        page = self.browser.get(path)
        check(page.status == 200, f"import page answered {page.status}")
        reply = self.browser.post_file(
            path,
            {"csrfmiddlewaretoken": csrf_token(page.text)},
            "file",
            "team.csv",
            self.team.csv(),
        )
        checked = form_fields(reply.text).fields if reply.status == 200 else {}
        if "csv_text" in checked:
            # The screen shows what the file will do, and saves only once HR confirms.
            reply = self.browser.post(
                path,
                {
                    "csrfmiddlewaretoken": checked["csrfmiddlewaretoken"][0],
                    "csv_text": checked["csv_text"][0],
                },
            )
        check(
            reply.status == 302,
            f"the import was refused: {reply.status} {errors_in(reply.text)}",
        )

    def launch(self, cycle_id: int, opens_at: datetime, *, before_opening: bool = True) -> None:
        """Launch a cycle that opens a little later. With `before_opening` the
        launch must come first (the test is that beat's dispatcher sends the
        invitations once it opens); without, a slow machine may open it first,
        and the launch queues the invitations itself."""
        self.say("HR launches the cycle (it opens a few seconds later)")
        page = self.transition(cycle_id, "launch")
        if datetime.now(UTC) >= opens_at:
            check(
                not before_opening,
                "launching took so long that the cycle had already opened; "
                "the test of beat's dispatcher needs a cycle that opens later",
            )
            self.say("(the cycle opened before the launch was done: the launch sends)")
            return
        check("go out when the cycle opens" in page, "no note that sending waits for the opening")
        check(not self.invitations(), "invitations were sent before the cycle opened")

    def transition(self, cycle_id: int, name: str) -> str:
        """Confirm and run one transition; returns the page HR lands on, with its messages."""
        path = f"/admin/surveys/cycle/{cycle_id}/transition/{name}/"
        page = self.browser.get(path)
        check(page.status == 200, f"the {name} confirmation page answered {page.status}")
        reply = self.browser.post(
            path, {"csrfmiddlewaretoken": csrf_token(page.text)} | {"confirmed": "yes"}
        )
        check(reply.status == 302, f"{name} answered {reply.status}: {errors_in(reply.text)}")
        after = self.browser.get(reply.header("location"))
        check(
            'class="error"' not in after.text,
            f"{name} reported an error: {errors_in(after.text)}",
        )
        return after.text

    def close_and_release(self, cycle_id: int) -> None:
        self.say("HR closes the cycle and releases the reports")
        self.transition(cycle_id, "close")
        self.transition(cycle_id, "release")

    def hr_download_report(self) -> bytes:
        self.say("HR downloads the manager's PDF from the admin")
        manager = self.team.manager
        listing = self.browser.get("/admin/reports/report/?" + urlencode({"q": manager.name}))
        check(listing.status == 200, f"report list answered {listing.status}")
        links = set(re.findall(r"/admin/reports/report/[0-9a-f-]{36}/download/", listing.text))
        check(len(links) == 1, f"expected one report for {manager.name}, found {len(links)}")
        return self._pdf(self.browser.get(links.pop()))

    # --- Raters ---

    def invitations(self) -> dict[str, list[Mail]]:
        """Survey e-mails caught so far, per team member's address (several if duplicated)."""
        team = {person.email.lower() for person in self.team.everyone}
        found: dict[str, list[Mail]] = {}
        for mail in self.mailbox.messages():
            if mail.to in team and SURVEY_LINK.search(mail.text):
                found.setdefault(mail.to, []).append(mail)
        return found

    def wait_for_invitations(self, *, timeout: float) -> dict[str, list[Mail]]:
        """Until everyone in the team has an invitation; returns them all."""
        expected = len(self.team.everyone)
        wait_until(
            lambda: len(self.invitations()) >= expected,
            timeout=timeout,
            what=lambda: f"invitations for all {expected} people (got {len(self.invitations())})",
        )
        time.sleep(0.5)  # a duplicate would show up now
        return self.invitations()

    def answer_all(self, invitations: Iterable[Mail]) -> None:
        self.say("every rater follows the e-mailed link and answers")
        for number, mail in enumerate(invitations):
            path = self.browser.path_of(SURVEY_LINK.search(mail.text).group(0))
            self.tokens.append(path.split("/")[2])
            is_self = "self-assessment" in mail.subject
            self.answer(path, value="5" if is_self else ("3", "4", "2", "4")[number % 4])
        bad = self.browser.get("/s/not-a-valid-token-at-all/")
        check(bad.status == 404, f"a tampered link answered {bad.status}")

    def answer(self, path: str, value: str) -> None:
        page = self.browser.get(path)
        check(page.status == 200, f"the survey page answered {page.status}")
        check(page.header("referrer-policy") == "no-referrer", "survey page without no-referrer")
        parsed = form_fields(page.text)
        items = sorted(name for name in parsed.radios if name.startswith("item_"))
        comments = sorted(name for name in parsed.fields if name.startswith("comment_"))
        check(len(items) >= 10, f"the survey form has {len(items)} items")
        answers = {"csrfmiddlewaretoken": csrf_token(page.text)}
        answers |= {name: value for name in items}
        answers[items[0]] = "na"  # "Can't say" is an answer too
        answers |= {name: "Keep the weekly one-to-ones." for name in comments}
        # The page sends no referrer, so a browser posts with Origin: null.
        reply = self.browser.post(path, answers, origin="null")
        check(
            reply.status == 302 and reply.header("location").split("?")[0] == "/s/thanks/",
            f"submitting answered {reply.status} {reply.header('location')}: "
            f"{errors_in(reply.text)}",
        )
        again = self.browser.get(path)
        check("already" in again.text.lower(), "a second visit does not say it was answered")

    # --- The manager ---

    def wait_for_report_email(self, cycle_name: str, *, timeout: float = 60) -> None:
        self.say("the worker renders the report and e-mails the manager")
        subject = f"Your feedback report for {cycle_name} is ready"
        address = self.team.manager.email.lower()

        def report_mail():
            return [m for m in self.mailbox.messages() if m.to == address and m.subject == subject]

        mails = wait_until(report_mail, timeout=timeout, what="the “report is ready” e-mail")
        check("/reports/" in mails[0].text, "the e-mail does not link to /reports/")

    def manager_download_report(self, *, timeout: float = 30) -> bytes:
        """The manager asks for a one-time sign-in link, follows it from the
        e-mail, and downloads their report from /reports/."""
        self.say("the manager signs in with an e-mailed link and downloads the PDF")
        manager = self.browser.new_session()
        address = self.team.manager.email.lower()
        page = manager.get("/signin/")
        check(page.status == 200, f"/signin/ answered {page.status}")
        already = {m for m in self.mailbox.messages() if SIGNIN_LINK.search(m.text)}
        reply = manager.post(
            "/signin/link/", {"csrfmiddlewaretoken": csrf_token(page.text), "email": address}
        )
        check(reply.status == 200, f"asking for a link answered {reply.status}")

        def link_mail():
            return [
                m
                for m in self.mailbox.messages()
                if m.to == address and m not in already and SIGNIN_LINK.search(m.text)
            ]

        mail = wait_until(link_mail, timeout=timeout, what="the sign-in link e-mail")[0]
        path = manager.path_of(SIGNIN_LINK.search(mail.text).group(0))
        confirm = manager.get(path)
        check(confirm.status == 200, f"the sign-in link answered {confirm.status}")
        reply = manager.post(path, {"csrfmiddlewaretoken": csrf_token(confirm.text)})
        check(
            reply.status == 302 and reply.header("location") == "/reports/",
            f"following the link answered {reply.status} {reply.header('location')}",
        )
        mine = manager.get("/reports/")
        check(mine.status == 200, f"/reports/ answered {mine.status}")
        links = re.findall(r'href="(/reports/[0-9a-f-]{36}/pdf)"', mine.text)
        check(len(links) == 1, f"expected one report on /reports/, found {len(links)}")
        return self._pdf(manager.get(links[0]))

    def _pdf(self, reply: Reply) -> bytes:
        check(reply.status == 200, f"the download answered {reply.status}")
        check(reply.header("content-type") == "application/pdf", "the download is not a PDF")
        check("no-store" in reply.header("cache-control"), "a report download may be cached")
        check(reply.body.startswith(b"%PDF"), "the report does not start with %PDF")
        text = pdf_text(reply.body)
        name = self.team.manager.name
        check(name in text, f"the manager's name is not in the PDF: {text[:300]!r}")
        return reply.body

    # --- Static files ---

    def check_static_files(self) -> None:
        self.say("WhiteNoise serves the collected, hashed and compressed CSS")
        home = self.browser.get("/")
        check(home.status == 200, f"the home page answered {home.status}")
        match = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', home.text)
        check(match, "the home page does not link a hashed app.css (manifest storage)")
        css = self.browser.get(match.group(1), headers={"Accept-Encoding": "gzip"})
        check(css.status == 200, f"{match.group(1)} answered {css.status}")
        check(css.header("content-type").startswith("text/css"), "the CSS is not text/css")
        check(css.header("content-encoding") == "gzip", "the CSS was not served compressed")
        check("immutable" in css.header("cache-control"), "hashed CSS is not cached forever")


# --- Logs ----------------------------------------------------------------------------------------

# A survey or sign-in path whose token was not redacted.
UNREDACTED_TOKEN = re.compile(r"(?:/s/|/signin/link/)(?!\[redacted\]|thanks/)[^\s\"'/?]{16,}")


def check_logs(logs: dict[str, str], tokens: list[str], *, access_log: str) -> None:
    """No survey token and no traceback in any line; and the access log (the
    one named) is on: it shows a redacted survey path."""
    check(tokens, "no survey tokens were collected to look for")
    for name, text in logs.items():
        for number, line in enumerate(text.splitlines(), start=1):
            where = f"the {name} log, line {number}"
            check(not any(token in line for token in tokens), f"a survey token in {where}")
            check(not UNREDACTED_TOKEN.search(line), f"an unredacted token path in {where}")
            check("Traceback" not in line, f"a traceback in {where}")
    check("path=/s/[redacted]/" in logs[access_log], "the access log shows no survey request")
