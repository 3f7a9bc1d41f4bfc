"""Faults during sending: the SMTP server refusing, then down, then back; a
worker killed mid-batch; Redis restarted with tasks queued. After each, every
invitation arrives, and a duplicate only where a worker died between the SMTP
hand-off and the commit."""

from __future__ import annotations

import signal
import subprocess
import time
from collections import Counter

import pytest

from surveys.models import Invitation
from tests.conftest import ARTIFACTS, ROOT, Worker
from tests.helpers import launched_cycle
from tests.reliability.figures import record
from tests.runtime import runtime_python
from tests.smtp import free_port

pytestmark = [
    pytest.mark.needs_postgres,
    pytest.mark.needs_redis,
    pytest.mark.django_db(transaction=True),
]


def delivered(smtp) -> Counter:
    return Counter(m["To"] for m in smtp.messages)


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
    """Run Django code in a separate process, as a web request or beat would."""
    script = f"import django; django.setup()\n{code}"
    env = {**env, "DJANGO_SETTINGS_MODULE": "feedback360.settings"}
    subprocess.run([runtime_python(), "-c", script], cwd=ROOT, env=env, check=True)


def test_smtp_refusing_then_down_then_back_during_a_500_invitation_launch(
    instrument, smtp, worker_env, request
):
    env = {**worker_env, "SEND_RETRY_BASE_SECONDS": "0.2"}
    worker = start_worker(env, request)
    try:
        smtp.handler.refuse_with = "451 4.3.2 Please try again later"
        cycle, _ = launched_cycle(team_size=9, managers=50)  # queues 500 invitations
        assert Invitation.objects.count() == 500
        wait_for(lambda: Invitation.objects.exclude(send_error="").exists(), 30, "refusals")
        smtp.stop()  # now down altogether
        time.sleep(1.5)
        smtp.handler.refuse_with = None
        smtp.start()  # and back

        wait_for(lambda: len(smtp.messages) >= 500, 90, "500 messages")
        time.sleep(1)
        counts = delivered(smtp)
        assert len(counts) == 500
        assert max(counts.values()) == 1, "an invitation arrived twice"
        assert Invitation.objects.filter(send_status="sent").count() == 500
    finally:
        worker.stop()
    record(
        "faults",
        "SMTP 451 then down then up during a 500-invitation launch: 500 delivered, 0 duplicates",
    )


def test_a_worker_killed_mid_batch_and_restarted(instrument, smtp, worker_env, request, settings):
    from surveys import sending

    env = {**worker_env, "CELERY_VISIBILITY_TIMEOUT": "3"}
    smtp.handler.delay = 0.02  # a slow server, so the kill lands mid-batch
    worker = start_worker(env, request)
    cycle, _ = launched_cycle(team_size=9, managers=30)  # 300 invitations, 3 batches
    wait_for(lambda: len(smtp.messages) >= 60, 30, "the first messages")
    worker.process.send_signal(signal.SIGKILL)
    worker.process.wait()
    sent_before_kill = len(smtp.messages)

    worker = start_worker(env, request, suffix="-restarted")
    try:
        # The dispatcher's periodic scan re-queues what the dead worker held.
        settings.REQUEUE_AFTER_SECONDS = 1
        time.sleep(1.5)
        sending.invitations_queue(cycle_id=cycle.pk)
        wait_for(lambda: len(delivered(smtp)) >= 300, 90, "all 300 recipients")
        time.sleep(1)
    finally:
        worker.stop()
    counts = delivered(smtp)
    duplicates = sum(n - 1 for n in counts.values())
    assert len(counts) == 300
    assert duplicates <= 1, f"{duplicates} duplicates; only the one in flight may repeat"
    assert Invitation.objects.filter(send_status="sent").count() == 300
    record(
        "faults",
        f"worker SIGKILLed after {sent_before_kill}/300 messages and restarted: "
        f"300 delivered, {duplicates} duplicate(s) (the message in flight at the kill)",
    )


def test_redis_restarted_with_tasks_queued(instrument, smtp, worker_env, request):
    """A Redis without persistence loses queued tasks on restart; the rows are
    still pending in the database, and the dispatcher queues them again."""
    port = free_port()
    redis_log = ARTIFACTS / "reliability" / f"{request.node.name}-redis.log"
    redis_log.parent.mkdir(parents=True, exist_ok=True)

    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no"]  # nothing survives a restart

    def start_redis():
        return subprocess.Popen(command, stdout=redis_log.open("ab"), stderr=subprocess.STDOUT)

    def queued() -> int:
        out = subprocess.run(
            ["redis-cli", "-p", str(port), "llen", env["CELERY_QUEUE"]],
            capture_output=True,
            text=True,
        )
        return int(out.stdout.strip() or 0)

    redis = start_redis()
    env = {
        **worker_env,
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{port}/0",
        "REQUEUE_AFTER_SECONDS": "0",
    }
    worker = None
    try:
        wait_for(
            lambda: (
                subprocess.run(
                    ["redis-cli", "-p", str(port), "ping"], capture_output=True
                ).returncode
                == 0
            ),
            10,
            "redis",
        )
        cycle, _ = launched_cycle(team_size=4, managers=25)  # 125 invitations, not yet queued here
        manage(
            env,
            "from surveys.sending import invitations_queue; "
            f"invitations_queue(cycle_id={cycle.pk})",
        )
        assert queued() == 2  # two batch tasks waiting in Redis

        redis.terminate()
        redis.wait()
        redis = start_redis()
        wait_for(
            lambda: (
                subprocess.run(
                    ["redis-cli", "-p", str(port), "ping"], capture_output=True
                ).returncode
                == 0
            ),
            10,
            "redis again",
        )
        assert queued() == 0  # the queued tasks are gone

        worker = start_worker(env, request)
        manage(env, "from surveys.services import due_work_run; due_work_run()")
        wait_for(lambda: len(smtp.messages) >= 125, 60, "125 messages")
        time.sleep(1)
        counts = delivered(smtp)
        assert len(counts) == 125 and max(counts.values()) == 1
    finally:
        if worker:
            worker.stop()
        redis.terminate()
        redis.wait()
    record(
        "faults",
        "Redis restarted (no persistence) with 2 batch tasks queued: "
        "125 delivered after the dispatcher's scan, 0 duplicates",
    )
