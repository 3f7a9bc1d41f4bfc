"""Deploy checks of our own, run by `manage.py check --deploy`."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register

NO_SMTP = Warning(
    "EMAIL_HOST is not set, so e-mails are written to the outbox folder instead of being sent.",
    hint="Set EMAIL_HOST (and EMAIL_PORT) to your SMTP relay; invitations depend on it.",
    id="feedback360.W001",
)


@register(Tags.security, deploy=True)
def check_mail_is_sent(app_configs, **kwargs):
    backend = settings.MAILERS["default"]["BACKEND"]
    return [NO_SMTP] if backend == "feedback360.mail.OutboxBackend" else []
