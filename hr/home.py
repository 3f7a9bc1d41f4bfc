"""HR's home: every cycle that needs something, and what to do next."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from surveys import lifecycle, reminders, rosters, selectors
from surveys.models import Cycle, Invitation

from .admin_text import local_datetime, progress
from .previews import group_name

ACTIVE = (Cycle.Status.DRAFT, Cycle.Status.OPEN, Cycle.Status.CLOSED)


@dataclass
class CycleCard:
    cycle: Cycle
    deadline: str
    overall: object = "—"
    groups: list[tuple[str, object]] = field(default_factory=list)
    below: int = 0
    failed: int = 0
    remindable: int = 0
    pending_nominations: int = 0
    managers: int = 0
    next_steps: list[tuple[str, str]] = field(default_factory=list)
    overview_url: str = ""
    # Released: reports a lost task or a failing mail server left undone.
    reports_missing: int = 0
    managers_not_told: int = 0


def _card(cycle: Cycle, viewer, now) -> CycleCard:
    card = CycleCard(cycle, local_datetime(cycle.ended_at))
    card.managers = cycle.assessments.count()
    labels = {
        "launch": gettext("Launch"),
        "remind": gettext("Send reminders"),
        "close": gettext("Close"),
        "release": gettext("Release"),
    }
    card.next_steps = [
        (labels[n], reverse("admin:surveys_cycle_transition", args=[cycle.pk, n]))
        for n in lifecycle.NEXT_STEPS[cycle.status]
    ]
    if cycle.status == Cycle.Status.DRAFT:
        card.pending_nominations = rosters.nominations_pending(cycle)
        return card
    overall = selectors.cycle_response_rate(cycle, viewer=viewer)
    card.overall = progress(overall.answered, overall.invited) if overall.invited else "—"
    rates = selectors.group_response_rates(cycle, viewer=viewer)
    card.groups = [
        (group_name(g), progress(r.answered, r.invited)) for g, r in rates.items() if r.invited
    ]
    per_manager = selectors.response_rates(cycle, viewer=viewer)
    card.below = sum(
        1
        for by_group in per_manager.values()
        if by_group.get("team", selectors.Rate(0, 0)).answered < cycle.k
    )
    card.failed = (
        selectors.invitations_visible_to(viewer, cycle)
        .filter(send_status=Invitation.SendStatus.FAILED)
        .count()
    )
    if cycle.status == Cycle.Status.OPEN:
        card.remindable = reminders.reminder_outlook(
            cycle, now, selectors.invitations_visible_to(viewer)
        ).eligible
    return card


def home_context(request) -> dict:
    now = timezone.now()
    viewer = request.user
    active = list(
        Cycle.objects.filter(status__in=ACTIVE)
        .annotate(_n=Count("assessments"))
        .order_by("closes_at")[:20]
    )
    released = list(Cycle.objects.filter(status=Cycle.Status.RELEASED).order_by("-released_at")[:5])
    cards = [_card(c, viewer, now) for c in active]
    for cycle in released:
        overview = cycle.reports.filter(kind="overview").values_list("id", flat=True).first()
        card = CycleCard(cycle, local_datetime(cycle.ended_at))
        if overview:
            card.overview_url = reverse("admin:reports_report_download", args=[overview])
        undone = cycle.reports.aggregate(
            missing=Count("id", filter=Q(pdf__isnull=True)),
            untold=Count("id", filter=Q(kind="manager", notified_at__isnull=True)),
        )
        card.reports_missing, card.managers_not_told = undone["missing"], undone["untold"]
        cards.append(card)
    return {
        "cards": cards,
        "time_zone": timezone.get_current_timezone_name(),
        "failed_total": sum(c.failed for c in cards),
        "has_rated_self": selectors.rated_viewer(viewer) is not None
        and Cycle.objects.filter(
            Q(status__in=ACTIVE), Q(assessments__manager__user=viewer)
        ).exists()
        if viewer.is_authenticated
        else False,
    }
