"""Survey pages: queries per page, and throughput against a bare Django view.

- Queries: the form's GET and a full answer's POST, counted in-process with
  CaptureQueriesContext, for the 30-item instrument and a 90-item copy: the
  count must not depend on the instrument's size.
- Throughput: gunicorn on loopback (2 sync workers, DEBUG off, static files
  collected into a temporary folder), loaded at a fixed concurrency. Each
  page is set against /bench/bare (HttpResponse("ok") behind the same
  middleware and server, in the same run): GET against a GET, and the POST
  against a POST carrying the same body and CSRF cookie, so that both pay for
  parsing the form and checking the token. Every survey POST answers an
  invitation nobody has answered (a second answer is a 409).
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common, load

WORKERS = 2
CONCURRENCY = 8
SECONDS = 8
WARMUP_SECONDS = 1
LOAD_MANAGERS, LOAD_REPS = 1100, 10  # 11,000 unanswered invitations
GET_POOL = 1000  # invitations whose form is fetched (a GET changes nothing)
POST_WARMUP_POOL = 1500


def bench(run: common.BenchRun) -> dict:
    run.manage("collectstatic", "--noinput")
    figures = query_counts()
    figures |= throughput(run)
    return figures


# --- Queries ---------------------------------------------------------------------------------


def query_counts() -> dict:
    from bench import data
    from surveys.models import Instrument

    figures = {}
    for instrument, suffix in [
        (Instrument.objects.get(version=1), ""),
        (data.instrument_with(items_per_dimension=9), "_90"),
    ]:
        items, get_queries, post_queries = page_queries(instrument)
        print(f"  queries with {items} items: GET {get_queries}, POST {post_queries}")
        figures[f"survey_queries_get{suffix}"] = get_queries
        figures[f"survey_queries_post{suffix}"] = post_queries
    constant = (figures["survey_queries_get"], figures["survey_queries_post"]) == (
        figures["survey_queries_get_90"],
        figures["survey_queries_post_90"],
    )
    print(f"  queries constant from 30 to 90 items: {'yes' if constant else 'NO'}")
    figures["survey_queries_constant"] = constant
    return figures


def page_queries(instrument) -> tuple[int, int, int]:
    """(items, queries of the GET, queries of the POST) for one fresh invitation."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import data
    from surveys.models import Item

    managers = data.people(1, 4, tag=f"queries{instrument.version}")
    cycle = data.open_cycle_without_emails(
        managers, name=f"Queries v{instrument.version}", instrument=instrument
    )
    warm, measured = data.survey_paths(cycle)[:2]
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get(warm).status_code == 200  # templates load on the first request
    with CaptureQueriesContext(connection) as get_queries:
        assert client.get(measured).status_code == 200
    with CaptureQueriesContext(connection) as post_queries:
        response = client.post(measured, data.full_answer(instrument))
        assert response.status_code == 302, response.status_code
    if os.environ.get("BENCH_SHOW_SQL"):
        for query in [*get_queries.captured_queries, *post_queries.captured_queries]:
            print("    SQL:", query["sql"][:160])
    items = Item.objects.filter(dimension__instrument=instrument).count()
    return items, len(get_queries), len(post_queries)


# --- Throughput ------------------------------------------------------------------------------


def throughput(run: common.BenchRun) -> dict:
    from bench import data
    from surveys.models import Invitation

    managers = data.people(LOAD_MANAGERS, LOAD_REPS, tag="load")
    cycle = data.open_cycle_without_emails(managers, name="Load")
    paths = data.survey_paths(cycle)
    get_paths, post_paths = paths[-GET_POOL:], paths[:-GET_POOL]
    csrf = secrets.token_hex(16)  # the shape of Django's CSRF secret: 32 letters and digits
    body = urlencode({"csrfmiddlewaretoken": csrf, **data.full_answer(cycle.instrument)}).encode()
    cookie = f"csrftoken={csrf}"

    port = common.free_port()
    config = common.BENCH / "benchsite" / "gunicorn_conf.py"
    run.start(
        "gunicorn",
        [
            common.PYTHON, "-m", "gunicorn", "-c", str(config), "--workers", str(WORKERS),
            "--bind", f"127.0.0.1:{port}", "feedback360.wsgi:application",
        ],
    )  # fmt: skip
    common.wait_for_http(f"http://127.0.0.1:{port}/bench/bare")
    generator = load.Generator(f"http://127.0.0.1:{port}", run.tmp, concurrency=CONCURRENCY)
    print(
        f"  gunicorn: {WORKERS} sync workers, DEBUG off; load: {generator.name}, {SECONDS} s each"
    )

    def measure(label: str, paths: list[str], warmup: list[str], **post) -> load.Load:
        generator.run(warmup, seconds=WARMUP_SECONDS, **post)
        result = generator.run(paths, seconds=SECONDS, **post)
        print(f"  {label:<18}{result.line()}")
        return result

    bare_get = measure("GET  bare view", ["/bench/bare"], ["/bench/bare"])
    survey_get = measure("GET  survey page", get_paths, get_paths)
    post = {"body": body, "cookie": cookie}
    bare_post = measure("POST bare view", ["/bench/bare"], ["/bench/bare"], **post)
    survey_post = measure(
        "POST survey answer",
        post_paths[POST_WARMUP_POOL:],
        post_paths[:POST_WARMUP_POOL],
        **post,
    )
    if survey_post.requests > len(post_paths) - POST_WARMUP_POOL:
        print("  WARNING: more POSTs than fresh invitations; some were answered twice (409)")
    stored = Invitation.objects.filter(assessment__cycle=cycle, completed=True).count()
    print(f"  answers stored by the POST runs: {stored:,}")

    figures = {"load_generator": generator.name, "survey_post_answers_stored": stored}
    for name, page, bare in [("get", survey_get, bare_get), ("post", survey_post, bare_post)]:
        ratio = page.rps / bare.rps
        common.report(f"survey_{name}_ratio", ratio)
        print(
            f"    latency against the bare view: p50 ×{page.p50_ms / bare.p50_ms:.1f}, "
            f"p99 ×{page.p99_ms / bare.p99_ms:.1f}"
        )
        figures |= {
            f"survey_{name}_ratio": round(ratio, 3),
            f"survey_{name}_rps": round(page.rps, 1),
            f"survey_{name}_p50_ms": round(page.p50_ms, 2),
            f"survey_{name}_p99_ms": round(page.p99_ms, 2),
            f"survey_{name}_errors": page.errors,
            f"bare_{name}_rps": round(bare.rps, 1),
            f"bare_{name}_p50_ms": round(bare.p50_ms, 2),
            f"bare_{name}_p99_ms": round(bare.p99_ms, 2),
        }
    return figures


if __name__ == "__main__":
    common.main("survey pages", bench)
