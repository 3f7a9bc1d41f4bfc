"""My reports: a manager's own released reports, and nothing else.

The manager is always derived from the signed-in user; a report that is not
theirs, or not released, is a 404 like one that does not exist.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from surveys.models import Cycle

from . import services
from .models import Report


def own_reports(user):
    return (
        Report.objects.defer("pdf", "results")
        .select_related("cycle", "assessment__manager")
        .filter(
            kind=Report.Kind.MANAGER,
            assessment__manager__user=user,
            cycle__status=Cycle.Status.RELEASED,
        )
        .order_by("-cycle__closes_at")
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def my_reports(request):
    return render(request, "reports/my_reports.html", {"reports": list(own_reports(request.user))})


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


@never_cache
@login_required
@require_http_methods(["GET"])
def download(request, report_id):
    report = own_reports(request.user).filter(pk=report_id).first()
    if report is None:
        raise Http404
    content = services.report_pdf(report=report, user=request.user)
    return pdf_response(content, report.filename)
