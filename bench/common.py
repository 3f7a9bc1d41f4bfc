"""What every benchmark shares: a private database and broker queue, child
processes that are always stopped, an SMTP sink, budgets and the machine.

Each benchmark script runs inside one `BenchRun`: it creates the database
`f360_bench_<pid>`, migrates it, points Django, Celery and every child process
at it and at a queue of its own, and on the way out (error, Ctrl-C or SIGTERM
included) stops its children by their own pid, deletes its queue and drops the
database.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
SETTINGS_MODULE = "bench.benchsite.settings"


# --- Budgets (DESIGN §7) ---------------------------------------------------------------------


@dataclass(frozen=True)
class Budget:
    key: str
    label: str
    limit: float
    kind: str  # "max": the figure must stay below; "min": it must reach
    unit: str

    def ratio(self, value: float) -> float:
        """Figure over budget: ≤ 1 is within a "max" budget, ≥ 1 reaches a "min" one."""
        return value / self.limit

    def met(self, value: float) -> bool:
        return value < self.limit if self.kind == "max" else value >= self.limit

    def describe(self, value: float) -> str:
        verdict = "within budget" if self.met(value) else "MISSES budget"
        sign = "<" if self.kind == "max" else "≥"
        return (
            f"{value:,.3g} {self.unit} (budget {sign} {self.limit:g} {self.unit}; "
            f"{self.ratio(value):.2f} of it) — {verdict}"
        )


BUDGETS = {
    b.key: b
    for b in [
        Budget(
            "launch_queue_s_10k",
            "Launch: create and queue 10k team + 1k self invitations",
            5.0,
            "max",
            "s",
        ),
        Budget("smtp_send_ratio", "Worker send rate / plain smtplib", 0.8, "min", "×"),
        Budget("survey_get_ratio", "Survey GET throughput / bare view", 0.5, "min", "×"),
        Budget("survey_post_ratio", "Survey POST throughput / bare view", 0.5, "min", "×"),
        Budget("pdf_one_ms", "One manager's PDF (median of 20)", 150.0, "max", "ms"),
        Budget("cycle_1000_report_s", "1,000-manager cycle scored and rendered", 120.0, "max", "s"),
    ]
}


def report(key: str, value: float) -> None:
    """Print a figure with its ratio to the budget it answers to."""
    budget = BUDGETS[key]
    print(f"  {budget.label}: {budget.describe(value)}", flush=True)


# --- The run's private world ---------------------------------------------------------------


def _sigterm_as_exit(signum, frame):
    raise SystemExit(128 + signum)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as conn:
        conn.execute(sql)


class BenchRun:
    """A throw-away database, broker queue and temp folder, torn down whatever happens."""

    def __init__(self, label: str):
        self.label = label
        self.database = f"f360_bench_{os.getpid()}"
        self.queue = f"f360-bench-{os.getpid()}-{secrets.token_hex(3)}"
        self.tmp = Path(tempfile.mkdtemp(prefix=f"f360-bench-{label}-"))
        self.children: list[Child] = []
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "DATABASE_URL": f"{POSTGRES_URL}/{self.database}",
            "CELERY_BROKER_URL": REDIS_URL,
            "CELERY_QUEUE": self.queue,
            # Production mode: no query log, no debug pages.
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SECURE_SSL_REDIRECT": "false",
            "SITE_URL": "http://127.0.0.1:8000",
            "OUTBOX_DIR": str(self.tmp / "outbox"),
            "BENCH_STATIC_ROOT": str(self.tmp / "static"),
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("EMAIL_HOST", None)

    def __enter__(self) -> BenchRun:
        signal.signal(signal.SIGTERM, _sigterm_as_exit)
        try:
            _admin_sql(f'CREATE DATABASE "{self.database}"')
            self.manage("migrate", "--noinput")
            os.environ.update({**self.env, "LOG_LEVEL": "WARNING"})
            if str(ROOT) not in sys.path:
                sys.path.insert(0, str(ROOT))
            import django

            django.setup()
        except BaseException:
            self._teardown(failed=True)
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self._teardown(failed=exc_type is not None)

    def manage(self, *args: str) -> None:
        subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> Child:
        child = Child(name, argv, env or self.env, self.tmp / f"{name}.log")
        self.children.append(child)
        return child

    def _teardown(self, *, failed: bool) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut this short
        for child in reversed(self.children):
            child.stop()
        with contextlib.suppress(Exception):
            purge_queue(self.queue)
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        with contextlib.suppress(Exception):
            _admin_sql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        if failed:
            print(f"  (logs of the failed run kept in {self.tmp})", file=sys.stderr)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


class Child:
    """A child process in its own session, stopped by its own pid."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log: Path):
        self.name, self.log = name, log
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_for_log(self, text: bytes, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early; see {self.log}")
            if text in self.log.read_bytes():
                return
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} not ready after {timeout}s; see {self.log}")

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM (a warm shutdown for Celery and gunicorn); its whole session
        is killed only if it does not go in time."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def start_worker(run: BenchRun, *, pool: str, concurrency: int, env: dict[str, str]) -> Child:
    """`celery worker` on the run's own queue, as the tests and production start it."""
    name = f"worker-{pool}-{len(run.children)}"
    worker = run.start(
        name,
        [
            PYTHON, "-m", "celery", "-A", "feedback360", "worker",
            f"--pool={pool}", f"--concurrency={concurrency}",
            "--without-heartbeat", "--without-gossip", "--without-mingle",
            "-Q", run.queue, "--loglevel=INFO", "-n", f"{run.queue}-{name}@%h",
        ],
        env,
    )  # fmt: skip
    worker.wait_for_log(b"ready.")
    return worker


def _redis():
    import redis

    return redis.Redis.from_url(REDIS_URL)


def queue_length(queue: str) -> int:
    """Messages waiting in the queue (kombu keeps one Redis list per priority step)."""
    client = _redis()
    return sum(
        client.llen(key) for key in client.scan_iter(f"{queue}*") if client.type(key) == b"list"
    )


def purge_queue(queue: str) -> None:
    """Delete this run's queue and bindings: every key carries its unique name."""
    client = _redis()
    for key in list(client.scan_iter(f"*{queue}*")):
        client.delete(key)


# --- SMTP ---------------------------------------------------------------------------------


class SmtpSink:
    """aiosmtpd on a free port that notes when each message arrives; with
    keep=True it also keeps each message, to send the same bytes again later."""

    def __init__(self, *, keep: bool = False):
        self.keep = keep
        self.port = free_port()
        self.lock = threading.Lock()
        self.arrivals: list[float] = []
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        arrived = time.perf_counter()
        with self.lock:
            self.arrivals.append(arrived)
            if self.keep:
                self.messages.append(
                    (envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
                )
        return "250 OK"

    def start(self) -> SmtpSink:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            with contextlib.suppress(Exception):
                self.controller.stop()
            self.controller = None

    def clear(self) -> None:
        with self.lock:
            self.arrivals.clear()
            self.messages.clear()

    def count(self) -> int:
        with self.lock:
            return len(self.arrivals)

    def wait_for(self, count: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.count() < count:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.count()} of {count} messages after {timeout}s")
            time.sleep(0.05)

    def rate(self, messages: int) -> float:
        """Messages per second from the first arrival to the (messages+1)-th."""
        with self.lock:
            span = self.arrivals[messages] - self.arrivals[0]
        return messages / span

    def env(self) -> dict[str, str]:
        return {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(self.port), "EMAIL_TIMEOUT": "20"}


# --- HTTP ---------------------------------------------------------------------------------


def wait_for_http(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer 200 within {timeout}s")


# --- Measuring ----------------------------------------------------------------------------


def timed(function: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


def median_ms(function: Callable[[], object], *, repeat: int) -> float:
    times = [timed(function)[0] * 1000 for _ in range(repeat)]
    return statistics.median(times)


# --- The machine --------------------------------------------------------------------------


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def _ram_gib() -> float:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    return 0.0


def _postgres_version() -> str:
    import psycopg

    with psycopg.connect(f"{POSTGRES_URL}/postgres") as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


def _redis_version() -> str:
    return _redis().info("server")["redis_version"]


def machine() -> dict[str, str | int | float]:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count() or 0,
        "ram_gib": round(_ram_gib(), 1),
        "python": platform.python_version(),
        "postgresql": _postgres_version(),
        "redis": _redis_version(),
        "load_average": round(os.getloadavg()[0], 2),
    }


def machine_line(info: dict) -> str:
    return (
        f"{info['cpu']}, {info['cores']} cores, {info['ram_gib']:g} GiB RAM, "
        f"Python {info['python']}, PostgreSQL {info['postgresql']}, Redis {info['redis']}"
    )


# --- Entry points -------------------------------------------------------------------------


def main(label: str, bench: Callable[[BenchRun], dict]) -> None:
    """Run one benchmark in its own world; --json writes its figures to a file."""
    parser = argparse.ArgumentParser(description=f"feedback360 benchmark: {label}")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    print(f"== {label} ==", flush=True)
    with BenchRun(label.replace(" ", "-")) as run:
        figures = bench(run)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
