"""A real Celery worker on Redis sends a launched cycle's e-mails to a real SMTP
server; the test follows the links like the recipients would."""

from __future__ import annotations

import re
import time

import pytest

from feedback360.celery import app
from surveys import lifecycle, mail_queue, rosters
from surveys.errors import ServiceError
from surveys.models import Invitation
from tests.factories import CycleFactory, team
from tests.helpers import full_answer, launched_cycle
from tests.smtp import survey_link, text_of

from . import support

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
    rosters.cycle_add_managers(cycle=cycle, managers=[m for m, _ in teams])

    response = hr_client.post(f"/admin/surveys/cycle/{cycle.pk}/transition/launch/")
    assert response.status_code == 302

    messages = smtp.wait_for(2 + 4 + 3)
    assert len({m["To"] for m in messages}) == 9
    answering = [m for m in messages if m["Subject"].startswith("Feedback on")][:5]
    for message in answering:
        path = survey_link(message).replace("http://testserver", "")
        assert hr_client.get(path).status_code == 200
        assert hr_client.post(path, full_answer(instrument)).status_code == 302

    assert Invitation.objects.filter(completed=True).count() == 5
    page = support.text(hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/change/"))
    assert re.search(r"Overall: 5 / 9 \(56%\)", page)
    assert "5 / 9 (56%)" in support.text(hr_client.get("/admin/surveys/cycle/"))


def test_a_peer_of_two_managers_gets_one_email_from_the_worker(instrument, smtp, worker):
    cycle, ann, bob, pia = support.peer_of_two()  # launched: the worker sends at commit
    smtp.wait_for(3 + 9)
    time.sleep(1)  # let any second e-mail to Pia arrive, if one were coming
    [message] = smtp.to(pia.email)
    assert message["Subject"].startswith("Spring 360: 3 feedback surveys")
    links = re.findall(r"http://testserver/s/\S+/", text_of(message))
    assert len(set(links)) == 3
    assert len(smtp.messages) == 12


def test_launch_twice_and_a_duplicated_task_send_one_email_each(instrument, smtp, worker):
    cycle, teams = launched_cycle(team_size=3)  # launched: the worker sends at commit
    with pytest.raises(ServiceError):
        lifecycle.cycle_launch(cycle_id=cycle.pk)
    raters = sorted(set(Invitation.objects.values_list("rater_id", flat=True)))
    task = app.tasks["surveys.tasks.send_mail_batch"]
    task.delay(cycle.pk, raters, "invite", None)
    task.delay(cycle.pk, raters, "invite", None)
    mail_queue.invitations_queue(cycle_id=cycle.pk)

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
        launched_cycle(team_size=5, managers=2)
        wait_until(
            lambda: Invitation.objects.exclude(send_error="").exists(), what="a failed attempt"
        )
        assert not Invitation.objects.filter(send_status="sent").exists()
        smtp.start()
        smtp.wait_for(12, timeout=60)
        time.sleep(1.5)
        recipients = [m["To"] for m in smtp.messages]
        assert len(recipients) == 12 and len(set(recipients)) == 12
        wait_until(
            lambda: Invitation.objects.filter(send_status="sent").count() == 12,
            what="every invitation marked sent",
        )
    finally:
        worker.stop()
