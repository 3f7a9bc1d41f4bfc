"""One manager's PDF, rendered in a fresh process of the production install (the
worker's interpreter and packages, not the benchmark's dev venv), printing the
render times as JSON.

    python bench/pdf_run.py REPORT_ID RENDERS

reports.services.render(report) is what the worker runs: the frozen results
read back (AssessmentResult.from_dict) and gap_report.ManagerReport(...)
.generate(). The report row is read once, before the clock; one warm-up render
loads the fonts; then RENDERS renders are timed one by one (wall clock and
the process's CPU time).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    import django

    django.setup()
    from reports import services
    from reports.models import Report

    report = Report.objects.select_related("cycle").get(pk=sys.argv[1])
    renders = int(sys.argv[2])
    started = time.perf_counter()
    content = services.render(report)
    first = time.perf_counter() - started
    wall, cpu = [], []
    for _ in range(renders):
        w, c = time.perf_counter(), time.process_time()
        services.render(report)
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    try:
        import _rl_accel  # noqa: F401

        accelerated = True
    except ImportError:
        accelerated = False
    print(
        json.dumps(
            {
                "first_ms": first * 1000,
                "wall_ms": wall,
                "cpu_ms": cpu,
                "bytes": len(content),
                "pages": content.count(b"/Type /Page\n"),
                "rl_accel": accelerated,
            }
        )
    )


if __name__ == "__main__":
    main()
