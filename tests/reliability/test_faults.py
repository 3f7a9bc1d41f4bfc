"""Faults during sending: the SMTP server refusing, then down, then back; a
worker killed mid-batch; Redis restarted with tasks queued. After each, every
rater has their e-mail — one, listing all their surveys — and a second copy
only where a worker died between the SMTP hand-off and the commit.

The cycles are full 360s in miniature: each manager answers their own
self-assessment and rates two other managers as a peer, so a manager's e-mail
bundles three surveys."""

from __future__ import annotations

import re
import signal
import subprocess
import time
from collections import Counter, defaultdict

import pytest

from surveys import lifecycle, rosters
from surveys.models import Assessment, Invitation
from tests.conftest import ARTIFACTS, ROOT, Worker
from tests.factories import CycleFactory, team
from tests.reliability.figures import record
from tests.runtime import runtime_python
from tests.smtp import free_port, text_of

pytestmark = [
    pytest.mark.needs_postgres,
    pytest.mark.needs_redis,
    pytest.mark.django_db(transaction=True),
]

LINK = re.compile(r"https?://\S+/s/[^\s/]+/")


def launch_360(managers: int, team_size: int, peers: int = 2):
    """A launched cycle: each manager rated by their reps and by the next
    `peers` managers. Returns the cycle; the invitations are queued at commit."""
    cycle = CycleFactory(ask_peers=True)
    people = [team(team_size)[0] for _ in range(managers)]
    rosters.cycle_add_managers(cycle=cycle, managers=people)
    for index, manager in enumerate(people):
        colleagues = [people[(index + step) % managers] for step in range(1, peers + 1)]
        rosters.nominations_set(
            assessment=Assessment.objects.get(cycle=cycle, manager=manager),
            raters=[(person, "peer") for person in colleagues],
            source="hr",
        )
    lifecycle.cycle_launch(cycle_id=cycle.pk)
    return cycle


def surveys_per_rater(cycle) -> dict[str, int]:
    counts = Counter(
        Invitation.objects.filter(assessment__cycle=cycle).values_list("rater__email", flat=True)
    )
    return dict(counts)


def delivered(smtp) -> dict[str, list[list[str]]]:
    """For each recipient, the survey links of each message they received."""
    received = defaultdict(list)
    for message in smtp.messages:
        received[message["To"]].append(LINK.findall(text_of(message)))
    return received


def check_bundled(smtp, cycle, *, duplicates_allowed: int = 0) -> tuple[int, int]:
    """Every rater got their surveys in one e-mail (each link once); returns
    (raters, duplicate messages)."""
    expected = surveys_per_rater(cycle)
    received = delivered(smtp)
    assert set(received) == set(expected), "someone got no e-mail, or a stranger got one"
    duplicates = 0
    for address, messages in received.items():
        duplicates += len(messages) - 1
        for links in messages:
            assert len(links) == len(set(links)) == expected[address], (address, links)
        assert all(links == messages[0] for links in messages), address
    assert duplicates <= duplicates_allowed, f"{duplicates} e-mails arrived twice"
    assert not Invitation.objects.filter(assessment__cycle=cycle).exclude(send_status="sent")
    return len(expected), duplicates


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def start_worker(env, request, suffix="") -> Worker:
    log = ARTIFACTS / "reliability" / f"{request.node.name}{suffix}-worker.log"
    if log.exists():
        log.unlink()
    return Worker(env, env["CELERY_QUEUE"], log).start()


def manage(env, code: str) -> None:
    """Run Django code in a separate process, as beat's dispatcher would."""
    script = f"import django; django.setup()\n{code}"
    env = {**env, "DJANGO_SETTINGS_MODULE": "feedback360.settings"}
    subprocess.run([runtime_python(), "-c", script], cwd=ROOT, env=env, check=True, timeout=120)


DISPATCH = "from surveys.due_work import due_work_run; print(due_work_run())"


def test_smtp_refusing_then_down_then_back_during_a_launch(instrument, smtp, worker_env, request):
    env = {**worker_env, "SEND_RETRY_BASE_SECONDS": "0.2"}
    worker = start_worker(env, request)
    try:
        smtp.handler.refuse_with = "451 4.3.2 Please try again later"
        cycle = launch_360(managers=50, team_size=8)  # 450 people, 550 surveys
        assert Invitation.objects.filter(assessment__cycle=cycle).count() == 550
        wait_for(lambda: Invitation.objects.exclude(send_error="").exists(), 30, "refusals")
        smtp.stop()  # now down altogether
        time.sleep(1.5)
        smtp.handler.refuse_with = None
        smtp.start()  # and back

        wait_for(lambda: len(smtp.messages) >= 450, 120, "450 e-mails")
        time.sleep(1)
        raters, duplicates = check_bundled(smtp, cycle)
    finally:
        worker.stop()
    assert raters == 450 and duplicates == 0
    record(
        "faults",
        "SMTP 451 then down then up during a launch of 550 surveys to 450 people: "
        f"{len(smtp.messages)} e-mails, one per person, {duplicates} duplicates",
    )


def test_a_worker_killed_mid_batch_and_restarted(instrument, smtp, worker_env, request):
    """Redis hands the dead worker's task to the next one after the visibility
    timeout; rows it had claimed are free again after REQUEUE_AFTER_SECONDS,
    and the dispatcher's scan queues whatever is still pending."""
    env = {**worker_env, "CELERY_VISIBILITY_TIMEOUT": "3", "REQUEUE_AFTER_SECONDS": "1"}
    smtp.handler.delay = 0.02  # a slow server, so the kill lands mid-batch
    worker = start_worker(env, request)
    try:
        cycle = launch_360(managers=30, team_size=9)  # 300 people, 3 batches
        wait_for(lambda: len(smtp.messages) >= 60, 60, "the first e-mails")
        worker.process.send_signal(signal.SIGKILL)
        worker.process.wait()
    finally:
        worker.stop()
    sent_before_kill = len(smtp.messages)
    assert sent_before_kill < 300, "the kill came too late to test anything"

    worker = start_worker(env, request, suffix="-restarted")
    try:
        time.sleep(1.5)
        manage(env, DISPATCH)
        wait_for(lambda: len(delivered(smtp)) >= 300, 120, "all 300 people")
        time.sleep(2)
        raters, duplicates = check_bundled(smtp, cycle, duplicates_allowed=1)
    finally:
        worker.stop()
    assert raters == 300
    record(
        "faults",
        f"worker SIGKILLed after {sent_before_kill}/300 e-mails and restarted: 300 people "
        f"reached, {duplicates} duplicate(s) (the e-mail in flight at the kill)",
    )


def test_redis_restarted_with_tasks_queued(instrument, smtp, worker_env, request):
    """A Redis without persistence loses queued tasks on restart; the rows are
    still pending in the database, and the dispatcher queues them again."""
    port = free_port()
    redis_log = ARTIFACTS / "reliability" / f"{request.node.name}-redis.log"
    redis_log.parent.mkdir(parents=True, exist_ok=True)
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no"]  # nothing survives a restart
    env = {
        **worker_env,
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{port}/0",
        "REQUEUE_AFTER_SECONDS": "0",
    }

    def stop(process) -> None:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def start_redis():
        process = subprocess.Popen(command, stdout=redis_log.open("ab"), stderr=subprocess.STDOUT)
        try:
            wait_for(lambda: redis_cli("ping") == "PONG", 20, "redis")
        except BaseException:
            stop(process)  # never leave a Redis behind a failed start
            raise
        return process

    def redis_cli(*args) -> str:
        try:
            out = subprocess.run(
                ["redis-cli", "-p", str(port), *args], capture_output=True, text=True, timeout=5
            )
        except subprocess.TimeoutExpired:
            return ""
        return out.stdout.strip()

    redis = start_redis()
    worker = None
    try:
        cycle = launch_360(managers=25, team_size=4)  # 125 people (queued elsewhere: see below)
        # This process publishes to the suite's Redis, where no worker listens;
        # the dispatcher, run as beat would run it, queues the rows on ours.
        manage(env, DISPATCH)
        assert redis_cli("llen", env["CELERY_QUEUE"]) == "2"  # two batch tasks waiting

        stop(redis)
        redis = start_redis()
        assert redis_cli("llen", env["CELERY_QUEUE"]) == "0"  # the queued tasks are gone

        worker = start_worker(env, request)
        manage(env, DISPATCH)
        wait_for(lambda: len(smtp.messages) >= 125, 60, "125 e-mails")
        time.sleep(1)
        raters, duplicates = check_bundled(smtp, cycle)
    finally:
        if worker:
            worker.stop()
        stop(redis)
    assert raters == 125 and duplicates == 0
    record(
        "faults",
        "Redis restarted (no persistence) with 2 batch tasks queued: 125 people reached "
        "after the dispatcher's scan, one e-mail each, 0 duplicates",
    )
