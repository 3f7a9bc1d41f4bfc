"""The anonymity of answers is a property of the schema, so test the schema."""

from __future__ import annotations

import uuid

import pytest
from django.contrib import admin
from django.db import models

from surveys.models import Answer, Comment, Invitation, Person, Response

ANONYMOUS = (Response, Answer, Comment)


@pytest.mark.parametrize("model", ANONYMOUS)
def test_no_link_to_an_invitation_or_a_person(model):
    for field in model._meta.get_fields():
        if field.is_relation and field.related_model is not None:
            assert field.related_model not in (Invitation, Person), f"{model.__name__}.{field.name}"
            assert "user" not in field.related_model._meta.model_name


@pytest.mark.parametrize("model", ANONYMOUS)
def test_no_date_or_time_field(model):
    for field in model._meta.concrete_fields:
        assert not isinstance(field, models.DateField | models.TimeField | models.DurationField), (
            f"{model.__name__}.{field.name}"
        )
        assert not getattr(field, "auto_now", False) and not getattr(field, "auto_now_add", False)


@pytest.mark.parametrize("model", [Response, Comment])
def test_primary_keys_are_random_uuids(model):
    pk = model._meta.pk
    assert isinstance(pk, models.UUIDField)
    assert pk.default is uuid.uuid4


def test_answers_have_no_id_of_their_own():
    """An answer is identified by (response, item): no sequence to read order from."""
    assert isinstance(Answer._meta.pk, models.CompositePrimaryKey)
    assert [f.name for f in Answer._meta.pk_fields] == ["response", "item"]


def test_completion_on_the_invitation_is_a_flag_not_a_time():
    field = Invitation._meta.get_field("completed")
    assert isinstance(field, models.BooleanField)
    assert not any(f.name in ("completed_at", "answered_at") for f in Invitation._meta.fields)


@pytest.mark.parametrize("model", ANONYMOUS)
def test_the_admin_does_not_list_individual_answers(model):
    assert not admin.site.is_registered(model)
