"""The migration that turned stored answer sheets into tallies: the counts it
writes are exactly those the sheets held, and the sheets are gone after it."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("surveys", "0003_tallies_and_groups"), ("reports", "0001_initial")]
AFTER = [
    ("surveys", "0006_instrument_v1_translations"),
    ("reports", "0002_queue_marks_and_group_results"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_schema():
    """The schema before tallies; put back to the newest whatever the test does,
    so that the tests after this one find the tables they expect."""
    try:
        yield migrate(BEFORE)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        migrate(executor.loader.graph.leaf_nodes())


def old_instrument(old):
    """An instrument of its own: the seeded one is gone if an earlier test flushed."""
    Instrument = old.get_model("surveys", "Instrument")
    Dimension = old.get_model("surveys", "Dimension")
    Item = old.get_model("surveys", "Item")
    OpenQuestion = old.get_model("surveys", "OpenQuestion")
    instrument = Instrument.objects.create(version=901, name="Before tallies")
    dialogue = Dimension.objects.create(
        instrument=instrument, key="dialogue", name="Dialogue", position=1,
        lead_pole="asks", manage_pole="tells",
    )  # fmt: skip
    pace = Dimension.objects.create(
        instrument=instrument, key="pace", name="Pace", position=2,
        lead_pole="coaches", manage_pole="chases",
    )  # fmt: skip
    items = [
        Item.objects.create(dimension=dialogue, position=1, text_team="a", text_self="a"),
        Item.objects.create(dimension=dialogue, position=2, text_team="b", text_self="b"),
        Item.objects.create(
            dimension=dialogue, position=3, text_team="c", text_self="c", reverse_keyed=True
        ),
        Item.objects.create(dimension=pace, position=1, text_team="d", text_self="d"),
    ]
    OpenQuestion.objects.create(
        instrument=instrument, key="keep", position=1, text_team="Keep?", text_self="Keep?"
    )
    return instrument, items


def test_answer_sheets_become_exact_tallies_and_are_dropped(old_schema):
    old = old_schema
    instrument, items = old_instrument(old)
    Person = old.get_model("surveys", "Person")
    Cycle = old.get_model("surveys", "Cycle")
    Assessment = old.get_model("surveys", "Assessment")
    Response = old.get_model("surveys", "Response")
    Answer = old.get_model("surveys", "Answer")
    Comment = old.get_model("surveys", "Comment")
    OpenQuestion = old.get_model("surveys", "OpenQuestion")
    from django.utils import timezone

    manager = Person.objects.create(name="Ann", email="ann@example.com")
    cycle = Cycle.objects.create(
        name="Old", instrument=instrument, opens_at=timezone.now(),
        closes_at=timezone.now() + timezone.timedelta(days=1), status="closed",
    )  # fmt: skip
    assessment = Assessment.objects.create(cycle=cycle, manager=manager)
    sheets = [
        {items[0].id: 5, items[1].id: 4, items[2].id: 2},  # dialogue: 5 + 4 + (6-2) = 13 over 3
        {items[0].id: 3, items[2].id: 5},  # 3 + 1 = 4 over 2; item 2 "can't say"
        {items[0].id: 4},  # 4 over 1
    ]
    for sheet in sheets:
        response = Response.objects.create(assessment=assessment, relationship="team")
        Answer.objects.bulk_create(
            Answer(response=response, item_id=item_id, value=value)
            for item_id, value in sheet.items()
        )
    question = OpenQuestion.objects.filter(instrument=instrument).first()
    for text in ("one", "two"):
        Comment.objects.create(
            assessment=assessment, relationship="team", question=question, text=text
        )

    new = migrate(AFTER)
    ItemTally = new.get_model("surveys", "ItemTally")
    DimensionTally = new.get_model("surveys", "DimensionTally")
    CommentSet = new.get_model("surveys", "CommentSet")
    first = ItemTally.objects.get(assessment_id=assessment.pk, item_id=items[0].id)
    assert (first.n3, first.n4, first.n5, first.cant_say) == (1, 1, 1, 0)
    second = ItemTally.objects.get(assessment_id=assessment.pk, item_id=items[1].id)
    assert (second.n4, second.cant_say) == (1, 2)
    # Every item of the instrument counted, for each of the three sheets.
    for row in ItemTally.objects.filter(assessment_id=assessment.pk):
        assert row.n1 + row.n2 + row.n3 + row.n4 + row.n5 + row.cant_say == 3
    dialogue = {
        (t.points, t.answered): t.respondents
        for t in DimensionTally.objects.filter(
            assessment_id=assessment.pk, dimension_id=items[0].dimension_id, respondents__gt=0
        )
    }
    assert dialogue == {(13, 3): 1, (4, 2): 1, (4, 1): 1}
    # The rows a later submission updates exist already, at zero.
    assert DimensionTally.objects.filter(assessment_id=assessment.pk, respondents=0).exists()
    texts = json.loads(
        CommentSet.objects.get(assessment_id=assessment.pk, question_id=question.pk).texts
    )
    assert sorted(texts) == ["one", "two"]
    tables = connection.introspection.table_names()
    assert "surveys_response" not in tables and "surveys_answer" not in tables
    assert "surveys_comment" not in tables
