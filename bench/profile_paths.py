"""Profile one benchmarked path in-process with pyinstrument (not run by `make bench`).

Used to find out why a budget is missed. pyinstrument is a profiling tool,
not a requirement: `.venv/bin/pip install pyinstrument` first.

    .venv/bin/python bench/profile_paths.py send        # the worker's send loop
    .venv/bin/python bench/profile_paths.py survey-get  # the survey form
    .venv/bin/python bench/profile_paths.py survey-post # a full answer
    .venv/bin/python bench/profile_paths.py pdf         # one manager's PDF

--all shows library frames too; --depth limits the tree.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common


def send(run: common.BenchRun, repeat: int):
    """invitations_send in batches of SEND_BATCH_SIZE against an aiosmtpd sink."""
    from django.conf import settings
    from django.test import override_settings

    from bench import data
    from surveys import emails
    from surveys.models import Invitation

    batch = settings.FEEDBACK["SEND_BATCH_SIZE"]
    cycle = data.open_cycle_without_emails(
        data.people(repeat // 10 + 11, 10, tag="profile"), name="Profile"
    )
    ids = list(Invitation.objects.filter(assessment__cycle=cycle).values_list("id", flat=True))
    sink = common.SmtpSink().start()
    mailers = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": sink.port, "timeout": 20},
        }
    }
    override = override_settings(MAILERS=mailers)
    override.enable()
    emails.invitations_send(invitation_ids=ids[:batch], kind="invite")  # warm-up
    todo = ids[batch : batch + repeat]

    def work():
        for start in range(0, len(todo), batch):
            emails.invitations_send(invitation_ids=todo[start : start + batch], kind="invite")

    return work, len(todo), "messages"


def survey(run: common.BenchRun, repeat: int, *, post: bool):
    """The survey view through Django's test client (middleware included)."""
    from django.test import Client

    from bench import data

    run.manage("collectstatic", "--noinput")  # DEBUG is off: pages need the manifest
    cycle = data.open_cycle_without_emails(
        data.people(repeat // 10 + 1, 10, tag="profile"), name="Profile"
    )
    paths = data.survey_paths(cycle)
    answer = data.full_answer(cycle.instrument)
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(paths[-1])  # warm-up

    def work():
        for path in paths[:repeat]:
            response = client.post(path, answer) if post else client.get(path)
            assert response.status_code == (302 if post else 200), response.status_code

    return work, repeat, "requests"


def pdf(run: common.BenchRun, repeat: int):
    """render_manager_report on a realistic frozen result."""
    from bench import data
    from reports import pdf as report_pdf
    from reports import selectors
    from reports.scoring import AssessmentResult

    cycle = data.answered_cycle(5, 8, tag="profile")
    result = next(iter(selectors.score_cycle(cycle).values()))
    frozen = AssessmentResult.from_dict(result.to_dict())
    report_pdf.render_manager_report(frozen)  # warm-up: fonts

    def work():
        for _ in range(repeat):
            report_pdf.render_manager_report(frozen)

    return work, repeat, "PDFs"


TARGETS = {
    "send": (send, 1000),
    "survey-get": (lambda run, n: survey(run, n, post=False), 100),
    "survey-post": (lambda run, n: survey(run, n, post=True), 200),
    "pdf": (pdf, 20),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=sorted(TARGETS))
    parser.add_argument("--repeat", type=int, help="how many times (a default per target)")
    parser.add_argument("--all", action="store_true", help="show library frames too")
    args = parser.parse_args()
    from pyinstrument import Profiler

    factory, default = TARGETS[args.target]
    with common.BenchRun(f"profile-{args.target}") as run:
        work, count, unit = factory(run, args.repeat or default)
        profiler = Profiler(interval=0.0005)
        started = time.perf_counter()
        with profiler:
            work()
        seconds = time.perf_counter() - started
        print(f"{count} {unit} in {seconds:.2f} s: {seconds / count * 1000:.2f} ms each (profiled)")
        print(profiler.output_text(unicode=True, color=False, show_all=args.all))


if __name__ == "__main__":
    main()
