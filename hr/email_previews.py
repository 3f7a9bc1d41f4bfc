"""HR's preview of every e-mail a cycle sends, in each language, built by the
same code that sends them, for an example person (nothing is stored or sent)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.csp import csp_override

from reports.models import Report
from reports.services import report_ready_message
from surveys.groups import Relationship
from surveys.mail_delivery import bundle_message
from surveys.mail_queue import INVITE, REMINDER
from surveys.models import Assessment, Cycle, Invitation, Person

KINDS = ("invite", "reminder", "report_ready")
EXAMPLE_NAME = "Alex Example"


def _example_message(cycle: Cycle, kind: str, language: str):
    rater = Person(name=EXAMPLE_NAME, email="alex@example.com", language=language)
    managers = list(cycle.assessments.select_related("manager")[:2])
    if not managers:
        managers = [Assessment(cycle=cycle, manager=Person(name="Maria Example"))]
    if kind in (INVITE, REMINDER):
        # A peer asked about two managers, and their own self-assessment: every
        # line an e-mail can have.
        surveys = [Invitation(id=uuid.uuid4(), assessment=managers[0], rater=rater,
                              relationship=Relationship.SELF)]  # fmt: skip
        surveys += [
            Invitation(id=uuid.uuid4(), assessment=a, rater=rater, relationship=Relationship.PEER)
            for a in managers
        ]
        return bundle_message(cycle, surveys, kind=kind, now=timezone.now())
    report = Report(id=uuid.uuid4(), cycle=cycle, assessment=Assessment(cycle=cycle, manager=rater))
    return report_ready_message(report)


def preview_view(model_admin, request, cycle: Cycle):
    kind = request.GET.get("kind", INVITE)
    language = request.GET.get("language", settings.LANGUAGE_CODE)
    if kind not in KINDS or language not in dict(settings.LANGUAGES):
        raise Http404
    message = _example_message(cycle, kind, language)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("E-mails of “%(cycle)s”") % {"cycle": cycle.name},
        "cycle": cycle,
        "opts": Cycle._meta,
        "kinds": [
            (INVITE, gettext("Invitation")),
            (REMINDER, gettext("Reminder")),
            ("report_ready", gettext("Report ready")),
        ],
        "languages": settings.LANGUAGES,
        "kind": kind,
        "language": language,
        "subject": message.subject,
        "body": message.body,
        "example": EXAMPLE_NAME,
    }
    return TemplateResponse(request, "admin/surveys/cycle/emails.html", context)


@csp_override({"default-src": ["'none'"], "style-src": ["'unsafe-inline'"], "img-src": ["data:"]})
def preview_html(model_admin, request, cycle: Cycle):
    """The HTML part alone, with the only CSP that lets an e-mail's inline
    styles show: nothing else may load, and no script runs."""
    kind = request.GET.get("kind", INVITE)
    language = request.GET.get("language", settings.LANGUAGE_CODE)
    if kind not in KINDS or language not in dict(settings.LANGUAGES):
        raise Http404
    message = _example_message(cycle, kind, language)
    return HttpResponse(message.alternatives[0].content)
