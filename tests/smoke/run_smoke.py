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

The HTTP journey itself is tests/smoke/journey.py, shared with the
docker-compose test (tests/compose/drive.py).

Usage: `make smoke`, or `.venv/bin/python tests/smoke/run_smoke.py`.
DATABASE_URL names the PostgreSQL server to use (a database of its own is
created and dropped; default postgres://postgres@127.0.0.1:5432/postgres) and
CELERY_BROKER_URL the Redis (default redis://127.0.0.1:6379/0). Logs go to
test-artifacts/smoke/. Exits non-zero with the reason and each log's tail.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import traceback
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.runtime import runtime_python  # noqa: E402
from tests.smoke.journey import (  # noqa: E402
    Browser,
    Journey,
    JourneyFailure,
    Mail,
    Person,
    Team,
    address_of,
    check,
    check_logs,
    wait_until,
)
from tests.smtp import SmtpServer, free_port, text_of  # noqa: E402

# gunicorn, the worker, beat and manage.py run from the production install.
PYTHON = runtime_python()

ARTIFACTS = ROOT / "test-artifacts" / "smoke"
LOCK = ROOT / "test-artifacts" / ".smoke.lock"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/0"

TEAM = Team(
    manager=Person("Joanna Whitfield", "joanna.whitfield@smoke.example.com"),
    reps=(
        Person("Tomas Berg", "tomas.berg@smoke.example.com"),
        Person("Aiko Tanaka", "aiko.tanaka@smoke.example.com"),
        Person("Lena Novak", "lena.novak@smoke.example.com"),
        Person("Omar Haddad", "omar.haddad@smoke.example.com"),
    ),
)
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
    "ALLOW_PLAIN_HTTP", "TRUSTED_PROXY_COUNT", "DJANGO_SETTINGS_MODULE",
)  # fmt: skip

# The journey's failures are the smoke test's.
SmokeFailure = JourneyFailure


def step(text: str) -> None:
    print(f"smoke: {text}", flush=True)


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


# --- HTTP and e-mail ------------------------------------------------------------------------------


def smoke_browser(port: int) -> Browser:
    """Plain HTTP to gunicorn, as the TLS-terminating proxy that production has
    in front of it would send it: X-Forwarded-Proto: https, and the site's
    public address is https://."""
    return Browser(
        f"http://127.0.0.1:{port}",
        f"https://127.0.0.1:{port}",
        behind_proxy=True,
        agent="feedback360-smoke",
    )


@dataclass
class SmtpMailbox:
    """The journey's view of the in-process SMTP server."""

    server: SmtpServer

    def messages(self) -> list[Mail]:
        return [
            Mail(address_of(m["To"]), str(m["Subject"]), text_of(m)) for m in self.server.messages
        ]


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
        browser = smoke_browser(self.port)

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


def check_transport(browser: Browser) -> None:
    step("/healthz, the HTTPS redirect and HSTS")
    plain = browser.get("/healthz", via_proxy=False)
    check(
        plain.status == 301 and plain.header("location").startswith("https://"),
        f"plain HTTP should redirect to HTTPS, got {plain.status} {plain.header('location')}",
    )
    health = browser.get("/healthz")
    check(health.status == 200, f"/healthz answered {health.status}: {health.text[:300]}")
    body = json.loads(health.body)
    check(body == {"status": "ok", "database": "ok", "broker": "ok"}, f"/healthz said {body}")
    check(
        "max-age=" in health.header("strict-transport-security"),
        "no Strict-Transport-Security header over HTTPS",
    )


def run_journey(stack: Stack, journey: Journey, username: str, password: str) -> None:
    check_transport(journey.browser)
    stack.check_container_healthchecks()
    journey.sign_in(username, password, secure_cookies=True)
    cycle_name = f"Smoke cycle {stack.run_id}"
    cycle_id, opens_at = journey.create_cycle(cycle_name, opens_in=OPENS_IN)
    journey.import_team(cycle_id)
    journey.launch(cycle_id, opens_at)
    step(f"beat's dispatcher sends {len(TEAM.everyone)} invitations when the cycle opens")
    invitations = journey.wait_for_invitations(timeout=OPENS_IN.total_seconds() + 30)
    counts = {address: len(mails) for address, mails in invitations.items()}
    check(
        all(count == 1 for count in counts.values()),
        f"expected one invitation each, got {counts}",
    )
    journey.answer_all(mails[0] for mails in invitations.values())
    journey.close_and_release(cycle_id)
    journey.wait_for_report_email(cycle_name)
    (ARTIFACTS / "report.pdf").write_bytes(journey.hr_download_report())
    journey.check_static_files()


# --- Logs ----------------------------------------------------------------------------------------


def check_process_logs(processes: list[Process], manage_log: Path, tokens: list[str]) -> None:
    step("no survey token in any log line")
    logs = {p.name: p.log_text() for p in processes} | {"manage": manage_log.read_text()}
    check_logs(logs, tokens, access_log="gunicorn")


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
        journey = Journey(smoke_browser(stack.port), SmtpMailbox(stack.smtp), TEAM, say=step)
        run_journey(stack, journey, username, password)
    except BaseException as exc:  # Ctrl-C too: always clean up below
        failure = exc
    finally:
        step("stopping gunicorn, the worker and beat; dropping the database")
        problems = stack.down()
    if failure is None:
        try:
            check_process_logs(stack.processes, stack.manage_log, journey.tokens)
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
