"""seed_demo gives a person trying the product every screen with data, once."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from reports.models import Report
from surveys.models import Answer, Assessment, Comment, Cycle, Invitation, Person, Response

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_on(settings):
    settings.DEBUG = True  # as under `make run`


@pytest.fixture
def seed(django_capture_on_commit_callbacks):
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("seed_demo")

    return run


def test_it_refuses_to_run_in_production(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="known password"):
        call_command("seed_demo")
    assert not Cycle.objects.exists()


def snapshot() -> dict:
    return {
        "users": sorted(get_user_model().objects.values_list("username", "is_superuser")),
        "people": sorted(Person.objects.values_list("email", "name", "manager__email")),
        "cycles": sorted(Cycle.objects.values_list("name", "status", "k")),
        "assessments": Assessment.objects.count(),
        "invitations": sorted(
            Invitation.objects.values_list("assessment__cycle__name", "rater__email", "completed")
        ),
        "responses": Response.objects.count(),
        "answers": sorted(Answer.objects.values_list("item_id", "value")),
        "comments": sorted(Comment.objects.values_list("text", flat=True)),
        "reports": Report.objects.count(),
    }


def test_seed_demo_twice_gives_the_same_data(seed):
    seed()
    first = snapshot()
    seed()
    assert snapshot() == first


def test_it_makes_a_draft_an_open_and_a_released_cycle(seed):
    seed()
    statuses = dict(Cycle.objects.values_list("name", "status"))
    assert sorted(statuses.values()) == ["draft", "open", "released"]
    released = Cycle.objects.get(status="released")
    assert (
        Report.objects.filter(cycle=released, pdf__isnull=False).count()
        == released.assessments.count() + 1
    )
    assert Response.objects.filter(assessment__cycle__status="open").exists()


def test_it_prints_the_hr_sign_in(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "/admin/" in out and "user: hr" in out and "password: feedback360-demo" in out
    assert get_user_model().objects.get(username="hr").check_password("feedback360-demo")


def test_teams_have_four_to_eight_reps(seed):
    seed()
    for assessment in Assessment.objects.filter(cycle__status="draft"):
        assert 4 <= assessment.manager.reports.count() <= 8
