"""Load through gunicorn on PostgreSQL: 200 reps submit at once, 10% of them
twice; then 50 reps of ONE manager at once, every submission rewriting the
same tally rows. The tallies must come out exact, each invitation completed
exactly once, and no submission may fail (a deadlock would be a 500)."""

from __future__ import annotations

import contextlib
import random
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier, BrokenBarrierError

import pytest

from surveys.forms import item_field_name, question_field_name
from surveys.models import CommentSet, DimensionTally, Invitation, Item, ItemTally, OpenQuestion
from tests.conftest import ARTIFACTS
from tests.helpers import full_answer, launched_cycle, survey_path
from tests.reliability.conftest import Browser, Gunicorn
from tests.reliability.figures import record

pytestmark = [
    pytest.mark.needs_postgres,
    pytest.mark.needs_redis,
    pytest.mark.django_db(transaction=True),
]

REPS = 200
DUPLICATES = 20


class Expected:
    """The tallies the submitted forms must add up to, counted here from the
    forms themselves (not by the app's code)."""

    def __init__(self, instrument):
        self.items = {
            item.id: item
            for item in Item.objects.filter(dimension__instrument=instrument).select_related(
                "dimension"
            )
        }
        self.questions = list(OpenQuestion.objects.filter(instrument=instrument))
        self.item_counts: dict[tuple, Counter] = defaultdict(Counter)
        self.dimensions: dict[tuple, Counter] = defaultdict(Counter)
        self.comments: dict[tuple, Counter] = defaultdict(Counter)

    def add(self, assessment_id: int, data: dict) -> None:
        group = (assessment_id, "team")
        points: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for item_id, item in self.items.items():
            value = data[item_field_name(item_id)]
            self.item_counts[(*group, item_id)][value] += 1
            if value != "na":
                score = 6 - int(value) if item.reverse_keyed else int(value)
                points[item.dimension_id][0] += score
                points[item.dimension_id][1] += 1
        for dimension_id, (total, answered) in points.items():
            self.dimensions[(*group, dimension_id)][(total, answered)] += 1
        for question in self.questions:
            text = data.get(question_field_name(question.id), "").strip()
            if text:
                self.comments[(*group, question.id)][text] += 1

    def check(self) -> None:
        stored_items = {
            (t.assessment_id, t.relationship, t.item_id): Counter(
                {str(v): n for v, n in zip(range(1, 6), t.counts, strict=True) if n}
                | ({"na": t.cant_say} if t.cant_say else {})
            )
            for t in ItemTally.objects.all()
        }
        assert stored_items == dict(self.item_counts)
        stored_dimensions: dict[tuple, Counter] = defaultdict(Counter)
        for t in DimensionTally.objects.filter(respondents__gt=0):
            key = (t.assessment_id, t.relationship, t.dimension_id)
            stored_dimensions[key][(t.points, t.answered)] = t.respondents
        assert dict(stored_dimensions) == dict(self.dimensions)
        stored_comments = {
            (c.assessment_id, c.relationship, c.question_id): Counter(c.entries)
            for c in CommentSet.objects.all()
            if c.entries
        }
        assert stored_comments == dict(self.comments)


def open_forms(server: Gunicorn, instrument, invitations, expected: Expected):
    """Each rep opens the form first (cookies, CSRF token), as a browser would."""
    forms = []
    for index, invitation in enumerate(invitations):
        comments = ("", "") if index % 3 == 0 else (f"Comment {index}", "")
        data = full_answer(instrument, seed=index, comments=comments)
        expected.add(invitation.assessment_id, data)
        forms.append((invitation.id, Browser(), server.url + survey_path(invitation), data))

    def opened(form):
        invitation_id, browser, url, data = form
        return invitation_id, browser, url, {**data, "csrfmiddlewaretoken": browser.form_token(url)}

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(opened, forms))


def submit_at_once(jobs, *, in_flight: int):
    start = Barrier(in_flight)

    def submit(job):
        invitation_id, browser, url, data = job
        with contextlib.suppress(BrokenBarrierError):  # later jobs follow the first wave
            start.wait(timeout=10)
        return invitation_id, browser.post(url, data)[0]

    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=in_flight) as pool:
        results = list(pool.map(submit, jobs))
    return results, time.monotonic() - began


def test_two_hundred_reps_at_once_with_duplicates(gunicorn, instrument):
    cycle, teams = launched_cycle(team_size=10, managers=REPS // 10)
    invitations = list(Invitation.objects.filter(relationship="team"))
    assert len(invitations) == REPS
    expected = Expected(instrument)
    sessions = open_forms(gunicorn, instrument, invitations, expected)
    twice = random.Random(1).sample(sessions, DUPLICATES)  # double clicks, second tabs
    jobs = sessions + twice
    random.Random(2).shuffle(jobs)

    results, seconds = submit_at_once(jobs, in_flight=50)

    statuses = Counter(status for _, status in results)
    assert statuses == {302: REPS, 409: DUPLICATES}, statuses
    recorded = Counter(invitation_id for invitation_id, status in results if status == 302)
    assert set(recorded.values()) == {1} and len(recorded) == REPS  # once each, never twice
    assert Invitation.objects.filter(relationship="team", completed=True).count() == REPS
    expected.check()
    log = gunicorn.log.read_text()
    assert "status=500" not in log and "Traceback" not in log
    # gunicorn's access log saw 440 requests on survey links: no part of a
    # token, no comment, no address.
    assert log.count("path=/s/[redacted]/") >= REPS * 2
    for _, _, url, _ in sessions:
        token = url.rsplit("/", 2)[1]
        assert token[:16] not in log and token[-16:] not in log
    assert "Comment 1" not in log
    survey_lines = [line for line in log.splitlines() if "path=/s/" in line]
    assert all('ip=- agent="-"' in line for line in survey_lines)
    record(
        "load",
        f"{REPS} reps + {DUPLICATES} duplicates at once (50 in flight, 4 workers): "
        f"{dict(statuses)} in {seconds:.1f} s; tallies exact",
    )


@pytest.fixture
def busy_gunicorn(worker_env, request):
    """More workers than usual, so that more submissions reach the database at once."""
    env = {**worker_env, "DEBUG": "true", "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    log = ARTIFACTS / "reliability" / f"{request.node.name}-gunicorn.log"
    server = Gunicorn(env, log, workers=10).start()
    yield server
    server.stop()


def test_fifty_reps_of_one_manager_at_once(busy_gunicorn, instrument):
    """Every submission rewrites all of the group's tally rows: 50 at once, on
    one manager, queue on those rows. None may deadlock or be lost."""
    cycle, [(manager, reps)] = launched_cycle(team_size=50)
    invitations = list(Invitation.objects.filter(relationship="team"))
    expected = Expected(instrument)
    jobs = open_forms(busy_gunicorn, instrument, invitations, expected)

    results, seconds = submit_at_once(jobs, in_flight=50)

    statuses = Counter(status for _, status in results)
    assert statuses == {302: 50}, statuses
    assert Invitation.objects.filter(relationship="team", completed=True).count() == 50
    expected.check()
    assert ItemTally.objects.count() == len(expected.items)  # one row per statement, not per rep
    log = busy_gunicorn.log.read_text()
    assert "deadlock" not in log.lower() and "Traceback" not in log
    record(
        "load",
        f"50 reps of one manager at once (10 workers): {dict(statuses)} in {seconds:.1f} s; "
        "tallies exact, no deadlock",
    )
