"""Smoke test of the production mode, end to end, without Docker.

Runs what docker-compose runs — gunicorn with gunicorn.conf.py, a Celery
worker and Celery beat on Redis, PostgreSQL, DEBUG off, collected static
files — against a fresh database and a real SMTP server (aiosmtpd), and
drives it over HTTP only, as HR and the raters would:

HR signs in to the admin, creates a cycle that opens a few seconds later,
imports a team from CSV and launches it; beat's dispatcher sends the
invitations once the cycle opens; every rater follows their e-mailed link and
answers; HR closes the cycle and releases the reports; the manager is e-mailed
that the report is ready; HR downloads the PDF. Along the way it checks the
health endpoint, the health check commands of docker-compose.yml, the HTTPS
redirect, WhiteNoise's static files and, at the end, that no log line of any
process contains a survey token.

The settings are production's own, HTTPS redirect and HSTS included. The
client plays the TLS-terminating proxy that production has in front of
gunicorn: it sends X-Forwarded-Proto: https, and returns the Secure cookies
that a browser would return over HTTPS.

Usage: `make smoke`, or `.venv/bin/python tests/smoke/run_smoke.py`.
DATABASE_URL names the PostgreSQL server to use (a database of its own is
created and dropped; default postgres://postgres@127.0.0.1:5432/postgres) and
CELERY_BROKER_URL the Redis (default redis://127.0.0.1:6379/0). Logs go to
test-artifacts/smoke/. Exits non-zero with the reason and each log's tail.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import traceback
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlencode, urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.runtime import runtime_python  # noqa: E402
from tests.smtp import SmtpServer, free_port, survey_link, text_of  # noqa: E402

# gunicorn, the worker, beat and manage.py run from the production install.
PYTHON = runtime_python()

ARTIFACTS = ROOT / "test-artifacts" / "smoke"
LOCK = ROOT / "test-artifacts" / ".smoke.lock"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/0"

MANAGER = ("Joanna Whitfield", "joanna.whitfield@smoke.example.com")
REPS = [
    ("Tomas Berg", "tomas.berg@smoke.example.com"),
    ("Aiko Tanaka", "aiko.tanaka@smoke.example.com"),
    ("Lena Novak", "lena.novak@smoke.example.com"),
    ("Omar Haddad", "omar.haddad@smoke.example.com"),
]
OPENS_IN = timedelta(seconds=6)  # long enough to sign in, import and launch first

# Settings the smoke test decides; anything inherited under these names is dropped.
APP_SETTINGS = (
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL",
    "CACHE_URL", "TIME_ZONE", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS", "EMAIL_TIMEOUT", "DEFAULT_FROM_EMAIL", "OUTBOX_DIR",
    "CELERY_BROKER_URL", "CELERY_QUEUE", "CELERY_VISIBILITY_TIMEOUT", "DISPATCH_INTERVAL_SECONDS",
    "REQUEUE_AFTER_SECONDS", "SEND_BATCH_SIZE", "SEND_RETRY_BASE_SECONDS", "PDF_PAGE_SIZE",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD", "SILENCED_SYSTEM_CHECKS",
    "LOG_LEVEL", "PORT", "WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "FORWARDED_ALLOW_IPS",
    "DJANGO_SETTINGS_MODULE",
)  # fmt: skip

# A survey or sign-in path whose token was not redacted.
UNREDACTED_TOKEN = re.compile(r"(?:/s/|/signin/link/)(?!\[redacted\]|thanks/)[^\s\"'/?]{16,}")


class SmokeFailure(Exception):
    """A check failed; the message says which and what was seen."""


def check(condition: object, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def step(text: str) -> None:
    print(f"smoke: {text}", flush=True)


def wait_until(
    condition: Callable[[], object], *, timeout: float, what: str | Callable[[], str]
) -> object:
    """Poll until `condition` returns something true; `what` may say how far it got."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    described = what if isinstance(what, str) else what()
    raise SmokeFailure(f"timed out after {timeout:.0f}s waiting for {described}")


# --- Processes -----------------------------------------------------------------------------------


@dataclass
class Process:
    """A long-running process of ours: own process group, own log file."""

    name: str
    argv: list[str]
    log: Path
    popen: subprocess.Popen | None = None

    def start(self, env: dict[str, str]) -> Process:
        out = self.log.open("ab")
        self.popen = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its children share a group we can clean up
        )
        out.close()
        return self

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM by PID (a graceful shutdown), SIGKILL to its group after the timeout."""
        if self.popen is None:
            return
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                print(f"smoke: {self.name} ignored SIGTERM for {timeout:.0f}s; killing it")
                self._kill_group()
                self.popen.wait(timeout=10)
        self._kill_group()  # a forked child the parent left behind

    def _kill_group(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)


def manage(*args: str, env: dict[str, str], log: Path, timeout: float = 120) -> str:
    """Run one manage.py command to completion; its output is logged and returned."""
    with log.open("a") as out:
        out.write(f"\n$ manage.py {' '.join(args)}\n")
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    with log.open("a") as out:
        out.write(result.stdout + result.stderr)
    check(
        result.returncode == 0,
        f"manage.py {args[0]} failed ({result.returncode}):\n{result.stderr[-2000:]}",
    )
    return result.stdout


# --- PostgreSQL and Redis ------------------------------------------------------------------------


def with_database(url: str, name: str) -> str:
    return urlunparse(urlparse(url)._replace(path=f"/{name}"))


def maintenance_url(url: str) -> str:
    """The database to connect to for CREATE/DROP DATABASE: the one named, else `postgres`."""
    parsed = urlparse(url)
    return url if parsed.path.strip("/") else with_database(url, "postgres")


def create_database(server_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url(server_url), autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(server_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url(server_url), autocommit=True, connect_timeout=5) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def redis_client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=5)


def delete_queue(url: str, queue: str) -> None:
    """Remove our queue's keys: kombu keeps a list per priority and a binding set."""
    client = redis_client(url)
    keys = [*client.scan_iter(match=f"{queue}*"), *client.scan_iter(match=f"_kombu.*.{queue}")]
    if keys:
        client.delete(*keys)


# --- HTTP, as a browser behind a TLS-terminating proxy --------------------------------------------


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
    """Talks plain HTTP to gunicorn the way a TLS-terminating proxy would on a
    browser's behalf: every request says X-Forwarded-Proto: https, and the
    cookie jar returns the Secure cookies that Django sets with DEBUG off
    (a browser would, over https)."""

    def __init__(self, port: int):
        self.internal = f"http://127.0.0.1:{port}"
        self.public = f"https://127.0.0.1:{port}"
        policy = DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))
        self.jar = CookieJar(policy=policy)
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _KeepRedirects()
        )

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
        via_proxy: bool = True,
    ) -> Reply:
        all_headers = {"User-Agent": "feedback360-smoke", **(headers or {})}
        if via_proxy:
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
        boundary = f"smoke{uuid.uuid4().hex}"
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


# --- The stack -----------------------------------------------------------------------------------


@dataclass
class Stack:
    """Everything the smoke test starts, and knows how to take down again."""

    server_url: str
    broker_url: str
    port: int = field(default_factory=free_port)
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:10])
    db_name: str = field(default_factory=lambda: f"f360_smoke_{os.getpid()}")
    smtp: SmtpServer | None = None
    processes: list[Process] = field(default_factory=list)
    db_created: bool = False
    env: dict[str, str] = field(default_factory=dict)

    @property
    def queue(self) -> str:
        return f"f360-smoke-{self.run_id}"

    @property
    def manage_log(self) -> Path:
        return ARTIFACTS / "manage.log"

    def production_env(self) -> dict[str, str]:
        """Production settings (DEBUG off, secure cookies, HTTPS redirect and HSTS
        left at their defaults) on our own database, queue, SMTP server and port."""
        base = {k: v for k, v in os.environ.items() if k not in APP_SETTINGS}
        return {
            **base,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": f"https://127.0.0.1:{self.port}",
            "DATABASE_URL": with_database(self.server_url, self.db_name),
            "CELERY_BROKER_URL": self.broker_url,
            "CELERY_QUEUE": self.queue,
            "CACHE_URL": self.broker_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp.port),
            "EMAIL_TIMEOUT": "5",
            "DEFAULT_FROM_EMAIL": "feedback360 smoke <feedback@smoke.example.com>",
            "DISPATCH_INTERVAL_SECONDS": "1",
            "WEB_CONCURRENCY": "2",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }

    def up(self) -> None:
        check_redis(self.broker_url)
        step(f"creating database {self.db_name}")
        create_database(self.server_url, self.db_name)
        self.db_created = True
        self.smtp = SmtpServer().start()
        self.env = self.production_env()

        step("manage.py check --deploy, migrate, collectstatic")
        manage("check", "--deploy", "--fail-level", "WARNING", env=self.env, log=self.manage_log)
        manage("migrate", "--noinput", env=self.env, log=self.manage_log)
        manage("collectstatic", "--noinput", env=self.env, log=self.manage_log)

        step(f"starting gunicorn on 127.0.0.1:{self.port}, a worker and beat (queue {self.queue})")
        self.processes = [
            Process(
                "gunicorn",
                [PYTHON, "-m", "gunicorn", "--config", "gunicorn.conf.py",
                 "--bind", f"127.0.0.1:{self.port}", "feedback360.wsgi"],
                ARTIFACTS / "gunicorn.log",
            ),
            Process(
                "worker",
                [PYTHON, "-m", "celery", "-A", "feedback360", "worker", "--loglevel", "INFO",
                 "-n", f"smoke-{self.run_id}@%h", "--concurrency", "2",
                 "--max-tasks-per-child", "200",
                 "--without-gossip", "--without-mingle", "--without-heartbeat"],
                ARTIFACTS / "worker.log",
            ),
            Process(
                "beat",
                [PYTHON, "-m", "celery", "-A", "feedback360", "beat", "--loglevel", "INFO",
                 "--schedule", str(self.beat_schedule)],
                ARTIFACTS / "beat.log",
            ),
        ]  # fmt: skip
        for process in self.processes:
            process.start(self.env)
        self.wait_ready()

    def wait_ready(self) -> None:
        browser = Browser(self.port)

        def ready() -> bool:
            for process in self.processes:
                check(process.running(), f"{process.name} exited early")
            if "ready." not in self.process("worker").log_text():
                return False
            if "beat: Starting" not in self.process("beat").log_text():
                return False
            try:
                return browser.get("/healthz").status == 200
            except OSError:
                return False

        wait_until(ready, timeout=60, what="gunicorn, the worker and beat to start")

    def check_container_healthchecks(self) -> None:
        """The commands docker-compose.yml runs as health checks pass here too."""
        step("the health check commands of docker-compose.yml pass")
        env = self.env | {"PORT": str(self.port)}
        worker_node = f"smoke-{self.run_id}@{socket.gethostname()}"
        commands = {
            "web": [PYTHON, "docker/healthcheck.py", "web"],
            "beat": [PYTHON, "docker/healthcheck.py", "beat", str(self.beat_schedule)],
            "worker": [PYTHON, "-m", "celery", "-A", "feedback360", "inspect", "ping",
                       "-d", worker_node, "--timeout", "10"],
        }  # fmt: skip
        running = {
            name: subprocess.Popen(
                argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
            )
            for name, argv in commands.items()
        }
        for name, process in running.items():
            output, _ = process.communicate(timeout=60)
            check(
                process.returncode == 0,
                f"the {name} health check failed ({process.returncode}): {output.decode()[-500:]}",
            )

    @property
    def beat_schedule(self) -> Path:
        return ARTIFACTS / "celerybeat-schedule"

    def process(self, name: str) -> Process:
        return next(p for p in self.processes if p.name == name)

    def down(self) -> list[str]:
        """Stop everything, whatever happened; returns what could not be cleaned up."""
        problems = []
        for process in reversed(self.processes):
            try:
                process.stop()
            except Exception as exc:
                problems.append(f"stopping {process.name}: {exc}")
        if self.smtp is not None:
            self.smtp.stop()
        if self.db_created:
            try:
                drop_database(self.server_url, self.db_name)
            except Exception as exc:
                problems.append(f"dropping database {self.db_name}: {exc}")
        try:
            delete_queue(self.broker_url, self.queue)
        except Exception as exc:
            problems.append(f"deleting queue {self.queue}: {exc}")
        return problems


def check_redis(url: str) -> None:
    try:
        redis_client(url).ping()
    except Exception as exc:
        raise SmokeFailure(
            f"Redis at {url} does not answer ({exc}); set CELERY_BROKER_URL"
        ) from exc


# --- The journey ---------------------------------------------------------------------------------


@dataclass
class Journey:
    stack: Stack
    browser: Browser
    hr_username: str
    hr_password: str
    tokens: list[str] = field(default_factory=list)

    def run(self) -> None:
        self.check_transport()
        self.stack.check_container_healthchecks()
        self.sign_in()
        cycle_id, cycle_name, opens_at = self.create_cycle()
        self.import_team(cycle_id)
        self.launch(cycle_id, opens_at)
        invitations = self.wait_for_invitations()
        self.answer_all(invitations)
        step("HR closes the cycle and releases the reports")
        self.transition(cycle_id, "close")
        self.transition(cycle_id, "release")
        self.wait_for_report_email(cycle_name)
        self.download_report()
        self.check_static_files()

    # --- Transport, health ---

    def check_transport(self) -> None:
        step("/healthz, the HTTPS redirect and HSTS")
        plain = self.browser.get("/healthz", via_proxy=False)
        check(
            plain.status == 301 and plain.header("location").startswith("https://"),
            f"plain HTTP should redirect to HTTPS, got {plain.status} {plain.header('location')}",
        )
        health = self.browser.get("/healthz")
        check(health.status == 200, f"/healthz answered {health.status}: {health.text[:300]}")
        body = json.loads(health.body)
        check(
            body == {"status": "ok", "database": "ok", "broker": "ok"},
            f"/healthz said {body}",
        )
        check(
            "max-age=" in health.header("strict-transport-security"),
            "no Strict-Transport-Security header over HTTPS",
        )

    # --- HR in the admin ---

    def sign_in(self) -> None:
        step("HR signs in to the admin")
        page = self.browser.get("/admin/login/?next=/admin/")
        check(page.status == 200, f"admin sign-in page answered {page.status}")
        check("sessionid" not in self.cookie_names(), "a session before signing in")
        reply = self.browser.post(
            "/admin/login/?next=/admin/",
            {
                "csrfmiddlewaretoken": csrf_token(page.text),
                "username": self.hr_username,
                "password": self.hr_password,
                "next": "/admin/",
            },
        )
        check(
            reply.status == 302 and reply.header("location") == "/admin/",
            f"sign-in failed: {reply.status} {reply.text[:500]}",
        )
        check("sessionid" in self.cookie_names(), "no session cookie after signing in")
        check(self.auth_cookies_are_secure(), "session or CSRF cookie not Secure with DEBUG off")

    def cookie_names(self) -> set[str]:
        return {cookie.name for cookie in self.browser.jar}

    def auth_cookies_are_secure(self) -> bool:
        return all(c.secure for c in self.browser.jar if c.name in ("sessionid", "csrftoken"))

    def create_cycle(self) -> tuple[int, str, datetime]:
        name = f"Smoke cycle {self.stack.run_id}"
        step(f"HR creates “{name}” in the admin")
        page = self.browser.get("/admin/surveys/cycle/add/")
        check(page.status == 200, f"cycle add form answered {page.status}")
        fields = form_fields(page.text).fields
        opens_at = (datetime.now(UTC) + OPENS_IN).replace(microsecond=0)
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
        return int(match.group(1)), name, opens_at

    def import_team(self, cycle_id: int) -> None:
        step("HR imports the team from CSV")
        path = f"/admin/surveys/cycle/{cycle_id}/import/"
        page = self.browser.get(path)
        check(page.status == 200, f"import page answered {page.status}")
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["manager_email", "manager_name", "rep_email", "rep_name"])
        for rep_name, rep_email in REPS:
            writer.writerow([MANAGER[1], MANAGER[0], rep_email, rep_name])
        reply = self.browser.post_file(
            path,
            {"csrfmiddlewaretoken": csrf_token(page.text)},
            "file",
            "team.csv",
            out.getvalue().encode(),
        )
        check(
            reply.status == 302,
            f"the import was refused: {reply.status} {errors_in(reply.text)}",
        )

    def launch(self, cycle_id: int, opens_at: datetime) -> None:
        step("HR launches the cycle (it opens a few seconds later)")
        page = self.transition(cycle_id, "launch")
        check(
            datetime.now(UTC) < opens_at,
            "launching took so long that the cycle had already opened; "
            "the test of beat's dispatcher needs a cycle that opens later",
        )
        check("go out when the cycle opens" in page, "no note that sending waits for the opening")
        check(not self.stack.smtp.messages, "invitations were sent before the cycle opened")

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

    # --- Raters ---

    def wait_for_invitations(self) -> list:
        expected = len(REPS) + 1
        step(f"beat's dispatcher sends {expected} invitations when the cycle opens")
        wait_until(
            lambda: len(self.stack.smtp.messages) >= expected,
            timeout=OPENS_IN.total_seconds() + 30,
            what=lambda: f"{expected} invitations (got {len(self.stack.smtp.messages)})",
        )
        time.sleep(0.5)  # a duplicate would show up now
        messages = self.stack.smtp.messages
        recipients = sorted(m["To"] for m in messages)
        check(
            len(messages) == expected and len(set(recipients)) == expected,
            f"expected one invitation each for {expected} people, got {recipients}",
        )
        return messages

    def answer_all(self, invitations: list) -> None:
        step("every rater follows the e-mailed link and answers")
        for number, message in enumerate(invitations):
            path = self.browser.path_of(survey_link(message))
            self.tokens.append(path.split("/")[2])
            is_self = "self-assessment" in message["Subject"]
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
            reply.status == 302 and reply.header("location") == "/s/thanks/",
            f"submitting answered {reply.status}: {errors_in(reply.text)}",
        )
        again = self.browser.get(path)
        check("already" in again.text.lower(), "a second visit does not say it was answered")

    # --- Reports ---

    def wait_for_report_email(self, cycle_name: str) -> None:
        step("the worker renders the report and e-mails the manager")
        subject = f"Your feedback report for {cycle_name} is ready"

        def report_mail():
            return [m for m in self.stack.smtp.to(MANAGER[1]) if m["Subject"] == subject]

        mails = wait_until(report_mail, timeout=60, what="the “report is ready” e-mail")
        check("/reports/" in text_of(mails[0]), "the e-mail does not link to /reports/")

    def download_report(self) -> None:
        step("HR downloads the manager's PDF from the admin")
        listing = self.browser.get("/admin/reports/report/?" + urlencode({"q": MANAGER[0]}))
        check(listing.status == 200, f"report list answered {listing.status}")
        links = set(re.findall(r"/admin/reports/report/[0-9a-f-]{36}/download/", listing.text))
        check(len(links) == 1, f"expected one report for {MANAGER[0]}, found {len(links)}")
        pdf = self.browser.get(links.pop())
        check(pdf.status == 200, f"the download answered {pdf.status}")
        check(pdf.header("content-type") == "application/pdf", "the download is not a PDF")
        check("no-store" in pdf.header("cache-control"), "a report download may be cached")
        check(pdf.body.startswith(b"%PDF"), "the report does not start with %PDF")
        text = pdf_text(pdf.body)
        check(MANAGER[0] in text, f"the manager's name is not in the PDF: {text[:300]!r}")
        (ARTIFACTS / "report.pdf").write_bytes(pdf.body)

    def check_static_files(self) -> None:
        step("WhiteNoise serves the collected, hashed and compressed CSS")
        home = self.browser.get("/")
        check(home.status == 200, f"the home page answered {home.status}")
        match = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', home.text)
        check(match, "the home page does not link a hashed app.css (manifest storage)")
        css = self.browser.get(match.group(1), headers={"Accept-Encoding": "gzip"})
        check(css.status == 200, f"{match.group(1)} answered {css.status}")
        check(css.header("content-type").startswith("text/css"), "the CSS is not text/css")
        check(css.header("content-encoding") == "gzip", "the CSS was not served compressed")
        check("immutable" in css.header("cache-control"), "hashed CSS is not cached forever")


def errors_in(html: str) -> str:
    found = re.findall(r'class="(?:errornote|errorlist[^"]*|messagelist)"[^>]*>(.*?)</', html, re.S)
    return " | ".join(" ".join(re.sub(r"<[^>]+>", " ", f).split()) for f in found)[:1000]


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


# --- Logs ----------------------------------------------------------------------------------------


def check_logs(processes: list[Process], manage_log: Path, tokens: list[str]) -> None:
    """No token in any log line; and the access log is on (it shows a redacted survey path)."""
    step("no survey token in any log line")
    logs = {p.name: p.log_text() for p in processes} | {"manage": manage_log.read_text()}
    check(tokens, "no survey tokens were collected to look for")
    for name, text in logs.items():
        for number, line in enumerate(text.splitlines(), start=1):
            where = f"the {name} log, line {number}"
            check(not any(token in line for token in tokens), f"a survey token in {where}")
            check(not UNREDACTED_TOKEN.search(line), f"an unredacted token path in {where}")
            check("Traceback" not in line, f"a traceback in {where}")
    check("path=/s/[redacted]/" in logs["gunicorn"], "the access log shows no survey request")


def print_tails(processes: list[Process], manage_log: Path, lines: int = 40) -> None:
    for name, path in [(p.name, p.log) for p in processes] + [("manage", manage_log)]:
        if not path.exists():
            continue
        tail = path.read_text(errors="replace").splitlines()[-lines:]
        print(f"\n----- {name}: last {len(tail)} lines of {path.relative_to(ROOT)} -----")
        print("\n".join(tail))


# --- Main ----------------------------------------------------------------------------------------


def create_hr_user(stack: Stack) -> tuple[str, str]:
    username, password = f"smoke-hr-{stack.run_id}", secrets.token_urlsafe(24)
    env = {
        **stack.env,
        "DJANGO_SUPERUSER_USERNAME": username,
        "DJANGO_SUPERUSER_EMAIL": "hr@smoke.example.com",
        "DJANGO_SUPERUSER_PASSWORD": password,
    }
    manage("createsuperuser", "--noinput", env=env, log=stack.manage_log)
    return username, password


@contextlib.contextmanager
def one_run_at_a_time(timeout: float = 300):
    """Runs in one checkout share test-artifacts/smoke/ and staticfiles/: take turns."""
    import fcntl

    LOCK.parent.mkdir(parents=True, exist_ok=True)
    with LOCK.open("w") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                check(time.monotonic() < deadline, f"another smoke run held {LOCK} too long")
                step("waiting for another smoke run in this checkout to finish")
                time.sleep(5)
        yield


def main() -> int:
    try:
        with one_run_at_a_time():
            return run()
    except SmokeFailure as exc:
        print(f"SMOKE FAILED: {exc}", file=sys.stderr)
        return 1


def run() -> int:
    started = time.monotonic()
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    stack = Stack(
        server_url=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        broker_url=os.environ.get("CELERY_BROKER_URL") or DEFAULT_BROKER_URL,
    )
    failure: BaseException | None = None
    journey: Journey | None = None
    try:
        check(
            urlparse(stack.server_url).scheme.startswith("postgres"),
            f"DATABASE_URL must point at a PostgreSQL server, not {stack.server_url!r}",
        )
        stack.up()
        username, password = create_hr_user(stack)
        journey = Journey(stack, Browser(stack.port), username, password)
        journey.run()
    except BaseException as exc:  # Ctrl-C too: always clean up below
        failure = exc
    finally:
        step("stopping gunicorn, the worker and beat; dropping the database")
        problems = stack.down()
    if failure is None:
        try:
            check_logs(stack.processes, stack.manage_log, journey.tokens)
        except SmokeFailure as exc:
            failure = exc
    if failure is None and problems:
        failure = SmokeFailure("cleanup failed: " + "; ".join(problems))
    elapsed = time.monotonic() - started
    if failure is not None:
        print_tails(stack.processes, stack.manage_log)
        detail = (
            str(failure)
            if isinstance(failure, SmokeFailure)
            else "".join(traceback.format_exception(failure))
        )
        print(f"\nSMOKE FAILED after {elapsed:.1f}s: {detail}", file=sys.stderr)
        print(f"Logs: {ARTIFACTS.relative_to(ROOT)}/", file=sys.stderr)
        return 1
    print(f"smoke: OK in {elapsed:.1f}s (logs in {ARTIFACTS.relative_to(ROOT)}/)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
