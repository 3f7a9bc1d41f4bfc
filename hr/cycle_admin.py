"""HR's cycle screens: create a cycle, choose its managers and rater groups (or
import a CSV), then launch, remind, close and release, each after a
confirmation page that says what will happen, to whom, before it happens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from reports.release import cycle_release
from surveys import lifecycle, mail_queue, reminders, rosters, selectors
from surveys.errors import ServiceError
from surveys.groups import MIN_K
from surveys.models import Assessment, Cycle, Instrument, Invitation, Person, Relationship

from . import email_previews, previews
from .admin_text import counted, local_datetime, progress
from .import_admin import csv_template, team_import_view

RATED_HIDDEN = "hidden: you are rated in this cycle"
K_TOO_LOW = _(
    "An anonymity threshold cannot be lower than %(min)s: with fewer answers a manager "
    "could work out who said what."
) % {"min": MIN_K}


class CycleForm(forms.ModelForm):
    k = forms.IntegerField(
        label=_("Anonymity threshold for direct reports (k)"),
        min_value=MIN_K,
        initial=MIN_K,
        help_text=Cycle._meta.get_field("k").help_text,
        error_messages={"min_value": K_TOO_LOW},
    )
    managers = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        widget=FilteredSelectMultiple("managers", is_stacked=False),
        help_text=_(
            "Each manager's current reps rate them and the manager answers the "
            "self-assessment; with the groups below, also their own manager, peers and "
            "others. You can also import a CSV after saving."
        ),
    )

    class Meta:
        model = Cycle
        fields = (
            "name",
            "instrument",
            "opens_at",
            "closes_at",
            "reminder_days",
            "max_reminders",
            "ask_boss",
            "ask_peers",
            "ask_others",
            "nominations_open",
            "k",
            "peer_k",
            "other_k",
            "comment_k",
            "norms_enabled",
        )
        error_messages = {
            "peer_k": {"min_value": K_TOO_LOW},
            "other_k": {"min_value": K_TOO_LOW},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "managers" in self.fields:
            current = (
                Q(pk__in=self.instance.assessments.values("manager_id"))
                if self.instance.pk
                else Q()
            )
            self.fields["managers"].queryset = (
                Person.objects.filter(Q(reports__is_active=True) | current, is_active=True)
                .distinct()
                .order_by("name")
            )
            if self.instance.pk:
                self.fields["managers"].initial = list(
                    self.instance.assessments.values_list("manager_id", flat=True)
                )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("nominations_open") and not cleaned.get("ask_peers"):
            self.add_error(
                "nominations_open", _("Managers can only nominate peers when peers are asked.")
            )
        return cleaned


@dataclass(frozen=True)
class Transition:
    label: str
    question: str
    confirm: str  # the button: a message of its own, not "Yes, " + a lowercased label


TRANSITIONS = {
    "launch": Transition(
        _("Launch"),
        _(
            "Launching freezes who rates whom and sends every invitation. Dates, groups, "
            "thresholds and the instrument can no longer change."
        ),
        _("Yes, launch"),
    ),
    "remind": Transition(
        _("Send reminders now"),
        _(
            "People who have not answered get a reminder, unless they were e-mailed about "
            "the survey in the last hour or have had the most reminders this cycle allows."
        ),
        _("Yes, send reminders now"),
    ),
    "close": Transition(
        _("Close cycle"),
        _(
            "Closing stops the survey now: the links stop accepting answers, and the close "
            "date everyone sees becomes today."
        ),
        _("Yes, close the cycle"),
    ),
    "release": Transition(
        _("Release reports"),
        _(
            "Releasing freezes the results, generates each manager's report and e-mails "
            "them. Results cannot change afterwards."
        ),
        _("Yes, release the reports"),
    ),
}


def run_transition(request, cycle: Cycle, name: str) -> list[tuple[int, str]]:
    """Do the step and say what happened, in HR's words."""
    if name == "launch":
        result = lifecycle.cycle_launch(
            cycle_id=cycle.pk,
            allow_pending=request.POST.get("allow_pending") == "yes",
            allow_overlap=request.POST.get("allow_overlap") == "yes",
        )
        notes = [
            (
                messages.SUCCESS,
                gettext("Launched “%(cycle)s”: %(invitations)s for %(managers)s.")
                % {
                    "cycle": cycle.name,
                    "invitations": counted(
                        ngettext(
                            "%(count)s invitation", "%(count)s invitations", result.invitations
                        ),
                        result.invitations,
                    ),
                    "managers": counted(
                        ngettext("%(count)s manager", "%(count)s managers", result.managers),
                        result.managers,
                    ),
                },
            )
        ]
        if not result.sending_now:
            notes.append(
                (
                    messages.INFO,
                    gettext("The e-mails go out when the cycle opens, %(when)s.")
                    % {"when": local_datetime(cycle.opens_at)},
                )
            )
        elif selectors.invitations_never_queued(cycle):
            notes.append(
                (
                    messages.WARNING,
                    gettext(
                        "The task queue could not be reached, so some e-mails are waiting. "
                        "They are sent automatically as soon as it is back; the cycle page "
                        "shows how many."
                    ),
                )
            )
        return notes
    if name == "remind":
        sent = mail_queue.reminders_send_now(
            cycle_id=cycle.pk, visible=selectors.invitations_visible_to(request.user)
        )
        rated = cycle.assessments.filter(selectors.rated_viewer(request.user)).exists()
        return previews.reminder_messages(cycle, sent, show_people=not rated)
    if name == "close":
        lifecycle.cycle_close(cycle_id=cycle.pk)
        closed = gettext("Closed “%(cycle)s”. No more answers are accepted.")
        return [(messages.SUCCESS, closed % {"cycle": cycle.name})]
    count = cycle_release(cycle_id=cycle.pk)
    return [
        (
            messages.SUCCESS,
            ngettext(
                "Released “%(cycle)s”: %(count)s manager report is being generated; each "
                "manager is e-mailed when theirs is ready.",
                "Released “%(cycle)s”: %(count)s manager reports are being generated; each "
                "manager is e-mailed when theirs is ready.",
                count,
            )
            % {"cycle": cycle.name, "count": f"{count:,}"},
        )
    ]


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    form = CycleForm
    list_display = ("name", "status_label", "deadline", "manager_count", "response_rate")
    list_filter = ("status",)
    search_fields = ("name",)
    date_hierarchy = "closes_at"
    readonly_fields = ("status_label", "launched_at", "closed_at", "released_at")
    change_form_template = "admin/surveys/cycle/change_form.html"
    fieldsets = None

    class Media:
        css = {"all": ("css/admin.css",)}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _managers=Count("assessments", distinct=True),
                _invited=Count("assessments__invitations", distinct=True),
                _answered=Count(
                    "assessments__invitations",
                    filter=Q(assessments__invitations__completed=True),
                    distinct=True,
                ),
                _rates_me=Exists(
                    Assessment.objects.filter(
                        selectors.rated_viewer(request.user), cycle=OuterRef("pk")
                    )
                ),
            )
        )

    def get_fieldsets(self, request, obj=None):
        basics = ["name", "instrument", "opens_at", "closes_at", "reminder_days", "max_reminders"]
        groups = ["ask_boss", "ask_peers", "ask_others", "nominations_open"]
        privacy = ["k", "peer_k", "other_k", "comment_k", "norms_enabled"]
        if obj is not None and obj.status != Cycle.Status.DRAFT:
            # fixed now: show the thresholds in force, not "-" for "the default"
            privacy = ["k", "peer_threshold", "other_threshold", "comment_thresholds"]
            privacy.append("norms_enabled")
        sets = [
            (None, {"fields": basics}),
            (_("Who rates the managers"), {"fields": groups}),
            (_("Anonymity and comparisons"), {"fields": privacy}),
        ]
        if obj is None or obj.status == Cycle.Status.DRAFT:
            sets.insert(1, (_("Managers"), {"fields": ["managers"]}))
        if obj is not None:
            sets.append(
                (
                    _("Progress"),
                    {"fields": ["status_label", "launched_at", "closed_at", "released_at"]},
                )
            )
        return sets

    def get_changeform_initial_data(self, request):
        now = timezone.localtime().replace(second=0, microsecond=0)
        return {
            "instrument": Instrument.objects.order_by("-version").first(),
            "opens_at": now,
            "closes_at": (now + timedelta(days=14)).replace(hour=17, minute=0),
            **super().get_changeform_initial_data(request),
        }

    def has_change_permission(self, request, obj=None):
        # Released results are final; the page stays, read-only, for the links.
        if obj is not None and obj.status == Cycle.Status.RELEASED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Deleting a launched cycle would delete its answers with it.
        if obj is not None and obj.status != Cycle.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fixed = list(self.readonly_fields)
        if obj is not None and obj.status != Cycle.Status.DRAFT:
            fixed += [
                "instrument", "opens_at", "k", "peer_threshold", "other_threshold",
                "comment_thresholds", "ask_boss", "ask_peers", "ask_others", "nominations_open",
            ]  # fmt: skip
        if obj is not None and obj.status in (Cycle.Status.CLOSED, Cycle.Status.RELEASED):
            fixed += ["name", "closes_at", "reminder_days", "max_reminders", "norms_enabled"]
        return fixed

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # Only what HR changed: writing the whole row back could undo a launch
        # or a close that committed while the form was open.
        fields = {f.name for f in Cycle._meta.concrete_fields}
        obj.save(update_fields=[name for name in form.changed_data if name in fields])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        cycle = form.instance
        if "managers" in form.cleaned_data and cycle.status == Cycle.Status.DRAFT:
            rosters.cycle_set_managers(cycle=cycle, managers=form.cleaned_data["managers"])

    @admin.display(description=_("peer threshold"))
    def peer_threshold(self, obj):
        if not obj.ask_peers:
            return gettext("— (peers are not asked in this cycle)")
        return self._threshold_text(obj.peer_k, obj.threshold(Relationship.PEER))

    @admin.display(description=_("others threshold"))
    def other_threshold(self, obj):
        if not obj.ask_others:
            return gettext("— (others are not asked in this cycle)")
        return self._threshold_text(obj.other_k, obj.threshold(Relationship.OTHER))

    @staticmethod
    def _threshold_text(chosen, in_force):
        if chosen is not None:
            return str(in_force)
        return gettext("%(count)s (the same as direct reports)") % {"count": in_force}

    @admin.display(description=_("comment threshold"))
    def comment_thresholds(self, obj):
        groups = [(Relationship.TEAM, gettext("direct reports"))]
        if obj.ask_peers:
            groups.append((Relationship.PEER, gettext("peers")))
        if obj.ask_others:
            groups.append((Relationship.OTHER, gettext("others")))
        return ", ".join(
            gettext("%(count)s for %(group)s")
            % {"group": label, "count": obj.comment_threshold(rel)}
            for rel, label in groups
        )

    @admin.display(description="status", ordering="status")
    def status_label(self, obj):
        return format_html(
            '<strong class="cycle-status cycle-status-{}">{}</strong>',
            obj.status,
            obj.get_status_display(),
        )

    @admin.display(description="closes", ordering="closes_at")
    def deadline(self, obj):
        return local_datetime(obj.ended_at)

    @admin.display(description="managers", ordering="_managers")
    def manager_count(self, obj):
        return obj._managers

    @admin.display(description="response rate")
    def response_rate(self, obj):
        if obj._rates_me:
            return RATED_HIDDEN
        if not obj._invited:
            return "—"
        return progress(obj._answered, obj._invited)

    # --- Transitions: a confirmation page that says what will happen, then the step ---

    def get_urls(self):
        urls = [
            path(
                "<int:cycle_id>/transition/<str:name>/",
                self.admin_site.admin_view(self.transition_view),
                name="surveys_cycle_transition",
            ),
            path(
                "<int:cycle_id>/import/",
                self.admin_site.admin_view(self.import_view),
                name="surveys_cycle_import",
            ),
            path(
                "<int:cycle_id>/emails/",
                self.admin_site.admin_view(self.emails_view),
                name="surveys_cycle_emails",
            ),
            path(
                "<int:cycle_id>/emails/html/",
                self.admin_site.admin_view(self.emails_html_view),
                name="surveys_cycle_emails_html",
            ),
            path(
                "import-template/<str:shape>.csv",
                self.admin_site.admin_view(csv_template),
                name="surveys_cycle_import_template",
            ),
        ]
        return urls + super().get_urls()

    def _cycle_or_404(self, request, cycle_id: int) -> Cycle:
        # Permission on cycles in general: whether the status allows the step
        # is the service's to say, with its own message.
        if not self.has_change_permission(request):
            raise PermissionDenied
        return get_object_or_404(Cycle, pk=cycle_id)

    def transition_view(self, request, cycle_id: int, name: str):
        cycle = self._cycle_or_404(request, cycle_id)
        back = HttpResponseRedirect(reverse("admin:surveys_cycle_change", args=[cycle.pk]))
        if name not in TRANSITIONS:
            return back
        if request.method == "POST":
            try:
                for level, text in run_transition(request, cycle, name):
                    self.message_user(request, text, level)
            except lifecycle.LaunchRefused as refused:
                self.message_user(request, str(refused), messages.ERROR)
                return HttpResponseRedirect(request.path)
            except ServiceError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            return back
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("%(step)s: are you sure?") % {"step": TRANSITIONS[name].label},
            "transition": TRANSITIONS[name],
            "name": name,
            "cycle": cycle,
            "opts": self.model._meta,
            "preview": previews.preview(cycle, name, viewer=request.user),
        }
        return TemplateResponse(request, "admin/surveys/cycle/confirm_transition.html", context)

    def emails_view(self, request, cycle_id: int):
        return email_previews.preview_view(self, request, self._cycle_or_404(request, cycle_id))

    def emails_html_view(self, request, cycle_id: int):
        return email_previews.preview_html(self, request, self._cycle_or_404(request, cycle_id))

    def import_view(self, request, cycle_id: int):
        return team_import_view(self, request, self._cycle_or_404(request, cycle_id))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        cycle = self.get_object(request, unquote(object_id))
        if cycle is not None:
            extra_context.update(cycle_panel_context(cycle, viewer=request.user))
        return super().change_view(request, object_id, form_url, extra_context)


def cycle_panel_context(cycle: Cycle, *, viewer) -> dict:
    """Response rates per manager and group for the change page: counts only,
    never answers, and nothing about a team that rates the viewer."""
    rates = selectors.response_rates(cycle, viewer=viewer)
    groups = [g for g in cycle.groups]
    managers = []
    assessments = cycle.assessments.select_related("manager").order_by("manager__name")
    for assessment in assessments.exclude(selectors.rated_viewer(viewer)):
        by_group = rates.get(assessment.pk, {})
        cells = []
        for group in groups:
            rate = by_group.get(group, selectors.Rate(0, 0))
            below = (
                cycle.status != Cycle.Status.DRAFT
                and group != "self"
                and (rate.answered < cycle.threshold(group))
            )
            cells.append(
                {
                    "rate": rate,
                    "bar": progress(rate.answered, rate.invited) if rate.invited else "—",
                    "below": below,
                }
            )
        managers.append({"name": assessment.manager.name, "cells": cells})
    sending = selectors.invitations_visible_to(viewer, cycle).aggregate(
        pending=Count("id", filter=Q(send_status=Invitation.SendStatus.PENDING)),
        failed=Count("id", filter=Q(send_status=Invitation.SendStatus.FAILED)),
        sent=Count("id", filter=Q(send_status=Invitation.SendStatus.SENT)),
    )
    overall = selectors.cycle_response_rate(cycle, viewer=viewer)
    overview = cycle.reports.filter(kind="overview").values_list("id", flat=True).first()
    now = timezone.now()
    return {
        "overview_id": overview,
        "cycle_obj": cycle,
        "panel_groups": [previews.group_name(g) for g in groups],
        "panel_managers": managers,
        "rated_hidden": assessments.filter(selectors.rated_viewer(viewer)).exists(),
        "overall": overall,
        "overall_bar": progress(overall.answered, overall.invited) if overall.invited else "—",
        "sending": sending,
        "pending_nominations": rosters.nominations_pending(cycle),
        "reminder_outlook": reminders.reminder_outlook(
            cycle, now, selectors.invitations_visible_to(viewer)
        )
        if cycle.status == Cycle.Status.OPEN
        else None,
        "next_reminder": reminders.next_slot_time(cycle, now)
        if cycle.status == Cycle.Status.OPEN
        else None,
        "transitions": [(n, TRANSITIONS[n].label) for n in lifecycle.NEXT_STEPS[cycle.status]],
    }
