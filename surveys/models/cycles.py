"""Cycles, who is rated in them (assessments), who is asked (nominations,
then invitations) and whether they answered."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..groups import MIN_K, Relationship
from .instrument import Instrument
from .people import Person


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
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        RELEASED = "released", _("Reports released")

    name = models.CharField(max_length=200)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="cycles")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    reminder_days = models.CharField(
        max_length=50,
        default="7, 3, 1",
        validators=[validate_reminder_days],
        help_text=_(
            "Send reminders this many days before closing, e.g. “7, 3, 1”. Empty for none."
        ),
        blank=True,
    )
    max_reminders = models.PositiveSmallIntegerField(
        default=3,
        validators=[MaxValueValidator(10)],
        help_text=_("Most reminders one person receives in this cycle."),
    )
    # Which rater groups are asked. Self and direct reports always are.
    ask_boss = models.BooleanField(
        _("ask each manager's own manager"),
        default=False,
        help_text=_("Their answers are shown to the manager under that role, not anonymously."),
    )
    ask_peers = models.BooleanField(_("ask peers"), default=False)
    ask_others = models.BooleanField(
        _("ask others"), default=False, help_text=_("E.g. a sales engineer or a partner manager.")
    )
    k = models.PositiveSmallIntegerField(
        _("anonymity threshold (k)"),
        default=MIN_K,
        validators=[MinValueValidator(MIN_K)],
        help_text=_("Direct reports' results are shown only when at least k of them answered."),
    )
    peer_k = models.PositiveSmallIntegerField(
        _("peer threshold"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_K)],
        help_text=_("Peers' results need this many peer answers. Default: k."),
    )
    other_k = models.PositiveSmallIntegerField(
        _("others threshold"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_K)],
        help_text=_("Others' results need this many answers. Default: k."),
    )
    comment_k = models.PositiveSmallIntegerField(
        _("comment threshold"),
        null=True,
        blank=True,
        help_text=_(
            "A group's comments are shown only from this many answers in that group. "
            "Default: the group's threshold + 1."
        ),
    )
    nominations_open = models.BooleanField(
        _("managers nominate peers"),
        default=False,
        help_text=_(
            "While the cycle is a draft, managers propose their peers from their "
            "portal; you approve or change the list before launching."
        ),
    )
    norms_enabled = models.BooleanField(
        _("show norms"),
        default=True,
        help_text=_(
            "Show each manager where their team's scores sit among the organisation's "
            "managers (quartiles, from 10 managers with a team view)."
        ),
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
                condition=Q(peer_k__isnull=True) | Q(peer_k__gte=MIN_K),
                name="cycle_peer_k_at_least_3",
            ),
            models.CheckConstraint(
                condition=Q(other_k__isnull=True) | Q(other_k__gte=MIN_K),
                name="cycle_other_k_at_least_3",
            ),
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
        for name in ("k", "peer_k", "other_k"):
            value = getattr(self, name)
            if value is not None and value < MIN_K:
                errors[name] = f"An anonymity threshold cannot be lower than {MIN_K}."
        if self.comment_k is not None and self.k is not None and self.comment_k < self.k:
            errors["comment_k"] = "The comment threshold cannot be lower than k."
        if errors:
            raise ValidationError(errors)

    # --- Rules that depend only on the cycle's own fields -----------------------

    @property
    def groups(self) -> list[str]:
        """The rater groups this cycle asks, self included."""
        asked = [Relationship.SELF, Relationship.TEAM]
        if self.ask_boss:
            asked.append(Relationship.BOSS)
        if self.ask_peers:
            asked.append(Relationship.PEER)
        if self.ask_others:
            asked.append(Relationship.OTHER)
        return asked

    def threshold(self, relationship: str) -> int:
        """Answers a group needs before anything it said is shown."""
        if relationship in (Relationship.SELF, Relationship.BOSS):
            return 1
        if relationship == Relationship.PEER:
            return self.peer_k or self.k
        if relationship == Relationship.OTHER:
            return self.other_k or self.k
        return self.k

    def comment_threshold(self, relationship: str) -> int:
        """Free text identifies people more easily than scores: one more answer."""
        if relationship in (Relationship.SELF, Relationship.BOSS):
            return 1
        if self.comment_k is not None:
            return max(self.comment_k, self.threshold(relationship))
        return self.threshold(relationship) + 1

    @property
    def effective_comment_k(self) -> int:
        return self.comment_threshold(Relationship.TEAM)

    @property
    def reminder_schedule(self) -> list[int]:
        return parse_reminder_days(self.reminder_days or "")

    @property
    def ended_at(self) -> datetime:
        """When answering really stopped: the close date, or earlier if HR closed it early."""
        if self.closed_at and self.closed_at < self.closes_at:
            return self.closed_at
        return self.closes_at

    def is_accepting_responses(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.OPEN and self.opens_at <= now < self.closes_at


class Assessment(models.Model):
    """One manager in one cycle: the unit a report is written about."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="assessments")
    manager = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assessments")

    class Meta:
        ordering = ["cycle", "manager__name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "manager"], name="assessment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.manager.name} — {self.cycle.name}"


class Nomination(models.Model):
    """Someone proposed to rate a manager, before launch: by the manager (peers),
    by HR, or from a CSV. Launch turns approved nominations into invitations."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for HR")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    class Source(models.TextChoices):
        MANAGER = "manager", _("Proposed by the manager")
        HR = "hr", _("Added by HR")
        IMPORT = "import", _("Imported")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="nominations")
    rater = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="nominations")
    relationship = models.CharField(
        max_length=5, choices=[c for c in Relationship.choices if c[0] != Relationship.SELF]
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.APPROVED)
    source = models.CharField(max_length=7, choices=Source.choices, default=Source.HR)

    class Meta:
        ordering = ["assessment", "relationship", "rater__name"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "rater"], name="nomination_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.rater.name} → {self.assessment.manager.name} ({self.relationship})"


class Invitation(models.Model):
    """Who was asked, whether the e-mail went out, and whether they answered."""

    class SendStatus(models.TextChoices):
        PENDING = "pending", _("Not sent yet")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of their own: invitation_unique leads with the assessment and
    # the (rater, send_status) index with the rater. Each index is written for
    # every one of a large launch's rows.
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="invitations", db_index=False
    )
    rater = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="invitations", db_index=False
    )
    relationship = models.CharField(max_length=5, choices=Relationship.choices)
    send_status = models.CharField(
        max_length=7, choices=SendStatus.choices, default=SendStatus.PENDING
    )
    send_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Published to the task queue at; the dispatcher leaves it alone meanwhile.
    queued_at = models.DateTimeField(null=True, blank=True)
    # Claimed by a sending task at; cleared once the e-mail's outcome is written.
    claimed_at = models.DateTimeField(null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    last_reminder_slot = models.PositiveSmallIntegerField(null=True, blank=True)
    # A flag, not a time: when someone answered would let a reader line
    # their answers up with the order the tallies moved in.
    completed = models.BooleanField(default=False)

    class Meta:
        ordering = ["assessment", "relationship", "rater__name"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "rater"], name="invitation_unique"),
        ]
        indexes = [
            models.Index(fields=["send_status", "queued_at"]),
            models.Index(fields=["rater", "send_status"]),
        ]

    def __str__(self) -> str:
        return f"{self.rater.name} → {self.assessment.manager.name}"
