"""Releasing a cycle: frozen results, stored PDFs, managers told, and the
download rules (own reports only, released only, every download logged)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command

from reports import selectors, services
from reports.models import Report, ReportDownload
from surveys import services as survey_services
from surveys.models import Cycle, Invitation, Response
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
    survey_services.cycle_close(cycle_id=cycle.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.cycle_release(cycle_id=cycle.pk)
    cycle.refresh_from_db()
    return cycle, ann, bob


def manager_client(client, person):
    from reports.accounts import person_user_ensure

    client.force_login(person_user_ensure(person=person))
    return client


def test_release_needs_a_closed_cycle(instrument):
    cycle, _ = launched_cycle(team_size=3)
    with pytest.raises(services.ReleaseError, match="close the cycle before releasing"):
        services.cycle_release(cycle_id=cycle.pk)
    assert not Report.objects.exists()


def test_release_stores_every_report_and_the_overview(released):
    cycle, ann, bob = released
    assert cycle.status == Cycle.Status.RELEASED
    reports = Report.objects.filter(cycle=cycle)
    assert reports.count() == 3
    assert not reports.filter(pdf__isnull=True).exists()
    ann_report = reports.get(assessment__manager=ann)
    assert ann_report.results["team_responses"] == 4
    # every item answered 4; the reverse-keyed one scores 6 - 4 = 2
    assert ann_report.results["dimensions"][0]["team"]["mean"] == pytest.approx(10 / 3)
    assert reports.get(assessment__manager=bob).results["team_view_withheld"] is True


def test_each_manager_is_emailed_a_link_to_my_reports(released):
    cycle, ann, bob = released
    ready = [m for m in mail.outbox if "report" in m.subject.lower()]
    assert sorted(m.to[0] for m in ready) == sorted([ann.email, bob.email])
    assert all("http://testserver/reports/" in m.body for m in ready)
    assert services.report_notify(report_id=Report.objects.get(assessment__manager=ann).pk) is False


def test_a_late_response_never_changes_a_released_report(released, client, instrument):
    cycle, ann, _ = released
    report = Report.objects.get(assessment__manager=ann)
    before_results, before_pdf = report.results, bytes(report.pdf)

    # A bug re-opens the cycle and one more rater gets through.
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.OPEN)
    answer(client, instrument, cycle, count=1, value=1, manager=ann)
    assert Response.objects.filter(assessment__manager=ann, relationship="team").count() == 5
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
    with pytest.raises(services.ReleaseError):
        services.cycle_release(cycle_id=cycle.pk)
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
    specs = selectors.instrument_specs(small)
    with django_assert_num_queries(6):
        selectors.score_cycle(small, specs=specs)
    with django_assert_num_queries(6):
        selectors.score_cycle(large, specs=specs)


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
    assert "Cycle overview" in text


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
