"""HR's side of reports: download any released report or a cycle's overview,
and see the download log."""

from __future__ import annotations

from django.contrib import admin
from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reports import services
from reports.http import pdf_response
from reports.models import Report, ReportDownload

from .site import ReadOnlyAdmin


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    # One line per report at 1366 px: whose it is, the cycle once, and the links.
    list_display = (
        "whose", "cycle", "generated_at", "notified_at", "web_link", "download_link"
    )  # fmt: skip
    list_filter = ("kind", "cycle")
    search_fields = ("assessment__manager__name", "cycle__name")
    list_select_related = ("cycle", "assessment__manager")
    fields = (
        "cycle",
        "assessment",
        "kind",
        "frozen_at",
        "generated_at",
        "notified_at",
        "download_link",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf", "results")

    @admin.display(description=_("report"), ordering="assessment__manager__name")
    def whose(self, obj):
        if obj.kind == Report.Kind.OVERVIEW:
            return gettext("Cycle overview (all managers)")
        return obj.assessment.manager.name

    @admin.display(description=_("web"))
    def web_link(self, obj):
        if obj.kind != Report.Kind.MANAGER:
            return "—"
        url = reverse("report_page", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Read"))

    @admin.display(description="PDF")
    def download_link(self, obj):
        url = reverse("admin:reports_report_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Download"))

    def get_urls(self):
        return [
            path(
                "<uuid:report_id>/download/",
                self.admin_site.admin_view(self.download_view),
                name="reports_report_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request, report_id):
        report = (
            Report.objects.defer("pdf")
            .select_related("cycle", "assessment__manager")
            .filter(pk=report_id)
            .first()
        )
        if report is None or not self.has_view_permission(request, report):
            raise Http404
        return pdf_response(services.report_pdf(report=report, user=request.user), report.filename)


@admin.register(ReportDownload)
class ReportDownloadAdmin(ReadOnlyAdmin):
    list_display = ("downloaded_at", "user", "report", "kind")
    list_filter = ("kind", "report__cycle", "report__kind")
    search_fields = ("user__username", "report__assessment__manager__name")
    list_select_related = ("user", "report__cycle", "report__assessment__manager")
    date_hierarchy = "downloaded_at"
