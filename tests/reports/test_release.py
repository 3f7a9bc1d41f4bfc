"""Releasing a cycle: frozen results, stored PDFs, managers told, and the
download rules (own reports only, released only, every download logged)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.management import call_command

from reports import selectors, services
from reports.models import Report, ReportDownload
from reports.release import cycle_release
from surveys import lifecycle
from surveys.errors import ServiceError
from surveys.models import Cycle, Invitation, ItemTally
from tests.helpers import full_answer, launched_cycle, survey_path

pytestmark = pytest.mark.django_db


def answer(client, instrument, cycle, *, count: int, value: int = 4, manager=None):
    invitations = Invitation.objects.filter(
        assessment__cycle=cycle, relationship="team", completed=False
    )
    if manager is not None:
        invitations = invitations.filter(assessment__manager=manager)
    for invitation in invitations[:count]:
        assert (
            client.post(survey_path(invitation), full_answer(instrument, value=value)).status_code
            == 302
        )


@pytest.fixture
def released(client, instrument, django_capture_on_commit_callbacks):
    """Two managers: Ann's team answered (4 of 5), Bob's only twice (below k)."""
    cycle, [(ann, ann_reps), (bob, bob_reps)] = launched_cycle(team_size=5, managers=2)
    ann.name, bob.name = "Ann Able", "Bob Brief"
    ann.save()
    bob.save()
    answer(client, instrument, cycle, count=4, value=4, manager=ann)
    answer(client, instrument, cycle, count=2, value=2, manager=bob)
    own = Invitation.objects.get(assessment__cycle=cycle, relationship="self", rater=ann)
    client.post(survey_path(own), full_answer(instrument, value=5))
    lifecycle.cycle_close(cycle_id=cycle.pk)
    with django_capture_on_commit_callbacks(execute=True):
        cycle_release(cycle_id=cycle.pk)
    cycle.refresh_from_db()
    return cycle, ann, bob


def manager_client(client, person):
    from portal.accounts import person_user_ensure

    client.force_login(person_user_ensure(person=person))
    return client


def test_release_needs_a_closed_cycle(instrument):
    cycle, _ = launched_cycle(team_size=3)
    with pytest.raises(ServiceError, match="close the cycle before releasing"):
        cycle_release(cycle_id=cycle.pk)
    assert not Report.objects.exists()


def test_release_stores_every_report_and_the_overview(released):
    cycle, ann, bob = released
    assert cycle.status == Cycle.Status.RELEASED
    reports = Report.objects.filter(cycle=cycle)
    assert reports.count() == 3
    assert not reports.filter(pdf__isnull=True).exists()
    ann_report = reports.get(assessment__manager=ann)
    team = next(g for g in ann_report.results["groups"] if g["key"] == "team")
    assert (team["responses"], team["invited"], team["shown"]) == (4, 5, True)
    # every item answered 4; the reverse-keyed one scores 6 - 4 = 2
    assert ann_report.results["dimensions"][0]["views"]["team"]["mean"] == pytest.approx(10 / 3)
    bob_team = next(
        g for g in reports.get(assessment__manager=bob).results["groups"] if g["key"] == "team"
    )
    assert bob_team["shown"] is False


def test_each_manager_is_emailed_a_link_to_my_reports(released):
    cycle, ann, bob = released
    ready = [m for m in mail.outbox if "report" in m.subject.lower()]
    assert sorted(m.to[0] for m in ready) == sorted([ann.email, bob.email])
    report_ids = {str(r.pk) for r in Report.objects.filter(kind="manager")}
    for message in ready:
        link = next(line for line in message.body.splitlines() if "/reports/" in line)
        assert link.startswith("http://testserver/reports/")
        assert link.rstrip("/").rsplit("/", 1)[1] in report_ids  # straight to the report page
    assert services.report_notify(report_id=Report.objects.get(assessment__manager=ann).pk) is False


def test_a_late_response_never_changes_a_released_report(released, client, instrument):
    cycle, ann, _ = released
    report = Report.objects.get(assessment__manager=ann)
    before_results, before_pdf = report.results, bytes(report.pdf)

    # A bug re-opens the cycle and one more rater gets through.
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.OPEN)
    answer(client, instrument, cycle, count=1, value=1, manager=ann)
    counted = ItemTally.objects.filter(assessment__manager=ann, relationship="team").first()
    assert sum(counted.counts) + counted.cant_say == 5
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.RELEASED)

    services.report_generate(report_id=report.pk)
    Report.objects.filter(pk=report.pk).update(pdf=None)  # lost: rendered again on demand
    services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.results == before_results
    assert bytes(report.pdf) == before_pdf


def test_releasing_twice_is_refused_and_keeps_the_reports(released):
    cycle, ann, _ = released
    ids = set(Report.objects.values_list("id", flat=True))
    with pytest.raises(ServiceError):
        cycle_release(cycle_id=cycle.pk)
    assert set(Report.objects.values_list("id", flat=True)) == ids


def test_a_manager_sees_and_downloads_only_their_own_report(released, client):
    cycle, ann, bob = released
    manager_client(client, ann)
    page = client.get("/reports/").content.decode()
    assert cycle.name in page
    own = Report.objects.get(assessment__manager=ann)
    assert str(own.pk) in page
    assert str(Report.objects.get(assessment__manager=bob).pk) not in page

    response = client.get(f"/reports/{own.pk}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"]
    log = ReportDownload.objects.get()
    assert (log.report_id, log.user.username) == (own.pk, ann.email)


def test_another_managers_report_is_a_404(released, client):
    cycle, ann, bob = released
    manager_client(client, ann)
    other = Report.objects.get(assessment__manager=bob)
    overview = Report.objects.get(kind="overview")
    assert client.get(f"/reports/{other.pk}/pdf").status_code == 404
    assert client.get(f"/reports/{overview.pk}/pdf").status_code == 404
    assert client.get("/reports/00000000-0000-0000-0000-000000000000/pdf").status_code == 404
    assert not ReportDownload.objects.exists()


def test_an_unreleased_report_is_a_404(released, client):
    cycle, ann, _ = released
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.CLOSED)
    manager_client(client, ann)
    report = Report.objects.get(assessment__manager=ann)
    assert client.get(f"/reports/{report.pk}/pdf").status_code == 404
    assert str(report.pk) not in client.get("/reports/").content.decode()


def test_signing_in_is_required(released, client):
    report = Report.objects.filter(kind="manager").first()
    response = client.get(f"/reports/{report.pk}/pdf")
    assert response.status_code == 302 and response["Location"].startswith("/signin/")


def test_hr_downloads_any_report_and_the_overview_and_it_is_logged(released, hr_client, hr_user):
    for report in Report.objects.all():
        response = hr_client.get(f"/admin/reports/report/{report.pk}/download/")
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert ReportDownload.objects.filter(user=hr_user).count() == 3
    log = hr_client.get("/admin/reports/reportdownload/").content.decode()
    assert "Ann Able" in log and "hr" in log


def test_a_missing_pdf_is_rendered_on_download(released, client):
    cycle, ann, _ = released
    report = Report.objects.get(assessment__manager=ann)
    Report.objects.filter(pk=report.pk).update(pdf=None)
    manager_client(client, ann)
    assert client.get(f"/reports/{report.pk}/pdf").content.startswith(b"%PDF")


def test_scoring_a_cycle_takes_the_same_queries_whatever_its_size(
    instrument, client, django_assert_num_queries
):
    small, _ = launched_cycle(team_size=3, managers=1)
    large, _ = launched_cycle(team_size=6, managers=5)
    answer(client, instrument, small, count=3)
    answer(client, instrument, large, count=20)
    instrument_data = selectors.instrument_of(small)
    with django_assert_num_queries(6):
        selectors.score_cycle(small, instrument=instrument_data)
    with django_assert_num_queries(6):
        selectors.score_cycle(large, instrument=instrument_data)


def test_render_reports_writes_every_pdf_and_names_the_withheld(released, tmp_path, capsys):
    cycle, ann, bob = released
    call_command("render_reports", str(cycle.pk), "--out", str(tmp_path))
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 3 and all(f.endswith(".pdf") for f in files)
    assert any("overview" in f for f in files)
    out = capsys.readouterr()
    assert "Wrote 3 PDFs" in out.out
    assert "withheld" in out.out and "Bob Brief" in out.out and "Ann Able" not in out.out
    assert "3/3" in out.err


def test_render_reports_refuses_an_unreleased_cycle(instrument, tmp_path):
    from django.core.management.base import CommandError

    cycle, _ = launched_cycle(team_size=3)
    with pytest.raises(CommandError, match="only once a cycle is released"):
        call_command("render_reports", str(cycle.pk), "--out", str(tmp_path))


def test_hr_finds_the_overview_on_the_cycle_page(released, hr_client):
    cycle, _, _ = released
    overview = Report.objects.get(kind="overview")
    page = hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/change/").content.decode()
    assert f"/admin/reports/report/{overview.pk}/download/" in page
    pdf = hr_client.get(f"/admin/reports/report/{overview.pk}/download/").content
    import io

    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Ann Able" in text and "Bob Brief" in text
    assert "CYCLE OVERVIEW" in text


def test_report_files_never_overwrite_each_other(released, tmp_path):
    cycle, ann, bob = released
    ann.name, bob.name = "Νίκος Παπαδόπουλος", "Дмитрий Иванов"
    ann.save()
    bob.save()
    call_command("render_reports", str(cycle.pk), "--out", str(tmp_path))
    names = [p.name for p in tmp_path.iterdir()]
    assert len(names) == 3
    assert all(name.isascii() for name in names)


def test_the_managers_own_notes_keep_the_wording_they_answered(released):
    cycle, ann, _ = released
    results = Report.objects.get(assessment__manager=ann).results
    assert [c["question"] for c in results["self_comments"]] == [
        "What should you keep doing as a leader of your team?"
    ]


# --- The report as a web page ---------------------------------------------------------------


def test_a_manager_reads_their_report_on_the_web_and_it_is_logged(released, client):
    cycle, ann, bob = released
    manager_client(client, ann)
    own = Report.objects.get(assessment__manager=ann)
    page = client.get(f"/reports/{own.pk}/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert (
        "Ann Able" in html and "Scores by dimension" in html and "How to read this report" in html
    )
    assert ReportDownload.objects.get().kind == ReportDownload.Kind.WEB
    other = Report.objects.get(assessment__manager=bob)
    assert client.get(f"/reports/{other.pk}/").status_code == 404
    overview = Report.objects.get(kind="overview")
    assert client.get(f"/reports/{overview.pk}/").status_code == 404


def test_hr_reads_any_released_report_on_the_web(released, hr_client):
    for report in Report.objects.filter(kind="manager"):
        assert hr_client.get(f"/reports/{report.pk}/").status_code == 200


def _numbers(text: str) -> list[str]:
    return sorted(re.findall(r"(?<![\d.])\d\.\d(?![\d.])", text))


@pytest.mark.parametrize("manager", ["ann", "bob"])
def test_the_web_page_and_the_pdf_show_the_same_numbers(released, hr_client, manager):
    """Every one-decimal figure, with its multiplicity, and every count."""
    import html as html_lib
    import io

    from pypdf import PdfReader

    cycle, ann, bob = released
    report = Report.objects.get(assessment__manager={"ann": ann, "bob": bob}[manager])
    page = hr_client.get(f"/reports/{report.pk}/").content.decode()
    body = page.split("<article", 1)[1].split("</article>", 1)[0]
    web_text = html_lib.unescape(re.sub(r"<[^>]+>", " ", body))
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(report.pdf))).pages)
    assert _numbers(web_text) == _numbers(pdf_text)
    assert sorted(re.findall(r"\d+ answered", web_text)) == sorted(
        re.findall(r"\d+ answered", pdf_text)
    )


def test_the_web_report_takes_two_queries(released, rf, django_assert_max_num_queries):
    from django.contrib.sessions.middleware import SessionMiddleware

    from portal.accounts import person_user_ensure
    from portal.views import report_page

    cycle, ann, _ = released
    report = Report.objects.get(assessment__manager=ann)
    request = rf.get(f"/reports/{report.pk}/")
    request.user = person_user_ensure(person=ann)
    SessionMiddleware(lambda r: None).process_request(request)
    with django_assert_max_num_queries(2):
        response = report_page(request, report_id=report.pk)
    assert response.status_code == 200


# --- Trends and norms, through release ------------------------------------------------------


def _answer_all(cycle, *, value: int, skip: set | None = None):
    """Every invitation answers `value` everywhere (as the survey would)."""
    from surveys.answering import response_submit
    from surveys.models import Item

    items = list(Item.objects.filter(dimension__instrument=cycle.instrument))
    for invitation in Invitation.objects.filter(assessment__cycle=cycle).select_related(
        "assessment__cycle__instrument"
    ):
        if skip and invitation.rater_id in skip:
            continue
        answers = {i.id: (6 - value if i.reverse_keyed else value) for i in items}
        response_submit(invitation=invitation, answers=answers, comments={})


def _release(cycle, django_capture_on_commit_callbacks):
    lifecycle.cycle_close(cycle_id=cycle.pk)
    with django_capture_on_commit_callbacks(execute=True):
        cycle_release(cycle_id=cycle.pk)


def test_a_second_cycle_shows_the_change_since_the_first(
    instrument, django_capture_on_commit_callbacks
):
    from tests.factories import CycleFactory

    first, [(manager, reps)] = launched_cycle(team_size=6)
    _answer_all(first, value=3)
    _release(first, django_capture_on_commit_callbacks)
    second = CycleFactory()
    from surveys import rosters

    rosters.cycle_add_managers(cycle=second, managers=[manager])
    lifecycle.cycle_launch(cycle_id=second.pk)
    _answer_all(second, value=4)
    _release(second, django_capture_on_commit_callbacks)
    results = Report.objects.get(cycle=second, kind="manager").results
    assert results["previous_cycle"] == first.name
    team = results["dimensions"][0]["trends"]["team"]
    assert (team["previous"], team["current"], team["verdict"]) == (3.0, 4.0, "rise")


def test_one_rep_joining_between_cycles_hides_the_teams_change(
    instrument, django_capture_on_commit_callbacks
):
    from surveys import rosters
    from tests.factories import CycleFactory, PersonFactory

    first, [(manager, reps)] = launched_cycle(team_size=6)
    _answer_all(first, value=3)
    _release(first, django_capture_on_commit_callbacks)
    PersonFactory(manager=manager)  # a new rep joins the team
    second = CycleFactory()
    rosters.cycle_add_managers(cycle=second, managers=[manager])
    lifecycle.cycle_launch(cycle_id=second.pk)
    _answer_all(second, value=3)
    _release(second, django_capture_on_commit_callbacks)
    trends = Report.objects.get(cycle=second, kind="manager").results["dimensions"][0]["trends"]
    assert trends["team"]["verdict"] == "hidden" and trends["team"]["previous"] is None
    assert trends["self"]["verdict"] == "steady"


def test_norms_place_each_manager_among_the_others(instrument, django_capture_on_commit_callbacks):
    cycle, teams = launched_cycle(team_size=3, managers=12)
    from surveys.answering import response_submit
    from surveys.models import Item

    items = list(Item.objects.filter(dimension__instrument=instrument))
    for number, (manager, reps) in enumerate(teams):
        value = 1 + number % 5
        for invitation in Invitation.objects.filter(
            assessment__manager=manager, assessment__cycle=cycle
        ):
            answers = {i.id: (6 - value if i.reverse_keyed else value) for i in items}
            if number == 11 and invitation.relationship == "team" and invitation.rater != reps[0]:
                continue  # the last manager: one answer only, below the threshold
            response_submit(invitation=invitation, answers=answers, comments={})
    _release(cycle, django_capture_on_commit_callbacks)
    reports = {
        r.assessment.manager_id: r.results
        for r in Report.objects.filter(kind="manager").select_related("assessment")
    }
    first = reports[teams[0][0].pk]["dimensions"][0]
    assert first["views"]["team"]["mean"] == 1.0 and first["norm_quartile"] == 1
    assert reports[teams[4][0].pk]["dimensions"][0]["norm_quartile"] == 4
    assert reports[teams[11][0].pk]["dimensions"][0]["norm_quartile"] is None
    overview = Report.objects.get(kind="overview").results
    assert overview["norms_shown"] is True
