"""Profile one benchmarked path in-process (not run by `make bench`).

Used to find out why a budget is missed: pyinstrument's call tree (a profiling
tool, not a requirement: `.venv/bin/pip install pyinstrument` first), and every
SQL statement the path ran, grouped by its shape, with count and total time.

    .venv/bin/python bench/profile_paths.py launch --size 10000   # cycle_launch, managers
    .venv/bin/python bench/profile_paths.py queue --size 10000    # invitations_queue after it
    .venv/bin/python bench/profile_paths.py send                  # mail_batch_send, 10 batches
    .venv/bin/python bench/profile_paths.py survey-get            # the survey form (test client)
    .venv/bin/python bench/profile_paths.py survey-post --size 500  # answers to a team of 500
    .venv/bin/python bench/profile_paths.py score --size 1000     # score + norms + trends
    .venv/bin/python bench/profile_paths.py pdf                   # one manager's PDF

--all shows library frames too; --sql N prints the N slowest statements whole;
--no-profiler times the path without pyinstrument (its overhead is large on
ORM-heavy paths).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common


def _launch_world(size: int):
    from bench import data

    the_org = data.org(size, 10, tag="profile", managers_per_director=10)
    cycle = data.draft_cycle(the_org.managers, name="Profile", ask_boss=True, ask_peers=True)
    data.nominate(cycle, the_org, peers=5)
    return cycle


def launch(run: common.BenchRun, size: int):
    from surveys import lifecycle

    cycle = _launch_world(size)
    return lambda: lifecycle.cycle_launch(cycle_id=cycle.pk)


def queue(run: common.BenchRun, size: int):
    from surveys import lifecycle, mail_queue

    cycle = _launch_world(size)
    lifecycle.cycle_launch(cycle_id=cycle.pk)
    return lambda: mail_queue.invitations_queue(cycle_id=cycle.pk)


def send(run: common.BenchRun, size: int):
    """mail_batch_send over `size` batches of the launch's raters, into a sink."""
    from django.conf import settings
    from django.test import override_settings

    from bench import data
    from surveys import lifecycle, mail_delivery
    from surveys.models import Invitation

    the_org = data.org(200, 10, tag="profile", managers_per_director=10)
    cycle = data.draft_cycle(the_org.managers, name="Profile", ask_boss=True, ask_peers=True)
    data.nominate(cycle, the_org, peers=5)
    lifecycle.cycle_launch(cycle_id=cycle.pk)
    raters = sorted(
        set(Invitation.objects.filter(assessment__cycle=cycle).values_list("rater_id", flat=True))
    )
    sink = common.SmtpSink(run).start()
    options = {"host": "127.0.0.1", "port": sink.port, "timeout": 20}
    backend = {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    override_settings(MAILERS={"default": backend}).enable()
    batch = settings.FEEDBACK["SEND_BATCH_SIZE"]
    mail_delivery.mail_batch_send(cycle_id=cycle.pk, rater_ids=raters[:batch], kind="invite")

    def work():
        for n in range(1, size + 1):
            mail_delivery.mail_batch_send(
                cycle_id=cycle.pk, rater_ids=raters[n * batch : (n + 1) * batch], kind="invite"
            )

    return work


def survey(run: common.BenchRun, size: int, *, post: bool):
    """The survey view through Django's test client (middleware included):
    100 GETs, or the POSTs of the second half of a team of `size`, urlencoded
    as browsers send the form (the client's default, multipart, parses slower)."""
    from urllib.parse import urlencode

    from django.test import Client

    from bench import data

    run.manage("collectstatic", "--noinput")  # DEBUG is off: pages need the manifest
    the_org = data.org(1, size, tag="profile")
    cycle = data.open_cycle_without_emails(data.draft_cycle(the_org.managers, name="Profile"))
    paths = next(iter(data.team_paths(cycle).values()))
    answer = urlencode(data.full_answer(cycle.instrument))
    form = "application/x-www-form-urlencoded"
    client = Client(HTTP_HOST="127.0.0.1")
    half = len(paths) // 2
    for path in paths[:half]:
        assert client.post(path, answer, content_type=form).status_code == 302
    todo = paths[half:] if post else paths[half:][:100]

    def work():
        for path in todo:
            response = client.post(path, answer, content_type=form) if post else client.get(path)
            assert response.status_code == (302 if post else 200), response.status_code

    return work


def _released_world(size: int):
    from bench import bench_reports

    return bench_reports.world(size, tag="profile")


def score(run: common.BenchRun, size: int):
    from bench import bench_reports

    current = _released_world(size)
    return lambda: bench_reports.score_with_trends_and_norms(current)


def pdf(run: common.BenchRun, size: int):
    from bench import bench_reports
    from reports import release

    current = _released_world(12)
    release.cycle_release(cycle_id=current.pk)
    common.purge_redis(run.queue)
    render = bench_reports.pdf_renderer(current)
    render()  # warm-up: fonts

    def work():
        for _ in range(size):
            render()

    return work


TARGETS = {
    "launch": (launch, 1000),
    "queue": (queue, 1000),
    "send": (send, 10),
    "survey-get": (lambda run, n: survey(run, n, post=False), 200),
    "survey-post": (lambda run, n: survey(run, n, post=True), 500),
    "score": (score, 1000),
    "pdf": (pdf, 20),
}

_NUMBERS = re.compile(r"\b\d+\b|'[^']*'")


def _shape(sql: str) -> str:
    return _NUMBERS.sub("?", re.sub(r"\((?:\s*[?\d'][^()]*,){3,}[^()]*\)", "(…)", sql))[:150]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=sorted(TARGETS))
    parser.add_argument("--size", type=int, help="how much (a default per target)")
    parser.add_argument("--all", action="store_true", help="show library frames too")
    parser.add_argument("--sql", type=int, default=3, help="print the N slowest statements")
    parser.add_argument("--no-profiler", action="store_true", help="time without pyinstrument")
    args = parser.parse_args()

    factory, default = TARGETS[args.target]
    with common.BenchRun(f"profile-{args.target}") as run:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        work = factory(run, args.size or default)
        started = time.perf_counter()
        if args.no_profiler:
            with CaptureQueriesContext(connection) as queries:
                work()
        else:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.001)
            with CaptureQueriesContext(connection) as queries, profiler:
                work()
        seconds = time.perf_counter() - started
        print(f"{args.target} ({args.size or default}): {seconds:.2f} s")
        if not args.no_profiler:
            print(profiler.output_text(unicode=True, color=False, show_all=args.all))
        shapes: dict[str, list[float]] = defaultdict(list)
        for q in queries.captured_queries:
            shapes[_shape(q["sql"])].append(float(q["time"]))
        total = sum(sum(t) for t in shapes.values())
        print(f"{len(queries)} statements, {total:.2f} s in the database (as Django timed them):")
        for shape, times in sorted(shapes.items(), key=lambda kv: -sum(kv[1])):
            print(f"  {sum(times):7.2f} s  ×{len(times):<5} {shape}")
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
        for q in slowest[: args.sql]:
            print(f"\n-- {q['time']} s\n{q['sql'][:3000]}")


if __name__ == "__main__":
    main()
