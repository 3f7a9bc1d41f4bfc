"""The manager portal: my reports (web page and PDF), peer nominations for a
draft cycle, and a password of one's own.

The manager is always derived from the signed-in user; a report that is not
theirs, or not released, is a 404 like one that does not exist.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from feedback360.queueing import publish
from reports import access, services, web
from reports.http import pdf_response
from surveys import rosters
from surveys.errors import ServiceError
from surveys.groups import Relationship
from surveys.models import Assessment, Cycle, Nomination, Person


def _person(user) -> Person | None:
    return Person.objects.filter(user=user).first()


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def my_reports(request):
    person = _person(request.user)
    nominating = []
    if person is not None:
        nominating = list(
            Assessment.objects.filter(
                manager=person,
                cycle__status=Cycle.Status.DRAFT,
                cycle__nominations_open=True,
                cycle__ask_peers=True,
            ).select_related("cycle")
        )
    return render(
        request,
        "reports/my_reports.html",
        {
            "reports": list(access.own_reports(request.user)),
            "nominating": nominating,
            "has_password": request.user.has_usable_password(),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET"])
def download(request, report_id):
    report = (
        access.readable_reports(request.user)
        .defer("pdf", "results")
        .select_related("cycle", "assessment__manager")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise Http404
    content = services.report_pdf(report=report, user=request.user)
    return pdf_response(content, report.filename)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def report_page(request, report_id):
    """The report as a web page, from the same frozen results as the PDF. One
    query for the report; the read is logged by the worker."""
    report = (
        access.readable_reports(request.user)
        .defer("pdf")
        .select_related("cycle", "assessment__manager")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise Http404
    if request.method == "GET" and not publish(
        "reports.tasks.log_report_view", str(report.pk), request.user.pk, what="report_view"
    ):
        services.report_viewed(report=report, user=request.user)
    response = render(request, "reports/report.html", web.report_context(report))
    response["Cache-Control"] = "no-store, private"
    return response


# --- Nominations ------------------------------------------------------------------------


class NominationForm(forms.Form):
    emails = forms.CharField(
        label=gettext_lazy("Your peers' work e-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("One per line, or separated by commas. Usually 4 to 8 people."),
    )

    def clean_emails(self):
        raw = self.cleaned_data["emails"].replace(",", "\n").replace(";", "\n")
        emails = sorted({e.strip().lower() for e in raw.splitlines() if e.strip()})
        if len(emails) > 30:
            raise forms.ValidationError(_("Please propose at most 30 people."))
        found = {p.email: p for p in Person.objects.filter(email__in=emails, is_active=True)}
        unknown = [e for e in emails if e not in found]
        if unknown:
            raise forms.ValidationError(
                _(
                    "Not found in the directory: %(emails)s. Check the spelling, or ask HR "
                    "to add them."
                )
                % {"emails": ", ".join(unknown[:10])}
            )
        return [found[e] for e in emails]


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def nominate(request, assessment_id: int):
    person = _person(request.user)
    assessment = (
        Assessment.objects.filter(pk=assessment_id, manager=person, manager__isnull=False)
        .select_related("cycle", "manager")
        .first()
    )
    if assessment is None or person is None:
        raise Http404
    cycle = assessment.cycle
    is_open = cycle.status == Cycle.Status.DRAFT and cycle.nominations_open and cycle.ask_peers
    current = list(
        assessment.nominations.filter(relationship=Relationship.PEER).select_related("rater")
    )
    initial = "\n".join(n.rater.email for n in current if n.status != Nomination.Status.DECLINED)
    form = NominationForm(request.POST or None, initial={"emails": initial})
    status = 200
    if request.method == "POST":
        if not is_open:
            status = 409
            messages.error(request, _("Nominations for this cycle are closed."))
        elif form.is_valid():
            try:
                added = rosters.nominations_propose(
                    assessment=assessment, peers=form.cleaned_data["emails"]
                )
            except ServiceError as exc:
                form.add_error("emails", str(exc))
                status = 400
            else:
                messages.success(
                    request,
                    _("Thank you. %(count)s new name(s) sent to HR for approval.")
                    % {"count": added},
                )
                return redirect("nominate", assessment_id=assessment.pk)
        else:
            status = 400
    return render(
        request,
        "reports/nominate.html",
        {
            "assessment": assessment,
            "cycle": cycle,
            "form": form,
            "current": current,
            "is_open": is_open,
        },
        status=status,
    )


# --- A password of one's own -----------------------------------------------------------------


@never_cache
@login_required
@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def password(request):
    """Managers who came in by link (imported ones have no password) may set
    one; those who have one change it, giving the old one first."""
    form_class = PasswordChangeForm if request.user.has_usable_password() else SetPasswordForm
    form = form_class(request.user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.save()
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password is set. You can now sign in with it."))
            return redirect("my_reports")
        return render(request, "registration/password.html", {"form": form}, status=400)
    return render(request, "registration/password.html", {"form": form})
