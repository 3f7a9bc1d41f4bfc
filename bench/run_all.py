"""`make bench`: every benchmark, each in its own process and database, then
bench/results.json (every budget of DESIGN §7 with its figure, budget and
pass/fail) and the results block of bench/README.md, generated from it.

A missed budget is reported, never an error: these are measurements, and a
slow or busy machine must not fail anything. A benchmark that crashes is an
error (exit 1), and then the committed results are left as they were.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common

SCRIPTS = ["bench_launch.py", "bench_survey.py", "bench_reports.py"]
RESULTS = common.BENCH / "results.json"
README = common.BENCH / "README.md"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
QUIET_LOAD, QUIET_WAIT_S = 1.0, 600


# --- Budgets (DESIGN §7) -----------------------------------------------------------------------


@dataclass(frozen=True)
class Budget:
    key: str
    label: str
    unit: str
    budget: str
    check: Callable[[dict], bool]


def _equal(*keys: str) -> Callable[[dict], bool]:
    return lambda f: len({f[k] for k in keys}) == 1


def _within_10_percent(f: dict) -> bool:
    return abs(f["survey_post_500_vs_5"] - 1) <= 0.10


POST_QUERIES = ("survey_queries_post_5", "survey_queries_post_50", "survey_queries_post_500")
FLAT_RSS = 1.25  # peak RSS at 170k invitations at most this many times that at 10k

BUDGETS = [
    *(
        Budget(key, f"Statements per survey POST, {key.rsplit('_', 1)[1]} raters on one manager",
               "statements", "equal at 5, 50 and 500 raters", _equal(*POST_QUERIES))
        for key in POST_QUERIES
    ),
    Budget("survey_post_rps_5", "Survey POST throughput, teams of 5", "req/s",
           "the reference for teams of 500 (within 10%)", _within_10_percent),
    Budget("survey_post_rps_500", "Survey POST throughput, teams of 500", "req/s",
           "within 10% of teams of 5 (median of the rounds' ratios)", _within_10_percent),
    Budget("survey_post_vs_get", "Survey POST / survey GET throughput", "×", "≥ 0.5",
           lambda f: f["survey_post_vs_get"] >= 0.5),
    Budget("survey_get_vs_floor", "Survey GET / floor view throughput", "×", "≥ 0.5",
           lambda f: f["survey_get_vs_floor"] >= 0.5),
    Budget("launch_queue_s_170k", "Launch: 170k invitations created and queued", "s", "< 10 s",
           lambda f: f["launch_queue_s_170k"] < 10),
    Budget("launch_peak_rss_ratio", "Launch memory: peak RSS at 170k / at 10k invitations", "×",
           f"flat: ≤ {FLAT_RSS} for 17× the invitations",
           lambda f: f["launch_peak_rss_ratio"] <= FLAT_RSS),
    Budget("smtp_worker_vs_django_backend_solo",
           "Sending: one worker process / Django's SMTP backend, one process each", "×",
           "≥ 0.8", lambda f: f["smtp_worker_vs_django_backend_solo"] >= 0.8),
    Budget("pdf_one_ms", "One manager's PDF (full 360, trends, norms), median", "ms", "< 100 ms",
           lambda f: f["pdf_one_ms"] < 100),
    Budget("report_html_queries", "Web report GET, signed in: queries", "queries", "≤ 2",
           lambda f: f["report_html_queries"] <= 2),
    Budget("scoring_queries_cycle", "Queries to score a 1,000-manager cycle (trends, norms)",
           "queries", "constant: equal at 10 managers",
           _equal("scoring_queries_cycle", "scoring_queries_cycle_10")),
    Budget("cycle_1000_report_s", "1,000-manager cycle scored, frozen and every PDF rendered",
           "s", "< 60 s on 2 cores", lambda f: f["cycle_1000_report_s"] < 60),
]  # fmt: skip


def evaluate(figures: dict) -> dict:
    """Each budget's figure, budget and verdict; a budget whose figures are
    missing (its benchmark crashed) is left out."""
    out = {}
    for b in BUDGETS:
        try:
            passed = b.check(figures)
        except KeyError:
            continue
        out[b.key] = {
            "value": figures[b.key],
            "unit": b.unit,
            "budget": b.budget,
            "pass": bool(passed),
            "label": b.label,
        }
        if f"{b.key}_note" in figures:  # e.g. a lower bound: the clock was stopped
            out[b.key]["note"] = figures[f"{b.key}_note"]
    return out


# --- README -----------------------------------------------------------------------------------


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 10 else f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _busy(shares: list[float] | None) -> str:
    if not shares:
        return ""
    return (
        "; in an idle second just before each round the cores were "
        + ", ".join(f"{b:.0%}" for b in shares)
        + " busy (other processes, and PostgreSQL's background work after the POSTs)"
    )


def details(f: dict) -> list[str]:
    """The figures behind the budgets, one line each (only those measured)."""
    lines = []

    def has(*keys: str) -> bool:
        return all(k in f for k in keys)

    if has("survey_queries_get_5", "survey_post_statements"):
        lines.append(
            f"Survey statements: the POST's are {', '.join(f['survey_post_statements'])}; "
            f"the GET runs {f['survey_queries_get_5']} (5), {f['survey_queries_get_50']} (50), "
            f"{f['survey_queries_get_500']} (500)."
        )
    if has("floor_rps", "survey_get_rps", "survey_post_500_vs_5"):
        loads = [
            ("floor", "floor_rps", "floor"),
            ("survey GET", "survey_get_rps", "get"),
            ("POST to teams of 5", "survey_post_rps_5", "post_5"),
            ("POST to teams of 500", "survey_post_rps_500", "post_500"),
        ]
        lines.append(
            f"Throughput, medians of {f['survey_rounds']} rounds ({f['load_generator']}): "
            + ", ".join(
                f"{label} {_fmt(f[key])} req/s (p50 {f[f'{name}_p50_ms']} ms, "
                f"p99 {f[f'{name}_p99_ms']} ms)"
                for label, key, name in loads
            )
            + f"; POST 500 / POST 5 {f['survey_post_500_vs_5']}. Each round, in req/s: "
            + "; ".join(
                f"{label} {', '.join(_fmt(v) for v in f[f'{name}_rounds_rps'])}"
                for label, _, name in loads
            )
            + _busy(f.get("survey_rounds_background_busy"))
            + "."
        )
    if has("launch_create_s_170k", "launch_queue_s_10k"):
        lines.append(
            f"Launch, 170k: {f['launch_invitations_170k']:,} invitations for 10,000 managers "
            f"created in {f['launch_create_s_170k']} s (cycle_launch), "
            f"{f['launch_raters_170k']:,} raters published as {f['launch_tasks_170k']:,} "
            f"send_mail_batch tasks in {f['launch_publish_s_170k']} s (invitations_queue). "
            f"10k: {f['launch_invitations_10k']:,} invitations in {f['launch_queue_s_10k']} s "
            f"({f['launch_create_s_10k']} + {f['launch_publish_s_10k']})."
        )
    if has("launch_rss_peak_mib_170k", "launch_rss_peak_mib_10k"):
        lines.append(
            f"Launch memory, peak RSS of the launching process: "
            f"{f['launch_rss_peak_mib_10k']} MiB at 10k, {f['launch_rss_peak_mib_170k']} MiB "
            f"at 170k ({f['launch_rss_before_mib_10k']} and {f['launch_rss_before_mib_170k']} "
            f"MiB before the launch)."
        )
    if has("smtp_worker_msgs_per_s", "smtp_rounds"):
        lines.append(
            f"Sending, medians of {len(f['smtp_rounds'])} rounds of "
            f"{f['smtp_messages_per_round']:,} messages a side: one worker (--pool=solo) "
            f"{_fmt(f['smtp_worker_msgs_per_s'])} messages/s, Django's SMTP backend "
            f"{_fmt(f['smtp_django_msgs_per_s'])}; the rounds' ratios "
            + ", ".join(f"{r['ratio']}" for r in f["smtp_rounds"])
            + _busy(f.get("smtp_rounds_background_busy"))
            + "."
        )
    if has("pdf_one_cpu_ms"):
        accelerator = "installed" if f["pdf_rl_accel"] else "not installed"
        lines.append(
            f"One PDF: {f['pdf_one_pages']} pages, {f['pdf_one_kib']} KiB; CPU "
            f"{f['pdf_one_cpu_ms']} ms, fastest render {f['pdf_one_min_ms']} ms; ReportLab's "
            f"C accelerator {accelerator}."
            + (
                f" The cycle's overview PDF: {f['pdf_overview_ms']} ms, "
                f"{f['pdf_overview_pages']} pages."
                if has("pdf_overview_ms")
                else ""
            )
        )
    if has("scoring_cycle_1000_s", "cycle_1000_release_s"):
        lines.append(
            f"Reports: scoring 1,000 managers with trends and norms {f['scoring_cycle_1000_s']} s "
            f"({f['scoring_queries_cycle']} queries; {f['scoring_queries_cycle_10']} for 10); "
            f"the release (score, freeze, queue {f['cycle_1000_reports']:,} reports) "
            f"{f['cycle_1000_release_s']} s of the total"
            + (
                f"; every manager e-mailed after {f['cycle_1000_mailed_s']} s."
                if "cycle_1000_mailed_s" in f
                else "."
            )
        )
    if has("report_html_statements"):
        lines.append(
            f"Web report GET ({f['report_html_ms']} ms in-process): "
            + "; ".join(f"`{s[:70]}…`" for s in f["report_html_statements"])
            + "."
        )
    return ["- " + line for line in lines]


def markdown(results: dict) -> str:
    budgets = {k: v for k, v in results.items() if isinstance(v, dict) and "pass" in v}
    table = ["| Figure | Result | Budget | |", "|---|---|---|---|"]
    for key, b in budgets.items():
        verdict = "✓" if b["pass"] else "✗ missed"
        value = f"{_fmt(b['value'])} {b['unit']}"
        if "note" in b:
            value = f"≥ {value} ({b['note']})"
        table.append(f"| {b['label']} (`{key}`) | {value} | {b['budget']} | {verdict} |")
    missed = [b["label"] for b in budgets.values() if not b["pass"]]
    code = results["code"]
    dirty = code.get("uncommitted_files", [])
    return "\n".join(
        [
            BEGIN,
            f"Measured {results['measured_at']} on {results['machine']}, commit {code['commit']}"
            + (f" (and uncommitted changes to {', '.join(dirty)})" if dirty else "")
            + f"; load average {results['load_average_start']:g} at the start, "
            f"{results['load_average_end']:g} at the end; whole run {results['total_s']} s.",
            "",
            *table,
            "",
            f"{len(budgets) - len(missed)} of {len(budgets)} budgets met"
            + (f"; missed: {'; '.join(missed)}." if missed else "."),
            "",
            *details(results["details"]),
            END,
        ]
    )


def update_readme(results: dict) -> None:
    text = README.read_text()
    block = markdown(results)
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.DOTALL)
    README.write_text(
        pattern.sub(lambda _: block, text) if pattern.search(text) else text + "\n" + block + "\n"
    )


# --- Running ----------------------------------------------------------------------------------


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


def wait_for_quiet() -> None:
    """Others may be using the machine: wait a while for the load to settle."""
    deadline = time.monotonic() + QUIET_WAIT_S
    load = os.getloadavg()[0]
    if load <= QUIET_LOAD:
        return
    print(f"load average {load:.2f}: waiting up to {QUIET_WAIT_S} s for it to drop below "
          f"{QUIET_LOAD}", flush=True)  # fmt: skip
    while load > QUIET_LOAD and time.monotonic() < deadline:
        time.sleep(10)
        load = os.getloadavg()[0]
    print(f"load average now {load:.2f}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-wait", action="store_true", help="start even on a busy machine")
    parser.add_argument("--only", choices=SCRIPTS, action="append", help="run only these")
    parser.add_argument(
        "--readme-only", action="store_true", help="rewrite README.md's results from results.json"
    )
    args = parser.parse_args()
    if args.readme_only:
        update_readme(json.loads(RESULTS.read_text()))
        return 0
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if not args.no_wait:
        wait_for_quiet()
    started = time.perf_counter()
    info = common.machine()
    print(f"machine: {common.machine_line(info)}; load average {info['load_average']}")
    figures: dict = {}
    failed = []
    with tempfile.TemporaryDirectory(prefix="f360-bench-") as tmp:
        for script in args.only or SCRIPTS:
            out = Path(tmp) / f"{script}.json"
            if run_script(script, out) != 0 or not out.exists():
                failed.append(script)
                continue
            figures |= json.loads(out.read_text())
    if "launch_rss_peak_mib_170k" in figures:
        figures["launch_peak_rss_ratio"] = round(
            figures["launch_rss_peak_mib_170k"] / figures["launch_rss_peak_mib_10k"], 3
        )
    budgets = evaluate(figures)
    results = {
        **budgets,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": common.machine_line(info),
        "code": common.code_state(),
        "load_average_start": info["load_average"],
        "load_average_end": round(os.getloadavg()[0], 2),
        "total_s": round(time.perf_counter() - started),
        "details": figures,
    }

    print("\n== summary ==")
    for key, b in budgets.items():
        verdict = "ok" if b["pass"] else "MISSED"
        print(f"  {key}: {_fmt(b['value'])} {b['unit']} (budget {b['budget']}) {verdict}")
    if failed or args.only:
        reason = f"FAILED: {', '.join(failed)}" if failed else "only some benchmarks ran"
        print(f"\n{reason}; {RESULTS.name} and README.md left unchanged.")
        return 1 if failed else 0
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    update_readme(results)
    print(f"\nwrote {RESULTS.relative_to(common.ROOT)} and the results in bench/README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
