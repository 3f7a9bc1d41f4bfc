"""Launch: create and queue a 10k-invitation cycle, deliver its e-mails, and
show that the launch's memory stays flat as the cycle grows.

- Queueing: services.cycle_launch with Redis configured (not eager), timed
  until it returns, so the on_commit publishing of every send task counts.
- Sending: one `celery worker` drains those tasks into a local aiosmtpd, as
  deployed (prefork, a process per core) and as a single process (--pool=solo).
  Each rate over 2,000 messages (first to last arrival) is set against plain
  smtplib sending the very same bytes over one connection: the budget
  says sending is limited by SMTP only. A third figure, Django's SMTP backend
  sending the same messages already built as EmailMultiAlternatives, shows how
  much of the gap is composing MIME rather than the worker's own work.
- Memory: a fresh process per size launches 1k, 10k and 50k team invitations
  and reports its tracemalloc peak and the process's max RSS.
"""

from __future__ import annotations

import email
import email.policy
import json
import math
import os
import smtplib
import subprocess
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common

REPS = 10
MANAGERS_10K = 1000  # × 10 reps = 10,000 team invitations, plus 1,000 self
SEND_SAMPLE = 2000
MEMORY_SIZES = [(100, "1k"), (1000, "10k"), (5000, "50k")]  # managers, label


def bench(run: common.BenchRun) -> dict:
    from bench import data

    sink = common.SmtpSink(keep=True).start()
    try:
        manager_ids = data.people(MEMORY_SIZES[-1][0], REPS, tag="launch")
        figures = launch_and_queue(run, manager_ids[:MANAGERS_10K])
        figures |= worker_send_rate(run, sink)
        common.purge_queue(run.queue)
        figures |= launch_memory(run, manager_ids)
    finally:
        sink.stop()
    return figures


def launch_and_queue(run: common.BenchRun, manager_ids: list[int]) -> dict:
    from django.conf import settings

    from bench import data
    from surveys import services, tasks  # noqa: F401 - imported before the clock starts

    cycle = data.draft_cycle(manager_ids, name="Launch 10k")
    seconds, result = common.timed(lambda: services.cycle_launch(cycle_id=cycle.pk))
    queued = common.queue_length(run.queue)
    expected = math.ceil(result.invitations / settings.FEEDBACK["SEND_BATCH_SIZE"])
    if queued != expected:
        raise RuntimeError(f"{queued} send tasks in Redis, expected {expected}")
    print(
        f"  {result.invitations:,} invitations ({len(manager_ids):,} managers × {REPS} reps "
        f"+ self) created; {queued} send tasks published to Redis"
    )
    common.report("launch_queue_s_10k", seconds)
    return {
        "launch_queue_s_10k": round(seconds, 3),
        "launch_invitations_10k": result.invitations,
        "launch_tasks_queued_10k": queued,
    }


def worker_rate(
    run: common.BenchRun, sink: common.SmtpSink, *, pool: str, concurrency: int
) -> float:
    """Messages per second one `celery worker` delivers from the launch's queue."""
    sink.clear()
    env = {**run.env, **sink.env()}
    worker = common.start_worker(run, pool=pool, concurrency=concurrency, env=env)
    try:
        sink.wait_for(SEND_SAMPLE + 1, timeout=600)
    finally:
        worker.stop()
    return sink.rate(SEND_SAMPLE)


def worker_send_rate(run: common.BenchRun, sink: common.SmtpSink) -> dict:
    """One worker drains the launch's queue, first as a single process, then as
    deployed (prefork, one process per core, docker-compose.yml's default);
    then smtplib sends the same bytes."""
    solo_rate = worker_rate(run, sink, pool="solo", concurrency=1)
    messages = list(sink.messages[: SEND_SAMPLE + 1])
    sink.keep = False
    cores = os.cpu_count() or 1
    pool_rate = worker_rate(run, sink, pool="prefork", concurrency=cores)
    sink.clear()
    plain_rate = plain_smtplib_rate(sink, messages)
    sink.clear()
    django_rate = django_backend_rate(sink, messages)
    ratio = pool_rate / plain_rate
    print(
        f"  one worker, prefork × {cores}: {pool_rate:,.0f} messages/s; as a single process: "
        f"{solo_rate:,.0f}; Django's SMTP backend alone: {django_rate:,.0f}; plain smtplib: "
        f"{plain_rate:,.0f} ({SEND_SAMPLE:,} messages each)"
    )
    common.report("smtp_send_ratio", ratio)
    return {
        "smtp_worker_msgs_per_s": round(pool_rate, 1),
        "smtp_worker_solo_msgs_per_s": round(solo_rate, 1),
        "smtp_worker_processes": cores,
        "smtp_plain_msgs_per_s": round(plain_rate, 1),
        "smtp_django_msgs_per_s": round(django_rate, 1),
        "smtp_send_ratio": round(ratio, 3),
        "smtp_send_ratio_solo": round(solo_rate / plain_rate, 3),
        "smtp_worker_vs_django_backend_solo": round(solo_rate / django_rate, 3),
    }


def plain_smtplib_rate(sink: common.SmtpSink, messages: list) -> float:
    """The reference: nothing but SMTP, the same messages, one connection."""
    with smtplib.SMTP("127.0.0.1", sink.port, timeout=20) as smtp:
        for mail_from, recipients, content in messages:
            smtp.sendmail(mail_from, recipients, content)
    sink.wait_for(len(messages), timeout=60)
    return sink.rate(len(messages) - 1)


def django_backend_rate(sink: common.SmtpSink, messages: list) -> float:
    """Django's SMTP backend with the messages built beforehand (templates
    rendered): what is left is composing MIME and talking SMTP."""
    from django.core.mail import EmailMultiAlternatives, mailers
    from django.test import override_settings

    built = []
    for _, recipients, content in messages:
        parsed = email.message_from_bytes(content, policy=email.policy.default)
        message = EmailMultiAlternatives(
            str(parsed["Subject"]),
            parsed.get_body(("plain",)).get_content(),
            str(parsed["From"]),
            recipients,
        )
        message.attach_alternative(parsed.get_body(("html",)).get_content(), "text/html")
        built.append(message)
    options = {"host": "127.0.0.1", "port": sink.port, "timeout": 20}
    backend = {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    with override_settings(MAILERS={"default": backend}):
        connection = mailers.default
        connection.open()
        try:
            for message in built:
                connection.send_messages([message])
        finally:
            connection.close()
    sink.wait_for(len(built), timeout=60)
    return sink.rate(len(built) - 1)


def launch_memory(run: common.BenchRun, manager_ids: list[int]) -> dict:
    """Each size in a fresh process, so that one launch's garbage cannot hide another's."""
    from bench import data

    figures = {}
    for managers, label in MEMORY_SIZES:
        cycle = data.draft_cycle(manager_ids[:managers], name=f"Memory {label}")
        done = subprocess.run(
            [common.PYTHON, str(common.BENCH / "launch_memory.py"), str(cycle.pk)],
            cwd=common.ROOT,
            env=run.env,
            capture_output=True,
            text=True,
            check=False,
        )
        common.purge_queue(run.queue)
        if done.returncode != 0:
            raise RuntimeError(f"launch_memory.py failed:\n{done.stderr[-3000:]}")
        measured = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"  launch of {measured['invitations']:>6,} invitations in a fresh process: "
            f"tracemalloc peak {measured['peak_mib']:5.1f} MiB, "
            f"process max RSS {measured['max_rss_mib']:5.1f} MiB"
        )
        figures[f"launch_peak_mib_{label}"] = round(measured["peak_mib"], 2)
        figures[f"launch_max_rss_mib_{label}"] = round(measured["max_rss_mib"], 1)
    growth = figures["launch_peak_mib_50k"] / figures["launch_peak_mib_1k"]
    print(f"  peak memory, 50k over 1k invitations: ×{growth:.2f} for ×50 the invitations")
    figures["launch_peak_growth_1k_to_50k"] = round(growth, 2)
    return figures


if __name__ == "__main__":
    common.main("launch", bench)
