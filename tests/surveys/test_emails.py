"""What invitations say, that each person gets one e-mail listing all their
surveys, in their language, and what the sender does with SMTP's answers."""

from __future__ import annotations

import re
import smtplib
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback360 import email as site_email
from surveys import mail_delivery, mail_queue, tasks
from surveys.models import Invitation
from tests.factories import team
from tests.helpers import launched_cycle
from tests.smtp import html_of, survey_link, text_of

from . import support
from .support import draft, html, invitation_of, launch, mails_to, send_invitations

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver/s/[^\s/]+/")


def send_batch(cycle, people, kind="invite", slot=None):
    return mail_delivery.mail_batch_send(
        cycle_id=cycle.pk, rater_ids=[p.pk for p in people], kind=kind, slot=slot
    )


def everyone(cycle):
    return list(
        {
            i.rater
            for i in Invitation.objects.filter(assessment__cycle=cycle).select_related("rater")
        }
    )


# --- What an invitation says --------------------------------------------------------------


def test_a_rep_is_asked_about_their_manager_with_deadline_link_and_anonymity(instrument):
    cycle, [(manager, reps)] = launched_cycle(team_size=3)
    send_invitations(cycle)
    [message] = mails_to(reps[0])
    assert (
        message.subject == f"Feedback on {manager.name}: please answer by {cycle.closes_at:%-d %B}"
    )
    body = message.body
    assert f"{manager.name}, your manager" in body
    assert "Please answer by" in body and f"{cycle.closes_at:%Y}" in body and "(UTC)" in body
    assert len(LINK.findall(body)) == 1
    assert "your answers are stored without your name" in body
    assert f"at least {cycle.k}" in body
    assert LINK.search(html(message)) and manager.name in html(message)
    assert message.alternatives[0].mimetype == "text/html"
    for other in reps[1:]:
        assert other.name not in body and other.email not in body


def test_the_manager_is_asked_to_rate_themself_without_the_anonymity_note(instrument):
    cycle, [(manager, _)] = launched_cycle(team_size=3)
    send_invitations(cycle)
    [message] = mails_to(manager)
    assert message.subject == f"Your self-assessment for {cycle.name}"
    assert "please rate yourself" in message.body
    assert "Your self-assessment" in message.body
    assert "stored without your name" not in message.body


def test_names_with_markup_are_escaped_in_html_and_plain_in_text(instrument):
    cycle, [(manager, reps)] = launched_cycle(team_size=3)
    manager.name = "Ann <b>O'Neil</b> & Co"
    manager.save()
    send_invitations(cycle)
    [message] = mails_to(reps[0])
    assert "Ann <b>O'Neil</b> & Co" in message.body
    assert "Ann <b>O'Neil</b> & Co" in message.subject
    assert "Ann &lt;b&gt;O&#x27;Neil&lt;/b&gt; &amp; Co" in html(message)
    assert "<b>O'Neil</b>" not in html(message)


def _org(settings):
    settings.ORGANISATION_NAME = "Northwind Sales"
    settings.HR_CONTACT = "people-team@northwind.example"


def _names_both(message) -> None:
    for part in (message.body, html(message)):
        assert "Northwind Sales" in part
        assert "people-team@northwind.example" in part


def test_invitations_name_the_organisation_and_the_hr_contact(instrument, settings):
    _org(settings)
    cycle, [(manager, reps)] = launched_cycle(team_size=3)
    send_invitations(cycle)
    for person in (manager, reps[0]):
        [message] = mails_to(person)
        _names_both(message)


def test_reminders_name_the_organisation_and_the_hr_contact(instrument, settings):
    _org(settings)
    cycle, [(manager, reps)] = launched_cycle(team_size=3)
    send_invitations(cycle)
    mail.outbox.clear()
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=2)):
        mail_queue.reminders_send_now(cycle_id=cycle.pk)
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        _names_both(message)


def test_the_report_ready_email_names_the_organisation_and_the_hr_contact(
    instrument, settings, django_capture_on_commit_callbacks
):
    from reports.release import cycle_release
    from surveys import lifecycle

    _org(settings)
    cycle, [(manager, reps)] = launched_cycle(team_size=3)
    lifecycle.cycle_close(cycle_id=cycle.pk)
    with django_capture_on_commit_callbacks(execute=True):
        cycle_release(cycle_id=cycle.pk)
    [message] = mails_to(manager)
    assert message.subject == f"Your feedback report for {cycle.name} is ready"
    _names_both(message)


def test_the_sign_in_link_names_the_organisation_and_the_hr_contact(instrument, settings):
    from portal.accounts import signin_link_send
    from surveys.accounts import person_user_ensure

    _org(settings)
    _cycle, [(manager, _)] = launched_cycle(team_size=3)
    user = person_user_ensure(person=manager)
    assert signin_link_send(user_id=user.pk)
    [message] = mails_to(manager)
    _names_both(message)


def test_without_an_hr_contact_no_empty_contact_line_is_printed(instrument, settings):
    settings.HR_CONTACT = ""
    cycle, [(_, reps)] = launched_cycle(team_size=3)
    send_invitations(cycle)
    [message] = mails_to(reps[0])
    assert "Questions? Contact" not in message.body and "Contact ." not in html(message)


# --- One e-mail per person, listing their surveys --------------------------------------------


@pytest.fixture
def peer_of_two(instrument):
    return support.peer_of_two()


def test_a_peer_of_two_managers_gets_one_email_listing_all_three_surveys(peer_of_two):
    cycle, ann, bob, pia = peer_of_two
    send_invitations(cycle)
    [message] = mails_to(pia)
    assert message.subject == (
        f"Spring 360: 3 feedback surveys, please answer by {cycle.closes_at:%-d %B}"
    )
    body = message.body
    assert "You have 3 surveys" in body
    assert "Your self-assessment" in body
    assert "Ann Able, as a peer" in body and "Bob Brand, as a peer" in body
    # her own survey first, then the others by name, each with its own link
    assert body.index("Your self-assessment") < body.index("Ann Able") < body.index("Bob Brand")
    links = LINK.findall(body)
    assert len(links) == len(set(links)) == 3
    assert set(LINK.findall(html(message))) == set(links)
    assert Invitation.objects.filter(rater=pia, send_status="sent").count() == 3


def test_each_link_in_a_bundle_opens_its_own_survey(peer_of_two, client):
    cycle, ann, bob, pia = peer_of_two
    send_invitations(cycle)
    [message] = mails_to(pia)
    lines = message.body.splitlines()
    for name in ("Ann Able", "Bob Brand"):
        label = next(i for i, line in enumerate(lines) if f"{name}, as a peer" in line)
        link = LINK.search(lines[label + 1]).group(0)
        page = client.get(link.replace("http://testserver", "")).content.decode()
        assert name in page


def test_the_bundle_is_sent_once_however_often_it_is_queued(peer_of_two):
    cycle, *_ = peer_of_two
    send_invitations(cycle)
    sent = len(mail.outbox)
    assert send_invitations(cycle) == 0
    assert send_batch(cycle, everyone(cycle)).sent == 0
    assert len(mail.outbox) == sent == len(everyone(cycle))


def test_invitations_are_in_the_raters_own_language(instrument):
    """German words need the catalogue; the date's month name comes from Django's own."""
    manager, reps = team(3)
    reps[0].language = "de"
    reps[0].save()
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)):
        cycle = draft(
            [manager],
            opens_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
            closes_at=datetime(2026, 3, 16, 17, 0, tzinfo=UTC),
        )
        launch(cycle)
        send_invitations(cycle)
    [german] = mails_to(reps[0])
    assert "16. März 2026" in german.body and "Bitte antworten Sie bis" in german.body
    # No language of their own: the organisation's.
    for person in (reps[1], manager):
        [english] = mails_to(person)
        assert "16 March 2026" in english.body and "März" not in english.body


@pytest.mark.parametrize("kind", [mail_queue.INVITE, mail_queue.REMINDER])
def test_a_batch_sends_each_email_exactly_as_rendered_on_its_own(peer_of_two, kind):
    """The sender renders an e-mail once per shape (language, kinds of survey)
    and fills in names and links: what each person gets must be what their
    e-mail rendered alone would be, markup in names and all."""
    cycle, ann, bob, pia = peer_of_two
    ann.name = "Ann <b>O'Neil</b> & {{ Co }} %(x)s \\1"
    ann.save()
    pia.language = "de"
    pia.save()
    rep = Invitation.objects.filter(assessment__manager=bob, relationship="team").first().rater
    rep.name = "Zoë \ue000u0\ue001 Ng"
    rep.language = "fr"
    rep.save()
    now = timezone.now()
    writer = mail_delivery.BundleWriter(cycle, kind, now)
    rows = Invitation.objects.filter(assessment__cycle=cycle).select_related(
        "rater", "assessment__manager"
    )
    by_rater = {}
    for invitation in rows:
        by_rater.setdefault(invitation.rater_id, []).append(invitation)
    assert len(by_rater) == 12
    for invitations in by_rater.values():
        invitations.sort(key=lambda i: (i.relationship != "self", i.assessment.manager.name))
        rater = invitations[0].rater
        bundle = mail_delivery.Bundle(rater.name, rater.email, rater.language_code)
        bundle.surveys = [
            mail_delivery.Survey(i.id, i.relationship, i.assessment.manager.name)
            for i in invitations
        ]
        alone = mail_delivery.bundle_message(cycle, invitations, kind=kind, now=now)
        filled = writer.message(bundle)
        assert filled.subject == alone.subject
        assert filled.body == alone.body
        assert filled.alternatives == alone.alternatives
        assert filled.to == alone.to == [rater.email]
    assert len(writer.stencils) < len(by_rater)  # shapes were shared


def test_build_message_renders_in_the_language_it_is_given(settings):
    message = site_email.build_message(
        "signin_link", {"name": "Jonas", "url": "http://testserver/x", "minutes": 30},
        ["jonas@example.com"], language="de",
    )  # fmt: skip
    assert '<html lang="de">' in html(message)


# --- SMTP ------------------------------------------------------------------------------------


def test_a_batch_shares_one_smtp_connection(instrument, smtp, monkeypatch):
    cycle, _ = launched_cycle(team_size=5)
    opened = []
    real_connect = smtplib.SMTP.connect

    def counting_connect(self, *args, **kwargs):
        opened.append(1)
        return real_connect(self, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "connect", counting_connect)
    outcome = send_batch(cycle, everyone(cycle))
    assert outcome.sent == 6
    assert len(smtp.messages) == 6
    assert len(opened) == 1


def test_the_real_smtp_message_parses_with_its_link(instrument, smtp):
    cycle, [(_, reps)] = launched_cycle(team_size=3)
    send_batch(cycle, everyone(cycle))
    [message] = smtp.to(reps[0].email)
    assert survey_link(message).startswith("http://testserver/s/")
    assert "<html" in html_of(message) and "Please answer by" in text_of(message)


def test_smtp_down_raises_for_a_retry_and_loses_nothing(instrument, smtp):
    cycle, _ = launched_cycle(team_size=4)
    people = everyone(cycle)
    smtp.stop()
    with pytest.raises(mail_delivery.TransientSendError) as failure:
        send_batch(cycle, people)
    assert sorted(failure.value.remaining) == sorted(p.pk for p in people)
    assert Invitation.objects.filter(send_status="pending").count() == 5
    assert Invitation.objects.filter(claimed_at__isnull=True).count() == 5
    assert "ConnectionRefusedError" in Invitation.objects.first().send_error

    smtp.start()
    outcome = mail_delivery.mail_batch_send(
        cycle_id=cycle.pk, rater_ids=failure.value.remaining, kind="invite"
    )
    assert outcome.sent == 5 and len(smtp.messages) == 5


def test_a_4xx_refusal_is_retried_later_not_marked_failed(instrument, smtp):
    cycle, _ = launched_cycle(team_size=3)
    smtp.handler.refuse_with = "451 4.3.0 Try again later"
    with pytest.raises(mail_delivery.TransientSendError):
        send_batch(cycle, everyone(cycle))
    assert set(Invitation.objects.values_list("send_status", flat=True)) == {"pending"}
    smtp.handler.refuse_with = None
    assert send_batch(cycle, everyone(cycle)).sent == 4


def test_a_5xx_for_one_recipient_marks_them_failed_and_sends_the_rest(instrument, smtp):
    cycle, [(_, reps)] = launched_cycle(team_size=3)
    smtp.handler.reject_recipients = {reps[1].email}
    outcome = send_batch(cycle, everyone(cycle))
    assert (outcome.sent, outcome.failed) == (3, 1)
    failed = Invitation.objects.get(rater=reps[1])
    assert failed.send_status == "failed" and "550" in failed.send_error
    assert len(smtp.messages) == 3
    # not retried by the dispatcher either
    assert send_invitations(cycle) == 0
    assert len(smtp.messages) == 3


def test_a_5xx_marks_every_survey_of_the_bundle_failed(peer_of_two, smtp):
    cycle, ann, bob, pia = peer_of_two
    smtp.handler.reject_recipients = {pia.email}
    send_batch(cycle, [pia])
    assert set(Invitation.objects.filter(rater=pia).values_list("send_status", flat=True)) == {
        "failed"
    }


def test_the_send_task_retries_the_people_left_with_backoff(instrument, smtp, monkeypatch):
    from celery.exceptions import Retry

    cycle, _ = launched_cycle(team_size=2)
    people = [p.pk for p in everyone(cycle)]
    smtp.stop()
    retried = {}

    def fake_retry(*args, **kwargs):
        retried.update(kwargs)
        raise Retry()

    monkeypatch.setattr(tasks.send_mail_batch, "retry", fake_retry)
    with pytest.raises(Retry):
        tasks.send_mail_batch.run(cycle.pk, people, "invite", None)
    assert retried["args"][0] == cycle.pk
    assert sorted(retried["args"][1]) == sorted(people)
    assert 5 <= retried["countdown"] <= 15


def test_backoff_grows_and_is_capped():
    assert 5 <= tasks.backoff_seconds(0) <= 15
    assert 40 <= tasks.backoff_seconds(3) <= 120
    assert tasks.backoff_seconds(20) <= 900


def test_nothing_is_sent_for_a_closed_cycle(instrument):
    from surveys import lifecycle

    cycle, _ = launched_cycle(team_size=3)
    lifecycle.cycle_close(cycle_id=cycle.pk)
    outcome = send_batch(cycle, everyone(cycle))
    assert outcome.sent == 0 and mail.outbox == []


# --- No database lock while the mail server thinks (PostgreSQL) -------------------------------


def not_yet_sent(cycle):
    """In a transactional test the launch's e-mails went out at its commit:
    take them back to where the worker finds them."""
    Invitation.objects.filter(assessment__cycle=cycle).update(send_status="pending", sent_at=None)
    mail.outbox.clear()


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_rep_can_answer_while_their_invitation_is_being_sent(instrument, smtp):
    """The batch claims and commits before talking SMTP, so a submission for the
    same invitation during a slow send does not wait for the mail server."""
    from .support import answer

    cycle, [(manager, reps)] = launched_cycle(team_size=3)
    not_yet_sent(cycle)
    smtp.clear()
    rep = reps[0]
    smtp.handler.delay = 3.0
    outcome = {}

    def sending():
        try:
            outcome["result"] = send_batch(cycle, [rep])
        finally:
            connection.close()

    sender = threading.Thread(target=sending)
    sender.start()
    try:
        deadline = time.monotonic() + 5
        while not Invitation.objects.filter(rater=rep, claimed_at__isnull=False).exists():
            assert time.monotonic() < deadline, "the batch never claimed the invitation"
            time.sleep(0.02)
        time.sleep(0.5)  # well inside the SMTP server's DATA delay
        started = time.monotonic()
        answer(invitation_of(cycle, rep, manager))
        waited = time.monotonic() - started
    finally:
        sender.join(timeout=15)
    assert waited < 1.0, f"the submission waited {waited:.1f}s for the SMTP send"
    assert outcome["result"].sent == 1 and len(smtp.messages) == 1
    invitation = invitation_of(cycle, rep, manager)
    assert invitation.completed and invitation.send_status == "sent"


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_sent_marks_skip_the_disk_flush_for_their_own_transaction_only(instrument):
    cycle, _ = launched_cycle(team_size=2)
    not_yet_sent(cycle)
    with CaptureQueriesContext(connection) as queries:
        send_batch(cycle, everyone(cycle))
    statements = [q["sql"] for q in queries.captured_queries]
    assert any(s.startswith("SET LOCAL synchronous_commit") for s in statements)
    assert not any(re.match(r"SET (SESSION )?synchronous_commit", s) for s in statements)
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
