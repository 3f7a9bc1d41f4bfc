"""Reminders: to non-responders only, one e-mail per person listing what they
have not answered, on the schedule's slots, never within an hour of another
e-mail, never beyond the cap; and what HR is told about who was not reminded."""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from surveys import lifecycle, mail_delivery, mail_queue, reminders
from surveys.errors import ServiceError
from surveys.models import Invitation
from tests.factories import PersonFactory, team

from . import support
from .support import answer, draft, invitation_of, launch, mails_to, send_invitations, text

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning
CLOSES = datetime(2026, 3, 16, 17, 0, tzinfo=UTC)


@contextlib.contextmanager
def at(moment: datetime):
    with time_machine.travel(moment, tick=False):
        yield


def launched(team_size: int = 3, **fields):
    """A cycle launched and e-mailed at START that closes at CLOSES."""
    with at(START):
        manager, reps = team(team_size)
        cycle = draft([manager], opens_at=START - timedelta(hours=1), closes_at=CLOSES, **fields)
        launch(cycle)
        send_invitations(cycle)
    mail.outbox.clear()
    return cycle, manager, reps


def due(moment: datetime) -> int:
    with at(moment):
        return mail_queue.reminders_queue_due()


def recipients() -> list[str]:
    return sorted(m.to[0] for m in mail.outbox)


def test_reminders_reach_only_non_responders_once_per_slot(instrument):
    cycle, manager, reps = launched(team_size=4, reminder_days="7, 3, 1")
    with at(START + timedelta(hours=3)):
        answer(invitation_of(cycle, reps[0], manager))

    due(CLOSES - timedelta(days=7) + timedelta(minutes=1))
    assert recipients() == sorted([manager.email] + [r.email for r in reps[1:]])
    assert {m.subject for m in mail.outbox} == {"Reminder: 7 days left to give your feedback"}
    assert all("There are 7 days left" in m.body for m in mail.outbox)

    mail.outbox.clear()
    due(CLOSES - timedelta(days=7) + timedelta(hours=2))
    due(CLOSES - timedelta(days=5))
    assert mail.outbox == []  # the same slot: nobody twice

    due(CLOSES - timedelta(days=3) + timedelta(minutes=1))
    assert len(mail.outbox) == 4
    assert {m.subject for m in mail.outbox} == {"Reminder: 3 days left to give your feedback"}


def test_a_reminder_lists_only_the_surveys_still_unanswered(instrument):
    with at(START):
        cycle, ann, bob, pia = support.peer_of_two(
            opens_at=START - timedelta(hours=1), closes_at=CLOSES, reminder_days="7"
        )
        send_invitations(cycle)
    with at(START + timedelta(days=1)):
        answer(invitation_of(cycle, pia, ann))
    mail.outbox.clear()

    due(CLOSES - timedelta(days=7) + timedelta(minutes=1))
    [message] = mails_to(pia)
    assert "These 2 surveys of Spring 360 are still waiting" in message.body
    assert "Your self-assessment" in message.body and "Bob Brand, as a peer" in message.body
    assert "Ann Able" not in message.body and "Ann Able" not in support.html(message)
    assert len(re.findall(r"http://testserver/s/\S+/", message.body)) == 2


def test_someone_who_answered_everything_is_not_reminded(instrument):
    with at(START):
        cycle, ann, bob, pia = support.peer_of_two(
            opens_at=START - timedelta(hours=1), closes_at=CLOSES, reminder_days="7"
        )
        send_invitations(cycle)
    with at(START + timedelta(days=1)):
        for invitation in Invitation.objects.filter(rater=pia):
            answer(invitation)
    mail.outbox.clear()
    due(CLOSES - timedelta(days=7) + timedelta(minutes=1))
    assert mails_to(pia) == []
    assert mails_to(ann) != []


def test_a_late_launch_sends_only_the_current_slot(instrument):
    with at(CLOSES - timedelta(days=2)):
        manager, _ = team(3)
        cycle = draft(
            [manager],
            opens_at=START,
            closes_at=CLOSES,
            reminder_days="7, 3, 1",
        )
        launch(cycle)
        send_invitations(cycle)
    mail.outbox.clear()
    due(CLOSES - timedelta(hours=20))
    assert len(mail.outbox) == 4
    assert {m.subject for m in mail.outbox} == {"Reminder: 1 day left to give your feedback"}
    assert Invitation.objects.filter(reminder_count=1, last_reminder_slot=1).count() == 4


def test_on_the_closing_day_the_reminder_says_it_is_the_last(instrument):
    cycle, _, _ = launched(team_size=3)
    with at(CLOSES - timedelta(hours=6)):
        mail_queue.reminders_send_now(cycle_id=cycle.pk)
    assert {m.subject for m in mail.outbox} == {"Reminder: last day to give your feedback"}
    assert "The survey closes today." in mail.outbox[0].body


def test_nobody_gets_more_reminders_than_the_cap(instrument):
    cycle, _, _ = launched(team_size=3, reminder_days="5, 4, 3, 2, 1", max_reminders=2)
    for days in (5, 4, 3, 2, 1):
        due(CLOSES - timedelta(days=days) + timedelta(minutes=1))
    assert len(mail.outbox) == 2 * 4
    assert set(Invitation.objects.values_list("reminder_count", flat=True)) == {2}


def test_no_reminder_after_close(instrument):
    cycle, _, _ = launched(team_size=3, reminder_days="1")
    with at(CLOSES - timedelta(days=2)):
        lifecycle.cycle_close(cycle_id=cycle.pk)
    due(CLOSES - timedelta(hours=12))
    assert mail.outbox == []
    with at(CLOSES - timedelta(hours=12)), pytest.raises(ServiceError, match="only while"):
        mail_queue.reminders_send_now(cycle_id=cycle.pk)


def test_send_now_waits_an_hour_after_any_email_about_the_survey(instrument):
    cycle, _, _ = launched(team_size=3)
    with at(START + timedelta(minutes=10)):
        just_invited = mail_queue.reminders_send_now(cycle_id=cycle.pk)
    assert just_invited.people == 0 and mail.outbox == []
    assert just_invited.outlook.too_soon == 4
    assert just_invited.outlook.soonest == START + timedelta(hours=1)

    with at(START + timedelta(hours=2)):
        assert mail_queue.reminders_send_now(cycle_id=cycle.pk).people == 4
        assert mail_queue.reminders_send_now(cycle_id=cycle.pk).people == 0
    assert len(mail.outbox) == 4


def test_a_scheduled_reminder_waits_an_hour_after_a_manual_one(instrument):
    cycle, _, _ = launched(team_size=3, reminder_days="3")
    slot = CLOSES - timedelta(days=3)
    with at(slot - timedelta(minutes=10)):
        mail_queue.reminders_send_now(cycle_id=cycle.pk)
    assert len(mail.outbox) == 4
    due(slot + timedelta(minutes=10))
    assert len(mail.outbox) == 4  # twenty minutes after the manual one: not yet
    due(slot + timedelta(hours=2))
    assert len(mail.outbox) == 8


def test_a_reminder_says_how_many_days_are_left(instrument):
    cycle, manager, reps = launched(team_size=3)
    with at(CLOSES - timedelta(days=3, hours=2)):  # the 13th, 15:00: three calendar days
        mail_queue.reminders_send_now(cycle_id=cycle.pk)
    [message] = mails_to(reps[0])
    assert message.subject == "Reminder: 3 days left to give your feedback"
    assert "There are 3 days left" in message.body
    assert f"{manager.name}, your manager" in message.body


def test_a_reminder_refused_for_good_is_not_tried_again(instrument, smtp):
    cycle, manager, reps = launched(team_size=3)
    smtp.handler.reject_recipients = {reps[0].email}
    later = START + timedelta(hours=2)
    with at(later):
        outcome = mail_delivery.mail_batch_send(
            cycle_id=cycle.pk, rater_ids=[manager.pk, *(r.pk for r in reps)], kind="reminder"
        )
    assert (outcome.sent, outcome.failed) == (3, 1)
    bounced = invitation_of(cycle, reps[0], manager)
    assert bounced.send_status == "failed" and "550" in bounced.send_error
    due_later = reminders.reminder_due(cycle, slot=None, now=later + timedelta(days=1))
    assert not Invitation.objects.filter(due_later, pk=bounced.pk).exists()


# --- What HR is told ---------------------------------------------------------------------------


@pytest.fixture
def mixed(instrument):
    """Seven people, each in a different reminder state at START + 3 hours."""
    cycle, manager, reps = launched(team_size=6, max_reminders=3)
    now = START + timedelta(hours=3)
    with at(now):
        answer(invitation_of(cycle, reps[0], manager))
    Invitation.objects.filter(rater=reps[1]).update(send_status="failed", send_error="550")
    Invitation.objects.filter(rater=reps[2]).update(reminder_count=3)
    Invitation.objects.filter(rater=reps[3]).update(
        reminder_count=1, last_reminded_at=now - timedelta(minutes=30)
    )
    Invitation.objects.filter(rater=reps[4]).update(send_status="pending", sent_at=None)
    # the manager's self-assessment and reps[5] can be reminded
    return cycle, manager, reps, now


def test_the_outlook_says_who_can_be_reminded_and_why_not(mixed):
    cycle, manager, reps, now = mixed
    outlook = reminders.reminder_outlook(cycle, now)
    assert (outlook.eligible, outlook.failed, outlook.capped, outlook.too_soon) == (2, 1, 1, 1)
    assert outlook.not_sent == 1
    assert outlook.waiting == 6  # reps[0] answered
    assert outlook.soonest == now + timedelta(minutes=30)


def test_the_remind_page_previews_who_will_be_reached(mixed, hr_client):
    cycle, manager, reps, now = mixed
    with at(now):
        page = text(hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/transition/remind/"))
    assert "2 unanswered surveys can be reminded now" in page
    assert "1 was e-mailed in the last hour — the first can be reminded from 2 March 2026" in page
    assert "1 has had the 3 reminders this cycle allows" in page
    assert "1 address refuses mail" in page
    assert "1 invitation is not sent yet" in page
    assert mail.outbox == []  # the page only asks


def test_send_reminders_now_says_how_many_went_out_and_why_not_the_others(mixed, hr_client):
    cycle, manager, reps, now = mixed
    with at(now):
        response = hr_client.post(
            f"/admin/surveys/cycle/{cycle.pk}/transition/remind/", follow=True
        )
    page = text(response)
    sent = "reminders are on their way to 2 people about 2 unanswered surveys."
    assert f"“{cycle.name}”: {sent}" in page
    assert "Not reminded:" in page
    assert "1 was e-mailed in the last hour (from 2 March 2026, 12:30 UTC)" in page
    assert "1 has had the 3 reminders this cycle allows" in page
    assert "1 has an address that refuses mail" in page
    assert "1 has not been sent the invitation yet" in page
    assert recipients() == sorted([manager.email, reps[5].email])


def test_an_hr_user_rated_in_the_cycle_learns_nothing_about_their_own_team(
    instrument, hr_client, hr_user
):
    with at(START):
        me, my_reps = team(3, manager=PersonFactory(user=hr_user))
        other, other_reps = team(2)
        cycle = draft([me, other], opens_at=START - timedelta(hours=1), closes_at=CLOSES)
        launch(cycle)
        send_invitations(cycle)
    mail.outbox.clear()
    Invitation.objects.filter(rater=other_reps[0]).update(send_status="failed", send_error="550")
    with at(START + timedelta(hours=3)):
        answer(invitation_of(cycle, my_reps[0], me))
        answer(invitation_of(cycle, other_reps[1], other))
        page = text(hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/transition/remind/"))
        assert "1 unanswered survey can be reminded now" in page  # Other's self-assessment
        response = hr_client.post(
            f"/admin/surveys/cycle/{cycle.pk}/transition/remind/", follow=True
        )
    page = text(response)
    assert f"“{cycle.name}”: reminders are on their way about 1 unanswered survey." in page
    assert "Not reminded: 1 has an address that refuses mail." in page
    assert "reminders are on their way to" not in page  # no count of people e-mailed
    # her own self-assessment and two silent reps were reminded all the same
    assert recipients() == sorted([me.email, my_reps[1].email, my_reps[2].email, other.email])


def test_the_preview_counts_as_too_soon_what_the_queue_still_holds(instrument, settings):
    """With a requeue wait longer than the hour between e-mails, a reminder handed
    to the queue 90 minutes ago still holds its row: the preview must not promise it."""
    settings.REQUEUE_AFTER_SECONDS = 2 * 3600
    cycle, manager, reps = launched(team_size=2)
    now = START + timedelta(hours=3)
    Invitation.objects.filter(rater=reps[0]).update(
        queued_at=now - timedelta(minutes=90), last_reminded_at=now - timedelta(minutes=90),
        reminder_count=1,
    )  # fmt: skip
    Invitation.objects.exclude(rater=reps[0]).update(queued_at=START - timedelta(hours=3))
    outlook = reminders.reminder_outlook(cycle, now)
    assert (outlook.eligible, outlook.too_soon) == (2, 1)
    assert outlook.soonest == now + timedelta(minutes=30)
    with at(now):
        sent = mail_queue.reminders_send_now(cycle_id=cycle.pk)
    assert sent.people == outlook.eligible
    assert recipients() == sorted([manager.email, reps[1].email])


def test_send_reminders_now_with_nobody_to_remind_says_so(instrument, hr_client):
    cycle, _, _ = launched(team_size=3)
    with at(START + timedelta(minutes=20)):
        response = hr_client.post(
            f"/admin/surveys/cycle/{cycle.pk}/transition/remind/", follow=True
        )
    page = text(response)
    assert f"“{cycle.name}”: nobody can be reminded right now." in page
    assert "Not reminded: 4 were e-mailed in the last hour (from 2 March 2026, 10:00 UTC)." in page
    assert mail.outbox == []


def test_the_cycle_page_says_when_the_next_scheduled_reminder_goes_out(instrument, hr_client):
    cycle, _, _ = launched(team_size=3, reminder_days="7, 3")
    with at(START + timedelta(hours=2)):
        page = text(hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/change/"))
    assert "Reminders: 4 unanswered surveys can be reminded now." in page
    assert "Next scheduled: 9 March 2026, 17:00." in page
