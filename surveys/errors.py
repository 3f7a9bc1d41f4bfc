"""Refusals of the cycle's rules, with messages meant for the person who asked."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class ServiceError(Exception):
    """A rule refused the request; the message is meant for the person who asked."""


class AlreadyAnswered(ServiceError):
    pass


class NotAccepting(ServiceError):
    pass


def status_in_sentence(status: str) -> str:
    """A cycle's status inside a sentence ("… is closed: …"), as its own
    message: lowercasing the label would break languages that capitalise nouns."""
    return str(
        {
            "draft": _("a draft"),
            "open": _("open"),
            "closed": _("closed"),
            "released": _("released"),
        }.get(status, status)
    )


def refuse(template: str, cycle, **details) -> ServiceError:
    status = status_in_sentence(cycle.status)
    return ServiceError(template.format(cycle=cycle.name, status=status, **details))
