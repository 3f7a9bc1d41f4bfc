"""Launch and sending: a full 360 for 10,000 managers created and queued, memory
at 10k and 170k invitations, and one worker's send rate against Django's own
SMTP backend.

- The org chart: directors over ten managers each, ten reps per manager. A
  cycle asks self, the direct reports, the manager's manager (from the org
  chart) and five peers (approved nominations: five fellow managers of the
  same director): 17 invitations per manager, 170,000 for 10,000 managers.
- Each launch runs in a fresh process (launch_run.py): `cycle_launch`, then
  `invitations_queue` (what the queued `queue_invitations` task does), timed
  together; the benchmark then checks in Redis that every batch of raters is
  there as a `send_mail_batch` task. 10k invitations (590 managers of their
  own org chart) first, then 170k; peak RSS of each.
- Sending: rounds that alternate (a) one `celery worker --pool=solo` draining
  the 170k launch's batches through `mail_batch_send` into aiosmtpd (in a
  process of its own), stopped once N messages arrived, and (b) one process
  sending exactly those N messages again through Django's SMTP backend,
  already built (django_send.py). Each rate is N messages over the time from
  the first arrival to the (N+1)-th; the figure is the median of the rounds'
  ratios.
"""

from __future__ import annotations

import base64
import json
import math
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common

REPS, PEERS, PER_DIRECTOR = 10, 5, 10
MANAGERS_170K = 10_000  # × (self + 10 reps + boss + 5 peers) = 170,000 invitations
MANAGERS_10K = 590  # × 17 = 10,030
SEND_ROUNDS = 3
SEND_MESSAGES = 1000  # per round and side


def bench(run: common.BenchRun) -> dict:
    from bench import data

    started = time.perf_counter()
    small = data.org(MANAGERS_10K, REPS, tag="l10k", managers_per_director=PER_DIRECTOR)
    big = data.org(MANAGERS_170K, REPS, tag="l170k", managers_per_director=PER_DIRECTOR)
    cycles = {}
    for label, the_org in (("10k", small), ("170k", big)):
        cycle = data.draft_cycle(
            the_org.managers, name=f"Launch {label}", ask_boss=True, ask_peers=True
        )
        data.nominate(cycle, the_org, peers=PEERS)
        cycles[label] = cycle
    print(
        f"  data: {len(big.managers):,} + {len(small.managers):,} managers with reps, directors "
        f"and approved peer nominations in {time.perf_counter() - started:.1f} s"
    )
    figures: dict = {}
    for label in ("10k", "170k"):
        figures |= launch(run, cycles[label], label)
        if label == "10k":
            common.purge_redis(run.queue)
    common.drop_tasks(run.queue, "surveys.tasks.queue_invitations")
    figures |= send_rounds(run)
    return figures


# --- Launch -------------------------------------------------------------------------------


def launch(run: common.BenchRun, cycle, label: str) -> dict:
    from django.conf import settings

    done = subprocess.run(
        [common.PYTHON, str(common.BENCH / "launch_run.py"), str(cycle.pk)],
        cwd=common.ROOT,
        env=run.env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"launch_run.py failed:\n{done.stderr[-3000:]}")
    m = json.loads(done.stdout.strip().splitlines()[-1])
    tasks = common.queued_tasks(run.queue)
    batches = math.ceil(m["raters_queued"] / settings.FEEDBACK["SEND_BATCH_SIZE"])
    expected = {"surveys.tasks.queue_invitations": 1, "surveys.tasks.send_mail_batch": batches}
    if tasks != expected:
        raise RuntimeError(f"in Redis after the launch: {tasks}, expected {expected}")
    print(
        f"  launch {label}: {m['invitations']:,} invitations for {m['managers']:,} managers "
        f"created in {m['launch_s']:.2f} s, {m['raters_queued']:,} raters queued as {batches:,} "
        f"send_mail_batch tasks in {m['queue_s']:.2f} s: {m['total_s']:.2f} s; peak RSS "
        f"{m['rss_peak_mib']:.1f} MiB ({m['rss_before_mib']:.1f} before the launch)"
    )
    return {
        f"launch_queue_s_{label}": round(m["total_s"], 2),
        f"launch_create_s_{label}": round(m["launch_s"], 2),
        f"launch_publish_s_{label}": round(m["queue_s"], 2),
        f"launch_invitations_{label}": m["invitations"],
        f"launch_raters_{label}": m["raters_queued"],
        f"launch_tasks_{label}": batches,
        f"launch_rss_peak_mib_{label}": round(m["rss_peak_mib"], 1),
        f"launch_rss_before_mib_{label}": round(m["rss_before_mib"], 1),
    }


# --- Sending ------------------------------------------------------------------------------


def send_rounds(run: common.BenchRun) -> dict:
    sink = common.SmtpSink(run).start()
    env = {**run.env, **sink.env()}
    worker_rates, django_rates, ratios, busy = [], [], [], []
    for number in range(1, SEND_ROUNDS + 1):
        busy.append(common.background_busy())
        start = sink.count()
        worker = common.start_worker(run, pool="solo", concurrency=1, env=env)
        try:
            sink.wait_for(start + SEND_MESSAGES + 1, timeout=600)
        finally:
            worker.stop()
        worker_rate = sink.rate(start, SEND_MESSAGES)
        sent = sink.messages[start : start + SEND_MESSAGES + 1]
        batch_file = run.tmp / f"messages-{number}.jsonl"
        batch_file.write_text(
            "".join(
                json.dumps({"to": to, "content": base64.b64encode(content).decode()}) + "\n"
                for _, to, content in sent
            )
        )
        start = sink.count()
        done = subprocess.run(
            [common.RUNTIME_PYTHON, str(common.BENCH / "django_send.py"), str(batch_file)],
            cwd=common.ROOT,
            env={**env, "LOG_LEVEL": "WARNING"},
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"django_send.py failed:\n{done.stderr[-3000:]}")
        sink.wait_for(start + SEND_MESSAGES + 1, timeout=60)
        django_rate = sink.rate(start, SEND_MESSAGES)
        worker_rates.append(worker_rate)
        django_rates.append(django_rate)
        ratios.append(worker_rate / django_rate)
        print(
            f"  round {number}: worker (solo) {worker_rate:,.0f} messages/s, Django's SMTP "
            f"backend {django_rate:,.0f} messages/s: {worker_rate / django_rate:.2f} (cores "
            f"{busy[-1]:.0%} busy just before)"
        )
    ratio = statistics.median(ratios)
    print(
        f"  one worker process / Django's SMTP backend, median of {SEND_ROUNDS} rounds: "
        f"{ratio:.2f} ({SEND_MESSAGES:,} messages a side)"
    )
    return {
        "smtp_worker_vs_django_backend_solo": round(ratio, 3),
        "smtp_worker_msgs_per_s": round(statistics.median(worker_rates), 1),
        "smtp_django_msgs_per_s": round(statistics.median(django_rates), 1),
        "smtp_rounds": [
            {"worker": round(w, 1), "django": round(d, 1), "ratio": round(r, 3)}
            for w, d, r in zip(worker_rates, django_rates, ratios, strict=True)
        ],
        "smtp_messages_per_round": SEND_MESSAGES,
        "smtp_rounds_background_busy": busy,
    }


if __name__ == "__main__":
    common.main("launch and sending", bench)
