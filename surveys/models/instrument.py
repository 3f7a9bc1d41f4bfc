"""The questionnaire as data: versioned instruments, their dimensions, items and
open questions. An instrument a launched cycle uses is never edited in place."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

INSTRUMENT_IN_USE = _(
    "This instrument is used by a launched cycle and cannot change: copy it as a new "
    "version and edit that."
)
LAUNCHED = ("open", "closed", "released")


class Instrument(models.Model):
    """A versioned questionnaire. Once a cycle has launched on it, it is frozen."""

    version = models.PositiveIntegerField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Bumped by every change to the instrument's content. Per-process caches of
    # its content (the survey form, the item list) are keyed by it, so a cache
    # can never serve a version of the texts that no longer exists.
    revision = models.PositiveIntegerField(default=1, editable=False)
    language = models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_(
            "The language of the texts written on the instrument itself; other "
            "languages are added as translations."
        ),
    )

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def is_in_use(self) -> bool:
        return self.cycles.filter(status__in=LAUNCHED).exists()

    @property
    def cache_key(self) -> tuple:
        """What makes cached content valid: this row (a re-created row may reuse
        the id, never the creation time), this version, this revision."""
        return (self.pk, self.version, self.revision, self.created_at)


def instrument_touch(instrument_id: int | None) -> None:
    if instrument_id:
        Instrument.objects.filter(pk=instrument_id).update(revision=F("revision") + 1)


def refuse_if_in_use(instrument_id: int | None) -> None:
    """Nothing is added to, or changed in, an instrument a launched cycle uses."""
    in_use = Instrument.objects.filter(pk=instrument_id, cycles__status__in=LAUNCHED)
    if instrument_id and in_use.exists():
        raise ValidationError(INSTRUMENT_IN_USE)


class InstrumentPart(models.Model):
    """Anything whose change alters what an instrument asks."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        instrument_touch(self.instrument_id_of())

    def delete(self, *args, **kwargs):
        instrument_id = self.instrument_id_of()
        result = super().delete(*args, **kwargs)
        instrument_touch(instrument_id)
        return result

    def instrument_id_of(self) -> int | None:
        raise NotImplementedError

    def clean(self) -> None:
        refuse_if_in_use(self.instrument_id_of())


class Dimension(InstrumentPart):
    """One lead-versus-manage contrast, read as an axis: 1 manages, 5 leads."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="dimensions")
    key = models.SlugField(
        max_length=40, help_text=_("Stable across versions: trends match dimensions by this key.")
    )
    name = models.CharField(max_length=100)
    lead_pole = models.CharField(max_length=200, help_text=_("What leading looks like (score 5)."))
    manage_pole = models.CharField(
        max_length=200, help_text=_("What managing looks like (score 1).")
    )
    development_tip = models.TextField(
        blank=True, help_text=_("Suggested development actions, shown when this dimension is weak.")
    )
    first_action = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("One concrete first step, shown on the report's first page."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["instrument", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key"], name="dimension_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def instrument_id_of(self) -> int | None:
        return self.instrument_id


class Item(InstrumentPart):
    """A behavioural statement, worded for each side that answers it.

    `text_observer` is for peers, the manager's own manager and others: the
    third person, with {name} standing for the manager rated."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    text_team = models.CharField(_("team wording"), max_length=300)
    text_observer = models.CharField(
        _("observer wording"),
        max_length=300,
        default="",
        help_text=_("For peers, the manager's own manager and others; {name} is the manager."),
    )
    text_self = models.CharField(_("self wording"), max_length=300)
    reverse_keyed = models.BooleanField(
        default=False, help_text=_("Describes the managing pole; scored 6 − answer.")
    )

    class Meta:
        ordering = ["dimension__position", "position", "id"]

    def __str__(self) -> str:
        return self.text_team

    def instrument_id_of(self) -> int | None:
        if not self.dimension_id:
            return None
        return (
            Dimension.objects.filter(pk=self.dimension_id)
            .values_list("instrument_id", flat=True)
            .first()
        )


class OpenQuestion(InstrumentPart):
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="open_questions"
    )
    key = models.SlugField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    text_team = models.CharField(_("team wording"), max_length=300)
    text_observer = models.CharField(
        _("observer wording"),
        max_length=300,
        default="",
        help_text=_("For peers, the manager's own manager and others; {name} is the manager."),
    )
    text_self = models.CharField(_("self wording"), max_length=300)

    class Meta:
        ordering = ["instrument", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key"], name="open_question_key_unique"),
        ]

    def __str__(self) -> str:
        return self.text_team

    def instrument_id_of(self) -> int | None:
        return self.instrument_id


# --- The same texts in other languages ----------------------------------------------
# The instrument's own fields are written in Instrument.language; each of these
# holds one other language. A cycle cannot launch while a language one of its
# people reads lacks any of them (surveys/translations.py says what is missing).


class DimensionText(InstrumentPart):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    name = models.CharField(max_length=100)
    lead_pole = models.CharField(max_length=200)
    manage_pole = models.CharField(max_length=200)
    development_tip = models.TextField(blank=True)
    first_action = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["dimension", "language"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "language"], name="dimension_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"

    def instrument_id_of(self) -> int | None:
        if not self.dimension_id:
            return None
        return (
            Dimension.objects.filter(pk=self.dimension_id)
            .values_list("instrument_id", flat=True)
            .first()
        )


class ItemText(InstrumentPart):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    text_team = models.CharField(_("team wording"), max_length=300)
    text_observer = models.CharField(_("observer wording"), max_length=300, blank=True)
    text_self = models.CharField(_("self wording"), max_length=300)

    class Meta:
        ordering = ["item", "language"]
        constraints = [
            models.UniqueConstraint(fields=["item", "language"], name="item_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.text_team} ({self.language})"

    def instrument_id_of(self) -> int | None:
        if not self.item_id:
            return None
        return (
            Item.objects.filter(pk=self.item_id)
            .values_list("dimension__instrument_id", flat=True)
            .first()
        )


class OpenQuestionText(InstrumentPart):
    question = models.ForeignKey(OpenQuestion, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    text_team = models.CharField(_("team wording"), max_length=300)
    text_observer = models.CharField(_("observer wording"), max_length=300, blank=True)
    text_self = models.CharField(_("self wording"), max_length=300)

    class Meta:
        ordering = ["question", "language"]
        constraints = [
            models.UniqueConstraint(fields=["question", "language"], name="question_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.text_team} ({self.language})"

    def instrument_id_of(self) -> int | None:
        if not self.question_id:
            return None
        return (
            OpenQuestion.objects.filter(pk=self.question_id)
            .values_list("instrument_id", flat=True)
            .first()
        )
