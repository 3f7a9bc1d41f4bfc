"""What every benchmark shares: a private database, broker queue and cache,
child processes that are always stopped, an SMTP sink, and the machine.

Each benchmark script runs inside one `BenchRun`: it creates the database
`f360_bench_<pid>`, migrates it, points Django, Celery and every child process
at it, at a queue and cache prefix of its own on Redis database 3, and on the
way out (error, Ctrl-C or SIGTERM included) stops its children by their own
pid, deletes its Redis keys and drops the database.
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
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable
# Processes that production runs (gunicorn, the Celery worker, and the Django
# reference sender, so that both sides of a ratio run the same interpreter and
# packages) come from the production install when it exists (`make runtime`).
RUNTIME_PYTHON = str(ROOT / ".venv-runtime" / "bin" / "python")
if not Path(RUNTIME_PYTHON).exists():
    RUNTIME_PYTHON = PYTHON
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
SETTINGS_MODULE = "bench.benchsite.settings"


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
    """A throw-away database, broker queue, cache prefix and temp folder, torn
    down whatever happens."""

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
            # Production: sessions and throttling in Redis, not in one process.
            "BENCH_CACHE_URL": REDIS_URL,
            "BENCH_CACHE_PREFIX": self.queue,
            # Production mode: no query log, no debug pages.
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SECURE_SSL_REDIRECT": "false",
            "SITE_URL": "http://127.0.0.1:8000",
            "OUTBOX_DIR": str(self.tmp / "outbox"),
            "BENCH_STATIC_ROOT": str(self.tmp / "static"),
            "PYTHONUNBUFFERED": "1",
        }
        for name in ("EMAIL_HOST", "EMAIL_PORT", "CACHE_URL", "LOG_LEVEL"):
            self.env.pop(name, None)

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
            purge_redis(self.queue)
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
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} not ready after {timeout}s; see {self.log}")

    def stop(self, timeout: float = 60) -> None:
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
    """`celery worker` on the run's own queue, as docker-compose.yml starts it
    (--loglevel INFO, LOG_LEVEL's default INFO: a log line per e-mail sent)."""
    name = f"worker-{pool}-{len(run.children)}"
    worker = run.start(
        name,
        [
            RUNTIME_PYTHON, "-m", "celery", "-A", "feedback360", "worker",
            f"--pool={pool}", f"--concurrency={concurrency}",
            "--without-heartbeat", "--without-gossip", "--without-mingle",
            "-Q", run.queue, "--loglevel=INFO", "-n", f"{run.queue}-{name}@%h",
        ],
        {**env, "LOG_LEVEL": "INFO"},
    )  # fmt: skip
    worker.wait_for_log(b"ready.")
    return worker


# --- Redis ---------------------------------------------------------------------------------


def _redis():
    import redis

    return redis.Redis.from_url(REDIS_URL)


def queued_tasks(queue: str) -> dict[str, int]:
    """Tasks waiting in the queue, by task name (kombu keeps one Redis list per
    priority step; each entry is a JSON message whose headers name the task)."""
    client = _redis()
    counts: dict[str, int] = {}
    for key in client.scan_iter(f"{queue}*"):
        if client.type(key) != b"list":
            continue
        for raw in client.lrange(key, 0, -1):
            name = json.loads(raw)["headers"]["task"]
            counts[name] = counts.get(name, 0) + 1
    return counts


def drop_tasks(queue: str, task_name: str) -> int:
    """Remove the queued messages of one task (LREM by value)."""
    client = _redis()
    dropped = 0
    for key in client.scan_iter(f"{queue}*"):
        if client.type(key) != b"list":
            continue
        for raw in client.lrange(key, 0, -1):
            if json.loads(raw)["headers"]["task"] == task_name:
                dropped += client.lrem(key, 1, raw)
    return dropped


def purge_redis(prefix: str) -> None:
    """Delete this run's queue, bindings and cache keys (every key carries its
    unique name), and its entries in kombu's shared unacked bookkeeping."""
    client = _redis()
    for key in list(client.scan_iter(f"*{prefix}*")):
        client.delete(key)
    for tag, raw in client.hgetall("unacked").items():
        if prefix.encode() in raw:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


# --- SMTP ---------------------------------------------------------------------------------

RECORD = struct.Struct("<dII")  # arrival (monotonic s), envelope length, content length


class SmtpSink:
    """aiosmtpd in a process of its own (bench/smtp_sink.py), so that it shares
    no interpreter with what is measured. It appends every message to a spool
    file with its arrival time; this side reads the spool."""

    def __init__(self, run: BenchRun):
        self.run = run
        self.port = free_port()
        self.spool = run.tmp / f"smtp-{self.port}.spool"
        self.spool.touch()
        self._offset = 0
        self.arrivals: list[float] = []
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.child: Child | None = None

    def start(self) -> SmtpSink:
        self.child = self.run.start(
            f"smtp-sink-{self.port}",
            [PYTHON, str(BENCH / "smtp_sink.py"), str(self.port), str(self.spool)],
        )
        self.child.wait_for_log(b"ready")
        return self

    def _read(self) -> None:
        with self.spool.open("rb") as f:
            f.seek(self._offset)
            data = f.read()
        at = 0
        while len(data) - at >= RECORD.size:
            arrived, env_len, body_len = RECORD.unpack_from(data, at)
            end = at + RECORD.size + env_len + body_len
            if end > len(data):
                break
            envelope = json.loads(data[at + RECORD.size : at + RECORD.size + env_len])
            content = data[at + RECORD.size + env_len : end]
            self.arrivals.append(arrived)
            self.messages.append((envelope["from"], envelope["to"], content))
            at = end
        self._offset += at

    def count(self) -> int:
        self._read()
        return len(self.arrivals)

    def wait_for(self, count: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.count() < count:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.count()} of {count} messages after {timeout}s")
            time.sleep(0.05)

    def rate(self, start: int, messages: int) -> float:
        """Messages per second from arrival `start` to arrival `start + messages`."""
        self._read()
        return messages / (self.arrivals[start + messages] - self.arrivals[start])

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


def _cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of all cores, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return sum(fields) - idle, sum(fields)


def background_busy(seconds: float = 1.0) -> float:
    """How busy the machine's cores are while this benchmark sits idle for
    `seconds`: other people's work, which skews throughput. 0 (idle) to 1."""
    busy0, total0 = _cpu_times()
    time.sleep(seconds)
    busy1, total1 = _cpu_times()
    return round((busy1 - busy0) / max(total1 - total0, 1), 2)


def peak_rss_mib() -> float:
    """This process's peak resident set size (VmHWM). Not getrusage's ru_maxrss,
    which a child started with fork+exec inherits from its parent on Linux."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


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
    """The version and the settings that weigh on these figures."""
    import psycopg

    with psycopg.connect(f"{POSTGRES_URL}/postgres") as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        buffers = conn.execute("SHOW shared_buffers").fetchone()[0]
        commit = conn.execute("SHOW synchronous_commit").fetchone()[0]
    return f"{version}, shared_buffers {buffers}, synchronous_commit {commit}"


def _redis_version() -> str:
    return _redis().info("server")["redis_version"]


def _git(*args: str) -> str:
    out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return out.stdout.rstrip("\n")  # not strip(): status lines begin with a space


def code_state() -> dict[str, object]:
    """Which code was measured: the commit, and the files outside bench/ that
    differ from it (others work in the same tree)."""
    changed = [
        line[3:]
        for line in _git("status", "--porcelain", "--untracked-files=all").splitlines()
        if line[3:] and not line[3:].startswith("bench/")
    ]
    return {"commit": _git("rev-parse", "--short", "HEAD").strip(), "uncommitted_files": changed}


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
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
