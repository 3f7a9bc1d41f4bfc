"""Nominations: managers propose their peers while a cycle is a draft, HR
approves or declines them (in the admin), and launch asks the approved ones."""

from __future__ import annotations

import pytest

from surveys import rosters
from surveys.errors import ServiceError
from surveys.models import Nomination
from tests.factories import PersonFactory, team

from .support import PEER, TEAM, draft, invited, launch, nominate, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def nominating(instrument):
    """A draft in which managers nominate peers: Ann, Bob and Cara, and two
    colleagues from elsewhere."""
    ann, _ = team(3, manager=PersonFactory(name="Ann Able"))
    bob, _ = team(3, manager=PersonFactory(name="Bob Brand"))
    cara, _ = team(3, manager=PersonFactory(name="Cara Cole"))
    cycle = draft([ann, bob, cara], ask_peers=True, nominations_open=True, name="Spring")
    return cycle, ann, bob, cara


def proposals(cycle):
    return set(
        Nomination.objects.filter(assessment__cycle=cycle).values_list(
            "assessment__manager__name", "rater__name", "status"
        )
    )


def test_a_manager_proposes_peers_for_hr_to_approve(nominating):
    cycle, ann, bob, cara = nominating
    added = rosters.nominations_propose(
        assessment=cycle.assessments.get(manager=ann), peers=[bob, cara]
    )
    assert added == 2
    assert proposals(cycle) == {
        ("Ann Able", "Bob Brand", "proposed"),
        ("Ann Able", "Cara Cole", "proposed"),
    }
    assert rosters.nominations_pending(cycle) == 2


def test_a_new_list_replaces_the_managers_earlier_proposals_but_not_hrs_decisions(nominating):
    cycle, ann, bob, cara = nominating
    assessment = cycle.assessments.get(manager=ann)
    rosters.nominations_propose(assessment=assessment, peers=[bob, cara])
    approved = Nomination.objects.get(rater=bob)
    rosters.nominations_decide(nomination_ids=[approved.pk], approve=True)
    zoe = PersonFactory(name="Zoe Zed")

    rosters.nominations_propose(assessment=assessment, peers=[zoe])
    assert proposals(cycle) == {
        ("Ann Able", "Bob Brand", "approved"),
        ("Ann Able", "Zoe Zed", "proposed"),
    }


def test_a_manager_cannot_nominate_themself(nominating):
    cycle, ann, bob, _ = nominating
    with pytest.raises(ServiceError, match="You cannot nominate yourself"):
        rosters.nominations_propose(assessment=cycle.assessments.get(manager=ann), peers=[ann, bob])
    assert not Nomination.objects.exists()


def test_someone_already_rating_in_another_group_cannot_be_proposed_as_a_peer(nominating):
    cycle, ann, bob, _ = nominating
    tom = PersonFactory(name="Tom Team")
    nominate(cycle, ann, [tom], TEAM)
    with pytest.raises(ServiceError) as refused:
        rosters.nominations_propose(assessment=cycle.assessments.get(manager=ann), peers=[tom])
    assert str(refused.value) == (
        "Tom Team already rates you in this cycle, as one of your direct reports."
    )


@pytest.mark.parametrize(
    "change",
    [{"nominations_open": False}, {"ask_peers": False}, {"status": "open"}],
    ids=["nominations off", "no peers asked", "launched"],
)
def test_proposals_are_refused_when_nominations_are_closed(nominating, change):
    cycle, ann, bob, _ = nominating
    for field, value in change.items():
        setattr(cycle, field, value)
    cycle.save()
    with pytest.raises(ServiceError, match="Nominations for “Spring” are closed"):
        rosters.nominations_propose(assessment=cycle.assessments.get(manager=ann), peers=[bob])


def test_only_approved_peers_are_asked_at_launch(nominating):
    cycle, ann, bob, cara = nominating
    rosters.nominations_propose(assessment=cycle.assessments.get(manager=ann), peers=[bob, cara])
    rosters.nominations_decide(nomination_ids=[Nomination.objects.get(rater=bob).pk], approve=True)
    rosters.nominations_decide(
        nomination_ids=[Nomination.objects.get(rater=cara).pk], approve=False
    )
    launch(cycle)
    assert {(m, r) for m, r, rel in invited(cycle) if rel == PEER} == {("Ann Able", "Bob Brand")}


def test_decisions_are_refused_once_the_cycle_is_launched(nominating):
    cycle, ann, bob, _ = nominating
    rosters.nominations_propose(assessment=cycle.assessments.get(manager=ann), peers=[bob])
    launch(cycle, allow_pending=True)
    assert (
        rosters.nominations_decide(nomination_ids=[Nomination.objects.get().pk], approve=True) == 0
    )
    assert Nomination.objects.get().status == "proposed"


# --- HR decides in the admin -------------------------------------------------------------------


def test_hr_sees_the_proposals_and_approves_or_declines_them(nominating, hr_client):
    cycle, ann, bob, cara = nominating
    rosters.nominations_propose(assessment=cycle.assessments.get(manager=ann), peers=[bob, cara])

    cycle_page = text(hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/change/"))
    assert "2 nominations wait for your decision" in cycle_page
    listing = text(
        hr_client.get(
            f"/admin/surveys/nomination/?assessment__cycle__id__exact={cycle.pk}&status__exact=proposed"
        )
    )
    assert "Bob Brand" in listing and "Cara Cole" in listing
    assert "Waiting for HR" in listing and "Proposed by the manager" in listing

    approve = hr_client.post(
        "/admin/surveys/nomination/",
        {"action": "approve", "_selected_action": [Nomination.objects.get(rater=bob).pk]},
        follow=True,
    )
    assert "1 nomination(s) approved." in text(approve)
    decline = hr_client.post(
        "/admin/surveys/nomination/",
        {"action": "decline", "_selected_action": [Nomination.objects.get(rater=cara).pk]},
        follow=True,
    )
    assert "1 nomination(s) declined." in text(decline)
    assert proposals(cycle) == {
        ("Ann Able", "Bob Brand", "approved"),
        ("Ann Able", "Cara Cole", "declined"),
    }
    assert "nominations wait" not in text(hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/change/"))


def test_hr_adds_a_nomination_only_to_a_draft_cycle(nominating, hr_client):
    cycle, ann, bob, _ = nominating
    other, _ = team(3)
    launched = draft([other])
    launch(launched)
    form = hr_client.get("/admin/surveys/nomination/add/").content.decode()
    draft_assessment = cycle.assessments.get(manager=ann)
    assert f'value="{draft_assessment.pk}"' in form
    assert f'value="{launched.assessments.get().pk}"' not in form

    response = hr_client.post(
        "/admin/surveys/nomination/add/",
        {
            "assessment": draft_assessment.pk,
            "rater": bob.pk,
            "relationship": PEER,
            "status": "approved",
            "source": "hr",
        },
    )
    assert response.status_code == 302
    assert proposals(cycle) == {("Ann Able", "Bob Brand", "approved")}


def test_nominations_of_a_launched_cycle_are_read_only(nominating, hr_client):
    cycle, ann, bob, _ = nominating
    nominate(cycle, ann, [bob], PEER)
    launch(cycle)
    nomination = Nomination.objects.get()
    page = hr_client.get(f"/admin/surveys/nomination/{nomination.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert hr_client.post(f"/admin/surveys/nomination/{nomination.pk}/delete/").status_code == 403
