"""Two tabs, a double click, twenty at once: one answer per invitation, enforced
by PostgreSQL's row lock; fifty raters of one manager at once: every count
exact, no deadlock. Through real HTTP requests."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest

from surveys.models import DimensionTally, Invitation, ItemTally
from tests.helpers import full_answer, launched_cycle, survey_path

pytestmark = [pytest.mark.needs_postgres, pytest.mark.django_db(transaction=True)]


def fetch_form(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        cookie = response.headers["Set-Cookie"].split(";")[0]
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return cookie, token


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post(url: str, data: dict, cookie: str) -> int:
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, headers={"Cookie": cookie}, method="POST")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_twenty_simultaneous_posts_record_exactly_one_answer(live_server, instrument):
    launched_cycle(team_size=3)
    invitation = Invitation.objects.filter(relationship="team").first()
    url = live_server.url + survey_path(invitation)
    cookie, csrf = fetch_form(url)
    data = {**full_answer(instrument, value=3), "csrfmiddlewaretoken": csrf}
    start = Barrier(20)

    def submit(_):
        start.wait()
        return post(url, data, cookie)

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(submit, range(20)))

    assert sorted(statuses) == [302] + [409] * 19
    rows = ItemTally.objects.filter(assessment=invitation.assessment, relationship="team")
    assert rows.count() == 30 and all(r.n3 == 1 and sum(r.counts) == 1 for r in rows)
    invitation.refresh_from_db()
    assert invitation.completed is True


def test_an_answer_in_flight_when_the_cycle_closes_is_refused(instrument):
    """Closing holds the cycle's row; a submission waits for it and then sees
    the cycle closed, so no answer lands after the close."""
    import threading

    from django.db import connections, transaction

    from surveys.answering import response_submit
    from surveys.errors import NotAccepting
    from surveys.models import Cycle

    cycle, _ = launched_cycle(team_size=3)
    invitation = Invitation.objects.select_related("assessment__cycle__instrument").filter(
        relationship="team"
    )[0]
    answers = {
        int(k.split("_")[1]): int(v)
        for k, v in full_answer(instrument).items()
        if k.startswith("item_")
    }
    outcome = {}

    def submit():
        try:
            response_submit(invitation=invitation, answers=answers, comments={})
            outcome["result"] = "recorded"
        except NotAccepting:
            outcome["result"] = "refused"
        finally:
            connections.close_all()

    with transaction.atomic():
        Cycle.objects.select_for_update().get(pk=cycle.pk)  # the close has begun
        thread = threading.Thread(target=submit)
        thread.start()
        thread.join(timeout=1)
        assert thread.is_alive(), "the submission should wait for the close"
        Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.CLOSED)
    thread.join(timeout=10)
    assert outcome["result"] == "refused"
    assert not ItemTally.objects.exists()
    invitation.refresh_from_db()
    assert invitation.completed is False


def test_fifty_raters_of_one_manager_at_once_are_all_counted_exactly(live_server, instrument):
    """Every submission rewrites the same tally rows: fifty at once must queue on
    their row locks, in one order, and lose no increment."""
    launched_cycle(team_size=50)
    invitations = list(Invitation.objects.filter(relationship="team"))
    forms = []
    for number, invitation in enumerate(invitations):
        url = live_server.url + survey_path(invitation)
        cookie, csrf = fetch_form(url)
        value = 1 + number % 5
        forms.append(
            (url, cookie, {**full_answer(instrument, value=value), "csrfmiddlewaretoken": csrf})
        )
    start = Barrier(len(forms))

    def submit(form):
        url, cookie, data = form
        start.wait()
        return post(url, data, cookie)

    with ThreadPoolExecutor(max_workers=len(forms)) as pool:
        statuses = list(pool.map(submit, forms))

    assert statuses == [302] * 50
    assert Invitation.objects.filter(relationship="team", completed=True).count() == 50
    for row in ItemTally.objects.filter(relationship="team"):
        assert row.counts == (10, 10, 10, 10, 10) and row.cant_say == 0
    # Each of the ten dimensions: ten respondents at each whole score 1..5 (3 items each).
    totals = {}
    for row in DimensionTally.objects.filter(relationship="team", respondents__gt=0):
        totals[row.dimension_id] = totals.get(row.dimension_id, 0) + row.respondents
    assert len(totals) == 10 and set(totals.values()) == {50}
