"""Importing teams from a CSV: all or nothing, with a message per bad row."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from surveys import imports
from surveys.models import Assessment, Person
from tests.factories import CycleFactory, PersonFactory

pytestmark = pytest.mark.django_db

HEADER = "manager_email,manager_name,rep_email,rep_name\n"


def csv_of(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


@pytest.fixture
def cycle(instrument):
    return CycleFactory()


def upload(hr_client, cycle, data: bytes, name="teams.csv"):
    return hr_client.post(
        f"/admin/surveys/cycle/{cycle.pk}/import/",
        {"file": SimpleUploadedFile(name, data, "text/csv")},
    )


def test_it_creates_people_sets_managers_and_adds_them_to_the_cycle(hr_client, cycle):
    data = csv_of(
        "ann@example.com,Ann Able,rep1@example.com,Rep One",
        "ann@example.com,Ann Able,rep2@example.com,Rep Two",
        "bob@example.com,Bob Brief,rep3@example.com,Zoë Łukasiewicz-Ørsted",
    )
    response = upload(hr_client, cycle, data)
    assert response.status_code == 302
    assert Person.objects.get(email="rep3@example.com").name == "Zoë Łukasiewicz-Ørsted"
    assert Person.objects.get(email="rep2@example.com").manager.email == "ann@example.com"
    assert set(Assessment.objects.values_list("manager__email", flat=True)) == {
        "ann@example.com",
        "bob@example.com",
    }
    page = hr_client.get(response["Location"]).content.decode()
    assert "Imported 3 reps" in page


def test_existing_people_are_updated_not_duplicated(hr_client, cycle):
    PersonFactory(email="rep1@example.com", name="Old Name")
    upload(hr_client, cycle, csv_of("ann@example.com,Ann Able,REP1@example.com,New Name"))
    assert Person.objects.filter(email="rep1@example.com").get().name == "New Name"


def test_semicolons_and_a_byte_order_mark_are_fine(hr_client, cycle):
    data = (
        "\ufeffmanager_email;manager_name;rep_email;rep_name\nann@example.com;Ann;r@example.com;R\n"
    )
    assert upload(hr_client, cycle, data.encode()).status_code == 302
    assert Assessment.objects.count() == 1


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
    ],
)
def test_a_bad_row_is_named_and_nothing_is_saved(hr_client, cycle, rows, message):
    good = "carl@example.com,Carl,good@example.com,Good Rep"
    response = upload(hr_client, cycle, csv_of(*rows, good))
    assert response.status_code == 400
    page = response.content.decode().replace("&#x27;", "'")
    assert message in page
    assert "nothing from it was saved" in page
    assert not Person.objects.exists() and not Assessment.objects.exists()


def test_every_bad_row_is_listed(hr_client, cycle):
    data = csv_of(
        "a@example.com,A,bad1,B", "a@example.com,A,bad2,C", "a@example.com,A,a@example.com,A"
    )
    page = upload(hr_client, cycle, data).content.decode()
    assert "Row 2:" in page and "Row 3:" in page and "Row 4:" in page


def test_a_missing_column_is_named(hr_client, cycle):
    response = upload(
        hr_client, cycle, b"manager_email,manager_name,rep_email\na@example.com,A,b@example.com\n"
    )
    assert response.status_code == 400
    assert "Missing column: rep_name" in response.content.decode()


def test_a_file_that_is_not_text_is_refused(hr_client, cycle):
    response = upload(hr_client, cycle, b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    assert response.status_code == 400
    assert "not UTF-8 text" in response.content.decode()


def test_an_empty_file_is_refused(hr_client, cycle):
    assert "The file is empty" in upload(hr_client, cycle, b"").content.decode()
    assert "The file is empty" in upload(hr_client, cycle, HEADER.encode()).content.decode()


def test_no_import_into_a_launched_cycle(hr_client, cycle):
    from surveys import services

    manager = PersonFactory()
    PersonFactory(manager=manager)
    services.cycle_add_managers(cycle=cycle, managers=[manager])
    services.cycle_launch(cycle_id=cycle.pk)
    response = upload(hr_client, cycle, csv_of("x@example.com,X,y@example.com,Y"))
    assert response.status_code == 409
    assert not Person.objects.filter(email="y@example.com").exists()


def test_the_parser_alone_reports_every_problem():
    with pytest.raises(imports.ImportRefused) as refused:
        imports.parse_team_csv(
            csv_of("a@example.com,A,b@example.com,B", "a@example.com,A,b@example.com,B")
        )
    assert refused.value.problems == [
        "Row 3: duplicates row 2 (b@example.com under a@example.com)."
    ]
