"""Instrument version 1, as the data migration installs it; the wording each
rater group reads; and copying an instrument as a new version."""

from __future__ import annotations

import pytest

from surveys.groups import Relationship
from surveys.instruments import instrument_copy
from surveys.models import Dimension, Instrument, Item, OpenQuestion
from surveys.selectors import instrument_content
from surveys.wording import item_text, question_text

pytestmark = pytest.mark.django_db

DESIGN_KEYS = {
    "dialogue", "development", "innovation", "vision", "initiative",
    "individuals", "values", "outcomes", "commitment", "empowerment",
}  # fmt: skip


def test_the_migration_installs_ten_dimensions():
    instrument = Instrument.objects.get(version=1)
    assert set(instrument.dimensions.values_list("key", flat=True)) == DESIGN_KEYS


def test_every_dimension_has_a_reverse_keyed_item():
    for dimension in Dimension.objects.filter(instrument__version=1):
        assert dimension.items.filter(reverse_keyed=True).exists(), dimension.key
        assert dimension.items.filter(reverse_keyed=False).exists(), dimension.key


def test_every_item_has_a_team_an_observer_and_a_self_wording():
    items = Item.objects.filter(dimension__instrument__version=1)
    assert 28 <= items.count() <= 34
    for item in items:
        assert "my manager" in item.text_team.lower(), item.text_team
        assert "{name}" in item.text_observer, item.text_observer
        assert "my manager" not in item.text_observer.lower(), item.text_observer
        assert item.text_self and item.text_self != item.text_team
        assert "my manager" not in item.text_self.lower()


def test_two_open_questions_keep_and_start_with_every_wording():
    questions = OpenQuestion.objects.filter(instrument__version=1)
    assert list(questions.values_list("key", flat=True)) == ["keep", "start"]
    for question in questions:
        assert question.text_team and question.text_self and "{name}" in question.text_observer


def test_every_dimension_has_development_suggestions_and_a_first_action():
    for dimension in Dimension.objects.filter(instrument__version=1):
        assert len(dimension.development_tip) > 80, dimension.key
        assert dimension.first_action, dimension.key


@pytest.mark.parametrize(
    ("relationship", "expected"),
    [
        (Relationship.TEAM, "My manager"),
        (Relationship.PEER, "Ann Able"),
        (Relationship.BOSS, "Ann Able"),
        (Relationship.OTHER, "Ann Able"),
        (Relationship.SELF, "I "),
    ],
)
def test_each_group_reads_the_statement_from_its_side(relationship, expected):
    content = instrument_content(Instrument.objects.get(version=1))
    item = content.items[0]
    question = next(q for q in content.questions if q.key == "keep")
    text = item_text(content, item.id, relationship, name="Ann Able")
    assert expected in text and "{name}" not in text
    assert "{name}" not in question_text(content, question.id, relationship, name="Ann Able")


def test_a_name_with_braces_is_put_in_as_it_is():
    content = instrument_content(Instrument.objects.get(version=1))
    text = item_text(content, content.items[0].id, Relationship.PEER, name="Ann {x} Able")
    assert "Ann {x} Able" in text


@pytest.mark.parametrize("language", ["de", "fr", "es", "sv"])
def test_raters_read_the_statements_in_their_language(language):
    instrument = Instrument.objects.get(version=1)
    english = instrument_content(instrument)
    theirs = instrument_content(instrument, language)
    for item in english.items:
        for relationship in (Relationship.TEAM, Relationship.PEER, Relationship.SELF):
            translated = item_text(theirs, item.id, relationship, name="Ann Able")
            assert translated and translated != item_text(
                english, item.id, relationship, name="Ann Able"
            ), (language, item.id, relationship)


def test_a_copy_is_a_new_editable_version_with_the_same_content(instrument):
    copy = instrument_copy(instrument=instrument)
    assert copy.version == 2 and not copy.is_in_use()

    def content(version):
        items = Item.objects.filter(dimension__instrument__version=version)
        return (
            sorted(
                Dimension.objects.filter(instrument__version=version).values_list("key", "name")
            ),
            sorted(
                items.values_list(
                    "dimension__key", "text_team", "text_observer", "text_self", "reverse_keyed"
                )
            ),
            sorted(
                OpenQuestion.objects.filter(instrument__version=version).values_list(
                    "key", "text_observer"
                )
            ),
        )

    assert content(2) == content(1)
    assert instrument_copy(instrument=instrument).version == 3
