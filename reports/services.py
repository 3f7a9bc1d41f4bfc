"""Releasing a cycle's reports: freeze the results, render the PDFs, tell managers.

Release scores the whole cycle once and stores the results on Report rows.
From then on PDFs are rendered from those frozen results only, so no late or
re-opened answer can ever yield a second version that differs by one rater.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from feedback360.queueing import publish
from surveys.emails import build_message
from surveys.errors import ServiceError
from surveys.models import Cycle

from . import selectors
from .models import Report, ReportDownload
from .scoring import AssessmentResult, CycleOverview

log = logging.getLogger(__name__)

RELEASE_NOT_CLOSED = "“{cycle}” is {status}: close the cycle before releasing its reports."


class ReleaseError(ServiceError):
    pass


def cycle_release(*, cycle_id: int, now: datetime | None = None) -> int:
    """Freeze and release a closed cycle's results. Returns the number of reports."""
    now = now or timezone.now()
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle_id)
        if cycle.status != Cycle.Status.CLOSED:
            raise ReleaseError(
                RELEASE_NOT_CLOSED.format(
                    cycle=cycle.name, status=cycle.get_status_display().lower()
                )
            )
        report_ids = reports_freeze(cycle=cycle, now=now)
        cycle.status = Cycle.Status.RELEASED
        cycle.released_at = now
        cycle.save(update_fields=["status", "released_at"])
        transaction.on_commit(lambda: reports_queue(report_ids=report_ids))
    log.info("event=cycle_released cycle=%s reports=%s", cycle_id, len(report_ids))
    return len(report_ids)


def reports_freeze(*, cycle: Cycle, now: datetime) -> list[uuid.UUID]:
    """Store every manager's results and the overview. Existing rows are kept
    as they are: a frozen result is never recomputed."""
    specs = selectors.instrument_specs(cycle)
    results = selectors.score_cycle(cycle, specs=specs)
    frozen = set(
        Report.objects.filter(cycle=cycle, kind=Report.Kind.MANAGER).values_list(
            "assessment_id", flat=True
        )
    )
    rows = [
        Report(
            cycle=cycle,
            assessment_id=aid,
            kind=Report.Kind.MANAGER,
            results=r.to_dict(),
            frozen_at=now,
        )
        for aid, r in results.items()
        if aid not in frozen
    ]
    if not Report.objects.filter(cycle=cycle, kind=Report.Kind.OVERVIEW).exists():
        overview = selectors.overview_of(cycle, results, specs[0])
        rows.append(
            Report(
                cycle=cycle, kind=Report.Kind.OVERVIEW, results=overview.to_dict(), frozen_at=now
            )
        )
    Report.objects.bulk_create(rows, batch_size=500)
    return list(Report.objects.filter(cycle=cycle).values_list("id", flat=True))


def reports_queue(*, report_ids: list[uuid.UUID]) -> None:
    from . import tasks  # tasks import this module

    for report_id in report_ids:
        if not publish(tasks.generate_report, str(report_id), what="report"):
            return  # the periodic scan picks the rest up


def render(report: Report) -> bytes:
    from . import pdf  # ReportLab loads only where reports are rendered

    page_size = settings.FEEDBACK["PDF_PAGE_SIZE"]
    if report.kind == Report.Kind.OVERVIEW:
        return pdf.render_cycle_overview(
            CycleOverview.from_dict(report.results), page_size=page_size
        )
    return pdf.render_manager_report(
        AssessmentResult.from_dict(report.results), page_size=page_size
    )


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


def report_notify(*, report_id: uuid.UUID) -> bool:
    """E-mail the manager that their report is ready, once."""
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .defer("pdf")
            .select_related("assessment__manager", "cycle")
            .filter(pk=report_id, kind=Report.Kind.MANAGER, notified_at__isnull=True)
            .first()
        )
        if report is None:
            return False
        manager = report.assessment.manager
        message = build_message(
            "report_ready",
            {
                "manager_name": manager.name,
                "cycle_name": report.cycle.name,
                "url": settings.SITE_URL + reverse("my_reports"),
            },
            [manager.email],
        )
        message.send(using="default")
        Report.objects.filter(pk=report.pk).update(notified_at=timezone.now())
    log.info("event=report_notified report=%s", report_id)
    return True


def report_pdf(*, report: Report, user) -> bytes:
    """The stored PDF (rendered now if missing), with the download logged."""
    content = Report.objects.filter(pk=report.pk).values_list("pdf", flat=True).first()
    if content is None:
        report_generate(report_id=report.pk)
        content = Report.objects.filter(pk=report.pk).values_list("pdf", flat=True).first()
    ReportDownload.objects.create(report=report, user=user)
    return bytes(content)


def reports_missing(*, cycle_id: int | None = None) -> list[uuid.UUID]:
    qs = Report.objects.filter(cycle__status=Cycle.Status.RELEASED, pdf__isnull=True)
    if cycle_id is not None:
        qs = qs.filter(cycle_id=cycle_id)
    return list(qs.values_list("id", flat=True))


def reports_unnotified() -> list[uuid.UUID]:
    return list(
        Report.objects.filter(
            cycle__status=Cycle.Status.RELEASED,
            kind=Report.Kind.MANAGER,
            pdf__isnull=False,
            notified_at__isnull=True,
        ).values_list("id", flat=True)
    )
