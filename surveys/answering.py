"""Answering a survey: one transaction claims the invitation and adds the answers
to the tallies. No answer sheet exists at any point in the database.

The statements are the same few whatever the size of the team or of the
instrument. On PostgreSQL: one claims the invitation while the cycle is open
(with a share lock on the cycle against closing), and one adds the answers to
the group's tallies, rewriting every row of the group (see models/answers.py
for why), and puts the comments at random places in their lists. The group's
first answer creates its rows in between. Elsewhere (SQLite, the embedded
mode) the tallies take a statement each. Values travel apart from the
statements' text (feedback360.db.bound_cursor), so someone polling
pg_stat_activity does not see answers beside an invitation.
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
GROUP = "assessment_id = %s AND relationship = %s"


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


def _share_lock() -> str:
    return " FOR SHARE" if connection.vendor == "postgresql" else ""


def _columns(answers: Mapping[int, int | None]) -> dict[str, list[int]]:
    """The item ids that gain one in each count column."""
    by_column: dict[str, list[int]] = {column: [] for column in COUNT_COLUMNS}
    for item_id, value in sorted(answers.items()):
        by_column["cant_say" if value is None else f"n{value}"].append(item_id)
    return by_column


def _create_rows(cursor, content, key: list) -> None:
    """The group's tally rows, created by its first answer, in a fixed order:
    every score a respondent could have, at zero. Two first answers at once:
    the second waits for the first's rows and leaves them as they are."""
    item_ids = sorted(content.item_ids)
    cursor.execute(
        f"INSERT INTO {ITEMS} (assessment_id, relationship, item_id, {', '.join(COUNT_COLUMNS)}) "  # noqa: S608
        f"VALUES {_rows(len(item_ids), 9)} ON CONFLICT DO NOTHING",
        [v for item_id in item_ids for v in (*key, item_id, 0, 0, 0, 0, 0, 0)],
    )
    combos = content.score_keys
    cursor.execute(
        f"INSERT INTO {DIMENSIONS} (assessment_id, relationship, dimension_id, points, answered, "  # noqa: S608
        f"respondents) VALUES {_rows(len(combos), 6)} ON CONFLICT DO NOTHING",
        [v for combo in combos for v in (*key, *combo, 0)],
    )
    questions = sorted(content.question_ids)
    if questions:
        cursor.execute(
            f"INSERT INTO {COMMENTS} (assessment_id, relationship, question_id, texts) "  # noqa: S608
            f"VALUES {_rows(len(questions), 4)} ON CONFLICT DO NOTHING",
            [v for qid in questions for v in (*key, qid, "[]")],
        )


# --- PostgreSQL: the whole group in one statement ----------------------------------------------
# Its text never changes: the answers are arrays. A comment goes to a random
# place in its list (a draw from `secrets`, taken modulo the list's length + 1);
# without a new comment a list is still rewritten, so that whether someone
# wrote one leaves no mark of its own.
_ADD_TO_COLUMNS = ", ".join(
    f"{column} = {column} + CASE WHEN item_id = ANY(%s::integer[]) THEN 1 ELSE 0 END"
    for column in COUNT_COLUMNS
)
_ADD_ALL = f"""WITH items AS (
    UPDATE {ITEMS} SET {_ADD_TO_COLUMNS}
    WHERE {GROUP}
    RETURNING 1
), dimensions AS (
    UPDATE {DIMENSIONS} SET respondents = respondents + CASE
        WHEN (dimension_id, points, answered) IN (
            SELECT * FROM unnest(%s::integer[], %s::integer[], %s::integer[])
        ) THEN 1 ELSE 0 END
    WHERE {GROUP}
    RETURNING 1
), comments AS (
    UPDATE {COMMENTS} AS list SET texts = COALESCE((
        SELECT jsonb_insert(
            list.texts::jsonb,
            ARRAY[mod(new.draw, jsonb_array_length(list.texts::jsonb) + 1)::text],
            to_jsonb(new.text)
        )::text
        FROM unnest(%s::integer[], %s::text[], %s::bigint[]) AS new (question_id, text, draw)
        WHERE new.question_id = list.question_id
    ), list.texts)
    WHERE list.{GROUP}
    RETURNING 1
)
SELECT count(*) FROM items"""  # noqa: S608


def _add_all_postgresql(cursor, key, answers, scores, texts) -> bool:
    columns = _columns(answers)
    comments = sorted(texts.items())
    cursor.execute(
        _ADD_ALL,
        [
            *(columns[column] for column in COUNT_COLUMNS),
            *key,
            *([score[i] for score in scores] for i in range(3)),
            *key,
            [question_id for question_id, _ in comments],
            [text for _, text in comments],
            [secrets.randbits(62) for _ in comments],
            *key,
        ],
    )
    return cursor.fetchone()[0] > 0


# --- Elsewhere: a statement per table ------------------------------------------------------


def _add_items(cursor, key: list, answers: Mapping[int, int | None]) -> bool:
    """One UPDATE over all the group's item rows: each gains one in the column
    of its answer (or "can't say"), and every row is rewritten."""
    parts, params = [], []
    for column, ids in _columns(answers).items():
        if ids:
            parts.append(
                f"{column} = {column} + CASE WHEN item_id IN ({_marks(len(ids))}) THEN 1 ELSE 0 END"
            )
            params += ids
        else:
            parts.append(f"{column} = {column}")
    cursor.execute(f"UPDATE {ITEMS} SET {', '.join(parts)} WHERE {GROUP}", [*params, *key])  # noqa: S608
    return cursor.rowcount > 0


def _add_dimensions(cursor, key: list, scores: list[tuple[int, int, int]]) -> None:
    if scores:
        match = " OR ".join(["(dimension_id = %s AND points = %s AND answered = %s)"] * len(scores))
        change = f"respondents + CASE WHEN {match} THEN 1 ELSE 0 END"
        params = [v for score in scores for v in score]
    else:
        change, params = "respondents", []
    cursor.execute(
        f"UPDATE {DIMENSIONS} SET respondents = {change} WHERE {GROUP}",  # noqa: S608
        [*params, *key],
    )


def _add_comments(cursor, key: list, texts: Mapping[int, str]) -> None:
    """As in _ADD_ALL: each new comment at a random place in its list, and every
    list rewritten."""
    cursor.execute(f"SELECT question_id, texts FROM {COMMENTS} WHERE {GROUP}", key)  # noqa: S608
    current = {question_id: json.loads(stored) for question_id, stored in cursor.fetchall()}
    cases, params = [], []
    for question_id, text in sorted(texts.items()):
        entries = current.get(question_id, [])
        entries.insert(secrets.randbelow(len(entries) + 1), text)
        cases.append("WHEN %s THEN %s")
        params += [question_id, json.dumps(entries, ensure_ascii=False)]
    change = f"CASE question_id {' '.join(cases)} ELSE texts END" if cases else "texts"
    cursor.execute(f"UPDATE {COMMENTS} SET texts = {change} WHERE {GROUP}", [*params, *key])  # noqa: S608


def _add_all(cursor, key, answers, scores, texts) -> bool:
    """Add one answer to every tally of the group; False when the group has no
    rows yet (nothing was written)."""
    if connection.vendor == "postgresql":
        return _add_all_postgresql(cursor, key, answers, scores, texts)
    if not _add_items(cursor, key, answers):
        return False
    _add_dimensions(cursor, key, scores)
    _add_comments(cursor, key, texts)
    return True


def _still_open(cursor, cycle_id: int, now: datetime) -> bool:
    cursor.execute(
        f"SELECT 1 FROM {CYCLES} WHERE id = %s AND status = %s AND closes_at > %s",  # noqa: S608
        [cycle_id, Cycle.Status.OPEN, connection.ops.adapt_datetimefield_value(now)],
    )
    return cursor.fetchone() is not None


def _claim(cursor, invitation_id, cycle_id: int, now: datetime) -> None:
    """Mark the invitation answered, if it was not and its cycle is open.

    The conditional UPDATE takes the invitation's row lock and succeeds for
    exactly one caller, however many submit at once. The cycle's row is
    share-locked until commit: submissions share it with each other; closing
    the cycle (FOR UPDATE) waits for those in flight, and they for it, so no
    answer lands after the close.
    """
    cursor.execute(
        f"UPDATE {INVITATIONS} SET completed = %s WHERE id = %s AND completed = %s "  # noqa: S608
        f"AND EXISTS (SELECT 1 FROM {CYCLES} WHERE id = %s AND status = %s AND closes_at > %s"
        f"{_share_lock()})",
        [
            True,
            invitation_id,
            False,
            cycle_id,
            Cycle.Status.OPEN,
            connection.ops.adapt_datetimefield_value(now),
        ],
    )
    if cursor.rowcount == 1:
        return
    if not _still_open(cursor, cycle_id, now):
        raise NotAccepting(NOT_ACCEPTING)
    raise AlreadyAnswered(ALREADY_ANSWERED)


@sensitive_variables("invitation", "answers", "comments", "scores", "texts")
def response_submit(
    *,
    invitation: Invitation,
    answers: Mapping[int, int | None],
    comments: Mapping[int, str],
    now: datetime | None = None,
) -> None:
    """Add one rater's answers to the tallies and mark their invitation answered.

    Exactly one of any number of simultaneous calls for an invitation records
    its answers; the others get AlreadyAnswered. "Can't say" (None) counts as
    such, in no score.
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
        _claim(cursor, invitation_id, cycle.pk, now)
        if not _add_all(cursor, key, answers, scores, texts):
            # The group's first answer: its rows do not exist yet.
            _create_rows(cursor, content, key)
            _add_all(cursor, key, answers, scores, texts)
    log.info("event=response_recorded cycle=%s", cycle.pk)
