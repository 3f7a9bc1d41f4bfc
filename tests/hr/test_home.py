"""HR's home at /admin/: every cycle that needs something, with its deadline,
response rates, failed e-mails and the next step."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from surveys import lifecycle, rosters
from surveys.models import Invitation
from tests.factories import PersonFactory, team
from tests.helpers import launched_cycle
from tests.surveys.support import answer, draft, text

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning, in winter time


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def home(hr_client) -> str:
    return text(hr_client.get("/admin/"))


def test_with_no_cycles_the_home_page_offers_to_create_one(hr_client):
    assert "No cycles yet. Create the first one" in home(hr_client)


def test_an_open_cycle_shows_deadline_rates_and_next_steps(hr_client, instrument):
    cycle, [(ann, reps), (bob, _)] = launched_cycle(
        team_size=3, managers=2, name="Spring", closes_at=datetime(2026, 3, 16, 17, 0, tzinfo=UTC)
    )
    two_hours_ago = timezone.now() - timedelta(hours=2)
    Invitation.objects.update(send_status="sent", sent_at=two_hours_ago, queued_at=two_hours_ago)
    for rep in reps:
        answer(Invitation.objects.get(rater=rep))
    Invitation.objects.filter(assessment__manager=bob, relationship="team").update(
        send_status="failed", send_error="550 no such user"
    )
    response = hr_client.get("/admin/")
    page = text(response)
    assert "Dates are in UTC." in page
    assert "Spring Open 16 March 2026, 17:00 UTC" in page
    assert "3 / 8 (38%)" in page  # overall
    assert "Self: 0 / 2 (0%)" in page and "Direct reports: 3 / 6 (50%)" in page
    assert "1 manager below the team threshold so far" in page
    assert "3 e-mails failed" in page
    assert "2 can be reminded now" in page  # the two self-assessments
    html = response.content.decode()
    assert f"/admin/surveys/cycle/{cycle.pk}/transition/remind/" in html
    assert f"/admin/surveys/cycle/{cycle.pk}/transition/close/" in html
    failed_list = (
        f"/admin/surveys/invitation/?assessment__cycle__id__exact={cycle.pk}"
        "&amp;send_status__exact=failed"
    )
    assert failed_list in html


def test_the_deadline_is_given_in_the_organisations_time_zone(hr_client, instrument, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    launched_cycle(team_size=3, name="Spring", closes_at=datetime(2026, 3, 16, 16, 0, tzinfo=UTC))
    page = home(hr_client)
    assert "Dates are in Europe/Berlin." in page
    assert "16 March 2026, 17:00 CET" in page


def test_a_draft_shows_its_managers_pending_nominations_and_the_launch_step(hr_client, instrument):
    ann, _ = team(3)
    bob, _ = team(3)
    cycle = draft([ann, bob], ask_peers=True, nominations_open=True, name="Autumn")
    rosters.nominations_propose(assessment=cycle.assessments.get(manager=ann), peers=[bob])
    response = hr_client.get("/admin/")
    page = text(response)
    assert "Autumn Draft" in page
    assert "2 managers" in page and "1 nomination to decide" in page
    assert f"/admin/surveys/cycle/{cycle.pk}/transition/launch/" in response.content.decode()


def test_a_closed_cycle_offers_the_release_step_and_its_real_close_date(hr_client, instrument):
    cycle, _ = launched_cycle(team_size=3, name="Pulse")
    with time_machine.travel(NOW + timedelta(days=1, hours=1), tick=False):
        lifecycle.cycle_close(cycle_id=cycle.pk)
    cycle.refresh_from_db()
    assert cycle.ended_at < cycle.closes_at
    response = hr_client.get("/admin/")
    assert "Pulse Closed 3 March 2026, 10:00 UTC" in text(response)
    assert f"/admin/surveys/cycle/{cycle.pk}/transition/release/" in response.content.decode()


def test_a_released_cycle_links_its_overview(
    hr_client, instrument, django_capture_on_commit_callbacks
):
    from reports.models import Report
    from reports.release import cycle_release

    cycle, _ = launched_cycle(team_size=3, name="Done")
    lifecycle.cycle_close(cycle_id=cycle.pk)
    with django_capture_on_commit_callbacks(execute=True):
        cycle_release(cycle_id=cycle.pk)
    overview = Report.objects.get(cycle=cycle, kind="overview")
    response = hr_client.get("/admin/")
    assert "Done Reports released" in text(response)
    assert f"/admin/reports/report/{overview.pk}/download/" in response.content.decode()


def test_an_hr_user_who_is_rated_sees_no_count_about_their_own_team(hr_client, hr_user, instrument):
    me, my_reps = team(3, manager=PersonFactory(name="Hilda Hr", user=hr_user))
    other, other_reps = team(3, manager=PersonFactory(name="Otto Other"))
    cycle = draft([me, other], name="Spring")
    lifecycle.cycle_launch(cycle_id=cycle.pk)
    two_hours_ago = timezone.now() - timedelta(hours=2)
    Invitation.objects.update(send_status="sent", sent_at=two_hours_ago, queued_at=two_hours_ago)
    for rep in my_reps:
        answer(Invitation.objects.get(rater=rep))
    answer(Invitation.objects.get(rater=other_reps[0]))
    Invitation.objects.filter(rater=my_reps[0]).update(send_status="failed")

    page = home(hr_client)
    assert (
        "You are rated in an active cycle: the answers about you are left out of these counts."
        in page
    )
    assert "1 / 4 (25%)" in page  # Otto and his team only
    assert "Direct reports: 1 / 3 (33%)" in page
    assert "Self: 0 / 1 (0%)" in page
    assert "e-mail failed" not in page  # the failure is on Hilda's team
    assert "3 can be reminded now" in page  # Otto and two of his reps
