"""Reports: one manager's PDF, a 1,000-manager cycle end to end, and the
queries that scoring a cycle takes.

- One PDF: median of 20 renders of a realistic frozen result (10 dimensions,
  30 items, 8 team responses and about 12 team comments), rendered the way
  the worker does it: from the result as stored in Report.results (JSON).
- A cycle: 1,000 managers × 8 reps, every invitation answered (bulk-created),
  closed; then reports.services.cycle_release with a real worker pool
  (`celery worker --pool=prefork --concurrency=2`) already waiting. The clock
  runs from the release call until every one of the 1,001 Reports (managers
  and the overview) has its PDF: scoring, freezing, publishing, rendering and
  the managers' "your report is ready" e-mails (to a local aiosmtpd).
- Scoring queries: CaptureQueriesContext around selectors.score_cycle for a
  10-manager and the 1,000-manager cycle; the two counts must be equal.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common

MANAGERS, REPS = 1000, 8
SMALL_MANAGERS = 10
PDF_RENDERS = 20
REPORT_TIMEOUT = 600


def bench(run: common.BenchRun) -> dict:
    from bench import data

    started = time.perf_counter()
    small = data.answered_cycle(SMALL_MANAGERS, REPS, tag="small")
    big = data.answered_cycle(MANAGERS, REPS, tag="big")
    print(
        f"  data: {MANAGERS:,} managers × {REPS} reps answered and closed "
        f"in {time.perf_counter() - started:.1f} s"
    )
    figures = scoring_queries(small, big)
    figures |= one_pdf(big)
    sink = common.SmtpSink().start()
    try:
        figures |= cycle_reports(run, big, sink)
    finally:
        sink.stop()
    return figures


def scoring_queries(small, big) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports import selectors

    counts = {}
    for cycle in (small, big):
        with CaptureQueriesContext(connection) as queries:
            seconds, results = common.timed(lambda c=cycle: selectors.score_cycle(c))
        counts[len(results)] = len(queries)
        print(
            f"  score_cycle, {len(results):>5,} managers: {len(queries)} queries, {seconds:.2f} s"
        )
    constant = len(set(counts.values())) == 1
    print(f"  queries constant from {SMALL_MANAGERS} to {MANAGERS:,} managers: "
          f"{'yes' if constant else 'NO'}")  # fmt: skip
    return {
        "scoring_queries_cycle": counts[MANAGERS],
        "scoring_queries_cycle_10": counts[SMALL_MANAGERS],
        "scoring_queries_constant": constant,
        "scoring_cycle_1000_s": round(seconds, 2),
    }


def typical_result(cycle):
    """The manager whose team comments number closest to 12, as stored (JSON)."""
    from reports import selectors
    from reports.scoring import AssessmentResult

    results = selectors.score_cycle(cycle).values()
    chosen = min(results, key=lambda r: abs(len(r.team_comments) - 12))
    return AssessmentResult.from_dict(json.loads(json.dumps(chosen.to_dict())))


def one_pdf(cycle) -> dict:
    from django.conf import settings

    from reports import pdf

    result = typical_result(cycle)
    page_size = settings.FEEDBACK["PDF_PAGE_SIZE"]
    first_ms = common.timed(lambda: pdf.render_manager_report(result, page_size=page_size))[0]
    size = len(pdf.render_manager_report(result, page_size=page_size))
    ms = common.median_ms(
        lambda: pdf.render_manager_report(result, page_size=page_size), repeat=PDF_RENDERS
    )
    print(
        f"  PDF of {len(result.dimensions)} dimensions, "
        f"{sum(len(d.items) for d in result.dimensions)} items, "
        f"{len(result.team_comments)} team + {len(result.self_comments)} self comments "
        f"({size / 1024:.0f} KiB; first render {first_ms * 1000:.0f} ms, fonts included)"
    )
    common.report("pdf_one_ms", ms)
    return {"pdf_one_ms": round(ms, 1), "pdf_one_kib": round(size / 1024, 1)}


def cycle_reports(run: common.BenchRun, cycle, sink: common.SmtpSink) -> dict:
    from reports import services
    from reports.models import Report

    common.start_worker(run, pool="prefork", concurrency=2, env={**run.env, **sink.env()})
    started = time.perf_counter()
    count = services.cycle_release(cycle_id=cycle.pk)
    released = time.perf_counter() - started
    pending = Report.objects.filter(cycle=cycle, pdf__isnull=True)
    while pending.exists():
        if time.perf_counter() - started > REPORT_TIMEOUT:
            raise RuntimeError(f"{pending.count()} reports still without a PDF")
        time.sleep(0.25)
    seconds = time.perf_counter() - started
    print(
        f"  {count:,} reports: scored, frozen and queued in {released:.1f} s; all PDFs stored "
        f"after {seconds:.1f} s ({count / seconds:.1f} reports/s); {sink.count():,} e-mails"
    )
    common.report("cycle_1000_report_s", seconds)
    return {
        "cycle_1000_report_s": round(seconds, 1),
        "cycle_1000_release_s": round(released, 2),
        "cycle_1000_reports": count,
    }


if __name__ == "__main__":
    common.main("reports", bench)
