"""E-mail for the whole site: messages from three templates, and what an SMTP
error means for whoever sends.

A message is emails/<name>_subject.txt, <name>.txt and <name>.html, rendered
in the recipient's language with the organisation's name and HR contact
available to every template. When many people get the same e-mail but for
their names and links, a `Stencil` renders it once and fills it per person.
"""

from __future__ import annotations

import contextlib
import re
import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape


def _render(template: str, context: dict, language: str | None) -> tuple[str, str, str]:
    context = {
        "site_url": settings.SITE_URL,
        "organisation": settings.ORGANISATION_NAME,
        "hr_contact": settings.HR_CONTACT,
        **context,
    }
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    return subject, text, html


def _message(subject: str, text: str, html: str, to: list[str]) -> EmailMultiAlternatives:
    # A subject is one line, whatever the template's (or a name's) line breaks.
    message = EmailMultiAlternatives(
        " ".join(subject.split()), text, settings.DEFAULT_FROM_EMAIL, to
    )
    message.attach_alternative(html, "text/html")
    return message


def build_message(
    template: str, context: dict, to: list[str], *, language: str | None = None
) -> EmailMultiAlternatives:
    return _message(*_render(template, context, language), to)


# --- One rendering, many recipients ----------------------------------------------------

# Private-use characters: in no template, no translation, and left alone by
# HTML escaping and by str.split().
_SLOT = re.compile("\ue000([^\ue000\ue001]*)\ue001")


def slot(name: str) -> str:
    """A stand-in for a value that differs per recipient, to put in a
    Stencil's context where the value would go."""
    return f"\ue000{name}\ue001"


def _fill(parts: list[str], values: dict[str, str]) -> str:
    filled = parts.copy()
    filled[1::2] = [values[name] for name in parts[1::2]]
    return "".join(filled)


class Stencil:
    """A message rendered once with slots for what differs per recipient, then
    filled for each: the message build_message would render with the values in
    the context, without rendering three templates per person.

    A slot's value may only be printed by the templates (no filter on it, no
    {% if %} about it): the HTML part gets it escaped as autoescaping would,
    the subject and text parts as it is. tests/surveys/test_emails.py compares
    both ways for every shape of e-mail the sender fills this way.
    """

    def __init__(self, template: str, context: dict, *, language: str | None = None):
        self._parts = [_SLOT.split(part) for part in _render(template, context, language)]

    def fill(self, values: dict[str, str], to: list[str]) -> EmailMultiAlternatives:
        subject, text, html = self._parts
        escaped = {name: escape(value) for name, value in values.items()}
        return _message(_fill(subject, values), _fill(text, values), _fill(html, escaped), to)


# --- What an SMTP error means ------------------------------------------------------

TRANSIENT_ERRORS = (smtplib.SMTPException, OSError, socket.timeout)


def _smtp_code(exc: Exception) -> int | None:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return min(codes) if codes else None
    return getattr(exc, "smtp_code", None)


def is_permanent(exc: Exception) -> bool:
    """A 5xx about this recipient or message: retrying will not help.

    Refusals of the sender or of our credentials are problems of the whole
    server set-up, not of one recipient, so they are retried like an outage.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError):
        code = _smtp_code(exc)
        return code is not None and code >= 500
    return False


def short_error(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]


def close_quietly(connection) -> None:
    # A broken connection may fail to say goodbye; that is not news.
    with contextlib.suppress(Exception):
        connection.close()
