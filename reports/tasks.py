"""Report tasks: render one report and tell its manager; find what is missing."""

from __future__ import annotations

import smtplib
import uuid

from celery import shared_task

from surveys.tasks import backoff_seconds

from . import accounts, services


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


@shared_task(bind=True, acks_late=True, max_retries=5, soft_time_limit=60, time_limit=90)
def send_signin_link(self, user_id: int) -> None:
    try:
        accounts.signin_link_send(user_id=user_id)
    except (smtplib.SMTPException, OSError) as exc:
        if self.request.is_eager:
            return  # nobody to retry it; the manager can ask again
        raise self.retry(countdown=backoff_seconds(self.request.retries), exc=exc) from exc


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def queue_missing_reports() -> int:
    """Periodic: render reports whose PDF is missing, notify those not yet told."""
    pending = set(services.reports_missing()) | set(services.reports_unnotified())
    services.reports_queue(report_ids=sorted(pending))
    return len(pending)
