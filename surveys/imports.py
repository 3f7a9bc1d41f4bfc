"""Importing teams from a CSV of manager_email, manager_name, rep_email, rep_name.

The whole file is checked before anything is written. A file with any bad row
is refused with a message per row, and nothing from it is saved.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from .models import Cycle, Person
from .services import cycle_add_managers

COLUMNS = ("manager_email", "manager_name", "rep_email", "rep_name")
MAX_ROWS = 50_000
MAX_NAME = 200

NOT_TEXT = "The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."
EMPTY_FILE = "The file is empty."
MISSING_COLUMNS = "Missing column{s}: {names}. The first line must name the columns {expected}."
TOO_MANY_ROWS = f"The file has more than {MAX_ROWS:,} rows; split it into smaller files."
BAD_EMAIL = "Row {line}: “{value}” is not a valid e-mail address ({column})."
MISSING_VALUE = "Row {line}: {column} is empty."
NAME_TOO_LONG = "Row {line}: {column} is longer than {limit} characters."
OWN_MANAGER = "Row {line}: {email} is listed as their own manager."
DUPLICATE_ROW = "Row {line}: duplicates row {first} ({rep} under {manager})."
TWO_MANAGERS = (
    "Row {line}: {rep} is already listed under {other} on row {first}; a rep has one manager."
)
MUTUAL = "Row {line}: {a} and {b} are each listed as the other's manager."
NAME_CONFLICT = "Row {line}: {email} is named “{name}” here but “{other}” on row {first}."
WRONG_FIELD_COUNT = "Row {line}: expected {expected} values, found {found}."


@dataclass(frozen=True)
class TeamRow:
    line: int
    manager_email: str
    manager_name: str
    rep_email: str
    rep_name: str


class ImportRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s) in the file")
        self.problems = problems


def parse_team_csv(data: bytes) -> list[TeamRow]:
    """Every row, checked. Raises ImportRefused listing every problem found."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused([NOT_TEXT]) from None
    if "\x00" in text:
        raise ImportRefused([NOT_TEXT])
    if not text.strip():
        raise ImportRefused([EMPTY_FILE])
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ImportRefused(
            [
                MISSING_COLUMNS.format(
                    s="s" if len(missing) > 1 else "",
                    names=", ".join(missing),
                    expected=", ".join(COLUMNS),
                )
            ]
        )
    position = {c: header.index(c) for c in COLUMNS}

    problems: list[str] = []
    rows: list[TeamRow] = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportRefused([TOO_MANY_ROWS])
        if len(values) != len(header):
            problems.append(
                WRONG_FIELD_COUNT.format(line=line, expected=len(header), found=len(values))
            )
            continue
        row = {c: values[position[c]].strip() for c in COLUMNS}
        row_problems = _check_values(line, row)
        if row_problems:
            problems += row_problems
            continue
        rows.append(
            TeamRow(
                line,
                row["manager_email"].lower(),
                row["manager_name"],
                row["rep_email"].lower(),
                row["rep_name"],
            )
        )
    problems += _check_relations(rows)
    if problems:
        raise ImportRefused(problems)
    if not rows:
        raise ImportRefused([EMPTY_FILE])
    return rows


def _check_values(line: int, row: dict[str, str]) -> list[str]:
    problems = []
    for column in COLUMNS:
        value = row[column]
        if not value:
            problems.append(MISSING_VALUE.format(line=line, column=column))
        elif column.endswith("email"):
            try:
                validate_email(value)
            except ValidationError:
                problems.append(BAD_EMAIL.format(line=line, value=value[:80], column=column))
        elif len(value) > MAX_NAME:
            problems.append(NAME_TOO_LONG.format(line=line, column=column, limit=MAX_NAME))
    if not problems and row["manager_email"].lower() == row["rep_email"].lower():
        problems.append(OWN_MANAGER.format(line=line, email=row["rep_email"]))
    return problems


def _check_relations(rows: list[TeamRow]) -> list[str]:
    problems = []
    manager_of: dict[str, tuple[str, int]] = {}
    names: dict[str, tuple[str, int]] = {}
    for row in rows:
        for email, name in ((row.manager_email, row.manager_name), (row.rep_email, row.rep_name)):
            known = names.setdefault(email, (name, row.line))
            if known[0] != name:
                problems.append(
                    NAME_CONFLICT.format(
                        line=row.line, email=email, name=name, other=known[0], first=known[1]
                    )
                )
        earlier = manager_of.get(row.rep_email)
        if earlier is None:
            manager_of[row.rep_email] = (row.manager_email, row.line)
        elif earlier[0] == row.manager_email:
            problems.append(
                DUPLICATE_ROW.format(
                    line=row.line, first=earlier[1], rep=row.rep_email, manager=row.manager_email
                )
            )
        else:
            problems.append(
                TWO_MANAGERS.format(
                    line=row.line, rep=row.rep_email, other=earlier[0], first=earlier[1]
                )
            )
    for row in rows:
        reverse = manager_of.get(row.manager_email)
        if reverse is not None and reverse[0] == row.rep_email and row.line < reverse[1]:
            problems.append(MUTUAL.format(line=reverse[1], a=row.manager_email, b=row.rep_email))
    return problems


@dataclass
class ImportResult:
    people_created: int
    people_updated: int
    managers_added: int
    reps: int


def team_import(*, cycle: Cycle, rows: list[TeamRow]) -> ImportResult:
    """Create or update the people, set each rep's manager, and put the
    managers in the (draft) cycle, all in one transaction."""
    people: dict[str, str] = {}
    for row in rows:
        people[row.manager_email] = row.manager_name
        people[row.rep_email] = row.rep_name
    with transaction.atomic():
        existing = {p.email: p for p in Person.objects.filter(email__in=people)}
        created = [Person(email=e, name=n) for e, n in people.items() if e not in existing]
        Person.objects.bulk_create(created)
        renamed = [p for e, p in existing.items() if p.name != people[e]]
        for person in renamed:
            person.name = people[person.email]
        Person.objects.bulk_update(renamed, ["name"])
        by_email = {p.email: p for p in Person.objects.filter(email__in=people)}
        moved = []
        for row in rows:
            rep = by_email[row.rep_email]
            manager = by_email[row.manager_email]
            if rep.manager_id != manager.pk or not rep.is_active:
                rep.manager_id, rep.is_active = manager.pk, True
                moved.append(rep)
        Person.objects.bulk_update(moved, ["manager", "is_active"])
        managers = {by_email[row.manager_email] for row in rows}
        added = cycle_add_managers(cycle=cycle, managers=sorted(managers, key=lambda p: p.pk))
    return ImportResult(len(created), len(renamed), added, len(rows))
