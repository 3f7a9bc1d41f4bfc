"""Revising a questionnaire that cycles have used: a copy as a new version."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from .models import DimensionText, Instrument, Item, ItemText, OpenQuestion, OpenQuestionText


def instrument_copy(*, instrument: Instrument) -> Instrument:
    """A new, editable version with the same dimensions, items and questions:
    how HR revises a questionnaire that cycles have already used."""
    with transaction.atomic():
        # Lock the newest version's row, so two copies at once queue up instead
        # of both choosing the same number (an aggregate cannot be locked).
        list(Instrument.objects.select_for_update().order_by("-version")[:1])
        latest = Instrument.objects.aggregate(v=Max("version"))["v"] or 0
        copy = Instrument.objects.create(
            version=latest + 1,
            name=instrument.name,
            description=instrument.description,
            language=instrument.language,
        )
        for dimension in instrument.dimensions.prefetch_related("items__texts", "texts"):
            items = list(dimension.items.all())
            texts = list(dimension.texts.all())
            dimension.pk, dimension.instrument = None, copy
            dimension.save()
            DimensionText.objects.bulk_create(
                DimensionText(
                    dimension=dimension, language=t.language, name=t.name,
                    lead_pole=t.lead_pole, manage_pole=t.manage_pole,
                    development_tip=t.development_tip, first_action=t.first_action,
                )
                for t in texts
            )  # fmt: skip
            for i in items:
                item = Item.objects.create(
                    dimension=dimension, position=i.position, text_team=i.text_team,
                    text_observer=i.text_observer, text_self=i.text_self,
                    reverse_keyed=i.reverse_keyed,
                )  # fmt: skip
                ItemText.objects.bulk_create(
                    ItemText(item=item, language=t.language, text_team=t.text_team,
                             text_observer=t.text_observer, text_self=t.text_self)
                    for t in i.texts.all()
                )  # fmt: skip
        for q in instrument.open_questions.prefetch_related("texts"):
            question = OpenQuestion.objects.create(
                instrument=copy, key=q.key, position=q.position, text_team=q.text_team,
                text_observer=q.text_observer, text_self=q.text_self,
            )  # fmt: skip
            OpenQuestionText.objects.bulk_create(
                OpenQuestionText(question=question, language=t.language, text_team=t.text_team,
                                 text_observer=t.text_observer, text_self=t.text_self)
                for t in q.texts.all()
            )  # fmt: skip
    return copy
