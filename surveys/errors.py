"""Refusals of the cycle's rules, with messages meant for the person who asked."""

from __future__ import annotations


class ServiceError(Exception):
    """A rule refused the request; the message is meant for the person who asked."""


class AlreadyAnswered(ServiceError):
    pass


class NotAccepting(ServiceError):
    pass


def refuse(template: str, cycle, **details) -> ServiceError:
    status = cycle.get_status_display().lower()
    return ServiceError(template.format(cycle=cycle.name, status=status, **details))
