"""Keeping the raw tables from telling who answered what.

Responses carry no link to invitations, no timestamp and random ids, but a
database keeps two more clues:

- order: rows sit on disk (PostgreSQL's ctid, SQLite's rowid) in the order
  they were written, and a dump or a plain SELECT lists them that way;
- transaction ids: PostgreSQL stamps each row version with the transaction
  that wrote it (xmin). A submission writes the response and marks its
  invitation completed in one transaction, so both rows carry the same xmin,
  and sorting completed invitations by xmin gives the order people answered.

After every submission the assessment's rows are mixed, in one transaction:
its responses, answers and comments are deleted and written back, same ids
and same content, in a random order; and its completed invitations are
re-written too. All of them then carry that one transaction's xmin, and the
order on disk no longer follows arrival, so neither clue pairs a response
with a person.

What remains, documented rather than hidden (tests/reliability/README.md):
until PostgreSQL vacuums them, the dead row versions and the write-ahead log
still hold the old order, readable only with superuser tools; and someone who
compares two snapshots taken between two submissions sees which invitation
flipped and which response appeared.
"""

from __future__ import annotations

import secrets

from django.db import transaction

from .models import Answer, Assessment, Comment, Invitation, Response


def assessment_mix(*, assessment_id: int) -> bool:
    """Mix one assessment's rows if a submission marked it. Safe to repeat: the
    dispatcher retries any assessment still marked."""
    with transaction.atomic():
        # Also the lock: a submission to this assessment waits for the mix.
        marked = Assessment.objects.filter(pk=assessment_id, needs_mixing=True).update(
            needs_mixing=False
        )
        if not marked:
            return False
        shuffle = secrets.SystemRandom().shuffle
        responses = list(
            Response.objects.filter(assessment_id=assessment_id).values_list("id", "relationship")
        )
        answers = list(
            Answer.objects.filter(response__assessment_id=assessment_id).values_list(
                "response_id", "item_id", "value"
            )
        )
        comments = list(
            Comment.objects.filter(assessment_id=assessment_id).values_list(
                "id", "relationship", "question_id", "text"
            )
        )
        shuffle(responses)
        shuffle(comments)
        position = {response_id: n for n, (response_id, _) in enumerate(responses)}
        answers.sort(key=lambda answer: (position[answer[0]], answer[1]))

        Comment.objects.filter(assessment_id=assessment_id).delete()
        Response.objects.filter(assessment_id=assessment_id).delete()  # and, by cascade, answers
        Response.objects.bulk_create(
            Response(id=rid, assessment_id=assessment_id, relationship=rel)
            for rid, rel in responses
        )
        Answer.objects.bulk_create(
            Answer(response_id=rid, item_id=item_id, value=value) for rid, item_id, value in answers
        )
        Comment.objects.bulk_create(
            Comment(
                id=cid, assessment_id=assessment_id, relationship=rel, question_id=qid, text=text
            )
            for cid, rel, qid, text in comments
        )
        Invitation.objects.filter(assessment_id=assessment_id, completed=True).update(
            completed=True
        )
    return True
