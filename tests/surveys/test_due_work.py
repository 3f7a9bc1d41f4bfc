"""The periodic dispatcher: cycles closed at their deadline, e-mails that a
broker outage or a lost task left behind, one run at a time; and the command
and beat schedule that run it."""

from __future__ import annotations

import io
import zlib
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.utils import timezone
from kombu.exceptions import OperationalError

from feedback360.celery import app
from surveys import due_work
from surveys.models import Cycle, Invitation
from tests.factories import team

from .support import draft, launch

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    """A broker is configured, and every publish fails as it does when Redis
    is stopped. `broker_down.undo()` brings it back (tasks run in-process)."""
    from celery.app.task import Task

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setattr(Task, "delay", refuse)
    return monkeypatch


def test_the_dispatcher_closes_a_cycle_at_its_deadline(instrument):
    manager, _ = team(3)
    cycle = draft([manager])
    launch(cycle)
    with time_machine.travel(cycle.closes_at - timedelta(minutes=1)):
        assert due_work.due_work_run().closed == 0
    with time_machine.travel(cycle.closes_at + timedelta(minutes=1)):
        assert due_work.due_work_run().closed == 1
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.CLOSED
    assert cycle.ended_at == cycle.closes_at  # the deadline, not the minute the scan ran


def test_invitations_a_broker_outage_left_behind_are_sent_later(
    instrument, broker_down, django_capture_on_commit_callbacks
):
    manager, _ = team(3)
    cycle = draft([manager])
    with django_capture_on_commit_callbacks(execute=True):
        launch(cycle)  # the launch itself succeeds
    assert cycle.status == Cycle.Status.OPEN and mail.outbox == []
    assert Invitation.objects.filter(queued_at__isnull=True).count() == 4
    assert due_work.due_work_run().queued == 0  # still down: nothing lost, nothing marked
    broker_down.undo()

    assert due_work.due_work_run().queued == 4
    assert len(mail.outbox) == 4
    assert due_work.due_work_run().queued == 0
    assert len(mail.outbox) == 4


def test_a_launch_holds_its_invitations_for_its_own_queueing_task(
    instrument, django_capture_on_commit_callbacks
):
    """The launch inserts the rows already marked queued, for the task it
    publishes on commit: the dispatcher, running in between, leaves them to it,
    and nobody is e-mailed twice."""
    manager, _ = team(3)
    cycle = draft([manager])
    with django_capture_on_commit_callbacks(execute=False) as on_commit:
        launch(cycle)
    assert Invitation.objects.filter(queued_at=cycle.launched_at).count() == 4
    assert due_work.due_work_run().queued == 0
    assert mail.outbox == []
    for callback in on_commit:
        callback()  # publishes the queueing task, run here (no broker in tests)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        Invitation.objects.values_list("rater__email", flat=True)
    )
    assert due_work.due_work_run().queued == 0
    assert len(mail.outbox) == 4


def test_emails_whose_task_vanished_are_queued_again_after_a_while(instrument, settings):
    manager, _ = team(3)
    cycle = draft([manager])
    launch(cycle)
    # handed to a task that never ran (the broker lost it)
    Invitation.objects.update(queued_at=timezone.now())
    assert due_work.due_work_run().queued == 0
    later = timezone.now() + timedelta(seconds=settings.REQUEUE_AFTER_SECONDS + 60)
    with time_machine.travel(later):
        assert due_work.due_work_run().queued == 4
    assert len(mail.outbox) == 4


def test_dispatch_due_runs_the_beat_schedule_once(instrument):
    opens = timezone.now() + timedelta(days=1)
    manager, _ = team(3)
    cycle = draft([manager], opens_at=opens, closes_at=opens + timedelta(days=14))
    launch(cycle)
    out = io.StringIO()
    with time_machine.travel(opens + timedelta(minutes=1)):
        call_command("dispatch_due", stdout=out)
    assert len(mail.outbox) == 4
    assert "dispatch: dispatch-due-work:" in out.getvalue()
    assert "'queued': 4" in out.getvalue()


def test_dispatch_due_says_which_task_failed(instrument, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(due_work, "due_work_run", broken)
    err = io.StringIO()
    # as configured (CELERY_TASK_EAGER_PROPAGATES): the loop goes on after a failure
    app.conf.task_eager_propagates = False
    try:
        call_command("dispatch_due", stdout=io.StringIO(), stderr=err)
    finally:
        app.conf.task_eager_propagates = True
    assert "dispatch: dispatch-due-work failed" in err.getvalue()
    assert "database went away" in err.getvalue()


def test_every_beat_entry_names_a_task_and_expires_before_the_next_run():
    assert settings.CELERY_BEAT_SCHEDULE
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name
        expires = entry.get("options", {}).get("expires")
        assert expires is not None, f"{name} has no expires: runs would pile up after an outage"
        assert 0 < expires <= entry["schedule"], name


@pytest.mark.needs_postgres
def test_a_second_run_while_one_holds_the_lock_does_nothing(instrument):
    manager, _ = team(3)
    cycle = draft([manager])
    launch(cycle)
    # As a launch whose queueing task never reached the broker leaves them.
    Invitation.objects.update(queued_at=None)
    key = zlib.crc32(due_work.LOCK.encode())
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
        skipped = due_work.due_work_run()
        assert skipped.ran is False and skipped.queued == 0
        assert mail.outbox == []
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        done = due_work.due_work_run()
        assert done.ran is True and done.queued == 4
    finally:
        other.close()
