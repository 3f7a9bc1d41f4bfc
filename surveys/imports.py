"""Importing who rates whom from a CSV, in one of two shapes:

- teams: manager_email, manager_name, rep_email, rep_name — sets each rep's
  manager in the org chart; the managers join the cycle and their reps rate them;
- 360: subject_email, subject_name, rater_email, rater_name, relationship —
  the raters of each manager, by group (direct report, peer, manager, other),
  kept for this cycle only.

Either may add a `language` column (the rater's or rep's language) and
`manager_language` / `subject_language`. Headers are matched loosely ("Manager
Email", "manager e-mail", any case and spacing). The whole file is checked
before anything is written: a file with any bad row is refused with a message
per row, and nothing from it is saved. `import_plan` says what a file would
create or change, for HR to confirm first.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .groups import Relationship
from .models import Cycle, Nomination, Person
from .rosters import cycle_add_managers, nominations_set

TEAM_COLUMNS = ("manager_email", "manager_name", "rep_email", "rep_name")
RATER_COLUMNS = ("subject_email", "subject_name", "rater_email", "rater_name", "relationship")
MAX_ROWS = 50_000
MAX_NAME = 200

ALIASES = {
    "manager_email": ("manager_email", "manager_e_mail", "manager_mail", "manager_address"),
    "manager_name": ("manager_name", "manager_full_name", "manager"),
    "rep_email": (
        "rep_email",
        "rep_e_mail",
        "employee_email",
        "direct_report_email",
        "report_email",
    ),
    "rep_name": ("rep_name", "employee_name", "direct_report_name", "report_name", "rep"),
    "subject_email": (
        "subject_email",
        "subject_e_mail",
        "ratee_email",
        "rated_email",
        "leader_email",
    ),
    "subject_name": ("subject_name", "ratee_name", "rated_name", "leader_name", "subject"),
    "rater_email": ("rater_email", "rater_e_mail", "reviewer_email", "respondent_email"),
    "rater_name": ("rater_name", "reviewer_name", "respondent_name", "rater"),
    "relationship": ("relationship", "relation", "role", "rater_role", "group", "rater_group"),
    "language": ("language", "lang", "locale", "rep_language", "rater_language"),
    "manager_language": ("manager_language", "subject_language"),
}
RELATIONSHIPS = {
    Relationship.TEAM: ("team", "direct_report", "direct_reports", "direct", "report", "rep",
                        "reports", "subordinate"),
    Relationship.PEER: ("peer", "peers", "colleague"),
    Relationship.BOSS: ("boss", "manager", "line_manager", "manager_s_manager", "managers_manager",
                        "supervisor"),
    Relationship.OTHER: ("other", "others", "stakeholder", "partner"),
}  # fmt: skip

NOT_TEXT = _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
EMPTY_FILE = _("The file is empty.")
MISSING_COLUMNS = _(
    "The first line must name the columns: either {teams} (teams), or {raters} (a 360 "
    "with rater groups). Found: {found}."
)
TOO_MANY_ROWS = f"The file has more than {MAX_ROWS:,} rows; split it into smaller files."
BAD_EMAIL = _("Row {line}: “{value}” is not a valid e-mail address ({column}).")
MISSING_VALUE = _("Row {line}: {column} is empty.")
NAME_TOO_LONG = _("Row {line}: {column} is longer than {limit} characters.")
OWN_MANAGER = _("Row {line}: {email} is listed as their own manager.")
OWN_RATER = _(
    "Row {line}: {email} is listed as rating themself (the self-assessment is automatic)."
)
DUPLICATE_ROW = _("Row {line}: duplicates row {first} ({rep} under {manager}).")
DUPLICATE_RATER = _("Row {line}: {rater} already rates {subject} on row {first}.")
TWO_MANAGERS = _(
    "Row {line}: {rep} is already listed under {other} on row {first}; a rep has one manager."
)
TWO_BOSSES = _(
    "Row {line}: {subject} already has a manager rating them on row {first}; the manager's "
    "manager is one person."
)
MUTUAL = _("Row {line}: {a} and {b} are each listed as the other's manager.")
NAME_CONFLICT = _("Row {line}: {email} is named “{name}” here but “{other}” on row {first}.")
WRONG_FIELD_COUNT = _("Row {line}: expected {expected} values, found {found}.")
BAD_RELATIONSHIP = _(
    "Row {line}: “{value}” is not a relationship; use direct report, peer, manager or other."
)
BAD_LANGUAGE = _("Row {line}: “{value}” is not a language this installation speaks ({codes}).")

TEMPLATES = {
    "teams": (
        "manager_email,manager_name,rep_email,rep_name,language\n"
        "maria.lindqvist@example.com,Maria Lindqvist,tomas.berg@example.com,Tomas Berg,sv\n"
        "maria.lindqvist@example.com,Maria Lindqvist,aiko.tanaka@example.com,Aiko Tanaka,en\n"
    ),
    "360": (
        "subject_email,subject_name,rater_email,rater_name,relationship,language\n"
        "maria.lindqvist@example.com,Maria Lindqvist,tomas.berg@example.com,Tomas Berg,"
        "direct report,sv\n"
        "maria.lindqvist@example.com,Maria Lindqvist,jonas.weber@example.com,Jonas Weber,peer,de\n"
        "maria.lindqvist@example.com,Maria Lindqvist,sofia.ruiz@example.com,Sofia Ruiz,"
        "manager,es\n"
    ),
}


def normalise(header: str) -> str:
    """ "Manager E-mail " -> "manager_e_mail"."""
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower().replace("'", "")).strip("_")


def _canonical(headers: list[str]) -> list[str | None]:
    lookup = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
    return [lookup.get(normalise(h)) for h in headers]


def relationship_of(value: str) -> str | None:
    key = normalise(value)
    return next((rel for rel, names in RELATIONSHIPS.items() if key in names), None)


@dataclass(frozen=True)
class Row:
    """One line of either shape: `subject` is the manager rated, `rater` the
    person who rates them (in the teams shape: their rep)."""

    line: int
    subject_email: str
    subject_name: str
    rater_email: str
    rater_name: str
    relationship: str
    rater_language: str = ""
    subject_language: str = ""


@dataclass
class Parsed:
    shape: str  # "teams" or "360"
    rows: list[Row]


class ImportRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s) in the file")
        self.problems = problems


def decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused([NOT_TEXT]) from None
    if "\x00" in text:
        raise ImportRefused([NOT_TEXT])
    return text


def parse_csv(data: bytes | str) -> Parsed:
    """Every row, checked. Raises ImportRefused listing every problem found."""
    text = decode(data) if isinstance(data, bytes) else data
    if not text.strip():
        raise ImportRefused([EMPTY_FILE])
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    raw_header = next(reader)
    header = _canonical(raw_header)
    if all(c in header for c in RATER_COLUMNS):
        shape, columns = "360", RATER_COLUMNS
    elif all(c in header for c in TEAM_COLUMNS):
        shape, columns = "teams", TEAM_COLUMNS
    else:
        raise ImportRefused(
            [
                MISSING_COLUMNS.format(
                    teams=", ".join(TEAM_COLUMNS),
                    raters=", ".join(RATER_COLUMNS),
                    found=", ".join(h.strip() for h in raw_header if h.strip())[:300] or "nothing",
                )
            ]
        )
    position = {
        c: header.index(c) for c in (*columns, "language", "manager_language") if c in header
    }

    problems: list[str] = []
    rows: list[Row] = []
    languages = {code for code, _ in settings.LANGUAGES}
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportRefused([TOO_MANY_ROWS])
        if len(values) != len(raw_header):
            problems.append(
                WRONG_FIELD_COUNT.format(line=line, expected=len(raw_header), found=len(values))
            )
            continue
        value = {c: values[i].strip() for c, i in position.items()}
        row_problems = _check_values(line, value, columns)
        relationship = Relationship.TEAM
        if shape == "360" and not row_problems:
            relationship = relationship_of(value["relationship"])
            if relationship is None:
                row_problems.append(
                    BAD_RELATIONSHIP.format(line=line, value=value["relationship"][:40])
                )
        for column in ("language", "manager_language"):
            code = value.get(column, "").lower()
            if code and code not in languages:
                row_problems.append(
                    BAD_LANGUAGE.format(
                        line=line, value=code[:20], codes=", ".join(sorted(languages))
                    )
                )
        if row_problems:
            problems += row_problems
            continue
        subject, rater = ("subject", "rater") if shape == "360" else ("manager", "rep")
        rows.append(
            Row(
                line,
                value[f"{subject}_email"].lower(),
                value[f"{subject}_name"],
                value[f"{rater}_email"].lower(),
                value[f"{rater}_name"],
                relationship,
                value.get("language", "").lower(),
                value.get("manager_language", "").lower(),
            )
        )
    problems += _check_relations(rows, shape)
    if problems:
        raise ImportRefused(problems)
    if not rows:
        raise ImportRefused([EMPTY_FILE])
    return Parsed(shape, rows)


def _check_values(line: int, row: dict[str, str], columns: tuple[str, ...]) -> list[str]:
    problems = []
    for column in columns:
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
    if not problems:
        a, b = (
            (row.get("manager_email") or row["subject_email"]),
            (row.get("rep_email") or row["rater_email"]),
        )
        if a.lower() == b.lower():
            message = OWN_MANAGER if "manager_email" in columns else OWN_RATER
            problems.append(message.format(line=line, email=b))
    return problems


def _check_relations(rows: list[Row], shape: str) -> list[str]:
    problems = []
    names: dict[str, tuple[str, int]] = {}
    for row in rows:
        for email, name in (
            (row.subject_email, row.subject_name),
            (row.rater_email, row.rater_name),
        ):
            known = names.setdefault(email, (name, row.line))
            if known[0] != name:
                problems.append(
                    NAME_CONFLICT.format(
                        line=row.line, email=email, name=name, other=known[0], first=known[1]
                    )
                )
    if shape == "360":
        seen: dict[tuple[str, str], int] = {}
        bosses: dict[str, int] = {}
        for row in rows:
            first = seen.setdefault((row.subject_email, row.rater_email), row.line)
            if first != row.line:
                problems.append(
                    DUPLICATE_RATER.format(
                        line=row.line, rater=row.rater_email, subject=row.subject_email, first=first
                    )
                )
            if row.relationship == Relationship.BOSS:
                first = bosses.setdefault(row.subject_email, row.line)
                if first != row.line:
                    problems.append(
                        TWO_BOSSES.format(line=row.line, subject=row.subject_email, first=first)
                    )
        return problems
    manager_of: dict[str, tuple[str, int]] = {}
    for row in rows:
        earlier = manager_of.get(row.rater_email)
        if earlier is None:
            manager_of[row.rater_email] = (row.subject_email, row.line)
        elif earlier[0] == row.subject_email:
            problems.append(
                DUPLICATE_ROW.format(
                    line=row.line, first=earlier[1], rep=row.rater_email, manager=row.subject_email
                )
            )
        else:
            problems.append(
                TWO_MANAGERS.format(
                    line=row.line, rep=row.rater_email, other=earlier[0], first=earlier[1]
                )
            )
    for row in rows:
        reverse = manager_of.get(row.subject_email)
        if reverse is not None and reverse[0] == row.rater_email and row.line < reverse[1]:
            problems.append(MUTUAL.format(line=reverse[1], a=row.subject_email, b=row.rater_email))
    return problems


# --- What a file would do -----------------------------------------------------------------


@dataclass
class ImportPlan:
    shape: str
    new_people: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)  # teams: reps whose manager changes
    languages: list[str] = field(default_factory=list)
    new_managers: list[str] = field(default_factory=list)
    raters: dict[str, int] = field(default_factory=dict)  # 360: raters per group
    rows: int = 0


def _people_wanted(parsed: Parsed) -> dict[str, tuple[str, str]]:
    wanted: dict[str, tuple[str, str]] = {}
    for row in parsed.rows:
        wanted[row.subject_email] = (
            row.subject_name,
            row.subject_language or wanted.get(row.subject_email, ("", ""))[1],
        )
        wanted[row.rater_email] = (
            row.rater_name,
            row.rater_language or wanted.get(row.rater_email, ("", ""))[1],
        )
    return wanted


def import_plan(*, cycle: Cycle, parsed: Parsed) -> ImportPlan:
    plan = ImportPlan(parsed.shape, rows=len(parsed.rows))
    wanted = _people_wanted(parsed)
    existing = {
        p.email: p for p in Person.objects.filter(email__in=wanted).select_related("manager")
    }
    for email, (name, language) in sorted(wanted.items()):
        person = existing.get(email)
        if person is None:
            plan.new_people.append(f"{name} <{email}>")
            continue
        if person.name != name:
            plan.renamed.append(f"{person.name} → {name} <{email}>")
        if not person.is_active:
            plan.reactivated.append(f"{name} <{email}>")
        if language and person.language != language:
            plan.languages.append(f"{name}: {person.language or 'default'} → {language}")
    if parsed.shape == "teams":
        for row in parsed.rows:
            rep = existing.get(row.rater_email)
            if rep is not None and rep.manager_id and rep.manager.email != row.subject_email:
                plan.moved.append(f"{row.rater_name}: {rep.manager.name} → {row.subject_name}")
    in_cycle = set(cycle.assessments.values_list("manager__email", flat=True))
    plan.new_managers = sorted(
        {
            f"{r.subject_name} <{r.subject_email}>"
            for r in parsed.rows
            if r.subject_email not in in_cycle
        }
    )
    if parsed.shape == "360":
        counts: dict[str, int] = defaultdict(int)
        for row in parsed.rows:
            counts[row.relationship] += 1
        plan.raters = dict(counts)
    return plan


@dataclass
class ImportResult:
    people_created: int
    people_updated: int
    managers_added: int
    rows: int
    shape: str


def csv_import(*, cycle: Cycle, parsed: Parsed) -> ImportResult:
    """Create or update the people, then either set each rep's manager (teams)
    or record each manager's raters by group (360), and put the managers in
    the (draft) cycle — all in one transaction."""
    wanted = _people_wanted(parsed)
    with transaction.atomic():
        existing = {p.email: p for p in Person.objects.filter(email__in=wanted)}
        created = [
            Person(email=e, name=n, language=lang)
            for e, (n, lang) in wanted.items()
            if e not in existing
        ]
        Person.objects.bulk_create(created)
        changed = []
        for email, person in existing.items():
            name, language = wanted[email]
            if (
                person.name != name
                or (language and person.language != language)
                or not person.is_active
            ):
                person.name, person.is_active = name, True
                person.language = language or person.language
                changed.append(person)
        Person.objects.bulk_update(changed, ["name", "language", "is_active"])
        by_email = {p.email: p for p in Person.objects.filter(email__in=wanted)}
        managers = {by_email[row.subject_email] for row in parsed.rows}
        added = cycle_add_managers(cycle=cycle, managers=sorted(managers, key=lambda p: p.pk))
        if parsed.shape == "teams":
            moved = []
            for row in parsed.rows:
                rep, manager = by_email[row.rater_email], by_email[row.subject_email]
                if rep.manager_id != manager.pk:
                    rep.manager_id = manager.pk
                    moved.append(rep)
            Person.objects.bulk_update(moved, ["manager"])
        else:
            assessments = {a.manager_id: a for a in cycle.assessments.select_related("cycle")}
            by_subject: dict[int, list] = defaultdict(list)
            for row in parsed.rows:
                by_subject[by_email[row.subject_email].pk].append(
                    (by_email[row.rater_email], row.relationship)
                )
            for manager_id, raters in by_subject.items():
                nominations_set(
                    assessment=assessments[manager_id],
                    raters=raters,
                    source=Nomination.Source.IMPORT,
                )
    return ImportResult(len(created), len(changed), added, len(parsed.rows), parsed.shape)
