"""Small helpers shared by tests: a launched cycle, survey URLs, a full answer."""

from __future__ import annotations

import random

from surveys import lifecycle, rosters
from surveys.forms import item_field_name, question_field_name
from surveys.models import Invitation, Item, OpenQuestion
from surveys.tokens import make_token
from tests.factories import CycleFactory, team


def launched_cycle(team_size: int = 4, managers: int = 1, **cycle_fields):
    """A launched cycle (no e-mails sent: on_commit callbacks do not run in
    a test transaction unless captured). Returns (cycle, [(manager, reps)])."""
    cycle = CycleFactory(**cycle_fields)
    teams = [team(team_size) for _ in range(managers)]
    rosters.cycle_add_managers(cycle=cycle, managers=[m for m, _ in teams])
    lifecycle.cycle_launch(cycle_id=cycle.pk)
    cycle.refresh_from_db()
    return cycle, teams


def survey_path(invitation: Invitation) -> str:
    token = make_token(cycle_id=invitation.assessment.cycle_id, invitation_id=invitation.id)
    return f"/s/{token}/"


def full_answer(
    instrument, *, value=4, seed: int | None = None, comments=("Keep it up.", "")
) -> dict:
    rng = random.Random(seed)
    data = {}
    for item in Item.objects.filter(dimension__instrument=instrument):
        data[item_field_name(item.id)] = str(
            value if seed is None else rng.choice([1, 2, 3, 4, 5, "na"])
        )
    for question, text in zip(
        OpenQuestion.objects.filter(instrument=instrument), comments, strict=False
    ):
        data[question_field_name(question.id)] = text
    return data
