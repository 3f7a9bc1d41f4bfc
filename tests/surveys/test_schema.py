"""The anonymity of answers is a property of the schema, so test the schema:
nothing that holds what was answered can be tied to who answered."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection, models

from surveys.models import CommentSet, DimensionTally, Invitation, ItemTally, Person

ANSWERS = (ItemTally, DimensionTally, CommentSet)


@pytest.mark.parametrize("model", ANSWERS)
def test_no_link_to_an_invitation_or_a_person(model):
    for field in model._meta.get_fields():
        if field.is_relation and field.related_model is not None:
            assert field.related_model not in (Invitation, Person), f"{model.__name__}.{field.name}"
            assert "user" not in field.related_model._meta.model_name


@pytest.mark.parametrize("model", ANSWERS)
def test_no_date_or_time_field(model):
    for field in model._meta.concrete_fields:
        assert not isinstance(field, models.DateField | models.TimeField | models.DurationField), (
            f"{model.__name__}.{field.name}"
        )
        assert not getattr(field, "auto_now", False) and not getattr(field, "auto_now_add", False)


@pytest.mark.parametrize("model", ANSWERS)
def test_no_sequential_id_to_read_an_order_from(model):
    """Identified by what they count (manager, group, item or score): a composite key."""
    assert isinstance(model._meta.pk, models.CompositePrimaryKey)
    assert not any(isinstance(f, models.AutoField) for f in model._meta.concrete_fields)


@pytest.mark.django_db
def test_no_table_holds_one_row_per_rater_with_ratings_in_it():
    """Any table with a 1–5 rating column must be keyed by something other than a
    person or an invitation: every table of ours is checked, not only the tallies."""
    rated = []
    for model in apps.get_app_config("surveys").get_models():
        columns = {f.name for f in model._meta.concrete_fields}
        if {"value", "answer", "score", "rating"} & columns:
            rated.append(model.__name__)
    assert rated == []
    tables = set(connection.introspection.table_names())
    assert "surveys_response" not in tables and "surveys_answer" not in tables
    assert "surveys_comment" not in tables


def test_completion_on_the_invitation_is_a_flag_not_a_time():
    field = Invitation._meta.get_field("completed")
    assert isinstance(field, models.BooleanField)
    assert not any(f.name in ("completed_at", "answered_at") for f in Invitation._meta.fields)


@pytest.mark.parametrize("model", ANSWERS)
def test_the_admin_lists_no_answers(model):
    assert not admin.site.is_registered(model)
