"""seed_demo gives a person trying the product every screen with data, once."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Sum

from reports.models import Report
from surveys.models import (
    Assessment,
    CommentSet,
    Cycle,
    DimensionTally,
    Invitation,
    ItemTally,
    Nomination,
    Person,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_on(settings):
    settings.DEBUG = True  # as under `make run`


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("seed_demo")

    run()
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
        "people": sorted(Person.objects.values_list("email", "name", "manager__email", "language")),
        "cycles": sorted(Cycle.objects.values_list("name", "status", "k", "ask_peers", "ask_boss")),
        "assessments": Assessment.objects.count(),
        "invitations": sorted(
            Invitation.objects.values_list(
                "assessment__cycle__name", "rater__email", "relationship", "completed"
            )
        ),
        "nominations": sorted(Nomination.objects.values_list("rater__email", "status")),
        "item_answers": ItemTally.objects.aggregate(
            n=Sum("n1") + Sum("n2") + Sum("n3") + Sum("n4") + Sum("n5") + Sum("cant_say")
        )["n"],
        "respondents": DimensionTally.objects.aggregate(n=Sum("respondents"))["n"],
        "comments": sorted(text for c in CommentSet.objects.all() for text in c.entries),
        "reports": Report.objects.count(),
    }


def test_seed_demo_twice_gives_the_same_data(seeded):
    first = snapshot()
    seeded()
    assert snapshot() == first


def test_it_gives_every_screen_something_to_show(seeded):
    """(One test: the demo takes seconds to build.)"""
    # two released cycles, with every report rendered (and the overview)
    statuses = sorted(Cycle.objects.values_list("status", flat=True))
    assert statuses == ["draft", "open", "released", "released"]
    for released in Cycle.objects.filter(status="released"):
        reports = Report.objects.filter(cycle=released, pdf__isnull=False)
        assert reports.count() == released.assessments.count() + 1
    full = Cycle.objects.get(status="released", ask_peers=True)
    groups = set(
        Invitation.objects.filter(assessment__cycle=full).values_list("relationship", flat=True)
    )
    assert groups == {"self", "team", "peer", "boss"}

    # an open cycle with answers coming in
    open_cycle = Invitation.objects.filter(assessment__cycle__status="open")
    assert open_cycle.filter(completed=True).exists()
    assert open_cycle.filter(completed=False).exists()
    assert ItemTally.objects.filter(assessment__cycle__status="open").aggregate(n=Sum("n4"))["n"]

    # a draft in which Maria proposed three peers for HR to decide on
    draft = Cycle.objects.get(status="draft")
    assert draft.nominations_open and draft.ask_peers
    waiting = Nomination.objects.filter(assessment__cycle=draft, status="proposed")
    assert waiting.count() == 3
    assert set(waiting.values_list("assessment__manager__email", flat=True)) == {
        "maria.lindqvist@example.com"
    }

    # teams of four to eight, people reading several languages
    for assessment in Assessment.objects.filter(cycle=draft):
        assert 4 <= assessment.manager.reports.count() <= 8
    languages = set(Person.objects.exclude(language="").values_list("language", flat=True))
    assert languages >= {"de", "sv", "es", "fr"}


def test_it_prints_where_to_sign_in_and_the_passwords_work(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "/admin/" in out and "user: hr" in out and "password: feedback360-demo" in out
    assert "/reports/" in out and "maria.lindqvist@example.com" in out
    users = get_user_model().objects
    assert users.get(username="hr").check_password("feedback360-demo")
    assert users.get(username="maria.lindqvist@example.com").check_password("feedback360-demo")
