"""Each person in their own language: surveys, e-mails, reports; the catalogues
complete; a launch refused while a language its people read is incomplete."""

from __future__ import annotations

import gettext
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from pypdf import PdfReader

from reports.models import Report
from reports.release import cycle_release
from surveys import lifecycle, rosters
from surveys.errors import ServiceError
from surveys.models import Invitation, ItemText
from tests.factories import CycleFactory, PersonFactory, team
from tests.helpers import full_answer, survey_path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ("de", "fr", "es", "sv")


# --- The catalogues ------------------------------------------------------------------------


@pytest.mark.needs_binary("msgfmt")
@pytest.mark.parametrize("language", SHIPPED)
def test_every_shipped_catalogue_is_complete(language):
    po = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True, text=True, env={"LC_ALL": "C"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


@pytest.mark.needs_binary("xgettext")
def test_the_catalogues_cover_every_string_in_the_code(tmp_path, settings, monkeypatch):
    """makemessages, run in a copy of the code, finds no message the catalogues
    lack. (In the checkout itself it would rewrite the catalogues it checks.)"""
    checked_in = {code: (ROOT / "locale" / code / "LC_MESSAGES" / "django.po").read_bytes()
                  for code in SHIPPED}  # fmt: skip
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT, copy,
        ignore=shutil.ignore_patterns(
            ".venv*", ".git", "test-artifacts", "var", "staticfiles", "node_modules",
            "__pycache__", "*.sqlite3",
        ),
    )  # fmt: skip
    monkeypatch.chdir(copy)
    settings.LOCALE_PATHS = [copy / "locale"]
    call_command(
        "makemessages", *[f"--locale={code}" for code in SHIPPED], "--no-obsolete",
        "--ignore=.venv*", "--ignore=tests/*", "--ignore=bench/*", "--ignore=staticfiles/*",
        "--ignore=var/*", "--ignore=node_modules/*", "--ignore=test-artifacts/*", verbosity=0,
    )  # fmt: skip
    for code in SHIPPED:
        result = subprocess.run(
            ["msgfmt", "--statistics", "-o", "/dev/null",
             str(copy / "locale" / code / "LC_MESSAGES" / "django.po")],
            capture_output=True, text=True, env={"LC_ALL": "C"},
        )  # fmt: skip
        assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, (
            f"{code}: {result.stderr.strip()} — run `make messages` and translate the new ones"
        )
        catalogue = ROOT / "locale" / code / "LC_MESSAGES" / "django.po"
        assert catalogue.read_bytes() == checked_in[code], f"the check rewrote {catalogue}"


@pytest.mark.parametrize("language", SHIPPED)
def test_the_compiled_catalogues_are_those_of_the_sources(language, tmp_path):
    """The .mo files are committed (a laptop needs no gettext to run the demo);
    they must say what the .po files say."""
    folder = ROOT / "locale" / language / "LC_MESSAGES"
    if shutil.which("msgfmt") is None:
        pytest.fail("msgfmt (gettext) is needed to check the compiled catalogues")
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(folder / "django.po")], check=True)
    with (folder / "django.mo").open("rb") as committed, fresh.open("rb") as compiled:
        assert gettext.GNUTranslations(committed)._catalog == (
            gettext.GNUTranslations(compiled)._catalog
        )


# --- People in their languages ---------------------------------------------------------------


@pytest.fixture
def cycle_with(instrument):
    def make(manager_language="", rep_language=""):
        cycle = CycleFactory()
        manager, reps = team(4)
        manager.language = manager_language
        manager.save()
        for rep in reps:
            rep.language = rep_language
            rep.save()
        rosters.cycle_add_managers(cycle=cycle, managers=[manager])
        return cycle, manager, reps

    return make


@pytest.mark.django_db
def test_a_german_rep_gets_a_german_e_mail_and_a_german_survey(
    client, cycle_with, django_capture_on_commit_callbacks
):
    cycle, manager, reps = cycle_with(rep_language="de")
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.cycle_launch(cycle_id=cycle.pk)
    message = next(m for m in mail.outbox if m.to == [reps[0].email])
    assert message.subject.startswith(f"Feedback zu {manager.name}: Bitte antworten Sie bis ")
    assert "Hello" not in message.body and "Please answer by" not in message.body
    # no organisation name configured: the stand-in is German too, and fits the sentence
    assert "bei Ihrer Organisation" in message.body and "your organisation" not in message.body
    link = re.search(r"http://testserver(/s/\S+/)", message.body).group(1)
    page = client.get(link).content.decode()
    assert 'lang="de"' in page
    assert "Meine Führungskraft" in page  # the statements, from the instrument's German texts
    assert "Stimme voll und ganz zu" in page  # the answer scale
    assert "Send my answers" not in page and "My manager asks" not in page


@pytest.mark.django_db
def test_a_swedish_managers_report_is_swedish_in_the_pdf_and_on_the_web(
    client, cycle_with, django_capture_on_commit_callbacks
):
    from surveys.accounts import person_user_ensure

    cycle, manager, reps = cycle_with(manager_language="sv")
    lifecycle.cycle_launch(cycle_id=cycle.pk)
    for invitation in Invitation.objects.filter(assessment__cycle=cycle):
        answers = full_answer(cycle.instrument, comments=("Keep going.", ""))
        client.post(survey_path(invitation), answers)
    lifecycle.cycle_close(cycle_id=cycle.pk)
    with django_capture_on_commit_callbacks(execute=True):
        cycle_release(cycle_id=cycle.pk)
    report = Report.objects.get(kind="manager")
    assert report.results["language"] == "sv"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(report.pdf))).pages)
    assert "How to read this report" not in text and "Scores by dimension" not in text
    assert "Keep going." in text  # comments as written, never translated
    client.force_login(person_user_ensure(person=manager))
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'lang="sv"' in page and "Scores by dimension" not in page
    ready = next(m for m in mail.outbox if m.to == [manager.email] and "/reports/" in m.body)
    assert "Hello" not in ready.body


@pytest.mark.django_db
def test_a_missing_translation_blocks_launch_and_names_what_is_missing(cycle_with):
    cycle, manager, reps = cycle_with(rep_language="de")
    ItemText.objects.filter(language="de", item__position=2, item__dimension__key="vision").delete()
    with pytest.raises(ServiceError) as refused:
        lifecycle.cycle_launch(cycle_id=cycle.pk)
    message = str(refused.value)
    assert "Deutsch" in message and "Statement 11 (Vision)" in message
    assert not Invitation.objects.exists()
    PersonFactory()  # nobody else is affected
    for rep in reps:
        rep.language = ""
        rep.save()
    assert lifecycle.cycle_launch(cycle_id=cycle.pk).invitations == 5
