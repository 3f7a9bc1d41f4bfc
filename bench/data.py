"""Benchmark data, made in bulk: an org chart, cycles, nominations, answers.

Imported only once Django is set up (inside a `BenchRun`). Product rules
(adding managers, launching, closing, releasing) go through the services. Only
what a crowd of people would do by hand is written directly:

- people and approved nominations, as a CSV import or HR would leave them;
- answers, as the tallies `response_submit` leaves behind (surveys/answering.py).
  `check_bulk_answers` compares the two on a small team before any benchmark
  relies on them, so a change to the tallies' shape stops the run instead of
  skewing it.
"""

from __future__ import annotations

import contextlib
import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from surveys import lifecycle, rosters, selectors
from surveys.answering import dimension_scores, item_score, response_submit
from surveys.forms import item_field_name, question_field_name
from surveys.groups import Relationship
from surveys.models import (
    CommentSet,
    Cycle,
    DimensionTally,
    Instrument,
    Invitation,
    ItemTally,
    Nomination,
    Person,
)
from surveys.tokens import make_token

FIRST = ["Anna", "Björn", "Chloé", "Dário", "Eva", "François", "Grete", "Hamza", "Inés", "Jonas"]
LAST = ["Åberg", "Baptiste", "Costa", "Dvořák", "Eriksen", "Fischer", "García", "Horváth"]
BATCH = 5000

COMMENTS = [
    "Keeps our one-to-ones regular and actually listens before giving advice.",
    "Shares the quarterly plan early, so we know why the targets are what they are.",
    "Could involve us more before changing territories; the last change came as a surprise.",
    "Great at celebrating wins. I would like more coaching on negotiation, not only numbers.",
    "Würde mir mehr Freiraum bei Kundenterminen wünschen, ohne jede Mail vorher abzustimmen.",
    "Plus de retours après les rendez-vous clients, même courts, ce serait très utile.",
    "When a deal is lost the first question is what we learned, which I really appreciate. "
    "Sometimes the follow-up gets lost in the next week's pipeline review though, and the "
    "lesson stays in the meeting notes instead of changing how we prepare.",
    "Please stop checking the CRM every evening; a weekly update would be enough.",
    "Explains the long-term direction well at kick-offs but rarely links it to daily work.",
    "Trusts me with my own accounts and backs my decisions in front of customers 👍",
    "Start joining a few calls as an observer and tell us afterwards what you noticed.",
    "Keep the Friday pipeline review short and focused — it is the best meeting we have.",
]


def _name(i: int) -> str:
    return f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}"


# --- The org chart ----------------------------------------------------------------------


@dataclass
class Org:
    """Who reports to whom. `managers` are the people rated; each may have a
    director (their own manager in the org chart) and peers (other managers of
    the same director); `others` is a pool outside the sales line."""

    managers: list[int] = field(default_factory=list)
    director_of: dict[int, int] = field(default_factory=dict)
    siblings: dict[int, list[int]] = field(default_factory=dict)
    others: list[int] = field(default_factory=list)

    def peers(self, manager_id: int, count: int) -> list[int]:
        """The next `count` managers of the same director, in a circle."""
        group = self.siblings.get(manager_id, [])
        if len(group) <= count:
            return [m for m in group if m != manager_id]
        start = group.index(manager_id)
        return [group[(start + 1 + i) % len(group)] for i in range(count)]


def org(
    managers: int,
    reps: int,
    *,
    tag: str,
    managers_per_director: int = 0,
    others: int = 0,
) -> Org:
    """`managers` managers with `reps` active reps each; with
    managers_per_director, a director above every so many managers.

    Ids are given out in org-chart order (a director, then each of their
    managers followed by that manager's reps), so that a batch of raters
    ordered by id, as the mail queue takes them, is a realistic mix of people
    with one survey and people with several.
    """
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        next_id = cursor.fetchone()[0] + 1
    rows: list[Person] = []
    result = Org()

    def add(kind: str, number: int, manager_id: int | None) -> int:
        nonlocal next_id
        pk = next_id
        next_id += 1
        rows.append(
            Person(
                id=pk,
                name=_name(pk),
                email=f"{kind}{number}.{tag}@bench.example",
                manager_id=manager_id,
            )
        )
        return pk

    per = managers_per_director or managers
    for start in range(0, managers, per):
        director = add("director", start // per, None) if managers_per_director else None
        group = []
        for m in range(start, min(start + per, managers)):
            manager = add("manager", m, director)
            group.append(manager)
            result.managers.append(manager)
            if director is not None:
                result.director_of[manager] = director
            for r in range(reps):
                add(f"rep{m}-", r, manager)
        for manager in group:
            result.siblings[manager] = group
    result.others = [add("other", i, None) for i in range(others)]
    Person.objects.bulk_create(rows, batch_size=BATCH)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
        )
    return result


# --- Cycles -----------------------------------------------------------------------------


def instrument() -> Instrument:
    return Instrument.objects.get(version=1)


def draft_cycle(
    manager_ids: Sequence[int], *, name: str, opens_later: bool = False, **groups
) -> Cycle:
    """A draft cycle with these managers, opening an hour ago (or in an hour).
    `groups`: ask_boss, ask_peers, ask_others."""
    now = timezone.now()
    cycle = Cycle.objects.create(
        name=name,
        instrument=instrument(),
        opens_at=now + timedelta(hours=1) if opens_later else now - timedelta(hours=1),
        closes_at=now + timedelta(days=14),
        **groups,
    )
    rosters.cycle_add_managers(cycle=cycle, managers=Person.objects.filter(pk__in=manager_ids))
    return cycle


def nominate(cycle: Cycle, the_org: Org, *, peers: int = 0, others: int = 0) -> int:
    """Approved nominations, as HR leaves them after the managers proposed their
    peers: `peers` of the manager's fellow managers, `others` from the pool."""
    rows = []
    pool = the_org.others
    for n, (aid, manager_id) in enumerate(cycle.assessments.values_list("id", "manager_id")):
        for rater in the_org.peers(manager_id, peers):
            rows.append(_nomination(aid, rater, Relationship.PEER))
        for i in range(others if pool else 0):
            rows.append(_nomination(aid, pool[(n * others + i) % len(pool)], Relationship.OTHER))
    Nomination.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _nomination(aid: int, rater: int, relationship: str) -> Nomination:
    return Nomination(
        assessment_id=aid,
        rater_id=rater,
        relationship=relationship,
        status=Nomination.Status.APPROVED,
        source=Nomination.Source.HR,
    )


def open_cycle_without_emails(cycle: Cycle) -> Cycle:
    """Launch a draft cycle while it opens in an hour (so no e-mail is queued),
    then move its opening into the past: open, answerable, nothing in Redis."""
    Cycle.objects.filter(pk=cycle.pk).update(opens_at=timezone.now() + timedelta(hours=1))
    lifecycle.cycle_launch(cycle_id=cycle.pk)
    Cycle.objects.filter(pk=cycle.pk).update(opens_at=F("opens_at") - timedelta(hours=2))
    cycle.refresh_from_db()
    return cycle


def survey_path(cycle_id: int, invitation_id) -> str:
    return f"/s/{make_token(cycle_id=cycle_id, invitation_id=invitation_id)}/"


def team_paths(cycle: Cycle, relationship: str = Relationship.TEAM) -> dict[int, list[str]]:
    """Survey paths per assessment, raters in id order."""
    paths: dict[int, list[str]] = defaultdict(list)
    for aid, iid in (
        Invitation.objects.filter(assessment__cycle=cycle, relationship=relationship)
        .order_by("assessment_id", "rater_id")
        .values_list("assessment_id", "id")
    ):
        paths[aid].append(survey_path(cycle.pk, iid))
    return dict(paths)


def full_answer(the_instrument: Instrument, *, seed: int = 0) -> dict[str, str]:
    """Form data of a complete answer: every statement, both comments."""
    content = selectors.instrument_content(the_instrument)
    rng = random.Random(seed)
    data = {
        item_field_name(item.id): rng.choice(["1", "2", "3", "4", "5", "4", "na"])
        for item in content.items
    }
    for question in content.questions:
        data[question_field_name(question.id)] = rng.choice(COMMENTS)
    return data


# --- Answers, as tallies ------------------------------------------------------------------


@dataclass
class Sheet:
    """One rater's answers, only ever held in memory here (the product never
    stores a sheet): item id -> 1..5 or None ("Can't say"), question id -> text."""

    invitation_id: object
    assessment_id: int
    relationship: str
    answers: dict[int, int | None]
    comments: dict[int, str]


def random_sheets(
    invitations: Iterable[tuple[object, int, str]],
    the_instrument: Instrument,
    *,
    seed: int = 1,
    comment_rate: float = 0.75,
) -> list[Sheet]:
    """A sheet per (invitation id, assessment id, relationship). Each manager has
    a "true" level per dimension; raters answer around it, the manager a little
    above it (self-ratings run high), 5% "Can't say", and about three in four
    write each comment."""
    content = selectors.instrument_content(the_instrument)
    rng = random.Random(seed)
    levels: dict[int, dict[int, float]] = {}
    sheets = []
    for invitation_id, aid, relationship in invitations:
        level = levels.get(aid)
        if level is None:
            dims = sorted({item.dimension_id for item in content.items})
            level = levels[aid] = {d: rng.uniform(1.8, 4.6) for d in dims}
        bias = 0.5 if relationship == Relationship.SELF else 0.0
        answers: dict[int, int | None] = {}
        for item in content.items:
            if rng.random() < 0.05:
                answers[item.id] = None
                continue
            score = min(5, max(1, round(rng.gauss(level[item.dimension_id] + bias, 0.8))))
            answers[item.id] = item_score(score, reverse=item.reverse_keyed)  # raw answer
        comments = {
            q.id: rng.choice(COMMENTS)
            for q in content.questions
            if relationship == Relationship.SELF or rng.random() < comment_rate
        }
        sheets.append(Sheet(invitation_id, aid, relationship, answers, comments))
    return sheets


def write_answers(sheets: Sequence[Sheet], the_instrument: Instrument, *, seed: int = 2) -> None:
    """The tallies `response_submit` would leave after these sheets (every row of
    an answered group, zero counts included; comments in random order), and
    the invitations marked answered. COPY, in one transaction."""
    content = selectors.instrument_content(the_instrument)
    rng = random.Random(seed)
    item_counts: dict[tuple, dict[int, list[int]]] = {}
    dim_counts: dict[tuple, Counter] = {}
    texts: dict[tuple, dict[int, list[str]]] = {}
    for sheet in sheets:
        key = (sheet.assessment_id, sheet.relationship)
        if key not in item_counts:
            item_counts[key] = {item.id: [0] * 6 for item in content.items}
            dim_counts[key] = Counter()
            texts[key] = {qid: [] for qid in content.question_ids}
        counts = item_counts[key]
        for item_id, value in sheet.answers.items():
            counts[item_id][5 if value is None else value - 1] += 1
        for score in dimension_scores(content, sheet.answers):
            dim_counts[key][score] += 1
        for qid, text in sheet.comments.items():
            if text and text.strip():
                entries = texts[key][qid]
                entries.insert(rng.randrange(len(entries) + 1), text.strip())
    combos = content.score_keys
    with transaction.atomic(), connection.cursor() as cursor:
        # The rows refer to assessments, items and dimensions that exist (they were
        # just read): the foreign-key triggers, half of the load's time, are skipped
        # for this transaction when the benchmark connects as a superuser.
        with contextlib.suppress(DatabaseError), transaction.atomic():
            cursor.execute("SET LOCAL session_replication_role = replica")
        _copy(
            cursor,
            ItemTally._meta.db_table,
            "assessment_id, relationship, item_id, n1, n2, n3, n4, n5, cant_say",
            (
                "".join(
                    f"{aid}\t{rel}\t{item_id}\t" + "\t".join(map(str, per_item[item_id])) + "\n"
                    for item_id in sorted(per_item)
                )
                for (aid, rel), per_item in item_counts.items()
            ),
        )
        _copy(
            cursor,
            DimensionTally._meta.db_table,
            "assessment_id, relationship, dimension_id, points, answered, respondents",
            (
                "".join(
                    f"{aid}\t{rel}\t{d}\t{p}\t{a}\t{counter.get((d, p, a), 0)}\n"
                    for d, p, a in combos
                )
                for (aid, rel), counter in dim_counts.items()
            ),
        )
        with cursor.copy(
            f"COPY {CommentSet._meta.db_table} (assessment_id, relationship, question_id, texts) "
            "FROM STDIN"
        ) as copy:
            for (aid, rel), per_question in texts.items():
                for qid in sorted(per_question):
                    copy.write_row(
                        (aid, rel, qid, json.dumps(per_question[qid], ensure_ascii=False))
                    )
        ids = [sheet.invitation_id for sheet in sheets]
        for start in range(0, len(ids), BATCH):
            Invitation.objects.filter(id__in=ids[start : start + BATCH]).update(completed=True)


def answer_all(cycle: Cycle, *, seed: int = 1, skip=None) -> int:
    """Every invitation of the cycle answered (but those `skip(invitation)` says
    not to), written as tallies. Returns the number of answers."""
    invitations = [
        row
        for row in Invitation.objects.filter(assessment__cycle=cycle)
        .order_by("assessment_id", "relationship", "rater_id")
        .values_list("id", "assessment_id", "relationship")
        if skip is None or not skip(row)
    ]
    sheets = random_sheets(invitations, cycle.instrument, seed=seed)
    write_answers(sheets, cycle.instrument)
    return len(sheets)


def tally_rows(assessment_id: int) -> dict:
    """Everything stored about one assessment's answers, comparable across
    assessments (comments as sorted lists: their order is random by design)."""
    return {
        "items": sorted(
            ItemTally.objects.filter(assessment_id=assessment_id).values_list(
                "relationship", "item_id", "n1", "n2", "n3", "n4", "n5", "cant_say"
            )
        ),
        "dimensions": sorted(
            DimensionTally.objects.filter(assessment_id=assessment_id).values_list(
                "relationship", "dimension_id", "points", "answered", "respondents"
            )
        ),
        "comments": sorted(
            (rel, qid, sorted(json.loads(texts)))
            for rel, qid, texts in CommentSet.objects.filter(
                assessment_id=assessment_id
            ).values_list("relationship", "question_id", "texts")
        ),
        "completed": sorted(
            Invitation.objects.filter(assessment_id=assessment_id).values_list(
                "relationship", "completed"
            )
        ),
    }


def check_bulk_answers() -> None:
    """Two identical teams answer the same sheets, one through response_submit,
    one through write_answers: what is stored must be the same."""
    the_org = org(2, 6, tag="bulkcheck")
    cycle = open_cycle_without_emails(draft_cycle(the_org.managers, name="Bulk check"))
    assessments = sorted(cycle.assessments.values_list("manager_id", "id"))
    (_, via_service), (_, via_bulk) = assessments
    rows = {
        aid: sorted(
            Invitation.objects.filter(assessment_id=aid).values_list(
                "id", "assessment_id", "relationship", "rater_id"
            ),
            key=lambda r: (r[2], r[3]),
        )
        for aid in (via_service, via_bulk)
    }
    # The same sheets for both (the first four team members and the manager).
    template = random_sheets(
        [(r[0], r[1], r[2]) for r in rows[via_service][:5]], cycle.instrument, seed=7
    )
    for sheet, row in zip(template, rows[via_service][:5], strict=True):
        invitation = Invitation.objects.select_related("assessment__cycle").get(pk=row[0])
        response_submit(invitation=invitation, answers=sheet.answers, comments=sheet.comments)
    twins = [
        Sheet(row[0], row[1], row[2], sheet.answers, sheet.comments)
        for sheet, row in zip(template, rows[via_bulk][:5], strict=True)
    ]
    write_answers(twins, cycle.instrument)
    if tally_rows(via_service) != tally_rows(via_bulk):
        raise RuntimeError(
            "bench/data.py write_answers no longer stores what response_submit stores; "
            "update it before trusting any figure built on it"
        )


def _copy(cursor, table: str, columns: str, chunks) -> None:
    """COPY numbers only, as tab-separated text written in large pieces."""
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for chunk in chunks:
            copy.write(chunk)
