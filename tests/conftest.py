"""Fixtures: the instrument, people and cycles, a real SMTP server, and a real
Celery worker on Redis.

The suite runs on SQLite with no broker (`make test` on a laptop) and on
PostgreSQL with Redis (`.ci/run`). Tests that need Redis or PostgreSQL are
marked and left out, with a note, when those are not configured; a service
that is configured but unreachable stops the run instead, and with CI=true a
test that cannot run is an error, never a silent deselection.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer

from feedback360.celery import app as celery_app
from tests.runtime import runtime_python
from tests.smtp import SmtpServer

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
DB_ENGINE = settings.DATABASES["default"]["ENGINE"]
ON_POSTGRES = "postgresql" in DB_ENGINE

# The live server's listen backlog is socketserver's 5: fifty raters connecting at
# once on a busy machine were reset before a thread accepted them. Production's
# gunicorn listens with a backlog of 2048; the tests need no more than this.
ThreadedWSGIServer.request_queue_size = 128


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 3
        ):
            return True
    except OSError:
        return False


def pytest_sessionstart(session):
    if BROKER_URL and not _reachable(BROKER_URL, 6379):
        pytest.exit(
            f"CELERY_BROKER_URL is set to {BROKER_URL} but nothing answers there.", returncode=3
        )
    if ON_POSTGRES:
        db = settings.DATABASES["default"]
        if not _reachable(
            f"postgres://{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}", 5432
        ):
            pytest.exit("DATABASE_URL points at PostgreSQL, but it does not answer.", returncode=3)


_left_out: list[str] = []


def pytest_collection_modifyitems(config, items):
    keep = []
    for item in items:
        if item.get_closest_marker("needs_redis") and not BROKER_URL:
            _left_out.append(f"{item.nodeid} (needs Redis: set CELERY_BROKER_URL)")
        elif item.get_closest_marker("needs_postgres") and not ON_POSTGRES:
            _left_out.append(f"{item.nodeid} (needs PostgreSQL: set DATABASE_URL)")
        elif (marker := item.get_closest_marker("needs_binary")) and not shutil.which(
            marker.args[0]
        ):
            _left_out.append(f"{item.nodeid} (needs the {marker.args[0]} program)")
        else:
            keep.append(item)
    if _left_out and os.environ.get("CI", "").lower() == "true":
        # CI promises the whole suite: a missing service or program is a
        # failure there, never a quiet deselection.
        pytest.exit(
            "CI=true, but these tests cannot run here:\n  " + "\n  ".join(_left_out),
            returncode=3,
        )
    if len(keep) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in keep])
        items[:] = keep


def pytest_terminal_summary(terminalreporter):
    if _left_out:
        terminalreporter.write_sep("-", f"{len(_left_out)} tests need services this run lacks")
        for line in _left_out:
            terminalreporter.write_line(line)
        terminalreporter.write_line("`bash .ci/run` runs them against PostgreSQL and Redis.")


# --- Every test ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fast_and_eager(settings):
    """Quick password hashing, and tasks run in-process unless a test asks for
    the real worker."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SITE_URL = "http://testserver"
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    from django.core.cache import cache

    cache.clear()
    yield
    celery_app.conf.task_always_eager = eager


# --- Data ----------------------------------------------------------------------------------------


@pytest.fixture
def instrument(db):
    """Version 1, as the data migration installs it (re-installed after a
    transactional test has flushed the tables)."""
    from surveys import models
    from surveys.instrument import V1, install_instrument
    from surveys.instrument_i18n import V1_TRANSLATIONS
    from surveys.translations import install_translations

    names = (
        "Instrument", "Dimension", "DimensionText", "Item", "ItemText", "OpenQuestion",
        "OpenQuestionText",
    )  # fmt: skip
    classes = {n: getattr(models, n) for n in names}
    instrument = install_instrument(classes, V1)
    install_translations(classes, V1["version"], V1_TRANSLATIONS)
    return instrument


@pytest.fixture
def hr_user(db, django_user_model):
    return django_user_model.objects.create_superuser("hr", "hr@example.com", "hr-password-123")


@pytest.fixture
def hr_client(client, hr_user):
    client.force_login(hr_user)
    return client


# --- SMTP ----------------------------------------------------------------------------------------


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a free port; Django sends to it."""
    server = SmtpServer().start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    yield server
    server.stop()


# --- A real Celery worker on Redis ---------------------------------------------------------------


class Worker:
    """`celery worker` in its own process, on a queue of its own."""

    def __init__(self, env: dict[str, str], queue: str, log: Path):
        self.env, self.queue, self.log = env, queue, log
        self.process: subprocess.Popen | None = None

    def start(self) -> Worker:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = self.log.open("ab")
        self.process = subprocess.Popen(
            [
                runtime_python(), "-m", "celery", "-A", "feedback360", "worker",
                "--pool=solo", "--concurrency=1", "--without-heartbeat", "--without-gossip",
                "--without-mingle", "-Q", self.queue, "--loglevel=INFO",
                "-n", f"test-{self.queue}@%h",
            ],
            cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            self._wait_ready()
        except BaseException:
            self.stop()  # never leave a worker behind a failed start
            raise
        return self

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited early; see {self.log}")
            if b"ready." in self.log.read_bytes():
                return
            time.sleep(0.1)
        raise RuntimeError(f"worker not ready after {timeout}s; see {self.log}")

    def stop(self, sig: int | None = None) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        if sig is None:
            self.process.terminate()
        else:
            self.process.send_signal(sig)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def restart(self) -> Worker:
        self.stop()
        with self.log.open("ab") as f:
            f.write(b"\n--- restart ---\n")
        # the readiness check reads the whole log: start a fresh one
        self.log.rename(self.log.with_suffix(f".{int(time.time() * 1000)}.log"))
        return self.start()


@pytest.fixture
def worker_env(settings, smtp):
    """Environment for processes that must share this test's database, broker
    queue and SMTP server."""
    if not BROKER_URL:
        pytest.fail("the worker fixture needs CELERY_BROKER_URL (mark the test needs_redis)")
    from django.db import connection

    db = connection.settings_dict
    queue = f"f360-test-{uuid.uuid4().hex[:10]}"
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_QUEUE": queue,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_TIMEOUT": "5",
        "SITE_URL": settings.SITE_URL,
        "DEBUG": "true",
        "PYTHONUNBUFFERED": "1",
    }
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield env
    celery_app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
    _purge(queue)


def _purge(queue: str) -> None:
    try:
        with celery_app.connection_for_write() as conn:
            conn.default_channel.queue_purge(queue)
    except Exception:  # noqa: S110 - the queue may not exist; nothing to clean
        pass


@pytest.fixture
def worker(worker_env, request):
    log = ARTIFACTS / "workers" / f"{request.node.name}.log"
    if log.exists():
        log.unlink()
    w = Worker(worker_env, worker_env["CELERY_QUEUE"], log).start()
    yield w
    w.stop()
