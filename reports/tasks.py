"""Report tasks: render one report and tell its manager; find what is missing.
Services queue them by name (feedback360.queueing.publish)."""

from __future__ import annotations

import smtplib
import uuid

from celery import shared_task

from surveys.tasks import backoff_seconds

from . import release, services


@shared_task(bind=True, acks_late=True, max_retries=8, soft_time_limit=120, time_limit=180)
def generate_report(self, report_id: str) -> None:
    rid = uuid.UUID(report_id)
    services.report_generate(report_id=rid)
    try:
        services.report_notify(report_id=rid)
    except (smtplib.SMTPException, OSError) as exc:
        if self.request.is_eager:
            return  # the periodic scan tries again
        raise self.retry(countdown=backoff_seconds(self.request.retries), exc=exc) from exc


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def queue_missing_reports() -> int:
    """Periodic: reports whose PDF or e-mail a lost task left undone."""
    pending = services.reports_unfinished()
    release.reports_queue(sorted(pending))
    return len(pending)


@shared_task(acks_late=True, soft_time_limit=30, time_limit=60)
def log_report_view(report_id: str, user_id: int) -> None:
    """A manager (or HR) read a report on the web: recorded for the audit log."""
    services.report_view_log(report_id=uuid.UUID(report_id), user_id=user_id)
