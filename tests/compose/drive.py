"""The docker-compose stack, built and run for real, and driven from outside.

What a user does with docker-compose.yml and .env.example, on a throwaway
project: `docker-compose build`, `up -d`, wait until every service is
healthy, create the first HR user with `exec`; then the journey of
tests/smoke/journey.py over HTTP through the published ports on 127.0.0.1,
with every e-mail read back from Mailpit's API:

HR signs in to the admin, creates a cycle that opens a few seconds later,
imports a team from CSV and launches it. While beat's dispatcher and the
worker send the invitations, the worker's container is killed (`docker
kill`) and started again: every invitation must still arrive, with at most
one duplicate (the message the SMTP server had accepted when the worker
died, before the worker could record it). The raters answer from their
e-mailed links, HR closes the cycle and releases the reports, and the
manager signs in with a one-time link from the e-mail and downloads the PDF.
Then: the migrate service refuses to run without an SMTP relay (EMAIL_HOST
empty: the deploy check fails with feedback360.E001), and no log line of the
app's containers carries a survey token. `docker-compose down -v` always runs
at the end.

The .env is .env.example as shipped (the trial: Mailpit as an explicit
profile) with the secrets filled in and a few CI values (ports, a unique
project name, fast dispatching, one e-mail per task); it lives in a temporary
directory, never in the checkout. docker-compose runs with a clean
environment, so nothing exported in the caller's shell (DATABASE_URL, say)
reaches the containers.

Usage: `make compose-e2e` (.ci/compose_e2e.sh starts dockerd if needed and
builds the registry stand-ins first). Needs every image the files name to be
present locally: it never pulls. Logs go to test-artifacts/compose/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.smoke.journey import (  # noqa: E402
    Browser,
    Journey,
    JourneyFailure,
    Mail,
    Person,
    Team,
    check,
    check_logs,
    wait_until,
)
from tests.smtp import free_port  # noqa: E402

ARTIFACTS = ROOT / "test-artifacts" / "compose"
COMPOSE_FILES = [ROOT / "docker-compose.yml", ROOT / "tests" / "compose" / "docker-compose.ci.yml"]
# Every service the trial runs; mailpit only because .env.example names its profile.
SERVICES = ("postgres", "redis", "mailpit", "migrate", "web", "worker", "beat")
ONE_SHOT = {"migrate"}
APP_LOGS = ("migrate", "web", "worker", "beat")

TEAM = Team(
    manager=Person("Ingrid Halvorsen", "ingrid.halvorsen@compose.example.com"),
    reps=tuple(
        Person(f"Rep {name}", f"{name.lower()}@compose.example.com")
        for name in (
            "Abel", "Bodil", "Cyrus", "Dagny", "Emil", "Freja",
            "Gustav", "Hedda", "Ivar", "Jonna", "Kasper",
        )
    ),
)  # fmt: skip
OPENS_IN = timedelta(seconds=8)
# Seconds the stand-in catcher holds each message before accepting it: twelve
# invitations then take about five seconds to send, long enough to kill the
# worker in the middle.
SMTP_DELAY = 0.4
KILL_AFTER = 4  # invitations delivered before the worker is killed
REQUEUE_AFTER = 10  # REQUEUE_AFTER_SECONDS: the dispatcher re-sends what a dead worker held

# Only what docker-compose itself needs from the caller's environment.
PASSED_ENV = (
    "PATH", "HOME", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR",
    "DOCKER_HOST", "DOCKER_CONFIG", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY", "DOCKER_CONTEXT",
)  # fmt: skip


def step(text: str) -> None:
    print(f"compose: {text}", flush=True)


# --- The env file --------------------------------------------------------------------------------


def render_env(example: str, values: dict[str, str]) -> str:
    """.env.example with `values` set: an active KEY= line is replaced, else
    the first commented-out `# KEY=` line, else the line is appended."""
    lines = example.splitlines()
    todo = dict(values)
    for pattern in (r"^{}=", r"^#\s*{}="):
        for number, line in enumerate(lines):
            for key in list(todo):
                if re.match(pattern.format(re.escape(key)), line):
                    lines[number] = f"{key}={todo.pop(key)}"
    if todo:
        lines += [
            "",
            "# --- CI (tests/compose/drive.py) ---",
            *(f"{k}={v}" for k, v in todo.items()),
        ]
    return "\n".join(lines) + "\n"


def trial_env(example: str, project: str, web_port: int, mail_port: int) -> str:
    for line in ("EMAIL_HOST=mailpit", "EMAIL_PORT=1025", "COMPOSE_PROFILES=mailpit"):
        check(
            re.search(rf"^{re.escape(line)}$", example, re.M),
            f".env.example no longer sets {line}: the trial it documents has no mail catcher",
        )
    return render_env(
        example,
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "POSTGRES_PASSWORD": secrets.token_urlsafe(24),
            "SITE_URL": f"http://127.0.0.1:{web_port}",
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            # The trial over plain http, as on a LAN address: cookies not Secure.
            "ALLOW_PLAIN_HTTP": "true",
            "COMPOSE_PROJECT_NAME": project,
            "WEB_PUBLISH": f"127.0.0.1:{web_port}",
            "MAILPIT_PUBLISH": f"127.0.0.1:{mail_port}",
            "WEB_CONCURRENCY": "2",
            # One process, so one message is in flight when the worker dies.
            "WORKER_CONCURRENCY": "1",
            "DISPATCH_INTERVAL_SECONDS": "1",
            # The dispatcher re-queues what a dead worker held after this long.
            "REQUEUE_AFTER_SECONDS": str(REQUEUE_AFTER),
            "SEND_BATCH_SIZE": "1",
            "EMAIL_TIMEOUT": "10",
            "STANDIN_SMTP_DELAY_SECONDS": str(SMTP_DELAY),
        },
    )


# --- docker-compose ------------------------------------------------------------------------------


@dataclass
class Compose:
    project: str
    env_file: Path
    log: Path
    command: list[str] = field(
        default_factory=lambda: (os.environ.get("COMPOSE") or "docker-compose").split()
    )

    @property
    def env(self) -> dict[str, str]:
        return {k: v for k, v in os.environ.items() if k in PASSED_ENV}

    def argv(self, *args: str) -> list[str]:
        files = [a for f in COMPOSE_FILES for a in ("-f", str(f))]
        return [
            *self.command, "-p", self.project, "--env-file", str(self.env_file), *files, *args,
        ]  # fmt: skip

    def run(
        self, *args: str, check_rc: bool = True, timeout: float = 600, input: str | None = None
    ) -> subprocess.CompletedProcess:
        with self.log.open("a") as out:
            out.write(f"\n$ docker-compose {' '.join(args)}\n")
        result = subprocess.run(
            self.argv(*args),
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            input=input,
        )
        with self.log.open("a") as out:
            out.write(result.stdout + result.stderr)
        if check_rc and result.returncode != 0:
            raise JourneyFailure(
                f"docker-compose {' '.join(args[:2])} failed ({result.returncode}):\n"
                f"{(result.stdout + result.stderr)[-3000:]}"
            )
        return result

    def containers(self) -> dict[str, dict]:
        """service -> {id, status, exit, health} for this project's containers."""
        ids = docker(
            "ps", "-aq", "--filter", f"label=com.docker.compose.project={self.project}"
        ).split()
        if not ids:
            return {}
        found = {}
        for info in json.loads(docker("inspect", *ids)):
            labels = info["Config"]["Labels"] or {}
            if labels.get("com.docker.compose.oneoff") == "True":
                continue  # a `docker-compose run` container
            state = info["State"]
            found[labels["com.docker.compose.service"]] = {
                "id": info["Id"],
                "status": state["Status"],
                "exit": state["ExitCode"],
                "health": (state.get("Health") or {}).get("Status", ""),
            }
        return found

    def container(self, service: str) -> str:
        return self.containers()[service]["id"]

    def images(self) -> set[str]:
        config = self.run("config").stdout
        return set(re.findall(r"^\s+image:\s*['\"]?([^'\"\s]+)", config, re.M))


def docker(*args: str, timeout: float = 60) -> str:
    result = subprocess.run(
        ["docker", *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    check(result.returncode == 0, f"docker {args[0]} failed: {result.stderr.strip()[-1000:]}")
    return result.stdout


def image_exists(tag: str) -> bool:
    return (
        subprocess.run(
            ["docker", "image", "inspect", tag], capture_output=True, check=False
        ).returncode
        == 0
    )


def base_images() -> set[str]:
    text = (ROOT / "Dockerfile").read_text()
    return set(re.findall(r"^FROM\s+(\S+)", text, re.M))


def require_images(tags: set[str], when: str) -> None:
    """Every image must be here: without one, docker would go to a registry
    that this machine cannot reach, and fail slowly."""
    missing = sorted(tag for tag in tags if not image_exists(tag))
    check(
        not missing,
        f"images missing {when}: {', '.join(missing)} (.ci/images/build.sh builds stand-ins)",
    )


# --- Mailpit -------------------------------------------------------------------------------------


@dataclass
class MailpitMailbox:
    """Messages through Mailpit's HTTP API (the real one or the CI stand-in)."""

    base: str
    _seen: dict[str, Mail] = field(default_factory=dict)

    def _get(self, path: str) -> dict:
        with urllib.request.urlopen(self.base + path, timeout=10) as reply:
            return json.load(reply)

    def total(self) -> int:
        return self._get("/api/v1/messages?limit=1")["total"]

    def messages(self) -> list[Mail]:
        listing = self._get("/api/v1/messages?limit=1000")["messages"]
        for summary in listing:
            if summary["ID"] not in self._seen:
                full = self._get(f"/api/v1/message/{summary['ID']}")
                to = full["To"][0]["Address"].lower() if full["To"] else ""
                self._seen[summary["ID"]] = Mail(to, full["Subject"], full["Text"])
        return [self._seen[s["ID"]] for s in reversed(listing)]  # oldest first


# --- The run -------------------------------------------------------------------------------------


@dataclass
class Run:
    compose: Compose
    web_port: int
    mail_port: int
    timings: dict[str, float] = field(default_factory=dict)
    measured: dict[str, object] = field(default_factory=dict)

    def phase(self, name: str, action: Callable[[], object]) -> object:
        started = time.monotonic()
        try:
            return action()
        finally:
            self.timings[name] = round(time.monotonic() - started, 1)
            step(f"{name}: {self.timings[name]:.1f}s")

    # --- Stack ---

    def build(self) -> None:
        require_images(base_images(), "before the build")
        step("docker-compose build (no pull)")
        self.compose.run("build")
        require_images(self.compose.images(), "before up")

    def up(self) -> None:
        step("docker-compose up -d")
        self.compose.run("up", "-d", "--no-build", timeout=300)

    def wait_healthy(self, timeout: float = 180) -> None:
        step(f"waiting until every service is healthy: {', '.join(SERVICES)}")

        def states() -> dict[str, str]:
            found = self.compose.containers()
            return {
                service: (
                    "missing"
                    if service not in found
                    else f"{found[service]['status']}/exit {found[service]['exit']}"
                    if service in ONE_SHOT
                    else f"{found[service]['status']}/{found[service]['health'] or 'no check'}"
                )
                for service in SERVICES
            }

        def ready() -> bool:
            now = states()
            for service, state in now.items():
                check(
                    not (state.startswith("exited") and state != "exited/exit 0")
                    and "unhealthy" not in state,
                    f"{service} failed: {state}",
                )
            return all(
                state == ("exited/exit 0" if service in ONE_SHOT else "running/healthy")
                for service, state in now.items()
            )

        wait_until(ready, timeout=timeout, what=lambda: f"healthy services: {states()}", interval=1)

    def create_hr_user(self) -> tuple[str, str]:
        username, password = "hr-compose", secrets.token_urlsafe(24)
        self.compose.run(
            "exec", "-T",
            "-e", f"DJANGO_SUPERUSER_USERNAME={username}",
            "-e", "DJANGO_SUPERUSER_EMAIL=hr@compose.example.com",
            "-e", f"DJANGO_SUPERUSER_PASSWORD={password}",
            "web", "python", "manage.py", "createsuperuser", "--noinput",
        )  # fmt: skip
        return username, password

    # --- The journey ---

    def journey(self) -> Journey:
        step("HR creates the first user with `docker-compose exec web manage.py createsuperuser`")
        username, password = self.create_hr_user()
        site = f"http://127.0.0.1:{self.web_port}"
        browser = Browser(site, site, behind_proxy=False, agent="feedback360-compose-e2e")
        mailbox = MailpitMailbox(f"http://127.0.0.1:{self.mail_port}")
        journey = Journey(browser, mailbox, TEAM, say=step)

        step("/healthz through the published port")
        journey.check_health()
        journey.sign_in(username, password, secure_cookies=False)
        cycle_name = f"Compose cycle {self.compose.project}"
        cycle_id, opens_at = journey.create_cycle(cycle_name, opens_in=OPENS_IN)
        journey.import_team(cycle_id)
        # What this test needs is the worker sending, whoever queued the work.
        journey.launch(cycle_id, opens_at, before_opening=False)
        invitations = self.kill_worker_while_sending(journey, mailbox)
        journey.answer_all(mails[0] for mails in invitations.values())
        journey.close_and_release(cycle_id)
        journey.wait_for_report_email(cycle_name)
        (ARTIFACTS / "report.pdf").write_bytes(journey.manager_download_report())
        journey.check_static_files()
        self.check_no_more_duplicates(journey)
        return journey

    def kill_worker_while_sending(
        self, journey: Journey, mailbox: MailpitMailbox
    ) -> dict[str, list[Mail]]:
        expected = len(TEAM.everyone)
        step(f"beat's dispatcher and the worker send {expected} invitations, one per task")
        worker = self.compose.container("worker")

        def delivered() -> int:
            return sum(len(mails) for mails in journey.invitations().values())

        # Nothing but invitations has been sent yet, so the catcher's count is
        # theirs; it is cheap enough to poll fast and kill within the
        # SMTP_DELAY during which the newest message awaits its "250".
        at_kill = wait_until(
            lambda: (n := mailbox.total()) >= KILL_AFTER and n,
            timeout=OPENS_IN.total_seconds() + 60,
            what=lambda: f"{KILL_AFTER} invitations (got {mailbox.total()})",
            interval=0.02,
        )
        killed_at = time.monotonic()
        docker("kill", worker)
        in_flight = mailbox.messages()[-1].to
        step(f"docker kill the worker after {at_kill} of {expected} invitations")
        check(
            at_kill < expected,
            "every invitation was out before the kill; raise SMTP_DELAY to kill mid-send",
        )
        time.sleep(1)  # down for a moment, while beat keeps queueing work
        after_kill = delivered()
        state = self.compose.containers()["worker"]
        check(state["status"] != "running", f"the killed worker is {state['status']}")
        step(f"{after_kill - at_kill} arrived while it was down; starting the worker again")
        self.compose.run("start", "worker")
        restarted_at = time.monotonic()
        journey.wait_for_invitations(timeout=90)
        recovered_at = time.monotonic()

        # A message the worker handed over but could not record as sent is
        # sent again once the dispatcher re-queues its row (REQUEUE_AFTER
        # after it was queued) and a worker is there to take it: wait for
        # both before counting duplicates.
        step(f"all {expected} people have an invitation; waiting for re-queued ones")
        wait_until(
            lambda: self.compose.containers()["worker"]["health"] == "healthy",
            timeout=90,
            what="the restarted worker to be healthy",
            interval=0.5,
        )
        settle_until = max(killed_at + REQUEUE_AFTER + 5, time.monotonic() + 3)
        last_change, seen = time.monotonic(), delivered()
        while time.monotonic() < settle_until:
            time.sleep(0.2)
            if (now := delivered()) != seen:
                last_change, seen = time.monotonic(), now
        invitations = journey.invitations()
        counts = {address: len(mails) for address, mails in invitations.items()}
        duplicated = {address: n for address, n in counts.items() if n > 1}
        self.measured["worker_kill"] = {
            "invitations": expected,
            "delivered_before_kill": at_kill,
            "in_flight_to": in_flight,
            "delivered_while_down": after_kill - at_kill,
            "seconds_down": round(restarted_at - killed_at, 1),
            "seconds_from_restart_to_everyone_invited": round(recovered_at - restarted_at, 1),
            "seconds_from_kill_to_last_invitation": round(last_change - killed_at, 1),
            "duplicates": duplicated,
        }
        step(f"duplicates: {duplicated or 'none'} (in flight at the kill: {in_flight})")
        check(len(counts) == expected, f"invitations lost: only {sorted(counts)} got one")
        check(
            set(duplicated) <= {in_flight} and all(n == 2 for n in duplicated.values()),
            f"more than the message in flight ({in_flight}) was sent twice: {duplicated}",
        )
        return invitations

    def check_no_more_duplicates(self, journey: Journey) -> None:
        counts = {address: len(mails) for address, mails in journey.invitations().items()}
        extra = sum(n - 1 for n in counts.values())
        check(extra <= 1, f"later duplicates of invitations: {counts}")

    # --- Misconfiguration ---

    def refuses_without_relay(self) -> None:
        step("without EMAIL_HOST the migrate service stops the stack (feedback360.E001)")
        result = self.compose.run(
            "run", "--rm", "--no-deps", "-e", "EMAIL_HOST=", "migrate", check_rc=False
        )
        output = result.stdout + result.stderr
        check(result.returncode != 0, f"migrate succeeded without EMAIL_HOST:\n{output[-1500:]}")
        check("feedback360.E001" in output, f"no feedback360.E001 in:\n{output[-1500:]}")

    # --- Logs ---

    def save_logs(self) -> dict[str, str]:
        logs = {}
        for service in SERVICES:
            result = self.compose.run("logs", "--no-color", "--timestamps", service, check_rc=False)
            logs[service] = result.stdout + result.stderr
            (ARTIFACTS / f"{service}.log").write_text(logs[service])
        return logs

    def down(self) -> None:
        step("docker-compose down -v")
        self.compose.run("down", "-v", "--remove-orphans", "--timeout", "20", timeout=300)


def print_tails(logs: dict[str, str], lines: int = 40) -> None:
    for service, text in logs.items():
        tail = text.splitlines()[-lines:]
        print(f"\n----- {service}: last {len(tail)} lines of test-artifacts/compose/{service}.log")
        print("\n".join(tail))


def interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", default=f"f360e2e{os.getpid()}")
    parser.add_argument(
        "--timing",
        action="append",
        default=[],
        metavar="PHASE=SECONDS",
        help="a phase timed by the caller, reported with ours",
    )
    args = parser.parse_args()
    # `docker-compose down` must run on SIGTERM too, as on Ctrl-C.
    signal.signal(signal.SIGTERM, interrupt)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="f360-compose-"))
    env_file = workdir / ".env"
    web_port, mail_port = free_port(), free_port()
    compose = Compose(args.project, env_file, ARTIFACTS / "compose.log")
    compose.log.write_text("")
    run = Run(compose, web_port, mail_port)
    for item in args.timing:
        name, _, seconds = item.partition("=")
        run.timings[name] = float(seconds)
    before_us = sum(run.timings.values())

    failure: BaseException | None = None
    journey: Journey | None = None
    logs: dict[str, str] = {}
    try:
        env_file.write_text(
            trial_env((ROOT / ".env.example").read_text(), args.project, web_port, mail_port)
        )
        env_file.chmod(0o600)
        run.phase("compose build", run.build)
        run.phase("up -d", run.up)
        run.phase("until healthy", run.wait_healthy)
        journey = run.phase("journey", run.journey)
        run.phase("misconfigured stack", run.refuses_without_relay)
    except BaseException as exc:  # Ctrl-C and SIGTERM too: always take the stack down
        failure = exc
    finally:
        try:
            logs = run.save_logs()
        except Exception as exc:
            print(f"compose: could not save the logs: {exc}", file=sys.stderr)
        try:
            run.phase("down -v", run.down)
        except Exception as exc:
            failure = failure or exc
        shutil.rmtree(workdir, ignore_errors=True)

    if failure is None:
        try:
            step("no survey token or traceback in the app's logs")
            check_logs({s: logs[s] for s in APP_LOGS}, journey.tokens, access_log="web")
        except JourneyFailure as exc:
            failure = exc
    run.timings["total"] = round(before_us + time.monotonic() - started, 1)
    (ARTIFACTS / "timings.json").write_text(
        json.dumps({"seconds": run.timings, **run.measured, "ok": failure is None}, indent=2) + "\n"
    )
    print("compose: timings " + ", ".join(f"{k} {v:.1f}s" for k, v in run.timings.items()))
    if failure is not None:
        print_tails(logs)
        detail = (
            str(failure)
            if isinstance(failure, JourneyFailure)
            else "".join(traceback.format_exception(failure))
        )
        print(f"\nCOMPOSE E2E FAILED: {detail}", file=sys.stderr)
        print("Logs: test-artifacts/compose/", file=sys.stderr)
        return 1
    print("compose: OK (logs in test-artifacts/compose/)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
