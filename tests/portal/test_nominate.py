"""A manager proposes their peers from the portal while the cycle is a draft."""

from __future__ import annotations

import pytest

from surveys.accounts import person_user_ensure
from surveys.models import Nomination
from tests.factories import PersonFactory, team
from tests.surveys.support import PEER, draft, launch, nominate, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(instrument):
    manager, _ = team(3, manager=PersonFactory(name="Ann Able"))
    return manager


@pytest.fixture
def colleagues(instrument):
    return [
        PersonFactory(name="Bob Brand", email="bob@example.com"),
        PersonFactory(name="Cara Cole", email="cara@example.com"),
    ]


@pytest.fixture
def cycle(ann):
    return draft([ann], ask_peers=True, nominations_open=True, name="Spring 360")


@pytest.fixture
def ann_client(client, ann):
    client.force_login(person_user_ensure(person=ann))
    return client


def url(cycle, manager) -> str:
    return f"/reports/nominate/{cycle.assessments.get(manager=manager).pk}/"


def proposed():
    return set(Nomination.objects.values_list("rater__email", "relationship", "status", "source"))


def test_my_reports_offers_to_propose_peers_while_the_cycle_is_a_draft(ann_client, cycle, ann):
    page = ann_client.get("/reports/").content.decode()
    assert url(cycle, ann) in page and "Propose peers" in page


def test_a_manager_proposes_peers_by_email_and_hr_is_asked(ann_client, cycle, ann, colleagues):
    page = ann_client.get(url(cycle, ann))
    assert page.status_code == 200 and "Propose your peers" in text(page)

    done = ann_client.post(
        url(cycle, ann),
        {"emails": "BOB@example.com\n cara@example.com, bob@example.com"},
        follow=True,
    )
    assert "Thank you. 2 new name(s) sent to HR for approval." in text(done)
    assert proposed() == {
        ("bob@example.com", PEER, "proposed", "manager"),
        ("cara@example.com", PEER, "proposed", "manager"),
    }
    listed = text(done)
    assert "Your list so far" in listed and "Bob Brand (Waiting for HR)" in listed


def test_addresses_not_in_the_directory_are_refused_and_nothing_is_saved(
    ann_client, cycle, ann, colleagues
):
    gone = PersonFactory(email="gone@example.com", is_active=False)
    response = ann_client.post(
        url(cycle, ann), {"emails": f"bob@example.com\nnobody@example.com\n{gone.email}"}
    )
    assert response.status_code == 400
    assert (
        "Not found in the directory: gone@example.com, nobody@example.com. Check the spelling, "
        "or ask HR to add them."
    ) in text(response)
    assert not Nomination.objects.exists()


def test_a_manager_cannot_propose_themself(ann_client, cycle, ann, colleagues):
    response = ann_client.post(url(cycle, ann), {"emails": f"{ann.email}\nbob@example.com"})
    assert response.status_code == 400
    assert "You cannot nominate yourself." in text(response)
    assert not Nomination.objects.exists()


def test_at_most_thirty_people_can_be_proposed(ann_client, cycle, ann):
    many = "\n".join(f"peer{i}@example.com" for i in range(31))
    response = ann_client.post(url(cycle, ann), {"emails": many})
    assert response.status_code == 400
    assert "Please propose at most 30 people." in text(response)


def test_hrs_decisions_are_shown_to_the_manager(ann_client, cycle, ann, colleagues):
    bob, cara = colleagues
    nominate(cycle, ann, [bob], PEER, status=Nomination.Status.APPROVED)
    nominate(cycle, ann, [cara], PEER, status=Nomination.Status.DECLINED)
    page = text(ann_client.get(url(cycle, ann)))
    assert "Bob Brand (Approved)" in page and "Cara Cole (Declined)" in page


@pytest.mark.parametrize(
    "change",
    [{"nominations_open": False}, {"ask_peers": False}],
    ids=["nominations off", "no peers asked"],
)
def test_nominations_are_closed_when_hr_turned_them_off(ann_client, cycle, ann, colleagues, change):
    for field, value in change.items():
        setattr(cycle, field, value)
    cycle.save()
    page = ann_client.get(url(cycle, ann))
    assert "Nominations for this cycle are closed." in text(page)
    assert 'name="emails"' not in page.content.decode()
    response = ann_client.post(url(cycle, ann), {"emails": "bob@example.com"})
    assert response.status_code == 409
    assert not Nomination.objects.exists()


def test_nominations_are_closed_once_the_cycle_is_launched(ann_client, cycle, ann, colleagues):
    launch(cycle)
    assert "Propose peers" not in ann_client.get("/reports/").content.decode()
    response = ann_client.post(url(cycle, ann), {"emails": "bob@example.com"})
    assert response.status_code == 409
    assert "Nominations for this cycle are closed." in text(response)
    assert not Nomination.objects.exists()


def test_another_managers_nomination_page_is_not_found(client, cycle, ann, colleagues):
    bob = colleagues[0]
    client.force_login(person_user_ensure(person=bob))
    assert client.get(url(cycle, ann)).status_code == 404
    assert client.post(url(cycle, ann), {"emails": "cara@example.com"}).status_code == 404
    assert not Nomination.objects.exists()


def test_a_user_who_is_not_a_person_gets_not_found(client, cycle, ann, django_user_model):
    client.force_login(django_user_model.objects.create_user("stranger"))
    assert client.get(url(cycle, ann)).status_code == 404


def test_the_page_needs_a_sign_in(client, cycle, ann):
    response = client.get(url(cycle, ann))
    assert response.status_code == 302 and response["Location"].startswith("/signin/")
