"""`make bench`: every benchmark, each in its own process and database, then
bench/results.json and the results table in bench/README.md.

A missed budget is reported, never an error: these are measurements, and a
slow or busy machine must not fail anything. A benchmark that crashes is an
error (exit 1), and then the committed results are left as they were.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common

SCRIPTS = ["bench_launch.py", "bench_survey.py", "bench_reports.py"]
RESULTS = common.BENCH / "results.json"
README = common.BENCH / "README.md"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
REQUIRED = [
    "launch_queue_s_10k",
    "smtp_send_ratio",
    "survey_get_ratio",
    "survey_post_ratio",
    "survey_queries_get",
    "survey_queries_post",
    "pdf_one_ms",
    "cycle_1000_report_s",
    "scoring_queries_cycle",
    "machine",
]


def run_script(script: str, out: Path) -> int:
    """One benchmark in a child process; on Ctrl-C or SIGTERM it is told to
    stop, so that it cleans up its database and processes first."""
    child = subprocess.Popen([common.PYTHON, str(common.BENCH / script), "--json", str(out)])
    try:
        return child.wait()
    except BaseException:
        child.terminate()
        child.wait(timeout=120)
        raise


def rows(results: dict) -> list[tuple[str, str, str, str]]:
    """(figure, result, budget, verdict) for the table, budgets first."""
    table = []
    for key, budget in common.BUDGETS.items():
        if key in results:
            value = results[key]
            sign = "<" if budget.kind == "max" else "≥"
            verdict = "✓" if budget.met(value) else "✗ missed"
            table.append(
                (
                    budget.label,
                    f"{value:g} {budget.unit}",
                    f"{sign} {budget.limit:g} {budget.unit} ({budget.ratio(value):.2f} of it)",
                    verdict,
                )
            )
    if "survey_queries_get" in results:
        constant = "✓" if results.get("survey_queries_constant") else "✗ grows"
        table.append(
            (
                "Survey page queries, 30 items (90 items)",
                f"GET {results['survey_queries_get']} ({results['survey_queries_get_90']}), "
                f"POST {results['survey_queries_post']} ({results['survey_queries_post_90']})",
                "constant",
                constant,
            )
        )
    if "scoring_queries_cycle" in results:
        constant = "✓" if results.get("scoring_queries_constant") else "✗ grows"
        table.append(
            (
                "Queries to score a cycle, 1,000 managers (10)",
                f"{results['scoring_queries_cycle']} ({results['scoring_queries_cycle_10']})",
                "constant",
                constant,
            )
        )
    if "launch_peak_mib_1k" in results:
        table.append(
            (
                "Launch memory peak (tracemalloc), 1k / 10k / 50k invitations",
                " / ".join(f"{results[f'launch_peak_mib_{n}']:g}" for n in ("1k", "10k", "50k"))
                + " MiB",
                "flat",
                f"×{results['launch_peak_growth_1k_to_50k']:g} for ×50",
            )
        )
    return table


def details(results: dict) -> list[str]:
    """The figures behind the ratios, one line each."""
    lines = []
    if "smtp_worker_msgs_per_s" in results:
        lines.append(
            f"- Sending: one worker (prefork × {results.get('smtp_worker_processes', 1)}) "
            f"{results['smtp_worker_msgs_per_s']:g} messages/s, as a single process "
            f"{results.get('smtp_worker_solo_msgs_per_s', 0):g}; Django's SMTP backend alone "
            f"{results['smtp_django_msgs_per_s']:g}, plain smtplib "
            f"{results['smtp_plain_msgs_per_s']:g} (2,000 messages each)."
        )
    for name in ("get", "post"):
        if f"survey_{name}_rps" in results:
            lines.append(
                f"- Survey {name.upper()}: {results[f'survey_{name}_rps']:g} req/s, p50 "
                f"{results[f'survey_{name}_p50_ms']:g} ms, p99 {results[f'survey_{name}_p99_ms']:g}"
                f" ms; bare view {results[f'bare_{name}_rps']:g} req/s, p50 "
                f"{results[f'bare_{name}_p50_ms']:g} ms, p99 {results[f'bare_{name}_p99_ms']:g} ms."
            )
    if "cycle_1000_release_s" in results:
        lines.append(
            f"- Reports: scoring 1,000 managers {results['scoring_cycle_1000_s']:g} s; release "
            f"(score, freeze, queue) {results['cycle_1000_release_s']:g} s of the total."
        )
    if "load_generator" in results:
        lines.append(f"- Load generator: {results['load_generator']}.")
    return lines


def markdown(results: dict) -> str:
    table = ["| Figure | Result | Budget | |", "|---|---|---|---|"]
    table += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows(results)]
    return "\n".join(
        [
            BEGIN,
            f"Measured {results['measured_at']} on {results['machine']} "
            f"(load average {results['machine_load_average']:g} at the start; "
            f"whole run {results['total_s']:g} s).",
            "",
            *table,
            "",
            *details(results),
            END,
        ]
    )


def update_readme(results: dict) -> None:
    text = README.read_text()
    block = markdown(results)
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.DOTALL)
    README.write_text(pattern.sub(lambda _: block, text) if pattern.search(text) else text + block)


def main() -> int:
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    started = time.perf_counter()
    info = common.machine()
    print(f"machine: {common.machine_line(info)}; load average {info['load_average']}")
    results: dict = {
        "machine": common.machine_line(info),
        "machine_load_average": info["load_average"],
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    failed = []
    with tempfile.TemporaryDirectory(prefix="f360-bench-") as tmp:
        for script in SCRIPTS:
            out = Path(tmp) / f"{script}.json"
            if run_script(script, out) != 0 or not out.exists():
                failed.append(script)
                continue
            results |= json.loads(out.read_text())
    results["total_s"] = round(time.perf_counter() - started)

    print("\n== summary ==")
    for figure, value, budget, verdict in rows(results):
        print(f"  {figure}: {value} (budget {budget}) {verdict}")
    if failed:
        print(f"\nFAILED: {', '.join(failed)}; {RESULTS.name} and README.md left unchanged.")
        return 1
    ordered = {key: results[key] for key in REQUIRED} | results
    RESULTS.write_text(json.dumps(ordered, indent=2, ensure_ascii=False) + "\n")
    update_readme(ordered)
    print(f"\nwrote {RESULTS.relative_to(common.ROOT)} and the table in bench/README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
