"""The instrument in other languages: which texts a reader of a language gets,
and what a language still lacks before a cycle may ask people who read it.

An instrument's own fields are written in Instrument.language; DimensionText,
ItemText and OpenQuestionText add one language each. A rater or manager reads
the language of their Person (or the organisation's, LANGUAGE_CODE).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import get_supported_language_variant

from .models import (
    Dimension,
    DimensionText,
    Instrument,
    Item,
    ItemText,
    OpenQuestion,
    OpenQuestionText,
)

MISSING_LIMIT = 12


def supported(language: str | None) -> str:
    """A language code the installation ships: "de-at" -> "de", unknown -> the default."""
    try:
        return get_supported_language_variant(language or settings.LANGUAGE_CODE)
    except LookupError:
        return get_supported_language_variant(settings.LANGUAGE_CODE)


def missing_translations(instrument: Instrument, languages: Iterable[str]) -> dict[str, list[str]]:
    """For each language other than the instrument's own: the texts it lacks,
    named so that HR can find them ("Dimension “Vision”: name"). Empty when
    everything is there."""
    wanted = sorted({supported(code) for code in languages} - {instrument.language})
    if not wanted:
        return {}
    dimensions = list(Dimension.objects.filter(instrument=instrument))
    items = list(Item.objects.filter(dimension__instrument=instrument).select_related("dimension"))
    questions = list(OpenQuestion.objects.filter(instrument=instrument))
    dim_texts = {
        (t.dimension_id, t.language): t
        for t in DimensionText.objects.filter(dimension__instrument=instrument, language__in=wanted)
    }
    item_texts = {
        (t.item_id, t.language): t
        for t in ItemText.objects.filter(
            item__dimension__instrument=instrument, language__in=wanted
        )
    }
    question_texts = {
        (t.question_id, t.language): t
        for t in OpenQuestionText.objects.filter(
            question__instrument=instrument, language__in=wanted
        )
    }
    missing: dict[str, list[str]] = {}
    for language in wanted:
        gaps: list[str] = []
        for d in dimensions:
            t = dim_texts.get((d.id, language))
            fields = ["name", "lead_pole", "manage_pole"]
            fields += [f for f in ("development_tip", "first_action") if getattr(d, f)]
            empty = [f for f in fields if t is None or not getattr(t, f).strip()]
            if empty:
                gaps.append(
                    f"Dimension “{d.name}”: {', '.join(f.replace('_', ' ') for f in empty)}"
                )
        for number, item in enumerate(items, start=1):
            t = item_texts.get((item.id, language))
            fields = ["text_team", "text_self"] + (["text_observer"] if item.text_observer else [])
            empty = [f for f in fields if t is None or not getattr(t, f).strip()]
            if empty:
                names = ", ".join(f.removeprefix("text_") + " wording" for f in empty)
                gaps.append(f"Statement {number} ({item.dimension.name}): {names}")
        for q in questions:
            t = question_texts.get((q.id, language))
            fields = ["text_team", "text_self"] + (["text_observer"] if q.text_observer else [])
            if any(t is None or not getattr(t, f).strip() for f in fields):
                gaps.append(f"Open question “{q.key}”")
        if gaps:
            missing[language] = gaps
    return missing


def describe_missing(missing: dict[str, list[str]]) -> str:
    names = dict(settings.LANGUAGES)
    parts = []
    for language, gaps in missing.items():
        shown = "; ".join(gaps[:MISSING_LIMIT])
        more = f"; and {len(gaps) - MISSING_LIMIT} more" if len(gaps) > MISSING_LIMIT else ""
        parts.append(f"{names.get(language, language)}: {shown}{more}")
    return " — ".join(parts)


def install_translations(models: dict, version: int, translations: dict) -> None:
    """Add the texts of `translations` ({language: {"dimensions", "items",
    "open_questions"}}) to an installed instrument, matching dimensions by key
    and items by position. Takes model classes, so a data migration can pass its
    historical ones; existing translations are left as they are."""
    instrument = models["Instrument"].objects.filter(version=version).first()
    if instrument is None:
        return
    Dim, DimText = models["Dimension"], models["DimensionText"]
    ItemModel, ItemTextModel = models["Item"], models["ItemText"]
    Question, QuestionText = models["OpenQuestion"], models["OpenQuestionText"]
    for language, data in translations.items():
        for key, texts in data["dimensions"].items():
            dimension = Dim.objects.filter(instrument=instrument, key=key).first()
            if dimension is None:
                continue
            DimText.objects.get_or_create(dimension=dimension, language=language, defaults=texts)
            items = ItemModel.objects.filter(dimension=dimension).order_by("position", "id")
            for item, (team, observer, own) in zip(items, data["items"].get(key, []), strict=False):
                ItemTextModel.objects.get_or_create(
                    item=item,
                    language=language,
                    defaults={"text_team": team, "text_observer": observer, "text_self": own},
                )
        for key, (team, observer, own) in data["open_questions"].items():
            question = Question.objects.filter(instrument=instrument, key=key).first()
            if question is not None:
                QuestionText.objects.get_or_create(
                    question=question,
                    language=language,
                    defaults={"text_team": team, "text_observer": observer, "text_self": own},
                )
