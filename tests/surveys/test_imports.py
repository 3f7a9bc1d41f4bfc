"""Importing who rates whom from a CSV: two shapes (teams, or a full 360 by
rater group), loose headers, languages; every bad row named and nothing saved;
a preview of what the file will do, saved only once HR confirms."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from surveys import imports
from surveys.models import Assessment, Nomination, Person
from tests.factories import CycleFactory, PersonFactory

from .support import BOSS, PEER, TEAM, invited, launch, text

pytestmark = pytest.mark.django_db

TEAMS = "manager_email,manager_name,rep_email,rep_name\n"
FULL = "subject_email,subject_name,rater_email,rater_name,relationship\n"


def csv_of(*rows: str, header: str = TEAMS) -> bytes:
    return (header + "\n".join(rows) + "\n").encode()


@pytest.fixture
def cycle(instrument):
    return CycleFactory(name="Spring")


def url(cycle) -> str:
    return f"/admin/surveys/cycle/{cycle.pk}/import/"


def upload(hr_client, cycle, data: bytes, name="teams.csv"):
    """Step one: the file is checked and what it would do is shown."""
    return hr_client.post(url(cycle), {"file": SimpleUploadedFile(name, data, "text/csv")})


def confirm(hr_client, cycle, preview):
    """Step two: the preview page's form, sent back as a browser would."""
    form = re.search(
        r'<textarea name="csv_text"[^>]*>(.*?)</textarea>', preview.content.decode(), re.S
    )
    assert form, "the preview has no form to confirm with"
    return hr_client.post(url(cycle), {"csv_text": html.unescape(form.group(1))})


def nothing_saved():
    return not Person.objects.exists() and not Assessment.objects.exists()


# --- Teams ---------------------------------------------------------------------------------------


def test_the_preview_shows_what_a_teams_file_will_do_and_saves_nothing(hr_client, cycle):
    data = csv_of(
        "ann@example.com,Ann Able,rep1@example.com,Rep One",
        "ann@example.com,Ann Able,rep2@example.com,Rep Two",
        "bob@example.com,Bob Brief,rep3@example.com,Zoë Łukasiewicz-Ørsted",
    )
    preview = upload(hr_client, cycle, data)
    assert preview.status_code == 200
    page = text(preview)
    assert "The file has 3 rows and is correct." in page
    assert (
        "2 managers join this cycle: Ann Able <ann@example.com>, Bob Brief <bob@example.com>"
    ) in page
    assert "5 new people" in page and "Zoë Łukasiewicz-Ørsted <rep3@example.com>" in page
    assert "No rep changes manager in the org chart." in page
    assert nothing_saved()


def test_confirming_creates_people_sets_managers_and_adds_them_to_the_cycle(hr_client, cycle):
    data = csv_of(
        "ann@example.com,Ann Able,rep1@example.com,Rep One",
        "ann@example.com,Ann Able,rep2@example.com,Rep Two",
        "bob@example.com,Bob Brief,rep3@example.com,Zoë Łukasiewicz-Ørsted",
    )
    done = confirm(hr_client, cycle, upload(hr_client, cycle, data))
    assert done.status_code == 302
    assert Person.objects.get(email="rep3@example.com").name == "Zoë Łukasiewicz-Ørsted"
    assert Person.objects.get(email="rep2@example.com").manager.email == "ann@example.com"
    assert set(cycle.assessments.values_list("manager__email", flat=True)) == {
        "ann@example.com",
        "bob@example.com",
    }
    page = text(hr_client.get(done["Location"]))
    assert "Imported 3 reps: 5 new people, 0 updated, 2 managers added to “Spring”." in page


def test_changes_to_people_already_known_are_previewed_then_applied(hr_client, cycle):
    old_boss = PersonFactory(email="olga@example.com", name="Olga Old")
    PersonFactory(email="rep1@example.com", name="Old Name", manager=old_boss, is_active=False)
    data = csv_of("ann@example.com,Ann Able,REP1@example.com,New Name", header=TEAMS)
    page = text(upload(hr_client, cycle, data))
    assert "Renamed: Old Name → New Name <rep1@example.com>" in page
    assert "Made active again: New Name <rep1@example.com>" in page
    assert "Reps moving to another manager in the org chart: New Name: Olga Old → Ann Able" in page
    rep = Person.objects.get(email="rep1@example.com")
    assert (rep.name, rep.manager, rep.is_active) == ("Old Name", old_boss, False)

    confirm(hr_client, cycle, upload(hr_client, cycle, data))
    rep.refresh_from_db()
    assert (rep.name, rep.manager.email, rep.is_active) == ("New Name", "ann@example.com", True)
    assert Person.objects.filter(email="rep1@example.com").count() == 1


def test_semicolons_and_a_byte_order_mark_are_fine(hr_client, cycle):
    data = (
        "\ufeffmanager_email;manager_name;rep_email;rep_name\nann@example.com;Ann;r@example.com;R\n"
    )
    done = confirm(hr_client, cycle, upload(hr_client, cycle, data.encode()))
    assert done.status_code == 302
    assert cycle.assessments.count() == 1


@pytest.mark.parametrize(
    "header",
    [
        "Manager Email,Manager Name,Rep Email,Rep Name",
        "MANAGER  E-MAIL , manager name,Employee Email,Employee Name",
        "manager e-mail,Manager Full Name,Direct Report Email,direct_report_name",
    ],
)
def test_column_names_are_matched_in_any_case_and_spacing(hr_client, cycle, header):
    data = f"{header}\nann@example.com,Ann Able,rep@example.com,Rep One\n".encode()
    done = confirm(hr_client, cycle, upload(hr_client, cycle, data))
    assert done.status_code == 302
    assert Person.objects.get(email="rep@example.com").manager.name == "Ann Able"


def test_language_columns_set_each_persons_language(hr_client, cycle):
    header = "manager_email,manager_name,rep_email,rep_name,Language,Manager Language\n"
    data = (
        header
        + "ann@example.com,Ann Able,jonas@example.com,Jonas Weber,de,sv\n"
        + "ann@example.com,Ann Able,amelie@example.com,Amélie Roux,FR,sv\n"
    ).encode()
    confirm(hr_client, cycle, upload(hr_client, cycle, data))
    languages = dict(Person.objects.values_list("email", "language"))
    assert languages == {
        "ann@example.com": "sv",
        "jonas@example.com": "de",
        "amelie@example.com": "fr",
    }


def test_a_language_change_is_previewed(hr_client, cycle):
    PersonFactory(email="jonas@example.com", name="Jonas Weber", language="en")
    header = "manager_email,manager_name,rep_email,rep_name,language\n"
    data = (header + "ann@example.com,Ann Able,jonas@example.com,Jonas Weber,de\n").encode()
    assert "Language changed: Jonas Weber: en → de" in text(upload(hr_client, cycle, data))


def test_a_language_the_installation_does_not_speak_is_refused(hr_client, cycle):
    header = "manager_email,manager_name,rep_email,rep_name,language\n"
    data = (header + "ann@example.com,Ann Able,r@example.com,Rep,klingon\n").encode()
    response = upload(hr_client, cycle, data)
    assert response.status_code == 400
    assert "Row 2: “klingon” is not a language this installation speaks (de, en, es, fr, sv)." in (
        text(response)
    )
    assert nothing_saved()


# --- A full 360 -----------------------------------------------------------------------------------


def test_a_360_file_sets_each_managers_raters_by_group_for_this_cycle(hr_client, cycle):
    cycle.ask_boss = cycle.ask_peers = True
    cycle.save()
    data = csv_of(
        "ann@example.com,Ann Able,tom@example.com,Tom Team,direct report",
        "ann@example.com,Ann Able,tia@example.com,Tia Team,Direct Report",
        "ann@example.com,Ann Able,pia@example.com,Pia Peer,peer",
        "ann@example.com,Ann Able,dora@example.com,Dora Director,Manager",
        header=FULL,
    )
    preview = upload(hr_client, cycle, data)
    page = text(preview)
    assert (
        "Raters for this cycle, by group: Direct reports 2, Peers 1, Manager's manager 1." in page
    )
    assert "They replace the org chart for the groups they name, in this cycle only." in page
    assert nothing_saved()

    confirm(hr_client, cycle, preview)
    kinds = set(Nomination.objects.values_list("rater__email", "relationship", "source", "status"))
    assert kinds == {
        ("tom@example.com", TEAM, "import", "approved"),
        ("tia@example.com", TEAM, "import", "approved"),
        ("pia@example.com", PEER, "import", "approved"),
        ("dora@example.com", BOSS, "import", "approved"),
    }
    assert Person.objects.get(email="tom@example.com").manager is None  # the org chart is untouched
    launch(cycle)
    assert invited(cycle) == {
        ("Ann Able", "Ann Able", "self"),
        ("Ann Able", "Tom Team", TEAM),
        ("Ann Able", "Tia Team", TEAM),
        ("Ann Able", "Pia Peer", PEER),
        ("Ann Able", "Dora Director", BOSS),
    }


def test_360_headers_have_aliases_too(hr_client, cycle):
    header = "Ratee Email,Ratee Name,Reviewer Email,Reviewer Name,Rater Role\n"
    data = (header + "ann@example.com,Ann Able,pia@example.com,Pia Peer,colleague\n").encode()
    confirm(hr_client, cycle, upload(hr_client, cycle, data))
    assert Nomination.objects.get().relationship == PEER


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            ["ann@example.com,Ann,pia@example.com,Pia,friend"],
            "Row 2: “friend” is not a relationship; use direct report, peer, manager or other.",
        ),
        (
            ["ann@example.com,Ann,ann@example.com,Ann,peer"],
            "Row 2: ann@example.com is listed as rating themself (the self-assessment is "
            "automatic).",
        ),
        (
            [
                "ann@example.com,Ann,pia@example.com,Pia,peer",
                "ann@example.com,Ann,pia@example.com,Pia,other",
            ],
            "Row 3: pia@example.com already rates ann@example.com on row 2.",
        ),
        (
            [
                "ann@example.com,Ann,dora@example.com,Dora,manager",
                "ann@example.com,Ann,dan@example.com,Dan,boss",
            ],
            "Row 3: ann@example.com already has a manager rating them on row 2; the manager's "
            "manager is one person.",
        ),
    ],
)
def test_a_bad_360_row_is_named_and_nothing_is_saved(hr_client, cycle, rows, message):
    response = upload(hr_client, cycle, csv_of(*rows, header=FULL))
    assert response.status_code == 400
    assert message in text(response)
    assert nothing_saved() and not Nomination.objects.exists()


# --- Bad files -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            ["ann@example.com,Ann,not-an-email,Rep"],
            "Row 2: “not-an-email” is not a valid e-mail address (rep_email).",
        ),
        (
            ["ann@example.com,Ann,ann@example.com,Ann"],
            "Row 2: ann@example.com is listed as their own manager.",
        ),
        (
            ["ann@example.com,Ann,r@example.com,R", "ann@example.com,Ann,r@example.com,R"],
            "Row 3: duplicates row 2 (r@example.com under ann@example.com).",
        ),
        (
            ["ann@example.com,Ann,r@example.com,R", "bob@example.com,Bob,r@example.com,R"],
            "Row 3: r@example.com is already listed under ann@example.com on row 2; "
            "a rep has one manager.",
        ),
        (["ann@example.com,,r@example.com,R"], "Row 2: manager_name is empty."),
        (["ann@example.com,Ann,r@example.com"], "Row 2: expected 4 values, found 3."),
        (
            ["ann@example.com,Ann,bob@example.com,Bob", "bob@example.com,Bob,ann@example.com,Ann"],
            "Row 3: ann@example.com and bob@example.com are each listed as the other's manager.",
        ),
        (
            ["ann@example.com,Ann,r@example.com,R", "ann@example.com,Anne,s@example.com,S"],
            "Row 3: ann@example.com is named “Anne” here but “Ann” on row 2.",
        ),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_saved(hr_client, cycle, rows, message):
    good = "carl@example.com,Carl,good@example.com,Good Rep"
    response = upload(hr_client, cycle, csv_of(*rows, good))
    assert response.status_code == 400
    page = text(response)
    assert message in page
    assert "nothing from it was saved" in page
    assert "Check before saving" not in page
    assert nothing_saved()


def test_every_bad_row_is_listed(hr_client, cycle):
    data = csv_of(
        "a@example.com,A,bad1,B", "a@example.com,A,bad2,C", "a@example.com,A,a@example.com,A"
    )
    page = text(upload(hr_client, cycle, data))
    assert "Fix these 3 problems" in page
    assert "Row 2:" in page and "Row 3:" in page and "Row 4:" in page


def test_a_file_without_the_columns_says_which_are_expected(hr_client, cycle):
    response = upload(
        hr_client, cycle, b"manager_email,manager_name,rep_email\na@example.com,A,b@example.com\n"
    )
    assert response.status_code == 400
    page = text(response)
    assert "The first line must name the columns: either manager_email, manager_name, " in page
    assert "Found: manager_email, manager_name, rep_email." in page


def test_a_file_that_is_not_text_is_refused(hr_client, cycle):
    response = upload(hr_client, cycle, b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    assert response.status_code == 400
    assert "not UTF-8 text" in text(response)


def test_an_empty_file_is_refused(hr_client, cycle):
    assert "The file is empty" in text(upload(hr_client, cycle, b""))
    assert "The file is empty" in text(upload(hr_client, cycle, TEAMS.encode()))


def test_a_confirmation_with_a_changed_file_is_checked_again(hr_client, cycle):
    response = hr_client.post(url(cycle), {"csv_text": TEAMS + "ann@example.com,Ann,nope,Rep\n"})
    assert response.status_code == 400
    assert "“nope” is not a valid e-mail address" in text(response)
    assert nothing_saved()


def test_no_import_into_a_launched_cycle(hr_client, cycle):
    manager = PersonFactory()
    PersonFactory(manager=manager)
    cycle.assessments.create(manager=manager)
    launch(cycle)
    response = upload(hr_client, cycle, csv_of("x@example.com,X,y@example.com,Y"))
    assert response.status_code == 409
    assert "“Spring” is open: people can only be added to a draft cycle." in text(response)
    assert not Person.objects.filter(email="y@example.com").exists()


# --- Templates and the parser ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("shape", "columns"), [("teams", imports.TEAM_COLUMNS), ("360", imports.RATER_COLUMNS)]
)
def test_hr_can_download_a_template_of_each_shape(hr_client, cycle, shape, columns):
    page = hr_client.get(url(cycle)).content.decode()
    link = f"/admin/surveys/cycle/import-template/{shape}.csv"
    assert link in page
    response = hr_client.get(link)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="feedback360-{shape}-template.csv"' in response["Content-Disposition"]
    body = response.content.decode()
    assert next(csv.reader(io.StringIO(body)))[: len(columns)] == list(columns)
    assert imports.parse_csv(body).shape == shape  # the template itself imports cleanly


def test_the_parser_alone_reports_every_problem():
    with pytest.raises(imports.ImportRefused) as refused:
        imports.parse_csv(
            csv_of("a@example.com,A,b@example.com,B", "a@example.com,A,b@example.com,B")
        )
    assert refused.value.problems == [
        "Row 3: duplicates row 2 (b@example.com under a@example.com)."
    ]
