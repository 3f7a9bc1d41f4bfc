"""Survey pages: statements per submission at 5, 50 and 500 raters on one
manager, and throughput through gunicorn on PostgreSQL.

- Statements: CaptureQueriesContext around the POST of a middle submission
  (the (n/2 + 1)-th of a team of n; the first n/2 went through the same
  view before), in-process through Django's test client, every statement on
  the connection counted (BEGIN and COMMIT included). The GET's too.
- Throughput: gunicorn (2 sync workers, DEBUG off, from the production
  install) and wrk on loopback. Four loads, in rounds that alternate their
  order (forward, then backward), each figure the median of the rounds:
    floor       /bench/floor/<invitation id>/: the invitation read by id
                through the ORM (the one indexed lookup a survey page cannot
                avoid), then a fixed page: the bytes of a real survey page
                captured before the server started;
    survey GET  the form of an unanswered invitation (never one the POSTs
                answer);
    POST, 5     a full answer (30 statements, both comments) to a team of 5;
    POST, 500   the same to a team of 500.
  Before measuring, every team is half answered (2 of 5, 250 of 500, written
  as the tallies response_submit leaves, bench/data.py), so that no measured
  POST is the first of its group and each group holds what a group of its
  size holds mid-cycle. The POSTs go round the teams (one rater of each team
  in turn), never answer an invitation twice (a second answer would be a
  409, counted as an error), and each POST round starts where the last
  stopped.
"""

from __future__ import annotations

import secrets
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common, load

QUERY_TEAMS = (5, 50, 500)
WORKERS = 2
CONCURRENCY = 8
ROUNDS = 5
GET_SECONDS = 4
POST_SECONDS = 5
WARMUP_SECONDS = 1
TEAMS_5 = 5000  # × 5 reps: 2 prefilled, 3 left for the POSTs
TEAMS_500 = 60  # × 500 reps: 250 prefilled, 250 left
GET_TEAMS = 400  # more teams of 5 whose invitations only the GETs use


def bench(run: common.BenchRun) -> dict:
    run.manage("collectstatic", "--noinput")
    figures = query_counts()
    figures |= throughput(run)
    return figures


# --- Statements -------------------------------------------------------------------------------


def query_counts() -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import data

    figures: dict = {}
    statements: dict[int, list[str]] = {}
    for size in QUERY_TEAMS:
        the_org = data.org(1, size, tag=f"queries{size}")
        cycle = data.open_cycle_without_emails(data.draft_cycle(the_org.managers, name=f"Q{size}"))
        paths = next(iter(data.team_paths(cycle).values()))
        answer = data.full_answer(cycle.instrument)
        client = Client(HTTP_HOST="127.0.0.1")
        middle = size // 2
        for path in paths[:middle]:
            assert client.post(path, answer).status_code == 302
        with CaptureQueriesContext(connection) as get:
            assert client.get(paths[middle]).status_code == 200
        with CaptureQueriesContext(connection) as post:
            response = client.post(paths[middle], answer)
            assert response.status_code == 302, response.status_code
        statements[size] = [q["sql"] for q in post.captured_queries]
        print(
            f"  team of {size:>3}: POST of answer {middle + 1} of {size}: {len(post)} statements; "
            f"its GET before: {len(get)}"
        )
        figures[f"survey_queries_post_{size}"] = len(post)
        figures[f"survey_queries_get_{size}"] = len(get)
    figures["survey_post_statements"] = [_shape(sql) for sql in statements[QUERY_TEAMS[-1]]]
    return figures


def _shape(sql: str) -> str:
    """A statement's kind and table, for the record (no values)."""
    import re

    verb = sql.split(None, 1)[0].upper()
    table = re.search(r'\b(?:FROM|UPDATE|INTO)\s+"?(\w+)"?', sql, re.IGNORECASE)
    return f"{verb} {table.group(1)}" if table and verb not in ("BEGIN", "COMMIT") else verb


# --- Throughput -------------------------------------------------------------------------------


def _round_robin(teams: list[list[str]]) -> list[str]:
    longest = max(len(t) for t in teams)
    return [team[i] for i in range(longest) for team in teams if i < len(team)]


def load_world() -> dict:
    """Two open cycles, teams half answered; paths for each load."""
    from bench import data
    from surveys.models import Invitation

    started = time.perf_counter()
    data.check_bulk_answers()
    worlds = {}
    for size, teams, extra in ((5, TEAMS_5, GET_TEAMS), (500, TEAMS_500, 0)):
        the_org = data.org(teams + extra, size, tag=f"load{size}")
        cycle = data.open_cycle_without_emails(
            data.draft_cycle(the_org.managers, name=f"Load {size}")
        )
        rows = list(
            Invitation.objects.filter(assessment__cycle=cycle, relationship="team")
            .order_by("assessment_id", "rater_id")
            .values_list("id", "assessment_id", "relationship")
        )
        by_team: dict[int, list] = {}
        for row in rows:
            by_team.setdefault(row[1], []).append(row)
        team_rows = list(by_team.values())
        answering, get_only = team_rows[:teams], team_rows[teams:]
        half = size // 2
        prefill = [row for team in answering for row in team[:half]]
        data.write_answers(data.random_sheets(prefill, cycle.instrument), cycle.instrument)
        worlds[size] = {
            "cycle": cycle,
            "post": _round_robin(
                [[data.survey_path(cycle.pk, r[0]) for r in team[half:]] for team in answering]
            ),
            "get_ids": [r[0] for team in get_only for r in team],
        }
    print(
        f"  data: {TEAMS_5:,} teams of 5 and {TEAMS_500} teams of 500 half answered, "
        f"{GET_TEAMS} teams of 5 for the GETs, in {time.perf_counter() - started:.1f} s"
    )
    return worlds


def throughput(run: common.BenchRun) -> dict:
    from django.test import Client

    from bench import data

    worlds = load_world()
    small = worlds[5]
    get_paths = [data.survey_path(small["cycle"].pk, i) for i in small["get_ids"]]
    floor_paths = [f"/bench/floor/{i}/" for i in small["get_ids"]]
    page = Client(HTTP_HOST="127.0.0.1").get(get_paths[-1])
    assert page.status_code == 200
    page_file = run.tmp / "survey-page.html"
    page_file.write_bytes(page.content)

    csrf = secrets.token_hex(16)  # the shape of Django's CSRF secret: 32 letters and digits
    body = urlencode(
        {"csrfmiddlewaretoken": csrf, **data.full_answer(small["cycle"].instrument)}
    ).encode()
    post = {"body": body, "cookie": f"csrftoken={csrf}"}

    port = common.free_port()
    config = common.BENCH / "benchsite" / "gunicorn_conf.py"
    run.start(
        "gunicorn",
        [
            common.RUNTIME_PYTHON, "-m", "gunicorn", "-c", str(config),
            "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}",
            "feedback360.wsgi:application",
        ],
        {**run.env, "BENCH_FLOOR_PAGE": str(page_file), "LOG_LEVEL": "WARNING"},
    )  # fmt: skip
    common.wait_for_http(f"http://127.0.0.1:{port}{floor_paths[0]}")
    generator = load.Generator(f"http://127.0.0.1:{port}", run.tmp, concurrency=CONCURRENCY)
    print(
        f"  gunicorn: {WORKERS} sync workers, DEBUG off; load: {generator.name}; "
        f"{ROUNDS} rounds of GET {GET_SECONDS} s, POST {POST_SECONDS} s each"
    )

    offsets = {5: 0, 500: 0}

    def post_load(size: int, seconds: float) -> load.Load:
        paths = worlds[size]["post"][offsets[size] :]
        result = generator.run(paths, seconds=seconds, **post)
        # Requests still in flight when wrk stopped used a path too.
        offsets[size] += result.requests + CONCURRENCY
        if offsets[size] > len(worlds[size]["post"]):
            raise RuntimeError(f"teams of {size}: more POSTs than unanswered invitations")
        return result

    loads = {
        "floor": lambda s: generator.run(floor_paths, seconds=s),
        "get": lambda s: generator.run(get_paths, seconds=s),
        "post_5": lambda s: post_load(5, s),
        "post_500": lambda s: post_load(500, s),
    }
    for run_load in loads.values():  # warm-up: every worker, every page
        run_load(WARMUP_SECONDS)
    measured: dict[str, list[load.Load]] = {name: [] for name in loads}
    busy = []
    for number in range(ROUNDS):
        busy.append(common.background_busy())
        order = list(loads) if number % 2 == 0 else list(reversed(loads))
        for name in order:
            seconds = POST_SECONDS if name.startswith("post") else GET_SECONDS
            measured[name].append(loads[name](seconds))
        print(
            f"  round {number + 1}: "
            + ", ".join(f"{name} {measured[name][-1].rps:,.0f}" for name in loads)
            + f" req/s (cores {busy[-1]:.0%} busy just before)"
        )
    for name, results in measured.items():
        errors = sum(r.errors for r in results)
        if errors:
            raise RuntimeError(f"{name}: {errors} requests failed (status ≥ 400 or socket)")

    def rps(name: str) -> list[float]:
        return [r.rps for r in measured[name]]

    def paired(top: str, bottom: str) -> float:
        return statistics.median(a / b for a, b in zip(rps(top), rps(bottom), strict=True))

    figures = {
        "load_generator": generator.name,
        "survey_rounds": ROUNDS,
        "survey_rounds_background_busy": busy,
        "survey_get_vs_floor": round(paired("get", "floor"), 3),
        "survey_post_vs_get": round(paired("post_5", "get"), 3),
        "survey_post_500_vs_5": round(paired("post_500", "post_5"), 3),
        "survey_post_500_vs_get": round(paired("post_500", "get"), 3),
    }
    for name in loads:
        key = {"floor": "floor", "get": "survey_get", "post_5": "survey_post_rps_5",
               "post_500": "survey_post_rps_500"}[name]  # fmt: skip
        key = key if key.startswith("survey_post_rps") else f"{key}_rps"
        figures[key] = round(statistics.median(rps(name)), 1)
        figures[f"{name}_rounds_rps"] = [round(v, 1) for v in rps(name)]
        figures[f"{name}_p50_ms"] = round(statistics.median(r.p50_ms for r in measured[name]), 2)
        figures[f"{name}_p99_ms"] = round(statistics.median(r.p99_ms for r in measured[name]), 2)
    figures["survey_posts_answered"] = {size: offsets[size] for size in offsets}
    print(
        f"  medians: floor {figures['floor_rps']:,.0f}, survey GET "
        f"{figures['survey_get_rps']:,.0f}, POST (5) {figures['survey_post_rps_5']:,.0f}, "
        f"POST (500) {figures['survey_post_rps_500']:,.0f} req/s; GET/floor "
        f"{figures['survey_get_vs_floor']}, POST/GET {figures['survey_post_vs_get']}, "
        f"POST 500/5 {figures['survey_post_500_vs_5']}"
    )
    return figures


if __name__ == "__main__":
    common.main("survey pages", bench)
