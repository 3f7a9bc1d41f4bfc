"""Deploy checks of our own, run by `manage.py check --deploy`."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

NO_SMTP = Error(
    "EMAIL_HOST is not set: no invitation, reminder or report e-mail would leave this "
    "server (they would only be written to the outbox folder).",
    hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, "
    "EMAIL_USE_TLS) to your SMTP relay. For a trial with a mail catcher, point EMAIL_HOST "
    "at the catcher explicitly.",
    id="feedback360.E001",
)
PLAIN_HTTP = Warning(
    "ALLOW_PLAIN_HTTP is on: cookies are sent without the Secure flag and plain HTTP is "
    "neither redirected nor refused.",
    hint="Only for a trial on a private network. Serve production over HTTPS and remove it.",
    id="feedback360.W002",
)


@register(Tags.security, deploy=True)
def check_mail_is_sent(app_configs, **kwargs):
    backend = settings.MAILERS["default"]["BACKEND"]
    return [NO_SMTP] if backend == "feedback360.mail.OutboxBackend" else []


@register(Tags.security, deploy=True)
def check_https(app_configs, **kwargs):
    return [PLAIN_HTTP] if settings.ALLOW_PLAIN_HTTP else []
