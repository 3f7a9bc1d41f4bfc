"""A real Celery worker on Redis sends a launched cycle's invitations to a real
SMTP server; the test follows every link like the recipients would."""

from __future__ import annotations

import re
import time

import pytest
from django.utils.html import strip_tags

from surveys import sending, services
from surveys.models import Invitation, Response
from tests.factories import CycleFactory, team
from tests.helpers import full_answer, launched_cycle
from tests.smtp import survey_link

pytestmark = [
    pytest.mark.needs_redis,
    pytest.mark.needs_postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def quick_retries(settings, worker_env):
    worker_env["SEND_RETRY_BASE_SECONDS"] = "0.5"
    return worker_env


def wait_until(condition, timeout: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_hr_launches_reps_answer_and_the_admin_counts_match(instrument, smtp, worker, hr_client):
    cycle = CycleFactory()
    teams = [team(4), team(3)]
    services.cycle_add_managers(cycle=cycle, managers=[m for m, _ in teams])

    response = hr_client.post(f"/admin/surveys/cycle/{cycle.pk}/transition/launch/")
    assert response.status_code == 302

    messages = smtp.wait_for(2 + 4 + 3)
    assert len({m["To"] for m in messages}) == 9
    answering = [m for m in messages if "Feedback on" in m["Subject"]][:5]
    for message in answering:
        path = survey_link(message).replace("http://testserver", "")
        assert hr_client.get(path).status_code == 200
        assert hr_client.post(path, full_answer(instrument)).status_code == 302

    assert Response.objects.count() == 5
    page = hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/change/").content.decode()
    assert re.search(r"Overall: .*5 / 9 \(56%\)", strip_tags(page).replace("\n", " "))
    listing = strip_tags(hr_client.get("/admin/surveys/cycle/").content.decode())
    assert "5 / 9 (56%)" in listing


def test_launch_twice_and_a_duplicated_task_send_one_invitation_each(instrument, smtp, worker):
    from surveys import tasks

    cycle, teams = launched_cycle(team_size=3)  # launched, e-mails not yet queued
    with pytest.raises(services.ServiceError):
        services.cycle_launch(cycle_id=cycle.pk)
    ids = [str(i) for i in Invitation.objects.values_list("id", flat=True)]
    tasks.send_invitations.delay(ids, "invite", None)
    tasks.send_invitations.delay(ids, "invite", None)
    sending.invitations_queue(cycle_id=cycle.pk)

    smtp.wait_for(4)
    time.sleep(2)  # let any duplicate arrive, if one were coming
    recipients = sorted(m["To"] for m in smtp.messages)
    assert len(recipients) == 4 and len(set(recipients)) == 4


def test_smtp_down_during_launch_then_up_delivers_everything_once(
    instrument, smtp, quick_retries, request
):
    from tests.conftest import ARTIFACTS, Worker

    worker = Worker(
        quick_retries,
        quick_retries["CELERY_QUEUE"],
        ARTIFACTS / "workers" / f"{request.node.name}.log",
    ).start()
    try:
        smtp.stop()
        cycle, teams = launched_cycle(team_size=5, managers=2)
        sending.invitations_queue(cycle_id=cycle.pk)
        wait_until(
            lambda: Invitation.objects.exclude(send_error="").exists(), what="a failed attempt"
        )
        smtp.start()
        messages = smtp.wait_for(12, timeout=60)
        time.sleep(1.5)
        recipients = [m["To"] for m in smtp.messages]
        assert len(recipients) == 12 and len(set(recipients)) == 12
        assert Invitation.objects.filter(send_status="sent").count() == 12
        assert all(m["To"] for m in messages)
    finally:
        worker.stop()
