"""Who may read which report: the one home of that rule.

A manager reads only their own reports, and only once their cycle is
released; HR (staff with permission to view reports) reads any released
report. Everything else is "not found", exactly as if it did not exist.
"""

from __future__ import annotations

from django.db.models import Q

from surveys.models import Cycle

from .models import Report


def readable_reports(user, *, kind: str = Report.Kind.MANAGER):
    released = Report.objects.filter(kind=kind, cycle__status=Cycle.Status.RELEASED)
    if not getattr(user, "is_authenticated", False):
        return released.none()
    if user.is_staff and user.has_perm("reports.view_report"):
        return released
    if kind != Report.Kind.MANAGER:
        return released.none()
    return released.filter(Q(assessment__manager__user=user))


def own_reports(user):
    """A manager's own released reports, newest first (what "My reports" lists)."""
    return (
        Report.objects.defer("pdf", "results")
        .select_related("cycle", "assessment__manager")
        .filter(
            kind=Report.Kind.MANAGER,
            assessment__manager__user=user,
            cycle__status=Cycle.Status.RELEASED,
        )
        .order_by("-cycle__released_at")
    )
