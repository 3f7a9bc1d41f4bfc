"""Released reports after the freeze: render the PDF, tell the manager, serve
downloads (each one logged), and find what a lost task left undone."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from feedback360.email import build_message
from surveys.models import Cycle

from .models import Report, ReportDownload
from .results import AssessmentResult, CycleOverview

log = logging.getLogger(__name__)


def render(report: Report) -> bytes:
    from . import gap_report, overview  # ReportLab loads only where reports are rendered

    page_size = settings.FEEDBACK["PDF_PAGE_SIZE"]
    created = report.cycle.released_at or report.frozen_at
    if report.kind == Report.Kind.OVERVIEW:
        return overview.OverviewReport(
            CycleOverview.from_dict(report.results),
            page_size=page_size,
            created=created,
            language=settings.LANGUAGE_CODE,
        ).generate()
    return gap_report.ManagerReport(
        AssessmentResult.from_dict(report.results), page_size=page_size, created=created
    ).generate()


def report_generate(*, report_id: uuid.UUID) -> bool:
    """Render and store a report's PDF if it is missing. Safe to run twice."""
    report = Report.objects.defer("pdf").select_related("cycle").get(pk=report_id)
    if Report.objects.filter(pk=report_id, pdf__isnull=False).exists():
        return False
    content = render(report)
    stored = Report.objects.filter(pk=report_id, pdf__isnull=True).update(
        pdf=content, generated_at=timezone.now()
    )
    if stored:
        log.info(
            "event=report_generated report=%s kind=%s bytes=%s",
            report_id,
            report.kind,
            len(content),
        )
    return bool(stored)


def _requeue_after():
    from datetime import timedelta

    return timedelta(seconds=settings.REQUEUE_AFTER_SECONDS)


def report_notify(*, report_id: uuid.UUID, now: datetime | None = None) -> bool:
    """E-mail the manager that their report is ready, once.

    Claimed by a conditional UPDATE and committed before the SMTP conversation,
    so no row lock is held while the mail server thinks; the mark follows.
    """
    now = now or timezone.now()
    claimed = (
        Report.objects.filter(pk=report_id, kind=Report.Kind.MANAGER, notified_at__isnull=True)
        .filter(Q(notify_claimed_at__isnull=True) | Q(notify_claimed_at__lt=now - _requeue_after()))
        .update(notify_claimed_at=now)
    )
    if not claimed:
        return False
    report = (
        Report.objects.defer("pdf", "results")
        .select_related("assessment__manager", "cycle")
        .get(pk=report_id)
    )
    message = report_ready_message(report)
    try:
        message.send(using="default")
    except Exception:
        Report.objects.filter(pk=report_id).update(notify_claimed_at=None)
        raise
    Report.objects.filter(pk=report_id).update(notified_at=timezone.now(), notify_claimed_at=None)
    log.info("event=report_notified report=%s", report_id)
    return True


def report_ready_message(report: Report):
    """The e-mail that tells a manager their report is ready (also HR's preview)."""
    manager = report.assessment.manager
    return build_message(
        "report_ready",
        {
            "manager_name": manager.name,
            "cycle_name": report.cycle.name,
            "url": settings.SITE_URL + reverse("report_page", args=[report.pk]),
            "list_url": settings.SITE_URL + reverse("my_reports"),
        },
        [manager.email],
        language=manager.language_code,
    )


def report_pdf(*, report: Report, user) -> bytes:
    """The stored PDF (rendered now if missing), with the download logged."""
    content = Report.objects.filter(pk=report.pk).values_list("pdf", flat=True).first()
    if content is None:
        report_generate(report_id=report.pk)
        content = Report.objects.filter(pk=report.pk).values_list("pdf", flat=True).first()
    ReportDownload.objects.create(report=report, user=user, kind=ReportDownload.Kind.PDF)
    return bytes(content)


def report_viewed(*, report: Report, user) -> None:
    ReportDownload.objects.create(report=report, user=user, kind=ReportDownload.Kind.WEB)


def report_view_log(*, report_id: uuid.UUID, user_id: int) -> None:
    ReportDownload.objects.create(
        report_id=report_id, user_id=user_id, kind=ReportDownload.Kind.WEB
    )


def reports_unfinished(*, now: datetime | None = None) -> list[uuid.UUID]:
    """Released reports still lacking a PDF or, for a manager's, the e-mail, that
    no task was handed recently (the mark a publish leaves, as invitations have)."""
    now = now or timezone.now()
    lacking = Q(pdf__isnull=True) | Q(kind=Report.Kind.MANAGER, notified_at__isnull=True)
    free = Q(queued_at__isnull=True) | Q(queued_at__lt=now - _requeue_after())
    return list(
        Report.objects.filter(lacking, free, cycle__status=Cycle.Status.RELEASED).values_list(
            "id", flat=True
        )
    )
