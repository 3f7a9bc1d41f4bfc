"""Managers' accounts: created on first sign-in, reached by password or by an
e-mailed one-time link."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse

from surveys.emails import build_message
from surveys.models import Person

log = logging.getLogger(__name__)

_SALT = "feedback360.reports.signin-link"
LINK_MINUTES = 30


def person_user_ensure(*, person: Person):
    """The person's user account, created (without a password) if missing."""
    if person.user_id:
        return person.user
    User = get_user_model()
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            username=person.email, defaults={"email": person.email}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        Person.objects.filter(pk=person.pk, user__isnull=True).update(user=user)
    return user


def _login_stamp(user) -> str:
    return user.last_login.isoformat() if user.last_login else "never"


def signin_token_make(user) -> str:
    """One-time: the token carries the last sign-in time, which using it changes."""
    return signing.TimestampSigner(salt=_SALT).sign_object({"u": user.pk, "l": _login_stamp(user)})


def signin_token_read(token: str):
    """The user a genuine, fresh, unused token is for, else None."""
    try:
        data = signing.TimestampSigner(salt=_SALT).unsign_object(token, max_age=LINK_MINUTES * 60)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or data.get("l") != _login_stamp(user):
        return None
    return user


def signin_link_send(*, email: str) -> bool:
    """Send a sign-in link to a manager or staff member with this address.

    Says nothing to the caller about whether the address is known.
    """
    email = email.strip().lower()
    person = Person.objects.filter(email=email, assessments__isnull=False).distinct().first()
    if person is not None:
        user = person_user_ensure(person=person)
        name = person.name
    else:
        user = (
            get_user_model()
            .objects.filter(email__iexact=email, is_active=True, is_staff=True)
            .first()
        )
        name = user.get_full_name() or user.username if user else ""
    if user is None or not user.is_active:
        return False
    url = settings.SITE_URL + reverse("signin_link", args=[signin_token_make(user)])
    build_message("signin_link", {"name": name, "url": url, "minutes": LINK_MINUTES}, [email]).send(
        using="default"
    )
    log.info("event=signin_link_sent user=%s", user.pk)
    return True
