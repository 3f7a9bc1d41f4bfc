"""The survey data model (DESIGN §3).

Who was asked lives on Invitation; what was answered lives on Response,
Answer and Comment. Nothing ties the two sides together: no foreign key, no
timestamp, no sequential id. Submitting flips Invitation.completed and creates
the Response in one transaction, and that is the only meeting point; the
traces that transaction leaves in the database (row order, transaction ids)
are mixed away right after it (mixing.py).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

MIN_K = 3
INSTRUMENT_IN_USE = (
    "This instrument is used by a launched cycle and cannot change: copy it as a new "
    "version and edit that."
)


class Relationship(models.TextChoices):
    SELF = "self", "Self"
    TEAM = "team", "Team"


class Instrument(models.Model):
    """A versioned questionnaire. Once a cycle has launched on it, it is frozen."""

    version = models.PositiveIntegerField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def is_in_use(self) -> bool:
        return self.cycles.exclude(status=Cycle.Status.DRAFT).exists()


class Dimension(models.Model):
    """One lead-versus-manage contrast, read as an axis: 1 manages, 5 leads."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="dimensions")
    key = models.SlugField(max_length=40)
    name = models.CharField(max_length=100)
    lead_pole = models.CharField(max_length=200, help_text="What leading looks like (score 5).")
    manage_pole = models.CharField(max_length=200, help_text="What managing looks like (score 1).")
    development_tip = models.TextField(
        blank=True, help_text="Suggested development actions, shown when this dimension is weak."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["instrument", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key"], name="dimension_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        refuse_if_in_use(self.instrument_id)


def refuse_if_in_use(instrument_id: int | None) -> None:
    """Nothing is added to, or changed in, an instrument a launched cycle uses."""
    if instrument_id and (
        Cycle.objects.filter(instrument_id=instrument_id)
        .exclude(status=Cycle.Status.DRAFT)
        .exists()
    ):
        raise ValidationError(INSTRUMENT_IN_USE)


class Item(models.Model):
    """A behavioural statement, worded for the team and for the manager themself."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    text_team = models.CharField("team wording", max_length=300)
    text_self = models.CharField("self wording", max_length=300)
    reverse_keyed = models.BooleanField(
        default=False, help_text="Describes the managing pole; scored 6 − answer."
    )

    class Meta:
        ordering = ["dimension__position", "position", "id"]

    def __str__(self) -> str:
        return self.text_team

    def text_for(self, relationship: str) -> str:
        return self.text_self if relationship == Relationship.SELF else self.text_team

    def clean(self) -> None:
        if self.dimension_id:
            refuse_if_in_use(self.dimension.instrument_id)


class OpenQuestion(models.Model):
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="open_questions"
    )
    key = models.SlugField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    text_team = models.CharField("team wording", max_length=300)
    text_self = models.CharField("self wording", max_length=300)

    class Meta:
        ordering = ["instrument", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key"], name="open_question_key_unique"),
        ]

    def __str__(self) -> str:
        return self.text_team

    def text_for(self, relationship: str) -> str:
        return self.text_self if relationship == Relationship.SELF else self.text_team

    def clean(self) -> None:
        refuse_if_in_use(self.instrument_id)


class Person(models.Model):
    """Somebody who rates or is rated. `manager` is the current reporting line."""

    name = models.CharField(max_length=200)
    email = models.EmailField(unique=True)
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(condition=~Q(manager=F("id")), name="person_not_own_manager"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


def parse_reminder_days(value: str) -> list[int]:
    """'7, 3, 1' -> [7, 3, 1]: days before close, largest first."""
    days: set[int] = set()
    for part in value.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= 90:
            raise ValidationError(
                f"“{part}” is not a number of days between 1 and 90.", code="invalid"
            )
        days.add(int(part))
    return sorted(days, reverse=True)


def validate_reminder_days(value: str) -> None:
    parse_reminder_days(value)


class Cycle(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        RELEASED = "released", "Reports released"

    name = models.CharField(max_length=200)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="cycles")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    reminder_days = models.CharField(
        max_length=50,
        default="7, 3, 1",
        validators=[validate_reminder_days],
        help_text="Send reminders this many days before closing, e.g. “7, 3, 1”. Empty for none.",
        blank=True,
    )
    max_reminders = models.PositiveSmallIntegerField(
        default=3,
        validators=[MaxValueValidator(10)],
        help_text="Most reminders one person receives in this cycle.",
    )
    k = models.PositiveSmallIntegerField(
        "anonymity threshold (k)",
        default=MIN_K,
        validators=[MinValueValidator(MIN_K)],
        help_text="Team results are shown only when at least k team members answered.",
    )
    comment_k = models.PositiveSmallIntegerField(
        "comment threshold",
        null=True,
        blank=True,
        help_text="Comments are shown only from this many team responses. Default: k + 1.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    launched_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    released_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(k__gte=MIN_K), name="cycle_k_at_least_3"),
            models.CheckConstraint(
                condition=Q(comment_k__isnull=True) | Q(comment_k__gte=F("k")),
                name="cycle_comment_k_at_least_k",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="cycle_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = "The cycle must close after it opens."
        if self.k is not None and self.k < MIN_K:
            errors["k"] = f"The anonymity threshold cannot be lower than {MIN_K}."
        if self.comment_k is not None and self.k is not None and self.comment_k < self.k:
            errors["comment_k"] = "The comment threshold cannot be lower than k."
        if errors:
            raise ValidationError(errors)

    @property
    def effective_comment_k(self) -> int:
        return self.comment_k if self.comment_k is not None else self.k + 1

    @property
    def reminder_schedule(self) -> list[int]:
        return parse_reminder_days(self.reminder_days or "")

    def is_accepting_responses(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.OPEN and self.opens_at <= now < self.closes_at


class Assessment(models.Model):
    """One manager in one cycle: the unit a report is written about."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="assessments")
    manager = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assessments")
    # Set by a submission, cleared once its rows were re-written together with
    # the assessment's other responses (see mixing.py).
    needs_mixing = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["cycle", "manager__name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "manager"], name="assessment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.manager.name} — {self.cycle.name}"


class Invitation(models.Model):
    """Who was asked, whether the e-mail went out, and whether they answered."""

    class SendStatus(models.TextChoices):
        PENDING = "pending", "Not sent yet"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="invitations")
    rater = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="invitations")
    relationship = models.CharField(max_length=4, choices=Relationship.choices)
    send_status = models.CharField(
        max_length=7, choices=SendStatus.choices, default=SendStatus.PENDING
    )
    send_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    last_reminder_slot = models.PositiveSmallIntegerField(null=True, blank=True)
    # A flag, not a time: when someone answered would let a reader line
    # their answers up with the order responses arrived in.
    completed = models.BooleanField(default=False)

    class Meta:
        ordering = ["assessment", "relationship", "rater__name"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "rater"], name="invitation_unique"),
        ]
        indexes = [models.Index(fields=["send_status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.rater.name} → {self.assessment.manager.name}"


class Response(models.Model):
    """An anonymous answer sheet. Deliberately no link to Invitation or Person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="responses")
    relationship = models.CharField(max_length=4, choices=Relationship.choices)

    class Meta:
        # Random ids: ordering by them reveals nothing about arrival order.
        ordering = ["id"]

    def __str__(self) -> str:
        return "Response"  # nothing that could identify it


class Answer(models.Model):
    """A rating 1–5. "Can't say" is stored as no Answer row at all."""

    pk = models.CompositePrimaryKey("response_id", "item_id")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=1) & Q(value__lte=5), name="answer_value_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return "Answer"


class Comment(models.Model):
    """Free text, attached to the assessment rather than the response, so that a
    comment whose style gives its author away does not also give away their ratings."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="comments")
    relationship = models.CharField(max_length=4, choices=Relationship.choices)
    question = models.ForeignKey(OpenQuestion, on_delete=models.PROTECT, related_name="comments")
    text = models.TextField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return "Comment"
