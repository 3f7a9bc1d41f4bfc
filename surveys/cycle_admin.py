"""HR's cycle screens: create, add managers or a CSV of teams, launch, remind,
close and release, with response rates per manager (counts only, never answers)."""

from __future__ import annotations

from collections.abc import Callable
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

from . import selectors, sending, services
from .admin_text import plural, progress
from .import_admin import team_import_view
from .models import MIN_K, Assessment, Cycle, Instrument, Invitation, Person

RATED_HIDDEN = "hidden: you are rated in this cycle"
K_TOO_LOW = (
    f"The anonymity threshold cannot be lower than {MIN_K}: with fewer answers a manager "
    "could work out who said what."
)


class CycleForm(forms.ModelForm):
    k = forms.IntegerField(
        label="Anonymity threshold (k)",
        min_value=MIN_K,
        initial=MIN_K,
        help_text=Cycle._meta.get_field("k").help_text,
        error_messages={"min_value": K_TOO_LOW},
    )
    managers = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        widget=FilteredSelectMultiple("managers", is_stacked=False),
        help_text="Each manager's current reps rate them; the manager answers the self-assessment. "
        "You can also import a CSV of teams after saving.",
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
            "k",
            "comment_k",
        )

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


@dataclass(frozen=True)
class Transition:
    label: str
    question: str
    run: Callable[[Cycle], str]


def _launch(cycle: Cycle) -> list[tuple[int, str]]:
    result = services.cycle_launch(cycle_id=cycle.pk)
    notes = [
        (
            messages.SUCCESS,
            f"Launched “{cycle.name}”: {plural(result.invitations, 'invitation')} for "
            f"{plural(result.managers, 'manager')}.",
        )
    ]
    if not result.sending_now:
        notes.append(
            (
                messages.INFO,
                "The e-mails go out when the cycle opens, "
                f"{timezone.localtime(cycle.opens_at):%-d %B %Y %H:%M}.",
            )
        )
    elif selectors.invitations_never_queued(cycle):
        notes.append(
            (
                messages.WARNING,
                "The task queue could not be reached, so some e-mails are waiting. They are "
                "sent automatically as soon as it is back; the cycle page shows how many.",
            )
        )
    if result.short_teams:
        notes.append(
            (
                messages.WARNING,
                f"{', '.join(result.short_teams[:10])}"
                f"{' and others' if len(result.short_teams) > 10 else ''} "
                f"ha{'ve' if len(result.short_teams) > 1 else 's'} fewer than {cycle.k} reps: "
                "their reports will show the self-view only.",
            )
        )
    return notes


def _remind(cycle: Cycle) -> list[tuple[int, str]]:
    queued = sending.reminders_send_now(cycle_id=cycle.pk)
    if not queued:
        return [(messages.INFO, f"“{cycle.name}”: nobody needs a reminder right now.")]
    return [
        (
            messages.SUCCESS,
            f"“{cycle.name}”: reminders are on their way to {queued} "
            f"{'person' if queued == 1 else 'people'} who have not answered.",
        )
    ]


def _close(cycle: Cycle) -> list[tuple[int, str]]:
    services.cycle_close(cycle_id=cycle.pk)
    return [(messages.SUCCESS, f"Closed “{cycle.name}”. No more answers are accepted.")]


def _release(cycle: Cycle) -> list[tuple[int, str]]:
    from reports.services import cycle_release

    count = cycle_release(cycle_id=cycle.pk)
    return [
        (
            messages.SUCCESS,
            f"Released “{cycle.name}”: {plural(count - 1, 'manager report')} "
            f"{'is' if count == 2 else 'are'} being generated; each manager is e-mailed when "
            "theirs is ready.",
        )
    ]


TRANSITIONS = {
    "launch": Transition(
        "Launch",
        "Launching freezes the teams and sends every invitation. Dates, k and the "
        "instrument can no longer change.",
        _launch,
    ),
    "remind": Transition(
        "Send reminders now",
        "Everyone who has not answered yet (and was not reminded in the last hour) gets a "
        "reminder.",
        _remind,
    ),
    "close": Transition(
        "Close cycle",
        "Closing stops the survey: the links stop accepting answers.",
        _close,
    ),
    "release": Transition(
        "Release reports",
        "Releasing freezes the results, generates each manager's report and e-mails them. "
        "Results cannot change afterwards.",
        _release,
    ),
}


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    form = CycleForm
    list_display = (
        "name",
        "status_label",
        "opens_at",
        "closes_at",
        "manager_count",
        "response_rate",
    )
    list_filter = ("status",)
    search_fields = ("name",)
    date_hierarchy = "closes_at"
    readonly_fields = ("status_label", "launched_at", "closed_at", "released_at")
    actions = ("launch_action", "remind_action", "close_action", "release_action")
    change_form_template = "admin/surveys/cycle/change_form.html"

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
                    Assessment.objects.filter(cycle=OuterRef("pk"), manager__user=request.user)
                ),
            )
        )

    def get_fields(self, request, obj=None):
        fields = list(CycleForm.Meta.fields)
        if obj is None:
            return [*fields, "managers"]
        if obj.status == Cycle.Status.DRAFT:
            fields.append("managers")
        return [*fields, "status_label", "launched_at", "closed_at", "released_at"]

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
            fixed += ["instrument", "opens_at", "k", "comment_k"]
        if obj is not None and obj.status in (Cycle.Status.CLOSED, Cycle.Status.RELEASED):
            fixed += ["name", "closes_at", "reminder_days", "max_reminders"]
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
            services.cycle_set_managers(cycle=cycle, managers=form.cleaned_data["managers"])

    @admin.display(description="status", ordering="status")
    def status_label(self, obj):
        return format_html(
            '<strong class="cycle-status cycle-status-{}">{}</strong>',
            obj.status,
            obj.get_status_display(),
        )

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

    # --- Transitions, from the list (actions) and from the change page (buttons) ---

    def _run(self, request, cycle: Cycle, name: str) -> None:
        try:
            for level, text in TRANSITIONS[name].run(cycle):
                self.message_user(request, text, level)
        except services.ServiceError as exc:
            self.message_user(request, str(exc), messages.ERROR)

    def _confirm(self, request, queryset, name: str):
        if request.POST.get("confirmed") == "yes":
            for cycle in queryset:
                self._run(request, cycle, name)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": f"{TRANSITIONS[name].label}: are you sure?",
            "transition": TRANSITIONS[name],
            "action_name": f"{name}_action",
            "cycles": queryset,
            "opts": self.model._meta,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/surveys/cycle/confirm_transition.html", context)

    @admin.action(description="Launch selected cycles", permissions=["change"])
    def launch_action(self, request, queryset):
        return self._confirm(request, queryset, "launch")

    @admin.action(description="Send reminders now", permissions=["change"])
    def remind_action(self, request, queryset):
        return self._confirm(request, queryset, "remind")

    @admin.action(description="Close selected cycles", permissions=["change"])
    def close_action(self, request, queryset):
        return self._confirm(request, queryset, "close")

    @admin.action(description="Release reports of selected cycles", permissions=["change"])
    def release_action(self, request, queryset):
        return self._confirm(request, queryset, "release")

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
        if name not in TRANSITIONS:
            return HttpResponseRedirect(reverse("admin:surveys_cycle_change", args=[cycle.pk]))
        if request.method == "POST":
            self._run(request, cycle, name)
            return HttpResponseRedirect(reverse("admin:surveys_cycle_change", args=[cycle.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"{TRANSITIONS[name].label}: are you sure?",
            "transition": TRANSITIONS[name],
            "cycles": [cycle],
            "opts": self.model._meta,
            "single": True,
        }
        return TemplateResponse(request, "admin/surveys/cycle/confirm_transition.html", context)

    def import_view(self, request, cycle_id: int):
        return team_import_view(self, request, self._cycle_or_404(request, cycle_id))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        cycle = self.get_object(request, unquote(object_id))
        if cycle is not None:
            extra_context.update(cycle_panel_context(cycle, viewer=request.user))
        return super().change_view(request, object_id, form_url, extra_context)


def cycle_panel_context(cycle: Cycle, *, viewer) -> dict:
    """Response rates per manager for the change page: counts only, never
    answers, and nothing about a team that rates the viewer."""
    rates = selectors.team_response_rates(cycle, viewer=viewer)
    managers = []
    assessments = cycle.assessments.select_related("manager").order_by("manager__name")
    for assessment in assessments.exclude(manager__user=viewer):
        by_relationship = rates.get(assessment.pk, {})
        team = by_relationship.get("team", selectors.Rate(0, 0))
        own = by_relationship.get("self", selectors.Rate(0, 0))
        managers.append(
            {
                "name": assessment.manager.name,
                "team": team,
                "team_bar": progress(team.answered, team.invited) if team.invited else "—",
                "self_done": own.answered > 0,
                "self_invited": own.invited > 0,
                "short": team.invited < cycle.k,
            }
        )
    sending = Invitation.objects.filter(assessment__cycle=cycle).aggregate(
        pending=Count("id", filter=Q(send_status=Invitation.SendStatus.PENDING)),
        failed=Count("id", filter=Q(send_status=Invitation.SendStatus.FAILED)),
        sent=Count("id", filter=Q(send_status=Invitation.SendStatus.SENT)),
    )
    overall = selectors.cycle_response_rate(cycle, viewer=viewer)
    overview = cycle.reports.filter(kind="overview").values_list("id", flat=True).first()
    return {
        "overview_id": overview,
        "cycle_obj": cycle,
        "panel_managers": managers,
        "rated_hidden": assessments.filter(manager__user=viewer).exists(),
        "overall": overall,
        "overall_bar": progress(overall.answered, overall.invited) if overall.invited else "—",
        "sending": sending,
        "transitions": _available_transitions(cycle),
    }


def _available_transitions(cycle: Cycle) -> list[tuple[str, str]]:
    allowed = {
        Cycle.Status.DRAFT: ["launch"],
        Cycle.Status.OPEN: ["remind", "close"],
        Cycle.Status.CLOSED: ["release"],
        Cycle.Status.RELEASED: [],
    }[cycle.status]
    return [(name, TRANSITIONS[name].label) for name in allowed]
