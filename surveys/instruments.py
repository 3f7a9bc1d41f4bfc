"""Revising a questionnaire that cycles have used: a copy as a new version."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from .models import Instrument, Item, OpenQuestion


def instrument_copy(*, instrument: Instrument) -> Instrument:
    """A new, editable version with the same dimensions, items and questions:
    how HR revises a questionnaire that cycles have already used."""
    with transaction.atomic():
        # Lock the newest version's row, so two copies at once queue up instead
        # of both choosing the same number (an aggregate cannot be locked).
        list(Instrument.objects.select_for_update().order_by("-version")[:1])
        latest = Instrument.objects.aggregate(v=Max("version"))["v"] or 0
        copy = Instrument.objects.create(
            version=latest + 1, name=instrument.name, description=instrument.description
        )
        for dimension in instrument.dimensions.prefetch_related("items"):
            items = list(dimension.items.all())
            dimension.pk, dimension.instrument = None, copy
            dimension.save()
            Item.objects.bulk_create(
                Item(
                    dimension=dimension,
                    position=i.position,
                    text_team=i.text_team,
                    text_observer=i.text_observer,
                    text_self=i.text_self,
                    reverse_keyed=i.reverse_keyed,
                )
                for i in items
            )
        OpenQuestion.objects.bulk_create(
            OpenQuestion(
                instrument=copy,
                key=q.key,
                position=q.position,
                text_team=q.text_team,
                text_observer=q.text_observer,
                text_self=q.text_self,
            )
            for q in instrument.open_questions.all()
        )
    return copy
