"""E-mail for the whole site: messages from three templates, and what an SMTP
error means for whoever sends.

A message is emails/<name>_subject.txt, <name>.txt and <name>.html, rendered
in the recipient's language with the organisation's name and HR contact
available to every template.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def build_message(
    template: str, context: dict, to: list[str], *, language: str | None = None
) -> EmailMultiAlternatives:
    context = {
        "site_url": settings.SITE_URL,
        "organisation": settings.ORGANISATION_NAME,
        "hr_contact": settings.HR_CONTACT,
        **context,
    }
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    return message


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
