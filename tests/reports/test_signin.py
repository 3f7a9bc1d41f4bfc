"""Managers sign in with a password or an e-mailed one-time link; both are throttled."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from portal.accounts import person_user_ensure
from tests.factories import AssessmentFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(instrument):
    return AssessmentFactory(
        manager=PersonFactory(name="Ann Able", email="ann@example.com")
    ).manager


def link_from_outbox() -> str:
    return re.search(r"http://testserver(/signin/link/\S+/)", mail.outbox[-1].body).group(1)


def test_a_manager_signs_in_with_an_emailed_link(
    client, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/signin/link/", {"email": "ANN@example.com"})
    assert response.status_code == 200 and "Check your e-mail" in response.content.decode()
    assert mail.outbox[-1].to == ["ann@example.com"]
    path = link_from_outbox()

    confirm = client.get(path)  # a mail scanner's visit signs nobody in
    assert confirm.status_code == 200
    assert client.get("/reports/").status_code == 302

    assert client.post(path).status_code == 302
    assert client.get("/reports/").status_code == 200


def test_a_sign_in_link_works_once(client, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/signin/link/", {"email": "ann@example.com"})
    path = link_from_outbox()
    client.post(path)
    client.post("/signout/")
    again = client.post(path)
    assert again.status_code == 404
    assert "not valid" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    client, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/signin/link/", {"email": "nobody@example.com"})
    assert response.status_code == 200 and "Check your e-mail" in response.content.decode()
    assert mail.outbox == []


def test_a_tampered_link_is_refused(client, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/signin/link/", {"email": "ann@example.com"})
    path = link_from_outbox()
    assert client.post(path[:-3] + "xx/").status_code == 404


def test_password_sign_in_is_throttled_after_five_failures(client, manager):
    user = person_user_ensure(person=manager)
    user.set_password("correct horse battery")
    user.save()
    for _ in range(5):
        assert (
            client.post(
                "/signin/", {"username": "ann@example.com", "password": "wrong"}
            ).status_code
            == 400
        )
    blocked = client.post(
        "/signin/", {"username": "ann@example.com", "password": "correct horse battery"}
    )
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.content.decode()


def test_admin_sign_in_is_throttled_after_five_failures(client, hr_user):
    for _ in range(5):
        response = client.post("/admin/login/", {"username": "hr", "password": "nope"})
        assert response.status_code == 200  # the admin's own "wrong password" page
    blocked = client.post("/admin/login/", {"username": "hr", "password": "hr-password-123"})
    assert blocked.status_code == 429


def test_admin_sign_in_works_with_the_right_password(client, hr_user):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "hr", "password": "hr-password-123"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_behind_a_proxy_failures_count_per_client_not_per_proxy(client, manager, settings):
    """Behind one proxy, each client is throttled by its own address."""
    settings.TRUSTED_PROXY_COUNT = 1
    user = person_user_ensure(person=manager)
    user.set_password("correct horse battery")
    user.save()
    for n in range(20):  # twenty guessers, one failure each, all through the proxy
        client.post(
            "/signin/",
            {"username": f"user{n}@example.com", "password": "x"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    ok = client.post(
        "/signin/",
        {"username": "ann@example.com", "password": "correct horse battery"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert ok.status_code == 302


def test_a_forged_forwarded_for_does_not_escape_the_throttle(client, manager, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(20):
        client.post(
            "/signin/",
            {"username": f"user{n}@example.com", "password": "x"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.9",  # the proxy saw 203.0.113.9
        )
    blocked = client.post(
        "/signin/",
        {"username": "other@example.com", "password": "x"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.9",
    )
    assert blocked.status_code == 429


def test_staff_cannot_sign_in_by_link(client, hr_user, manager, django_capture_on_commit_callbacks):
    """The admin takes a password (throttled); a link in a mailbox is not enough."""
    from portal.accounts import signin_token_make

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/signin/link/", {"email": hr_user.email})
    assert mail.outbox == []
    forged = signin_token_make(hr_user)  # even a genuine token for a staff account
    assert client.post(f"/signin/link/{forged}/").status_code == 404
    assert client.get("/admin/").status_code == 302


def test_a_rated_hr_person_cannot_sign_in_by_link_either(
    client, hr_user, django_capture_on_commit_callbacks
):
    person = AssessmentFactory(manager=PersonFactory(email=hr_user.email)).manager
    person.user = hr_user
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/signin/link/", {"email": hr_user.email})
    assert mail.outbox == []


def test_asking_for_a_link_never_fails_even_with_smtp_down(
    client, manager, smtp, django_capture_on_commit_callbacks
):
    from feedback360.celery import app

    smtp.stop()
    app.conf.task_eager_propagates = False  # as in the embedded mode
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/signin/link/", {"email": "ann@example.com"})
        unknown = client.post("/signin/link/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 200
    assert known.content.replace(b"ann@", b"X@") == unknown.content.replace(b"nobody@", b"X@")


def test_link_requests_are_limited_per_address_not_per_office(
    client, instrument, django_capture_on_commit_callbacks
):
    managers = [AssessmentFactory().manager for _ in range(12)]
    with django_capture_on_commit_callbacks(execute=True):
        for m in managers:  # twelve managers behind one NAT, after a release
            assert client.post("/signin/link/", {"email": m.email}).status_code == 200
        for _ in range(5):  # one address, again and again
            client.post("/signin/link/", {"email": managers[0].email})
    sent = [m.to[0] for m in mail.outbox]
    assert sorted(set(sent)) == sorted(m.email for m in managers)
    assert sent.count(managers[0].email) == 3


def test_the_sign_in_form_asks_for_an_e_mail_address(client):
    page = client.get("/signin/").content.decode()
    assert "E-mail address" in page and "Username" not in page


def test_a_manager_who_came_by_link_sets_a_password_and_signs_in_with_it(client, manager):
    user = person_user_ensure(person=manager)
    assert not user.has_usable_password()
    client.force_login(user)
    assert "Set a password" in client.get("/reports/").content.decode()
    form = client.get("/account/password/").content.decode()
    assert "old_password" not in form  # nothing to give: they never had one
    response = client.post(
        "/account/password/",
        {"new_password1": "a-long-river-stone-2027", "new_password2": "a-long-river-stone-2027"},
    )
    assert response.status_code == 302
    client.logout()
    response = client.post(
        "/signin/", {"username": manager.email.upper(), "password": "a-long-river-stone-2027"}
    )
    assert response.status_code == 302 and response["Location"] == "/reports/"


def test_changing_a_password_needs_the_old_one(client, manager):
    user = person_user_ensure(person=manager)
    user.set_password("first-password-here-1")
    user.save()
    client.force_login(user)
    response = client.post(
        "/account/password/",
        {
            "old_password": "wrong",
            "new_password1": "x-new-pass-9876",
            "new_password2": "x-new-pass-9876",
        },
    )
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.check_password("first-password-here-1")
