"""Site-wide pages: the front page, the health check and the demo's outbox."""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods

from . import mail

log = logging.getLogger(__name__)


@require_http_methods(["GET", "HEAD"])
def home(request):
    return render(request, "home.html", {"debug_outbox": _outbox_enabled()})


@never_cache
@require_http_methods(["GET", "HEAD"])
def healthz(request):
    """200 when the database and the broker answer, 503 otherwise."""
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    healthy = all(value in ("ok", "not configured") for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


def _database_ok() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # any driver error means "down"
        log.warning("event=healthz_failed part=database error=%s", type(exc).__name__)
        return "unavailable"


def _broker_ok() -> str:
    if not settings.CELERY_BROKER_URL:
        return "not configured"
    from .celery import app

    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:  # kombu wraps redis errors in several types
        log.warning("event=healthz_failed part=broker error=%s", type(exc).__name__)
        return "unavailable"


# --- The demo's outbox -----------------------------------------------------------

_NAME = re.compile(r"^[\w.-]+\.eml$")


def _outbox_enabled() -> bool:
    return (
        settings.DEBUG
        and settings.MAILERS["default"]["BACKEND"] == "feedback360.mail.OutboxBackend"
    )


def _message_or_404(name: str):
    if not _outbox_enabled() or not _NAME.match(name):
        raise Http404
    path = mail.outbox_files_dir() / name
    if not path.is_file():
        raise Http404
    return mail.read_message(path)


@require_http_methods(["GET", "HEAD"])
def outbox(request):
    if not _outbox_enabled():
        raise Http404
    messages = []
    for path in mail.outbox_files()[:200]:
        message = mail.read_message(path)
        messages.append(
            {
                "name": path.name,
                "to": message["To"],
                "subject": message["Subject"],
                "date": message["Date"],
            }
        )
    return render(request, "outbox/list.html", {"messages_list": messages})


@require_http_methods(["GET", "HEAD"])
def outbox_message(request, name: str):
    message = _message_or_404(name)
    return render(
        request,
        "outbox/message.html",
        {
            "name": name,
            "to": message["To"],
            "subject": message["Subject"],
            "text": mail.body_of(message, "plain"),
        },
    )


@csp_override({"default-src": ["'none'"], "style-src": ["'unsafe-inline'"], "img-src": ["data:"]})
@require_http_methods(["GET", "HEAD"])
def outbox_message_html(request, name: str):
    message = _message_or_404(name)
    return HttpResponse(mail.body_of(message, "html"))
