"""Reports: scoring queries, a 1,000-manager cycle released and rendered, one
manager's PDF, and the queries of the web report.

The world: directors over ten managers each; every manager has 8 reps, their
director as their manager's manager, 5 peers and 3 others (approved
nominations), and rates themself: a full 360, 18 raters each, everybody
answering (written as the tallies response_submit leaves, bench/data.py). The
same managers had a previous cycle, released, so every report has trends; with
1,000 managers every dimension has norms.

- Scoring queries: CaptureQueriesContext around what the release's freezing
  step computes before it stores anything (reports/release.py reports_freeze):
  the instrument, score_cycle, norms and trends. 10 managers against 1,000.
- The cycle: with a `celery worker --pool=prefork --concurrency=2` waiting
  (2 cores) and aiosmtpd for the "your report is ready" e-mails, the clock
  runs from reports.release.cycle_release (score, norms, trends, freeze, queue)
  until every Report of the cycle (1,000 managers and the overview) has its PDF,
  or stops at REPORT_CAP with a lower bound and the rate reached.
- One PDF: reports.services.render (what the worker runs: the frozen results
  read back, gap_report.ManagerReport(...).generate()) of a full-360 report
  with trends and norms, in a fresh process of the production install
  (pdf_run.py), median of 20 after one warm-up render.
- The web report: a manager signed in (Django's test client, force_login;
  sessions in Redis as in production), GET /reports/<id>/; every statement
  on the database connection from the request entering the middleware to the
  response is counted, after one warm-up GET.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common

MANAGERS, SMALL_MANAGERS = 1000, 10
REPS, PEERS, OTHERS = 8, 5, 3
PDF_RENDERS = 20
REPORT_CAP = 270  # s: keeps `make bench` within its time while the budget is far off


# --- The world ----------------------------------------------------------------------------


def _answered_cycle(the_org, name: str, seed: int):
    from bench import data
    from surveys import lifecycle

    cycle = data.draft_cycle(
        the_org.managers, name=name, ask_boss=True, ask_peers=True, ask_others=True
    )
    data.nominate(cycle, the_org, peers=PEERS, others=OTHERS)
    data.open_cycle_without_emails(cycle)
    data.answer_all(cycle, seed=seed)
    lifecycle.cycle_close(cycle_id=cycle.pk)
    cycle.refresh_from_db()
    return cycle


def world(managers: int, *, tag: str):
    """A closed full-360 cycle whose managers had a released cycle before.

    The previous cycle is released through the product's own steps
    (lifecycle.cycle_release with release.reports_freeze) but its PDFs are
    not queued: only its frozen results matter here, for the trends."""
    from bench import data
    from reports import release
    from surveys import lifecycle

    the_org = data.org(
        managers, REPS, tag=tag, managers_per_director=10, others=max(OTHERS * 4, managers // 3)
    )
    started = time.perf_counter()
    previous = _answered_cycle(the_org, f"Spring {tag}", seed=1)
    answered = time.perf_counter()
    lifecycle.cycle_release(cycle_id=previous.pk, freeze=release.reports_freeze)
    released = time.perf_counter()
    current = _answered_cycle(the_org, f"Autumn {tag}", seed=2)
    print(
        f"  {managers:,} managers: a cycle launched and answered in {answered - started:.1f} s, "
        f"released (frozen) in {released - answered:.1f} s; the next one answered in "
        f"{time.perf_counter() - released:.1f} s"
    )
    return current


def bench(run: common.BenchRun) -> dict:
    from bench import data

    started = time.perf_counter()
    run.manage("collectstatic", "--noinput")  # DEBUG is off: pages need the manifest
    data.check_bulk_answers()
    small = world(SMALL_MANAGERS, tag="small")
    big = world(MANAGERS, tag="big")
    print(
        f"  data: {MANAGERS:,} + {SMALL_MANAGERS} managers, {1 + REPS + 1 + PEERS + OTHERS} raters "
        f"each, two cycles (the first released) in {time.perf_counter() - started:.1f} s"
    )
    figures = scoring_queries(small, big)
    sink = common.SmtpSink(run).start()
    figures |= cycle_reports(run, big, sink)
    figures |= one_pdf(run, big)
    figures |= report_html_queries(big)
    return figures


# --- Scoring ------------------------------------------------------------------------------


def score_with_trends_and_norms(cycle):
    """What reports_freeze computes before it stores anything."""
    from django.utils import timezone

    from reports import norms, release, selectors

    cycle.released_at = timezone.now()  # as reports_freeze sets it; not saved
    instrument = selectors.instrument_of(cycle)
    results = selectors.score_cycle(cycle, instrument=instrument)
    if cycle.norms_enabled:
        norms.add_norms(results)
    release._add_trends(cycle, results)
    cycle.released_at = None
    return results


def scoring_queries(small, big) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts, seconds = {}, {}
    for label, cycle in (("10", small), ("1000", big)):
        with CaptureQueriesContext(connection) as queries:
            took, results = common.timed(lambda c=cycle: score_with_trends_and_norms(c))
        with_trends = sum(1 for r in results.values() if r.previous_cycle)
        with_norms = sum(1 for r in results.values() if any(d.norm_quartile for d in r.dimensions))
        counts[label], seconds[label] = len(queries), took
        print(
            f"  scoring {len(results):>5,} managers with trends ({with_trends:,}) and norms "
            f"({with_norms:,}): {len(queries)} queries, {took:.2f} s"
        )
    return {
        "scoring_queries_cycle": counts["1000"],
        "scoring_queries_cycle_10": counts["10"],
        "scoring_cycle_1000_s": round(seconds["1000"], 2),
    }


# --- The cycle ----------------------------------------------------------------------------


def cycle_reports(run: common.BenchRun, cycle, sink: common.SmtpSink) -> dict:
    """The clock stops when the last PDF is stored, or at REPORT_CAP: the figure
    is then a lower bound (the budget is long missed), with how many PDFs were
    done and the time the measured rate would need for all of them."""
    from reports import release
    from reports.models import Report

    common.start_worker(run, pool="prefork", concurrency=2, env={**run.env, **sink.env()})
    started = time.perf_counter()
    count = release.cycle_release(cycle_id=cycle.pk)
    released = time.perf_counter() - started
    reports = Report.objects.filter(cycle=cycle).count()
    pending = Report.objects.filter(cycle=cycle, pdf__isnull=True)
    while pending.exists() and time.perf_counter() - started < REPORT_CAP:
        time.sleep(0.25)
    seconds = time.perf_counter() - started
    left = pending.count()
    figures = {
        "cycle_1000_report_s": round(seconds, 1),
        "cycle_1000_release_s": round(released, 2),
        "cycle_1000_reports": reports,
        "cycle_1000_rendered": reports - left,
        "cycle_1000_complete": left == 0,
    }
    if left:
        rate = (reports - left) / (seconds - released)
        projected = released + reports / rate
        figures |= {
            "cycle_1000_projected_s": round(projected),
            "cycle_1000_report_s_note": f"stopped at {REPORT_CAP} s: {reports - left:,} of "
            f"{reports:,} PDFs done; at that rate all would take about {projected:.0f} s",
        }
        print(
            f"  {reports:,} reports: scored, frozen and queued in {released:.1f} s; stopped "
            f"after {seconds:.0f} s with {reports - left:,} PDFs stored ({rate:.1f}/s on 2 "
            f"worker processes): all would take about {projected:.0f} s"
        )
        return figures
    sink.wait_for(count, timeout=REPORT_CAP)
    figures["cycle_1000_mailed_s"] = round(time.perf_counter() - started, 1)
    print(
        f"  {reports:,} reports ({count:,} managers and the overview): scored, frozen and "
        f"queued in {released:.1f} s; every PDF stored after {seconds:.1f} s "
        f"({reports / seconds:.1f} reports/s on 2 worker processes); every manager e-mailed "
        f"after {figures['cycle_1000_mailed_s']} s"
    )
    return figures


def _full_report(cycle):
    """A manager's report with all five groups shown, trends and norms: the one
    with the median number of comments among those."""
    from reports.models import Report
    from reports.results import AssessmentResult

    candidates = []
    for report in Report.objects.filter(cycle=cycle, kind=Report.Kind.MANAGER).select_related(
        "cycle"
    ):
        r = AssessmentResult.from_dict(report.results)
        shown = set(r.shown_groups)
        if (
            r.previous_cycle
            and any(d.norm_quartile for d in r.dimensions)
            and {"team", "peer", "boss", "other"} <= shown
            and r.self_done
        ):
            candidates.append((len(r.comments), str(report.pk), report))
    if not candidates:
        raise RuntimeError("no report with every group, trends and norms")
    candidates.sort(key=lambda c: c[:2])
    return candidates[len(candidates) // 2][2]


def pdf_renderer(cycle):
    from reports import services

    report = _full_report(cycle)
    return lambda: services.render(report)


def _render(run: common.BenchRun, report_id, renders: int) -> dict:
    """pdf_run.py in a fresh process of the production install."""
    import json
    import subprocess

    done = subprocess.run(
        [common.RUNTIME_PYTHON, str(common.BENCH / "pdf_run.py"), str(report_id), str(renders)],
        cwd=common.ROOT,
        env={**run.env, "LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"pdf_run.py failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def one_pdf(run: common.BenchRun, cycle) -> dict:
    from reports.models import Report
    from reports.results import AssessmentResult

    report = _full_report(cycle)
    m = _render(run, report.pk, PDF_RENDERS)
    ms, cpu = statistics.median(m["wall_ms"]), statistics.median(m["cpu_ms"])
    r = AssessmentResult.from_dict(report.results)
    print(
        f"  one manager's PDF: {len(r.dimensions)} dimensions, groups {', '.join(r.shown_groups)}, "
        f"trends against “{r.previous_cycle}”, norms, {len(r.comments)} comments: "
        f"{m['bytes'] / 1024:.0f} KiB, {m['pages']} pages; median of {PDF_RENDERS} {ms:.1f} ms "
        f"(CPU {cpu:.1f} ms; first render {m['first_ms']:.0f} ms; ReportLab's C accelerator "
        f"{'present' if m['rl_accel'] else 'absent'})"
    )
    overview = Report.objects.get(cycle=cycle, kind=Report.Kind.OVERVIEW)
    o = _render(run, overview.pk, 1)
    print(
        f"  the cycle's overview PDF ({len(overview.results['rows']):,} managers): "
        f"{o['wall_ms'][0]:.0f} ms, {o['pages']} pages"
    )
    return {
        "pdf_one_ms": round(ms, 1),
        "pdf_one_cpu_ms": round(cpu, 1),
        "pdf_one_min_ms": round(min(m["wall_ms"]), 1),
        "pdf_one_kib": round(m["bytes"] / 1024, 1),
        "pdf_one_pages": m["pages"],
        "pdf_rl_accel": m["rl_accel"],
        "pdf_overview_ms": round(o["wall_ms"][0], 1),
        "pdf_overview_pages": o["pages"],
    }


# --- The web report -----------------------------------------------------------------------


def report_html_queries(cycle) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    report = _full_report(cycle)
    manager = report.assessment.manager
    user = get_user_model().objects.create_user(username=f"bench-{manager.pk}")
    manager.user = user
    manager.save(update_fields=["user"])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    path = f"/reports/{report.pk}/"
    assert client.get(path).status_code == 200  # warm-up: templates, the user's session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    # Read now: the next request empties the captured list (request_started).
    statements = [q["sql"][:200] for q in queries.captured_queries]
    ms = statistics.median(common.timed(lambda: client.get(path))[0] * 1000 for _ in range(20))
    print(f"  web report GET, signed in: {len(statements)} queries; {ms:.1f} ms in-process")
    for sql in statements:
        print(f"    {sql[:120]}")
    return {
        "report_html_queries": len(statements),
        "report_html_statements": statements,
        "report_html_ms": round(ms, 1),
    }


if __name__ == "__main__":
    common.main("reports", bench)
