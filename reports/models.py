"""Released reports: frozen results, the stored PDF, and who downloaded what."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    """A manager's gap report, or a cycle's overview for HR.

    `results` is frozen at release: the PDF is rendered from it, never from the
    live answers, so a late answer cannot produce a second version of a report
    that differs by one rater.
    """

    class Kind(models.TextChoices):
        MANAGER = "manager", _("Manager gap report")
        OVERVIEW = "overview", _("Cycle overview")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey("surveys.Cycle", on_delete=models.CASCADE, related_name="reports")
    assessment = models.OneToOneField(
        "surveys.Assessment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="report",
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.MANAGER)
    results = models.JSONField()
    frozen_at = models.DateTimeField(default=timezone.now)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    generated_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    # Handed to the task queue at: the periodic scan leaves it alone meanwhile.
    queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A task is e-mailing the manager since: no second task starts meanwhile.
    notify_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["cycle", "kind", "assessment__manager__name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="manager") & Q(assessment__isnull=False))
                | (Q(kind="overview") & Q(assessment__isnull=True)),
                name="report_kind_matches_assessment",
            ),
            models.UniqueConstraint(
                fields=["cycle"], condition=Q(kind="overview"), name="one_overview_per_cycle"
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.OVERVIEW:
            return f"Overview — {self.cycle}"
        return f"{self.assessment.manager.name} — {self.cycle}"

    @property
    def filename(self) -> str:
        """ASCII, for every browser's download bar, and unique: the report's id
        tells apart two managers whose names slug alike (or not at all: "Νίκος")."""
        from django.utils.text import slugify

        cycle = slugify(self.cycle.name) or "cycle"
        if self.kind == self.Kind.OVERVIEW:
            return f"{cycle}-overview-{self.id.hex[:8]}.pdf"
        manager = slugify(self.assessment.manager.name) or "manager"
        return f"{cycle}-{manager}-{self.id.hex[:8]}.pdf"


class ReportDownload(models.Model):
    """Audit trail: who read or downloaded which report, and when."""

    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF downloaded")
        WEB = "web", _("Read on the web")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_downloads"
    )
    downloaded_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=3, choices=Kind.choices, default=Kind.PDF)

    class Meta:
        ordering = ["-downloaded_at"]

    def __str__(self) -> str:
        return f"{self.user} downloaded {self.report} at {self.downloaded_at:%Y-%m-%d %H:%M}"
