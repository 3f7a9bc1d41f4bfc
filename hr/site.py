"""The admin site HR uses: its home says what to do next, and sign-in is
throttled after repeated failures."""

from __future__ import annotations

from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from feedback360 import throttle

FAILURE_LIMIT = 5  # per account
IP_FAILURE_LIMIT = 20
WINDOW = 15 * 60


class HrAdminSite(admin.AdminSite):
    site_header = _("feedback360 — HR administration")
    site_title = _("feedback360 HR")
    index_title = _("Feedback cycles")
    index_template = "admin/hr_home.html"
    # The lists need the width at 1366 px (reports: whose, cycle, dates and both
    # links); the home page and the breadcrumbs lead everywhere the sidebar did.
    enable_nav_sidebar = False

    def index(self, request, extra_context=None):
        from .home import home_context  # the site is built before the apps' modules load

        return super().index(request, {**home_context(request), **(extra_context or {})})

    def login(self, request, extra_context=None):
        if request.method != "POST":
            return super().login(request, extra_context)
        username = (request.POST.get("username") or "").strip().lower()[:254]
        ip = throttle.client_ip(request)
        if throttle.is_blocked("admin-user", username, limit=FAILURE_LIMIT) or throttle.is_blocked(
            "admin-ip", ip, limit=IP_FAILURE_LIMIT
        ):
            return render(request, "throttled.html", {"minutes": WINDOW // 60}, status=429)
        response = super().login(request, extra_context)
        if request.user.is_authenticated and request.user.is_staff:
            throttle.reset("admin-user", username)
        else:
            throttle.record_failure("admin-user", username, window=WINDOW)
            throttle.record_failure("admin-ip", ip, window=WINDOW)
        return response


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows HR reads but never edits: invitations, reports, the download log."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
