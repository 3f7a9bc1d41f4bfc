"""Load: 200 reps submit at once through gunicorn on PostgreSQL, 10% of them twice."""

from __future__ import annotations

import contextlib
import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier, BrokenBarrierError

import pytest

from surveys.models import Answer, Invitation, Response
from tests.helpers import full_answer, survey_path
from tests.reliability.conftest import Browser
from tests.reliability.figures import record

pytestmark = [
    pytest.mark.needs_postgres,
    pytest.mark.needs_redis,
    pytest.mark.django_db(transaction=True),
]

REPS = 200
DUPLICATES = 20


def test_two_hundred_reps_at_once_with_duplicates(gunicorn, instrument):
    from tests.helpers import launched_cycle

    cycle, teams = launched_cycle(team_size=10, managers=REPS // 10)
    invitations = list(Invitation.objects.filter(relationship="team"))
    assert len(invitations) == REPS

    # Each rep opens the form first (cookies, CSRF token), as a browser would.
    sessions = []
    for index, invitation in enumerate(invitations):
        url = gunicorn.url + survey_path(invitation)
        browser = Browser()
        token = browser.form_token(url)
        data = {**full_answer(instrument, seed=index), "csrfmiddlewaretoken": token}
        sessions.append((browser, url, data))
    twice = random.Random(1).sample(sessions, DUPLICATES)  # double clicks, second tabs
    jobs = sessions + twice
    random.Random(2).shuffle(jobs)
    start = Barrier(50)

    def submit(job):
        browser, url, data = job
        with contextlib.suppress(BrokenBarrierError):  # later jobs follow the first wave
            start.wait(timeout=5)
        return browser.post(url, data)[0]

    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = Counter(pool.map(submit, jobs))

    assert statuses == {302: REPS, 409: DUPLICATES}, statuses
    assert Response.objects.count() == REPS
    assert Invitation.objects.filter(relationship="team", completed=True).count() == REPS
    per_assessment = Counter(Response.objects.values_list("assessment_id", flat=True))
    assert set(per_assessment.values()) == {10}
    assert Answer.objects.count() > REPS * 20
    record(
        "load", f"{REPS} reps + {DUPLICATES} duplicates at once (50 in flight): {dict(statuses)}"
    )
