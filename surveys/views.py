"""The survey page behind an e-mailed link. No sign-in: the signed token is the key.

GET only shows the form (corporate link scanners open every link); the POST
submits. Every bad case has its own page and a 4xx status.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from functools import wraps

from django.contrib.messages import get_messages
from django.db import DEFAULT_DB_ALIAS, connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from feedback360 import throttle

from . import selectors
from .answering import response_submit
from .errors import AlreadyAnswered, NotAccepting
from .forms import SurveyForm, item_field_name, plain_answers
from .groups import Relationship, perspective
from .models import Assessment, Cycle, Instrument, Invitation, Person
from .tokens import read_token
from .translations import supported

BAD_LINK_LIMIT = 30  # invalid links per address per window before a 429
BAD_LINK_WINDOW = 15 * 60


def no_referrer(view):
    """The token is in the URL: no request from these pages may carry it on."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapped


# What a link leads to, in one statement: the invitation, the manager's name,
# the rater's language, the cycle and the instrument's revision. Written out
# rather than built by the ORM (compiling a five-join queryset cost more than
# running it); the people are subqueries, which PostgreSQL plans much faster
# than the same tables joined.
_LOOKUP = f"""SELECT i.completed, i.relationship, i.assessment_id,
    (SELECT m.name FROM {Person._meta.db_table} m WHERE m.id = a.manager_id),
    (SELECT r.language FROM {Person._meta.db_table} r WHERE r.id = i.rater_id),
    c.id, c.name, c.status, c.opens_at, c.closes_at, c.launched_at, c.closed_at,
    c.k, c.peer_k, c.other_k,
    n.id, n.version, n.revision, n.created_at, n.language
FROM {Invitation._meta.db_table} i
JOIN {Assessment._meta.db_table} a ON a.id = i.assessment_id
JOIN {Cycle._meta.db_table} c ON c.id = a.cycle_id
JOIN {Instrument._meta.db_table} n ON n.id = c.instrument_id
WHERE i.id = %s AND a.cycle_id = %s"""  # noqa: S608
_CYCLE_FIELDS = (
    "id", "name", "status", "opens_at", "closes_at", "launched_at", "closed_at",
    "k", "peer_k", "other_k",
)  # fmt: skip
_INSTRUMENT_FIELDS = ("id", "version", "revision", "created_at", "language")
_MOMENTS = {"opens_at", "closes_at", "launched_at", "closed_at", "created_at"}


@dataclass(frozen=True, slots=True)
class Link:
    """What a survey link leads to."""

    invitation_id: uuid.UUID
    assessment_id: int
    relationship: str
    completed: bool
    manager_name: str
    language: str  # the rater's own; empty for the organisation's
    cycle: Cycle

    def invitation(self) -> Invitation:
        """The invitation, as much of it as answering needs."""
        invitation = Invitation(
            id=self.invitation_id,
            relationship=self.relationship,
            completed=self.completed,
        )
        invitation.assessment = Assessment(id=self.assessment_id, cycle=self.cycle)
        return invitation


# Cycles as read, each with its instrument, keyed by every value read: a
# cycle or instrument changed in the admin reads differently, so it is a new
# entry, never a stale one. Shared between requests, so never changed.
_CYCLES: dict[tuple, Cycle] = {}


def _moment(value):
    """A time from a raw row: SQLite gives naive times (in the database's time
    zone, UTC unless configured), or text from a subquery."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, connection.timezone)
    return value


def _read(model, names: tuple[str, ...], values):
    """A model instance of these fields alone (the others deferred)."""
    read = {n: _moment(v) if n in _MOMENTS else v for n, v in zip(names, values, strict=True)}
    fields = [f.attname for f in model._meta.concrete_fields if f.attname in read]
    return model.from_db(DEFAULT_DB_ALIAS, fields, [read[name] for name in fields])


def _cycle_of(values: tuple) -> Cycle:
    cycle = _CYCLES.get(values)
    if cycle is None:
        split = len(_CYCLE_FIELDS)
        cycle = _read(Cycle, (*_CYCLE_FIELDS, "instrument_id"), (*values[:split], values[split]))
        cycle.instrument = _read(Instrument, _INSTRUMENT_FIELDS, values[split:])
        if len(_CYCLES) >= 256:
            _CYCLES.clear()
        _CYCLES[values] = cycle
    return cycle


def _link_for(token: str) -> Link | None:
    claims = read_token(token)
    if claims is None:
        return None
    invitation_id = Invitation._meta.pk.get_db_prep_value(claims.invitation_id, connection)
    with connection.cursor() as cursor:
        cursor.execute(_LOOKUP, [invitation_id, claims.cycle_id])
        row = cursor.fetchone()
    if row is None:
        return None
    completed, relationship, assessment_id, manager_name, language, *cycle = row
    return Link(
        claims.invitation_id,
        assessment_id,
        relationship,
        bool(completed),
        manager_name,
        language,
        _cycle_of(tuple(cycle)),
    )


# The unanswered form is the same for every rater of an instrument who answers
# from the same perspective (team, observer, self), but for the manager's name.
# Rendering its 30 statements through crispy-forms is most of the page's cost,
# so each process renders it once per instrument revision, with a marker where
# the name goes.
_BLANK_FORMS: dict[tuple, str] = {}
_NAME_MARK = "\u2063name\u2063"  # invisible separators: never in real text


def _blank_form(content: selectors.InstrumentContent, instrument, relationship: str) -> str:
    key = (*instrument.cache_key, content.language, perspective(relationship), relationship)
    html = _BLANK_FORMS.get(key)
    if html is None:
        form = SurveyForm(content=content, relationship=relationship, manager_name=_NAME_MARK)
        # No request: nothing specific to one visitor may end up in the cache.
        html = render_to_string("surveys/_form_fields.html", {"form": form})
        if len(_BLANK_FORMS) >= 64:
            _BLANK_FORMS.clear()
        _BLANK_FORMS[key] = html
    return html


# The whole unanswered page, likewise: the same for every rater of a cycle who
# answers from the same side in the same language, but for three things, each
# left as a marker and filled in per request: the manager's name, the draft's
# name and the CSRF token.
_PAGES: dict[tuple, list[str]] = {}
_DRAFT_MARK = "\u2063draft\u2063"
_CSRF_MARK = "\u2063csrf\u2063"
_MARKS = re.compile(f"({_NAME_MARK}|{_DRAFT_MARK}|{_CSRF_MARK})")
_FILLED_IN = ("manager_name", "draft_key")


def _form_page(request, token: str, link: Link, content, context: dict) -> HttpResponse:
    instrument = link.cycle.instrument
    if get_messages(request):
        # Someone signed in with a message waiting: the page as the templates
        # draw it, the message with it.
        html = _blank_form(content, instrument, link.relationship)
        form_html = mark_safe(html.replace(_NAME_MARK, escape(link.manager_name)))  # noqa: S308
        return render(request, "surveys/survey.html", {**context, "form_html": form_html})
    key = (
        *instrument.cache_key,
        translation.get_language(),
        timezone.get_current_timezone_name(),
        *(value for name, value in context.items() if name not in _FILLED_IN),
    )
    parts = _PAGES.get(key)
    if parts is None:
        marked = {
            **context,
            "manager_name": _NAME_MARK,
            "draft_key": _DRAFT_MARK,
            "csrf_token": _CSRF_MARK,
            # Safe HTML: the rendered form.
            "form_html": mark_safe(_blank_form(content, instrument, link.relationship)),  # noqa: S308
        }
        # No request: nothing specific to one visitor may end up in the cache.
        parts = _MARKS.split(render_to_string("surveys/survey.html", marked))
        if len(_PAGES) >= 128:
            _PAGES.clear()
        _PAGES[key] = parts
    values = {
        _NAME_MARK: escape(link.manager_name),
        _DRAFT_MARK: context["draft_key"],
        _CSRF_MARK: get_token(request),
    }
    return HttpResponse("".join([values.get(part, part) for part in parts]))


def draft_key(token: str) -> str:
    """A name for the browser-side draft that does not contain the token itself
    (other scripts on the page, extensions or a shared computer's storage
    inspector must not learn the link)."""
    import hashlib

    return "f360-draft-" + hashlib.sha256(("draft:" + token).encode()).hexdigest()[:32]


def _page(request, template: str, status: int, **context):
    return render(request, template, context, status=status)


@no_referrer
@never_cache
@sensitive_variables("token")
@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def survey(request, token: str):
    link = _link_for(token)
    if link is not None:
        # The rater's own language, for every page behind their link.
        with translation.override(supported(link.language)):
            return _survey(request, token, link)
    return _survey(request, token, None)


def _survey(request, token: str, link: Link | None):
    if link is None:
        # Only bad links are counted and refused: a colleague's mangled links
        # must not lock a whole office (one address behind NAT) out of the
        # survey. A forged link fails the signature check before any query.
        ip = throttle.client_ip(request)
        if throttle.is_blocked("survey-link", ip, limit=BAD_LINK_LIMIT):
            return _page(request, "throttled.html", 429, minutes=BAD_LINK_WINDOW // 60)
        throttle.record_failure("survey-link", ip, window=BAD_LINK_WINDOW)
        return _page(request, "surveys/bad_link.html", 404)

    cycle = link.cycle
    if link.completed:
        return _page(
            request,
            "surveys/already_answered.html",
            409 if request.method == "POST" else 200,
            draft_key=draft_key(token),
        )
    now = timezone.now()
    if not cycle.is_accepting_responses(now):
        if cycle.launched_at and now < cycle.opens_at:
            return _page(
                request,
                "surveys/not_open.html",
                403,
                cycle_name=cycle.name,
                opens_at=cycle.opens_at,
            )
        return _closed(request, token, cycle)

    content = selectors.instrument_content(cycle.instrument, translation.get_language())
    relationship = link.relationship
    context = {
        "relationship": relationship,
        "is_self": relationship == Relationship.SELF,
        "manager_name": link.manager_name,
        "cycle_name": cycle.name,
        "closes_at": cycle.closes_at,
        "k": cycle.threshold(relationship),
        "item_count": len(content.items),
        # Where a draft of the answers is kept in this browser until they are sent.
        "draft_key": draft_key(token),
    }
    if request.method != "POST":
        return _form_page(request, token, link, content, context)

    # A submission with nothing to correct is read without building the form.
    submitted = plain_answers(request.POST, request.FILES, content)
    if submitted is None:
        form = SurveyForm(
            request.POST,
            request.FILES,
            content=content,
            relationship=relationship,
            manager_name=link.manager_name,
        )
        if not form.is_valid():
            return _form_with_errors(request, form, content, context)
        submitted = form.answers(), form.comments()
    answers, comments = submitted
    try:
        response_submit(invitation=link.invitation(), answers=answers, comments=comments)
    except AlreadyAnswered:
        return _page(request, "surveys/already_answered.html", 409, draft_key=draft_key(token))
    except NotAccepting:
        # Closed while the form was open: say when, as it stands now.
        return _closed(request, token, Cycle.objects.get(pk=cycle.pk))
    # The draft's name (a hash, not the token) lets the thanks page clear it.
    return redirect(f"{reverse('survey_thanks')}?draft={draft_key(token)}")


def _closed(request, token: str, cycle: Cycle):
    return _page(
        request,
        "surveys/closed.html",
        410,
        cycle_name=cycle.name,
        closes_at=cycle.ended_at,
        draft_key=draft_key(token),
    )


def _form_with_errors(request, form: SurveyForm, content, context: dict):
    answered = sum(1 for item in content.items if form[item_field_name(item.id)].value())
    context |= {
        "form": form,
        "answered_count": answered,
        "answered_percent": round(100 * answered / len(content.items)) if content.items else 0,
        "error_count": len(form.errors),
    }
    return render(request, "surveys/survey.html", context, status=400)


@no_referrer
@require_http_methods(["GET", "HEAD"])
def thanks(request):
    key = request.GET.get("draft", "")
    valid = key.startswith("f360-draft-") and len(key) == 43 and key[11:].isalnum()
    return render(request, "surveys/thanks.html", {"draft_key": key if valid else ""})
