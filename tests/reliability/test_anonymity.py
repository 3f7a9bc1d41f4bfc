"""Attacks on anonymity: nobody may learn who said what, from any side.

Each test plays one attacker: a manager with too few raters, a manager
guessing report ids, HR in the admin, somebody reading the raw tables or the
logs, somebody comparing two downloads.
"""

from __future__ import annotations

import io
import logging

import pytest
from django.core import mail
from django.db import connection
from pypdf import PdfReader

from reports import services as report_services
from reports.accounts import person_user_ensure
from reports.models import Report
from surveys import services
from surveys.mixing import assessment_mix
from surveys.models import Answer, Assessment, Comment, Invitation, Response
from tests.helpers import full_answer, launched_cycle, survey_path

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def answer_team(client, instrument, cycle, manager, *, count, value, comment):
    invitations = Invitation.objects.filter(
        assessment__cycle=cycle, assessment__manager=manager, relationship="team"
    )
    for invitation in invitations[:count]:
        data = full_answer(instrument, value=value, comments=(comment, comment))
        assert client.post(survey_path(invitation), data).status_code == 302


def release(cycle, captured):
    services.cycle_close(cycle_id=cycle.pk)
    with captured(execute=True):
        report_services.cycle_release(cycle_id=cycle.pk)


def test_two_team_answers_teach_the_manager_nothing(
    client, instrument, django_capture_on_commit_callbacks
):
    """The report of a manager with 2 team answers (k = 3) reads exactly like
    one with none, apart from the response count on the cover."""
    cycle, [(two, _), (none, _)] = launched_cycle(team_size=5, managers=2)
    two.name = none.name = "Manager Same"
    two.save()
    none.save()
    for manager in (two, none):
        own = Invitation.objects.get(assessment__cycle=cycle, rater=manager)
        client.post(survey_path(own), full_answer(instrument, value=4))
    answer_team(client, instrument, cycle, two, count=2, value=1, comment="Tell-tale remark")
    mail.outbox.clear()
    release(cycle, django_capture_on_commit_callbacks)

    texts = {}
    for manager in (two, none):
        report = Report.objects.get(assessment__manager=manager)
        text = pdf_text(bytes(report.pdf))
        assert "Tell-tale remark" not in text
        assert "1.0" not in text  # the team's unanimous 1s, flipped or not, appear nowhere
        texts[manager.pk] = text.replace("2 of 5 team members", "N").replace(
            "0 of 5 team members", "N"
        )
    assert texts[two.pk] == texts[none.pk]

    bodies = sorted(m.body.replace(m.to[0], "") for m in mail.outbox)
    assert bodies[0] == bodies[1]  # the release e-mails are the same too

    client.force_login(person_user_ensure(person=two))
    page = client.get("/reports/").content.decode()
    assert "2 of 5" not in page and "responded" not in page


def test_managers_cannot_reach_other_reports_by_guessing(
    client, instrument, django_capture_on_commit_callbacks
):
    cycle, teams = launched_cycle(team_size=3, managers=3)
    for manager, _ in teams:
        answer_team(client, instrument, cycle, manager, count=3, value=4, comment="x")
    release(cycle, django_capture_on_commit_callbacks)
    me = teams[0][0]
    client.force_login(person_user_ensure(person=me))
    for report in Report.objects.all():
        status = client.get(f"/reports/{report.pk}/pdf").status_code
        expected = 200 if report.assessment and report.assessment.manager == me else 404
        assert status == expected
    for guess in ("1", "../1", "%2e%2e/", "00000000-0000-0000-0000-000000000001"):
        assert client.get(f"/reports/{guess}/pdf").status_code == 404


def test_hr_reading_the_admin_cannot_tie_a_rating_to_a_person(hr_client, client, instrument):
    cycle, [(manager, reps)] = launched_cycle(team_size=3)
    answer_team(client, instrument, cycle, manager, count=1, value=2, comment="Only-one-said-this")
    who = Invitation.objects.get(completed=True).rater
    page = hr_client.get(f"/admin/surveys/invitation/?assessment__cycle__id__exact={cycle.pk}")
    html = page.content.decode()
    assert who.email in html  # HR may see who answered, for reminders…
    assert "Only-one-said-this" not in html  # …never what
    assert hr_client.get("/admin/surveys/response/").status_code == 404
    assert hr_client.get("/admin/surveys/answer/").status_code == 404
    assert hr_client.get("/admin/surveys/comment/").status_code == 404


def test_logs_carry_no_ratings_comments_or_tokens(client, instrument, caplog, settings):
    caplog.set_level(logging.DEBUG)
    cycle, [(manager, _)] = launched_cycle(team_size=3)
    invitation = Invitation.objects.filter(relationship="team").first()
    path = survey_path(invitation)
    client.post(path, full_answer(instrument, value=5, comments=("Secret-comment-42", "")))
    client.post(path, full_answer(instrument))  # "already answered", with the token in the URL
    client.get(path[:-3] + "x/")  # a tampered link: logged as a 404
    token = path.split("/")[2]
    cut = len(token) // 2
    client.get(f"/s/{token[:cut]}%2F{token[cut:]}/")  # split by an encoded slash
    # What the configured console handler writes, after its filters.
    console = next(h for h in logging.getLogger().handlers if h.filters)
    ours = ("surveys", "reports", "feedback360", "django", "celery")
    written = [r for r in caplog.records if r.name.startswith(ours) and console.filter(r)]
    logged = "\n".join(r.getMessage() for r in written)
    assert "Not Found: /s/[redacted]/" in logged
    assert "event=response_recorded" in logged  # the submission was logged…
    assert "Secret-comment-42" not in logged  # …without its comment,
    assert "item_" not in logged and "manager=" not in logged  # its answers or its manager,
    assert token[:cut] not in logged and token[cut:] not in logged  # or any part of the token.
    rater = invitation.rater
    assert rater.email not in logged and rater.name not in logged


def answer_in_order(client, instrument, invitations):
    """Rep i answers item j with ((i + j) mod 5) + 1: each sheet recognisable."""
    from surveys.forms import item_field_name
    from surveys.models import Item

    items = list(Item.objects.filter(dimension__instrument=instrument).values_list("id", flat=True))
    for i, invitation in enumerate(invitations):
        data = full_answer(instrument, comments=(f"c{i}", ""))
        data |= {item_field_name(item): str((i + j) % 5 + 1) for j, item in enumerate(items)}
        assert client.post(survey_path(invitation), data).status_code == 302
    return items


def sheet_owner(response_id, items) -> int:
    first = Answer.objects.get(response_id=response_id, item_id=items[0]).value
    return (first - 1) % 5  # the rep's index mod 5, enough to tell five reps apart


def physical_order(table: str) -> list:
    column = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} ORDER BY {column}")  # noqa: S608 - fixed names
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_rows_on_disk_do_not_follow_the_order_people_answered(client, instrument):
    """A dump lists rows as they sit on disk; after mixing that is not the order
    of arrival (the chance of five mixes all landing on it: below one in 10^9)."""
    cycle, [(manager, _)] = launched_cycle(team_size=5)
    invitations = list(Invitation.objects.filter(relationship="team").order_by("rater__name"))
    items = answer_in_order(client, instrument, invitations)
    assessment = Assessment.objects.get()
    orders = set()
    for _ in range(5):  # the submissions' own mixes, then four more
        ids = physical_order(Response._meta.db_table)
        orders.add(tuple(sheet_owner(rid, items) for rid in ids))
        Assessment.objects.update(needs_mixing=True)
        assessment_mix(assessment_id=assessment.pk)
    assert orders != {(0, 1, 2, 3, 4)}
    assert len(orders) > 1


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_transaction_ids_do_not_pair_a_response_with_its_invitation(client, instrument):
    """PostgreSQL stamps each row with the writing transaction's id (xmin).
    After a submission's mix, the assessment's responses, answers, comments
    and completed invitations all carry one xmin: no row can be paired with
    another by it, and completed invitations sorted by it say nothing about
    who answered first."""
    cycle, [(manager, _)] = launched_cycle(team_size=4)
    answer_in_order(client, instrument, list(Invitation.objects.filter(relationship="team")[:3]))

    with connection.cursor() as cursor:
        xmins = {}
        for table, where in (
            ("surveys_response", ""),
            ("surveys_answer", ""),
            ("surveys_comment", ""),
            ("surveys_invitation", "WHERE completed"),
        ):
            cursor.execute(f"SELECT DISTINCT xmin::text FROM {table} {where}")  # noqa: S608
            xmins[table] = {row[0] for row in cursor.fetchall()}
    assert Response.objects.count() == 3
    assert all(len(found) == 1 for found in xmins.values()), xmins
    assert len(set.union(*xmins.values())) == 1


def test_response_ids_do_not_follow_the_order_of_arrival(client, instrument):
    cycle, [(manager, _)] = launched_cycle(team_size=8)
    arrived = []
    for invitation in Invitation.objects.filter(relationship="team").order_by("rater__name"):
        before = set(Response.objects.values_list("id", flat=True))
        client.post(survey_path(invitation), full_answer(instrument))
        arrived += list(set(Response.objects.values_list("id", flat=True)) - before)
    assert len(arrived) == 8
    assert all(r.version == 4 for r in arrived)  # random UUIDs
    assert list(Response.objects.values_list("id", flat=True)) == sorted(
        arrived
    )  # default order: by random id
    assert Comment.objects.filter(assessment__cycle=cycle).count() <= 16
    assert not any(hasattr(Answer, f) for f in ("created", "created_at", "submitted_at"))


def test_two_downloads_of_a_released_report_are_identical(
    client, instrument, django_capture_on_commit_callbacks
):
    cycle, [(manager, _)] = launched_cycle(team_size=4)
    answer_team(client, instrument, cycle, manager, count=4, value=3, comment="same")
    release(cycle, django_capture_on_commit_callbacks)
    report = Report.objects.get(assessment__manager=manager)
    client.force_login(person_user_ensure(person=manager))
    first = client.get(f"/reports/{report.pk}/pdf").content
    # Any later answer (a bug, a re-opened cycle) cannot change it.
    Report.objects.filter(pk=report.pk).update(pdf=None)
    second = client.get(f"/reports/{report.pk}/pdf").content
    assert first == second
