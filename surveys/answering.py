"""Answering a survey: one transaction claims the invitation and adds the answers
to the tallies. No answer sheet exists at any point in the database.

The statements are the same few whatever the size of the team: one checks
that the cycle is open (a share lock against closing), one claims the
invitation, one makes sure the group's tally rows exist, then one per tally
table adds the answers while rewriting every row of the group (see
models/answers.py for why), and two put comments at random places in their
lists. Their values travel apart from their text (feedback360.db.bound_cursor),
so someone polling pg_stat_activity does not see answers beside an invitation.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Mapping
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from feedback360.db import bound_cursor

from . import selectors
from .errors import AlreadyAnswered, NotAccepting
from .models import CommentSet, Cycle, DimensionTally, Invitation, ItemTally

log = logging.getLogger(__name__)

ALREADY_ANSWERED = _("This survey has already been answered.")
NOT_ACCEPTING = _("This survey is not accepting answers.")

ITEMS = ItemTally._meta.db_table
DIMENSIONS = DimensionTally._meta.db_table
COMMENTS = CommentSet._meta.db_table
INVITATIONS = Invitation._meta.db_table
CYCLES = Cycle._meta.db_table
COUNT_COLUMNS = ("n1", "n2", "n3", "n4", "n5", "cant_say")


def item_score(value: int, *, reverse: bool) -> int:
    """A reverse-keyed statement describes managing: 5 agrees with managing."""
    return 6 - value if reverse else value


def dimension_scores(
    content: selectors.InstrumentContent, answers: Mapping[int, int | None]
) -> list[tuple[int, int, int]]:
    """(dimension id, points, answered) for each dimension with an answer."""
    sums: dict[int, list[int]] = {}
    for item in content.items:
        value = answers.get(item.id)
        if value is not None:
            entry = sums.setdefault(item.dimension_id, [0, 0])
            entry[0] += item_score(value, reverse=item.reverse_keyed)
            entry[1] += 1
    return sorted((dim_id, points, count) for dim_id, (points, count) in sums.items())


def _marks(count: int) -> str:
    return ", ".join(["%s"] * count)


def _rows(rows: int, columns: int) -> str:
    return ", ".join([f"({_marks(columns)})"] * rows)


def _conflict_ignored() -> str:
    return "ON CONFLICT DO NOTHING"


def _lock() -> str:
    return " FOR UPDATE" if connection.vendor == "postgresql" else ""


def _ensure_rows(cursor, content, key: list) -> None:
    """The group's tally rows, created once, in a fixed order, by whichever
    submission comes first: every score a respondent could have, at zero."""
    cursor.execute(
        f"SELECT 1 FROM {ITEMS} WHERE assessment_id = %s AND relationship = %s LIMIT 1",  # noqa: S608
        key,
    )
    if cursor.fetchone() is not None:
        return
    item_ids = sorted(content.item_ids)
    cursor.execute(
        f"INSERT INTO {ITEMS} (assessment_id, relationship, item_id, {', '.join(COUNT_COLUMNS)}) "  # noqa: S608
        f"VALUES {_rows(len(item_ids), 9)} {_conflict_ignored()}",
        [v for item_id in item_ids for v in (*key, item_id, 0, 0, 0, 0, 0, 0)],
    )
    combos = content.score_keys
    cursor.execute(
        f"INSERT INTO {DIMENSIONS} (assessment_id, relationship, dimension_id, points, answered, "  # noqa: S608
        f"respondents) VALUES {_rows(len(combos), 6)} {_conflict_ignored()}",
        [v for combo in combos for v in (*key, *combo, 0)],
    )
    questions = sorted(content.question_ids)
    if questions:
        cursor.execute(
            f"INSERT INTO {COMMENTS} (assessment_id, relationship, question_id, texts) "  # noqa: S608
            f"VALUES {_rows(len(questions), 4)} {_conflict_ignored()}",
            [v for qid in questions for v in (*key, qid, "[]")],
        )


def _add_items(cursor, key: list, answers: Mapping[int, int | None]) -> None:
    """One UPDATE over all the group's item rows: each gains one in the column
    of its answer (or "can't say"), and every row is rewritten."""
    by_column: dict[str, list[int]] = {column: [] for column in COUNT_COLUMNS}
    for item_id, value in answers.items():
        by_column["cant_say" if value is None else f"n{value}"].append(item_id)
    parts, params = [], []
    for column, ids in by_column.items():
        if ids:
            parts.append(
                f"{column} = {column} + CASE WHEN item_id IN ({_marks(len(ids))}) THEN 1 ELSE 0 END"
            )
            params += sorted(ids)
        else:
            parts.append(f"{column} = {column}")
    cursor.execute(
        f"UPDATE {ITEMS} SET {', '.join(parts)} WHERE assessment_id = %s AND relationship = %s",  # noqa: S608
        [*params, *key],
    )


def _add_dimensions(cursor, key: list, scores: list[tuple[int, int, int]]) -> None:
    if scores:
        match = " OR ".join(["(dimension_id = %s AND points = %s AND answered = %s)"] * len(scores))
        change = f"respondents + CASE WHEN {match} THEN 1 ELSE 0 END"
        params = [v for score in scores for v in score]
    else:
        change, params = "respondents", []
    cursor.execute(
        f"UPDATE {DIMENSIONS} SET respondents = {change} "  # noqa: S608
        "WHERE assessment_id = %s AND relationship = %s",
        [*params, *key],
    )


def _add_comments(cursor, key: list, texts: Mapping[int, str]) -> None:
    """Each new comment goes to a random place in its question's list; without a
    new comment the rows are still rewritten, so that whether someone wrote one
    leaves no mark of its own."""
    if not texts:
        cursor.execute(
            f"UPDATE {COMMENTS} SET texts = texts WHERE assessment_id = %s AND relationship = %s",  # noqa: S608
            key,
        )
        return
    cursor.execute(
        f"SELECT question_id, texts FROM {COMMENTS} "  # noqa: S608
        f"WHERE assessment_id = %s AND relationship = %s{_lock()}",
        key,
    )
    current = {question_id: json.loads(stored) for question_id, stored in cursor.fetchall()}
    cases, params = [], []
    for question_id, text in sorted(texts.items()):
        entries = current.get(question_id, [])
        entries.insert(secrets.randbelow(len(entries) + 1), text)
        cases.append("WHEN %s THEN %s")
        params += [question_id, json.dumps(entries, ensure_ascii=False)]
    cursor.execute(
        f"UPDATE {COMMENTS} SET texts = CASE question_id {' '.join(cases)} ELSE texts END "  # noqa: S608
        "WHERE assessment_id = %s AND relationship = %s",
        [*params, *key],
    )


def _still_open(cursor, cycle_id: int, now: datetime) -> bool:
    """Is the cycle open, with a share lock held until commit? Submissions share
    it with each other; closing the cycle (FOR UPDATE) waits for those in
    flight, and they for it, so no answer lands after the close."""
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    cursor.execute(
        f"SELECT 1 FROM {CYCLES} WHERE id = %s AND status = %s AND closes_at > %s{lock}",  # noqa: S608
        [cycle_id, Cycle.Status.OPEN, connection.ops.adapt_datetimefield_value(now)],
    )
    return cursor.fetchone() is not None


@sensitive_variables("invitation", "answers", "comments", "scores", "texts")
def response_submit(
    *,
    invitation: Invitation,
    answers: Mapping[int, int | None],
    comments: Mapping[int, str],
    now: datetime | None = None,
) -> None:
    """Add one rater's answers to the tallies and mark their invitation answered.

    The conditional UPDATE takes the invitation's row lock and succeeds for
    exactly one caller, however many submit at once; the others get
    AlreadyAnswered. "Can't say" (None) counts as such, in no score.
    """
    now = now or timezone.now()
    cycle = invitation.assessment.cycle
    if not cycle.is_accepting_responses(now):
        raise NotAccepting(NOT_ACCEPTING)
    content = selectors.instrument_content(cycle.instrument)
    if not set(answers) <= content.item_ids or not set(comments) <= content.question_ids:
        raise NotAccepting(NOT_ACCEPTING)
    if any(value is not None and not 1 <= int(value) <= 5 for value in answers.values()):
        raise NotAccepting(NOT_ACCEPTING)
    answers = {item_id: None if v is None else int(v) for item_id, v in answers.items()}
    scores = dimension_scores(content, answers)
    texts = {qid: text.strip() for qid, text in comments.items() if text and text.strip()}
    key = [invitation.assessment_id, invitation.relationship]
    invitation_id = Invitation._meta.pk.get_db_prep_value(invitation.pk, connection)

    with transaction.atomic(), bound_cursor() as cursor:
        if not _still_open(cursor, cycle.pk, now):
            raise NotAccepting(NOT_ACCEPTING)
        cursor.execute(
            f"UPDATE {INVITATIONS} SET completed = %s WHERE id = %s AND completed = %s",  # noqa: S608
            [True, invitation_id, False],
        )
        if cursor.rowcount != 1:
            raise AlreadyAnswered(ALREADY_ANSWERED)
        _ensure_rows(cursor, content, key)
        _add_items(cursor, key, answers)
        _add_dimensions(cursor, key, scores)
        _add_comments(cursor, key, texts)
    log.info("event=response_recorded cycle=%s", cycle.pk)
