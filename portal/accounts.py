"""Managers' accounts: created on first sign-in, reached by password or by an
e-mailed one-time link."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse

from feedback360.email import build_message
from feedback360.queueing import publish
from surveys.accounts import person_user_ensure
from surveys.models import Person

log = logging.getLogger(__name__)

_SALT = "feedback360.reports.signin-link"
LINK_MINUTES = 30


def _login_stamp(user) -> str:
    return user.last_login.isoformat() if user.last_login else "never"


def signin_token_make(user) -> str:
    """One-time: the token carries the last sign-in time, which using it changes."""
    return signing.TimestampSigner(salt=_SALT).sign_object({"u": user.pk, "l": _login_stamp(user)})


def signin_token_read(token: str):
    """The user a genuine, fresh, unused token is for, else None. Staff accounts
    never sign in by link: the admin takes a password (and its throttling)."""
    try:
        data = signing.TimestampSigner(salt=_SALT).unsign_object(token, max_age=LINK_MINUTES * 60)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or user.is_staff or data.get("l") != _login_stamp(user):
        return None
    return user


def signin_link_request(*, email: str) -> None:
    """Queue a sign-in link for the manager with this address, if there is one.

    The caller learns nothing either way: no error, no timing difference (the
    e-mail goes out from the worker, not the request)."""
    person = (
        Person.objects.filter(email=email.strip().lower(), assessments__isnull=False)
        .select_related("user")
        .first()
    )
    if person is None or (person.user and (person.user.is_staff or not person.user.is_active)):
        return
    user = person_user_ensure(person=person)
    transaction.on_commit(
        lambda: publish("portal.tasks.send_signin_link", user.pk, what="signin_link")
    )


def signin_link_send(*, user_id: int) -> bool:
    """E-mail the link. The token is made now, so it is valid from sending."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True, is_staff=False).first()
    person = Person.objects.filter(user=user).first() if user else None
    if person is None:
        return False
    url = settings.SITE_URL + reverse("signin_link", args=[signin_token_make(user)])
    context = {"name": person.name, "url": url, "minutes": LINK_MINUTES}
    build_message("signin_link", context, [person.email], language=person.language_code).send(
        using="default"
    )
    log.info("event=signin_link_sent user=%s", user.pk)
    return True
