"""The survey page behind an e-mailed link. No sign-in: the signed token is the key.

GET only shows the form (corporate link scanners open every link); the POST
submits. Every bad case has its own page and a 4xx status.
"""

from __future__ import annotations

from functools import wraps

from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from feedback360 import throttle

from . import selectors
from .answering import response_submit
from .errors import AlreadyAnswered, NotAccepting
from .forms import SurveyForm, item_field_name
from .groups import Relationship, perspective
from .models import Invitation
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


def _invitation_for(token: str) -> Invitation | None:
    claims = read_token(token)
    if claims is None:
        return None
    try:
        return Invitation.objects.select_related(
            "assessment__cycle__instrument", "assessment__manager", "rater"
        ).get(pk=claims.invitation_id, assessment__cycle_id=claims.cycle_id)
    except Invitation.DoesNotExist:
        return None


# The unanswered form is the same for every rater of an instrument who answers
# from the same perspective (team, observer, self), but for the manager's name.
# Rendering its 30 statements through crispy-forms is most of the page's cost,
# so each process renders it once per instrument revision, with a marker where
# the name goes.
_BLANK_FORMS: dict[tuple, str] = {}
_NAME_MARK = "\u2063name\u2063"  # invisible separators: never in real text


def _blank_form(content: selectors.InstrumentContent, instrument, relationship: str, name: str):
    key = (*instrument.cache_key, content.language, perspective(relationship), relationship)
    html = _BLANK_FORMS.get(key)
    if html is None:
        form = SurveyForm(content=content, relationship=relationship, manager_name=_NAME_MARK)
        # No request: nothing specific to one visitor may end up in the cache.
        html = render_to_string("surveys/_form_fields.html", {"form": form})
        if len(_BLANK_FORMS) >= 64:
            _BLANK_FORMS.clear()
        _BLANK_FORMS[key] = html
    # Both parts are safe HTML: the rendered form and the escaped name.
    return mark_safe(html.replace(_NAME_MARK, escape(name)))  # noqa: S308


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
    invitation = _invitation_for(token)
    if invitation is not None:
        # The rater's own language, for every page behind their link.
        with translation.override(supported(invitation.rater.language_code)):
            return _survey(request, token, invitation)
    return _survey(request, token, None)


def _survey(request, token: str, invitation: Invitation | None):
    if invitation is None:
        # Only bad links are counted and refused: a colleague's mangled links
        # must not lock a whole office (one address behind NAT) out of the
        # survey. A forged link fails the signature check before any query.
        ip = throttle.client_ip(request)
        if throttle.is_blocked("survey-link", ip, limit=BAD_LINK_LIMIT):
            return _page(request, "throttled.html", 429, minutes=BAD_LINK_WINDOW // 60)
        throttle.record_failure("survey-link", ip, window=BAD_LINK_WINDOW)
        return _page(request, "surveys/bad_link.html", 404)

    cycle = invitation.assessment.cycle
    if invitation.completed:
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
        return _page(
            request,
            "surveys/closed.html",
            410,
            cycle_name=cycle.name,
            closes_at=cycle.ended_at,
            draft_key=draft_key(token),
        )

    content = selectors.instrument_content(cycle.instrument, translation.get_language())
    manager_name = invitation.assessment.manager.name
    relationship = invitation.relationship
    context = {
        "relationship": relationship,
        "is_self": relationship == Relationship.SELF,
        "manager_name": manager_name,
        "cycle_name": cycle.name,
        "closes_at": cycle.closes_at,
        "k": cycle.threshold(relationship),
        "item_count": len(content.items),
        # Where a draft of the answers is kept in this browser until they are sent.
        "draft_key": draft_key(token),
    }
    if request.method != "POST":
        html = _blank_form(content, cycle.instrument, relationship, manager_name)
        return render(request, "surveys/survey.html", {**context, "form_html": html})

    form = SurveyForm(
        request.POST,
        request.FILES,
        content=content,
        relationship=relationship,
        manager_name=manager_name,
    )
    if form.is_valid():
        try:
            response_submit(invitation=invitation, answers=form.answers(), comments=form.comments())
        except AlreadyAnswered:
            return _page(request, "surveys/already_answered.html", 409, draft_key=draft_key(token))
        except NotAccepting:
            cycle.refresh_from_db()  # closed while the form was open: show when
            return _page(
                request,
                "surveys/closed.html",
                410,
                cycle_name=cycle.name,
                closes_at=cycle.ended_at,
                draft_key=draft_key(token),
            )
        # The draft's name (a hash, not the token) lets the thanks page clear it.
        return redirect(f"{reverse('survey_thanks')}?draft={draft_key(token)}")

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
