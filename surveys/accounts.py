"""A person's sign-in account: managers read their reports with it."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Person


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
