"""Benchmark data, made in bulk with the ORM: people, cycles, answers.

Imported only once Django is set up (inside a `BenchRun`). Everything that is
a product rule (adding managers, launching, closing) goes through the
services; only what a crowd of people would do by hand (answering) is
written directly, and in the shape response_submit writes it.
"""

from __future__ import annotations

import copy
import random
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from surveys import services
from surveys.forms import item_field_name, question_field_name
from surveys.instrument import V1, install_instrument
from surveys.models import (
    Answer,
    Assessment,
    Comment,
    Cycle,
    Dimension,
    Instrument,
    Invitation,
    Item,
    OpenQuestion,
    Person,
    Relationship,
    Response,
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


def people(managers: int, reps: int, *, tag: str) -> list[int]:
    """`managers` managers with `reps` active reps each. Returns the managers' ids."""
    rows = [Person(name=_name(i), email=f"manager{i}.{tag}@bench.example") for i in range(managers)]
    manager_ids = [p.pk for p in Person.objects.bulk_create(rows, batch_size=BATCH)]
    Person.objects.bulk_create(
        (
            Person(
                name=_name(m * reps + r + 7),
                email=f"rep{m}-{r}.{tag}@bench.example",
                manager_id=mid,
            )
            for m, mid in enumerate(manager_ids)
            for r in range(reps)
        ),
        batch_size=BATCH,
    )
    return manager_ids


def _name(i: int) -> str:
    return f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}"


def draft_cycle(
    manager_ids: list[int], *, name: str, instrument: Instrument | None = None, opens_later=False
) -> Cycle:
    """A draft cycle with these managers, opening now (or in an hour)."""
    now = timezone.now()
    cycle = Cycle.objects.create(
        name=name,
        instrument=instrument or Instrument.objects.get(version=1),
        opens_at=now + timedelta(hours=1) if opens_later else now - timedelta(hours=1),
        closes_at=now + timedelta(days=14),
    )
    services.cycle_add_managers(cycle=cycle, managers=Person.objects.filter(pk__in=manager_ids))
    return cycle


def open_cycle_without_emails(
    manager_ids: list[int], *, name: str, instrument: Instrument | None = None
) -> Cycle:
    """Launched and open, but no e-mail queued: it is launched while it opens
    in an hour (so nothing is sent), then its opening is moved into the past."""
    cycle = draft_cycle(manager_ids, name=name, instrument=instrument, opens_later=True)
    services.cycle_launch(cycle_id=cycle.pk)
    Cycle.objects.filter(pk=cycle.pk).update(opens_at=F("opens_at") - timedelta(hours=2))
    cycle.refresh_from_db()
    return cycle


def survey_paths(cycle: Cycle, *, relationship: str = Relationship.TEAM) -> list[str]:
    """The /s/<token>/ path of every invitation, managers in order."""
    ids = Invitation.objects.filter(assessment__cycle=cycle, relationship=relationship).order_by(
        "assessment_id", "rater_id"
    )
    return [
        f"/s/{make_token(cycle_id=cycle.pk, invitation_id=i)}/"
        for i in ids.values_list("id", flat=True)
    ]


def instrument_with(items_per_dimension: int) -> Instrument:
    """A copy of version 1 with more items per dimension (its items repeated
    with a variant number), installed the way a data migration would."""
    data = copy.deepcopy(V1)
    data["version"] = 1000 + items_per_dimension
    data["name"] = f"{V1['name']} ({items_per_dimension} items per dimension)"
    for dimension in data["dimensions"]:
        base = dimension["items"]
        dimension["items"] = [
            (f"{team} (variant {n})", f"{self_} (variant {n})", reverse)
            for n in range(items_per_dimension)
            for team, self_, reverse in [base[n % len(base)]]
        ]
    models = {
        "Instrument": Instrument,
        "Dimension": Dimension,
        "Item": Item,
        "OpenQuestion": OpenQuestion,
    }
    return install_instrument(models, data)


def full_answer(instrument: Instrument, *, seed: int = 0) -> dict[str, str]:
    """Form data of a complete answer sheet: every item, both comments."""
    rng = random.Random(seed)
    data = {
        item_field_name(item.id): rng.choice(["1", "2", "3", "4", "5", "4", "na"])
        for item in Item.objects.filter(dimension__instrument=instrument)
    }
    for question in OpenQuestion.objects.filter(instrument=instrument):
        data[question_field_name(question.id)] = rng.choice(COMMENTS)
    return data


# --- Answers -----------------------------------------------------------------------------


def answer_everything(cycle: Cycle, *, seed: int = 1, comment_rate: float = 0.75) -> int:
    """Every invitation answered, as response_submit would have stored it.

    Each manager gets a "true" level per dimension; reps answer around it, the
    manager a little above it (self-ratings run high), 5% "can't say". About
    three in four team members write each comment, so ~12 team comments for a
    team of eight. Returns the number of responses.
    """
    rng = random.Random(seed)
    items = list(
        Item.objects.filter(dimension__instrument=cycle.instrument).values_list(
            "id", "dimension_id", "reverse_keyed"
        )
    )
    questions = list(
        OpenQuestion.objects.filter(instrument=cycle.instrument).values_list("id", flat=True)
    )
    dimensions = sorted({d for _, d, _ in items})
    responses, answers, comments = [], [], []
    for assessment_id in Assessment.objects.filter(cycle=cycle).values_list("id", flat=True):
        level = {d: rng.uniform(1.8, 4.6) for d in dimensions}
        for relationship in Invitation.objects.filter(assessment_id=assessment_id).values_list(
            "relationship", flat=True
        ):
            response = Response(assessment_id=assessment_id, relationship=relationship)
            responses.append(response)
            bias = 0.5 if relationship == Relationship.SELF else 0.0
            for item_id, dimension_id, reverse in items:
                if rng.random() < 0.05:
                    continue  # "Can't say": no row
                value = min(5, max(1, round(rng.gauss(level[dimension_id] + bias, 0.8))))
                answers.append(
                    Answer(
                        response=response, item_id=item_id, value=6 - value if reverse else value
                    )
                )
            comments += [
                Comment(
                    assessment_id=assessment_id,
                    relationship=relationship,
                    question_id=question_id,
                    text=rng.choice(COMMENTS),
                )
                for question_id in questions
                if relationship == Relationship.SELF or rng.random() < comment_rate
            ]
    Response.objects.bulk_create(responses, batch_size=BATCH)
    Answer.objects.bulk_create(answers, batch_size=BATCH)
    Comment.objects.bulk_create(comments, batch_size=BATCH)
    Invitation.objects.filter(assessment__cycle=cycle).update(completed=True)
    return len(responses)


def answered_cycle(managers: int, reps: int, *, tag: str) -> Cycle:
    """A launched cycle whose every invitation was answered, then closed."""
    manager_ids = people(managers, reps, tag=tag)
    cycle = open_cycle_without_emails(manager_ids, name=f"Reports {tag}")
    answer_everything(cycle)
    services.cycle_close(cycle_id=cycle.pk)
    cycle.refresh_from_db()
    return cycle
