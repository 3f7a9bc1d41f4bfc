"""Operations: the health check, and the structured log lines operators read."""

from __future__ import annotations

import logging

import pytest
from django.core import mail

from surveys import lifecycle, mail_queue
from surveys.models import Invitation
from tests.helpers import full_answer, launched_cycle, survey_path

pytestmark = pytest.mark.django_db


def test_health_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_is_503_when_the_broker_does_not_answer(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "broker": "unavailable"}


def test_each_step_leaves_one_log_line(
    client, instrument, caplog, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from reports.release import cycle_release

    caplog.set_level(logging.INFO)
    with django_capture_on_commit_callbacks(execute=True):
        cycle, [(manager, reps)] = launched_cycle(team_size=3)
    mail_queue.invitations_queue(cycle_id=cycle.pk)
    with django_capture_on_commit_callbacks(execute=True):
        for invitation in Invitation.objects.filter(relationship="team"):
            client.post(
                survey_path(invitation), full_answer(instrument, comments=("Private words", ""))
            )
    with (
        time_machine.travel(timezone.now() + timedelta(hours=2)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        Invitation.objects.filter(relationship="self").update(completed=False)
        mail_queue.reminders_send_now(cycle_id=cycle.pk)
    lifecycle.cycle_close(cycle_id=cycle.pk)
    with django_capture_on_commit_callbacks(execute=True):
        cycle_release(cycle_id=cycle.pk)

    lines = [r.getMessage() for r in caplog.records]
    for event in (
        "event=cycle_launched",
        "event=invitations_queued",
        "event=email_sent kind=invite",
        "event=response_recorded",
        "event=reminders_queued",
        "event=email_sent kind=reminder",
        "event=cycle_closed",
        "event=cycle_released",
        "event=report_generated",
        "event=report_notified",
    ):
        assert any(event in line for line in lines), event
    logged = "\n".join(lines)
    assert "Private words" not in logged and manager.email not in logged
    assert not any(rep.email in logged or rep.name in logged for rep in reps)
    assert len(mail.outbox) > 0
