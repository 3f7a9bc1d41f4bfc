"""Portal tasks: the sign-in link e-mail. Queued by name (feedback360.queueing)."""

from __future__ import annotations

import smtplib

from celery import shared_task

from surveys.tasks import backoff_seconds

from . import accounts


@shared_task(bind=True, acks_late=True, max_retries=5, soft_time_limit=60, time_limit=90)
def send_signin_link(self, user_id: int) -> None:
    try:
        accounts.signin_link_send(user_id=user_id)
    except (smtplib.SMTPException, OSError) as exc:
        if self.request.is_eager:
            return  # nobody to retry it; the manager can ask again
        raise self.retry(countdown=backoff_seconds(self.request.retries), exc=exc) from exc
