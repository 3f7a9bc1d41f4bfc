"""What invitations and reminders say, and that they go out exactly once."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from surveys import emails, sending, services
from surveys.models import Invitation
from tests.helpers import launched_cycle
from tests.smtp import html_of, survey_link, text_of

pytestmark = pytest.mark.django_db


def send_all(kind="invite", slot=None):
    ids = list(Invitation.objects.order_by("id").values_list("id", flat=True))
    return emails.invitations_send(invitation_ids=ids, kind=kind, slot=slot)


def test_an_invitation_names_the_manager_deadline_link_and_anonymity(instrument):
    cycle, [(manager, reps)] = launched_cycle(team_size=3)
    send_all()
    message = next(m for m in mail.outbox if m.to == [reps[0].email])
    body = message.body
    assert manager.name in message.subject and manager.name in body
    assert f"{cycle.closes_at:%Y}" in body and "Please answer by" in body
    assert "http://testserver/s/" in body
    assert (
        "answers are stored without your name" in body
        and f"at least {cycle.k} team members" in body
    )
    html = message.alternatives[0].content
    assert message.alternatives[0].mimetype == "text/html"
    assert "http://testserver/s/" in html and manager.name in html
    for other in reps[1:]:
        assert other.name not in body and other.email not in body


def test_the_self_invitation_asks_the_manager_to_rate_themself(instrument):
    _cycle, [(manager, _)] = launched_cycle(team_size=3)
    send_all()
    message = next(m for m in mail.outbox if m.to == [manager.email])
    assert message.subject.startswith("Your self-assessment")
    assert "rate yourself" in message.body


def test_names_with_markup_are_escaped_in_html_and_plain_in_text(instrument):
    _cycle, [(manager, reps)] = launched_cycle(team_size=3)
    manager.name = "Ann <b>O'Neil</b> & Co"
    manager.save()
    send_all()
    message = next(m for m in mail.outbox if m.to == [reps[0].email])
    assert "Ann <b>O'Neil</b> & Co" in message.body
    assert "Ann <b>O'Neil</b> & Co" in message.subject
    assert "Ann &lt;b&gt;O&#x27;Neil&lt;/b&gt; &amp; Co" in message.alternatives[0].content


def test_a_batch_shares_one_smtp_connection(instrument, smtp, monkeypatch):
    launched_cycle(team_size=5)
    opened = []
    real_connect = smtplib.SMTP.connect

    def counting_connect(self, *args, **kwargs):
        opened.append(1)
        return real_connect(self, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "connect", counting_connect)
    outcome = send_all()
    assert outcome.sent == 6
    assert len(smtp.messages) == 6
    assert len(opened) == 1


def test_sending_a_batch_twice_sends_each_invitation_once(instrument, smtp):
    launched_cycle(team_size=4)
    first = send_all()
    second = send_all()
    assert (first.sent, second.sent, second.skipped) == (5, 0, 5)
    assert sorted(m["To"] for m in smtp.messages) == sorted(set(m["To"] for m in smtp.messages))


def test_smtp_down_raises_for_a_retry_and_loses_nothing(instrument, smtp):
    launched_cycle(team_size=4)
    smtp.stop()
    with pytest.raises(emails.TransientSendError) as failure:
        send_all()
    assert len(failure.value.remaining) == 5
    assert Invitation.objects.filter(send_status="pending").count() == 5
    assert (
        "ConnectionRefusedError" in Invitation.objects.first().send_error
        or Invitation.objects.exclude(send_error="").exists()
    )

    smtp.start()
    outcome = emails.invitations_send(invitation_ids=failure.value.remaining, kind="invite")
    assert outcome.sent == 5 and len(smtp.messages) == 5


def test_a_4xx_refusal_is_retried_later(instrument, smtp):
    launched_cycle(team_size=3)
    smtp.handler.refuse_with = "451 4.3.0 Try again later"
    with pytest.raises(emails.TransientSendError):
        send_all()
    assert not Invitation.objects.exclude(send_status="pending").exists()


def test_a_5xx_for_one_recipient_marks_it_failed_and_sends_the_rest(instrument, smtp):
    _, [(_, reps)] = launched_cycle(team_size=3)
    smtp.handler.reject_recipients = {reps[1].email}
    outcome = send_all()
    assert (outcome.sent, outcome.failed) == (3, 1)
    failed = Invitation.objects.get(rater=reps[1])
    assert failed.send_status == "failed" and "550" in failed.send_error
    assert len(smtp.messages) == 3


def test_the_send_task_retries_with_backoff_when_smtp_is_down(instrument, smtp, monkeypatch):
    from celery.exceptions import Retry

    from surveys import tasks

    launched_cycle(team_size=2)
    smtp.stop()
    ids = [str(i) for i in Invitation.objects.values_list("id", flat=True)]
    retried = {}

    def fake_retry(*args, **kwargs):
        retried.update(kwargs)
        raise Retry()

    monkeypatch.setattr(tasks.send_invitations, "retry", fake_retry)
    with pytest.raises(Retry):
        tasks.send_invitations.run(ids, "invite", None)
    assert sorted(retried["args"][0]) == sorted(ids)
    assert 5 <= retried["countdown"] <= 15


def test_backoff_grows_and_is_capped():
    from surveys.tasks import backoff_seconds

    assert 5 <= backoff_seconds(0) <= 15
    assert 40 <= backoff_seconds(3) <= 120
    assert backoff_seconds(20) <= 900


# --- Reminders -----------------------------------------------------------------------------------


def reminder_run(now, captured):
    with time_machine.travel(now), captured(execute=True):
        return sending.reminders_queue_due()


def test_reminders_reach_only_non_responders_once_per_slot(
    instrument, django_capture_on_commit_callbacks
):
    cycle, [(manager, reps)] = launched_cycle(team_size=4, reminder_days="7, 3, 1")
    send_all()
    answered = Invitation.objects.get(rater=reps[0])
    answered.completed = True
    answered.save()
    mail.outbox.clear()

    seven_days_before = cycle.closes_at - timedelta(days=7, minutes=-1)
    reminder_run(seven_days_before, django_capture_on_commit_callbacks)
    reminded = sorted(m.to[0] for m in mail.outbox)
    assert reminded == sorted([manager.email] + [r.email for r in reps[1:]])
    assert all(m.subject.startswith("Reminder: 7 days left") for m in mail.outbox)

    mail.outbox.clear()
    reminder_run(seven_days_before + timedelta(hours=1), django_capture_on_commit_callbacks)
    reminder_run(seven_days_before + timedelta(days=2), django_capture_on_commit_callbacks)
    assert mail.outbox == []  # same slot: nobody twice

    three_days_before = cycle.closes_at - timedelta(days=3, minutes=-1)
    reminder_run(three_days_before, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 4
    assert (
        "There are 2 days left" in mail.outbox[0].body
        or "There are 3 days left" in mail.outbox[0].body
    )


def test_a_late_launch_sends_only_the_current_slot(instrument, django_capture_on_commit_callbacks):
    cycle, _ = launched_cycle(team_size=3, reminder_days="7, 3, 1")
    with time_machine.travel(cycle.closes_at - timedelta(days=2)):
        send_all()
    mail.outbox.clear()
    reminder_run(cycle.closes_at - timedelta(hours=20), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 4
    assert Invitation.objects.filter(reminder_count=1, last_reminder_slot=1).count() == 4


def test_no_reminder_after_close_or_beyond_the_cap(instrument, django_capture_on_commit_callbacks):
    cycle, _ = launched_cycle(team_size=3, reminder_days="5, 4, 3, 2, 1", max_reminders=2)
    send_all()
    mail.outbox.clear()
    for days in (5, 4, 3, 2, 1):
        reminder_run(
            cycle.closes_at - timedelta(days=days, minutes=-1), django_capture_on_commit_callbacks
        )
    assert len(mail.outbox) == 2 * 4
    mail.outbox.clear()
    services.cycle_close(cycle_id=cycle.pk)
    Invitation.objects.update(reminder_count=0, last_reminder_slot=None)
    reminder_run(cycle.closes_at - timedelta(hours=1), django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_send_reminders_now_skips_those_reminded_within_the_hour(
    instrument, django_capture_on_commit_callbacks
):
    cycle, _ = launched_cycle(team_size=3)
    send_all()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.reminders_send_now(cycle_id=cycle.pk) == 0  # just invited
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        with django_capture_on_commit_callbacks(execute=True):
            assert sending.reminders_send_now(cycle_id=cycle.pk) == 4
        assert len(mail.outbox) == 4
        with django_capture_on_commit_callbacks(execute=True):
            assert sending.reminders_send_now(cycle_id=cycle.pk) == 0
    assert len(mail.outbox) == 4


def test_a_scheduled_reminder_waits_for_an_hour_after_a_manual_one(
    instrument, django_capture_on_commit_callbacks
):
    cycle, _ = launched_cycle(team_size=3, reminder_days="3")
    send_all()
    mail.outbox.clear()
    slot = cycle.closes_at - timedelta(days=3)
    with (
        time_machine.travel(slot - timedelta(minutes=10)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sending.reminders_send_now(cycle_id=cycle.pk)
    assert len(mail.outbox) == 4
    reminder_run(slot + timedelta(minutes=10), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 4  # twenty minutes after the manual one: not yet
    reminder_run(slot + timedelta(hours=2), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 8


def test_reminders_say_how_many_days_are_left(instrument):
    cycle, [(manager, reps)] = launched_cycle(team_size=3)
    send_all()
    invitation = Invitation.objects.get(rater=reps[0])
    with time_machine.travel(cycle.closes_at - timedelta(days=3, hours=2)):
        from django.utils import timezone

        message = emails.invitation_message(invitation, kind="reminder", now=timezone.now())
    assert message.subject == f"Reminder: 3 days left to give feedback on {manager.name}"
    assert "There are 3 days left" in message.body


def test_the_real_smtp_message_parses_with_a_link(instrument, smtp):
    launched_cycle(team_size=3)
    send_all()
    message = smtp.messages[0]
    assert survey_link(message).startswith("http://testserver/s/")
    assert "<html" in html_of(message) and "Please answer by" in text_of(message)


def test_a_reminder_refused_for_good_is_not_tried_again(instrument, smtp):
    cycle, [(manager, reps)] = launched_cycle(team_size=3)
    send_all()
    smtp.handler.reject_recipients = {reps[0].email}
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        outcome = send_all(kind="reminder")
    assert outcome.failed == 1
    bounced = Invitation.objects.get(rater=reps[0])
    assert bounced.send_status == "failed" and "550" in bounced.send_error
    later = timezone.now() + timedelta(hours=3)
    assert bounced not in sending.reminder_candidates(cycle, slot=None, now=later)
