"""Instrument version 1, as the data migration installs it."""

from __future__ import annotations

import pytest

from surveys.models import Dimension, Instrument, Item, OpenQuestion

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


def test_every_item_has_a_team_and_a_self_wording():
    items = Item.objects.filter(dimension__instrument__version=1)
    assert 28 <= items.count() <= 34
    for item in items:
        assert "my manager" in item.text_team.lower(), item.text_team
        assert item.text_self and item.text_self != item.text_team
        assert "my manager" not in item.text_self.lower()


def test_two_open_questions_keep_and_start():
    questions = OpenQuestion.objects.filter(instrument__version=1)
    assert list(questions.values_list("key", flat=True)) == ["keep", "start"]


def test_every_dimension_has_development_suggestions():
    for dimension in Dimension.objects.filter(instrument__version=1):
        assert len(dimension.development_tip) > 80, dimension.key
