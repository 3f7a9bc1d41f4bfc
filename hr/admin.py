"""The HR product in the Django admin: people, the instrument, invitations.

Cycles have their own module (cycle_admin.py), reports theirs
(report_admin.py). Tallies and comments are deliberately not registered: HR
sees response rates and who has not answered yet, never what anybody answered.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from surveys import mail_queue
from surveys.instruments import instrument_copy
from surveys.models import (
    Assessment,
    Dimension,
    DimensionText,
    Instrument,
    Invitation,
    Item,
    ItemText,
    Nomination,
    OpenQuestion,
    OpenQuestionText,
    Person,
)
from surveys.rosters import nominations_decide
from surveys.selectors import prefixed, rated_viewer
from surveys.translations import missing_translations

from . import cycle_admin, report_admin  # noqa: F401 - they register their screens
from .admin_text import progress
from .site import ReadOnlyAdmin

# --- People -------------------------------------------------------------------------


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "manager", "team_size", "language", "is_active")
    list_filter = ("is_active", "language")
    search_fields = ("name", "email")
    autocomplete_fields = ("manager",)
    readonly_fields = ("user",)
    list_select_related = ("manager",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_team=Count("reports", filter=Q(reports__is_active=True)))
        )

    @admin.display(description="reps", ordering="_team")
    def team_size(self, obj):
        return obj._team


# --- The instrument ---------------------------------------------------------------------


class FrozenWhenInUse:
    """An instrument a launched cycle uses is never edited in place."""

    def _instrument(self, obj):
        return obj

    def has_change_permission(self, request, obj=None):
        instrument = self._instrument(obj) if obj is not None else None
        if instrument is not None and instrument.is_in_use():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        instrument = self._instrument(obj) if obj is not None else None
        if instrument is not None and instrument.is_in_use():
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # New statements and questions only go into instruments still editable.
        editable = ~Q(cycles__status__in=["open", "closed", "released"])
        if db_field.name == "instrument":
            kwargs["queryset"] = Instrument.objects.filter(editable).distinct()
        elif db_field.name == "dimension":
            kwargs["queryset"] = Dimension.objects.exclude(
                instrument__cycles__status__in=["open", "closed", "released"]
            ).select_related("instrument")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DimensionInline(admin.TabularInline):
    model = Dimension
    fields = ("position", "key", "name", "lead_pole", "manage_pole", "first_action")
    extra = 0
    show_change_link = True


class OpenQuestionInline(admin.TabularInline):
    model = OpenQuestion
    fields = ("position", "key", "text_team", "text_observer", "text_self")
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(FrozenWhenInUse, admin.ModelAdmin):
    list_display = (
        "name", "version", "language", "dimension_count", "item_count", "translations", "in_use"
    )  # fmt: skip
    search_fields = ("name",)
    inlines = (DimensionInline, OpenQuestionInline)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _dimensions=Count("dimensions", distinct=True),
                _items=Count("dimensions__items", distinct=True),
            )
        )

    @admin.display(description="dimensions", ordering="_dimensions")
    def dimension_count(self, obj):
        return obj._dimensions

    @admin.display(description="items", ordering="_items")
    def item_count(self, obj):
        return obj._items

    @admin.display(description="used by a launched cycle", boolean=True)
    def in_use(self, obj):
        return obj.is_in_use()

    @admin.display(description="complete in")
    def translations(self, obj):
        """The shipped languages this instrument can be answered in, entirely."""
        codes = [code for code, _ in settings.LANGUAGES]
        missing = missing_translations(obj, codes)
        return ", ".join(code for code in codes if code not in missing)

    actions = ("copy_as_new_version",)

    @admin.action(description=_("Copy as a new, editable version"), permissions=["add"])
    def copy_as_new_version(self, request, queryset):
        for instrument in queryset:
            copy = instrument_copy(instrument=instrument)
            self.message_user(
                request,
                gettext(
                    "Created version %(new)s from version %(old)s; edit it, then choose it for "
                    "the next cycle."
                )
                % {"new": copy.version, "old": instrument.version},
                messages.SUCCESS,
            )


class FrozenInline(admin.TabularInline):
    """Translations of an instrument a launched cycle uses cannot change either."""

    extra = 0

    def _frozen(self, obj) -> bool:
        return obj is not None and self.instrument_of(obj).is_in_use()

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class DimensionTextInline(FrozenInline):
    model = DimensionText
    fields = ("language", "name", "lead_pole", "manage_pole", "first_action", "development_tip")
    verbose_name_plural = "translations"

    def instrument_of(self, obj):
        return obj.instrument


class ItemTextInline(FrozenInline):
    model = ItemText
    fields = ("language", "text_team", "text_observer", "text_self")
    verbose_name_plural = "translations"

    def instrument_of(self, obj):
        return obj.dimension.instrument


class OpenQuestionTextInline(FrozenInline):
    model = OpenQuestionText
    fields = ("language", "text_team", "text_observer", "text_self")
    verbose_name_plural = "translations"

    def instrument_of(self, obj):
        return obj.instrument


class ItemInline(admin.TabularInline):
    model = Item
    fields = ("position", "text_team", "text_observer", "text_self", "reverse_keyed")
    extra = 0


@admin.register(Dimension)
class DimensionAdmin(FrozenWhenInUse, admin.ModelAdmin):
    list_display = ("name", "key", "instrument", "position")
    list_filter = ("instrument",)
    search_fields = ("name", "key")
    inlines = (DimensionTextInline, ItemInline)

    def _instrument(self, obj):
        return obj.instrument


@admin.register(Item)
class ItemAdmin(FrozenWhenInUse, admin.ModelAdmin):
    list_display = ("text_team", "dimension", "reverse_keyed")
    list_filter = ("dimension__instrument", "dimension", "reverse_keyed")
    search_fields = ("text_team", "text_observer", "text_self")
    inlines = (ItemTextInline,)

    def _instrument(self, obj):
        return obj.dimension.instrument


@admin.register(OpenQuestion)
class OpenQuestionAdmin(FrozenWhenInUse, admin.ModelAdmin):
    list_display = ("text_team", "key", "instrument")
    list_filter = ("instrument",)
    inlines = (OpenQuestionTextInline,)

    def _instrument(self, obj):
        return obj.instrument


# --- Assessments: who is rated in which cycle ---------------------------------------


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("manager", "cycle", "team_rate", "self_done")
    list_filter = ("cycle", "cycle__status")
    search_fields = ("manager__name", "manager__email", "cycle__name")
    list_select_related = ("manager", "cycle")
    fields = ("cycle", "manager")
    readonly_fields = fields

    def get_queryset(self, request):
        team = Q(invitations__relationship="team")
        return (
            super()
            .get_queryset(request)
            # A manager who works in HR does not watch their own team answer.
            .exclude(rated_viewer(request.user))
            .annotate(
                _invited=Count("invitations", filter=team),
                _answered=Count("invitations", filter=team & Q(invitations__completed=True)),
                _self=Count(
                    "invitations",
                    filter=Q(invitations__relationship="self", invitations__completed=True),
                ),
            )
        )

    @admin.display(description="team answers")
    def team_rate(self, obj):
        return progress(obj._answered, obj._invited) if obj._invited else "—"

    @admin.display(description="self-assessment done", boolean=True)
    def self_done(self, obj):
        return bool(obj._self)


# --- Invitations: who was asked, and whether they answered (never what) -------------


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    # Fits at 1366 px: who, about whom, answered or not, then the sending details.
    list_display = (
        "rater_name",
        "manager_name",
        "relationship",
        "answered",
        "send_status",
        "sent_at",
        "reminders",
    )
    list_filter = ("assessment__cycle", "relationship", "completed", "send_status")
    search_fields = ("rater__name", "rater__email", "assessment__manager__name")
    list_select_related = ("rater", "assessment__manager")
    actions = ("retry_failed",)
    fields = (
        "rater",
        "assessment",
        "relationship",
        "send_status",
        "send_error",
        "sent_at",
        "reminder_count",
        "last_reminded_at",
        "completed",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        # A manager who works in HR does not watch their own team answer.
        return (
            super()
            .get_queryset(request)
            .exclude(prefixed(rated_viewer(request.user), "assessment"))
        )

    @admin.display(description=_("rater"), ordering="rater__name")
    def rater_name(self, obj):
        return format_html('{}<div class="help">{}</div>', obj.rater.name, obj.rater.email)

    @admin.display(description=_("manager"), ordering="assessment__manager__name")
    def manager_name(self, obj):
        return obj.assessment.manager.name

    @admin.display(description=_("answered"), boolean=True, ordering="completed")
    def answered(self, obj):
        return obj.completed

    @admin.display(description=_("reminders"), ordering="reminder_count")
    def reminders(self, obj):
        return obj.reminder_count

    def has_retry_permission(self, request):
        # Invitations are read-only rows; sending again is part of running a cycle.
        return request.user.has_perm("surveys.change_cycle")

    @admin.action(description=_("Send failed invitations again"), permissions=["retry"])
    def retry_failed(self, request, queryset):
        count = mail_queue.invitations_retry_failed(
            invitation_ids=list(queryset.values_list("id", flat=True))
        )
        self.message_user(
            request,
            gettext("%(count)s failed invitation(s) queued to be sent again.") % {"count": count},
            messages.SUCCESS,
        )


# --- Nominations: who is proposed to rate whom, before launch -------------------------


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ("rater", "manager_name", "relationship", "status", "source", "cycle_name")
    list_filter = ("status", "relationship", "source", "assessment__cycle")
    search_fields = ("rater__name", "rater__email", "assessment__manager__name")
    list_select_related = ("rater", "assessment__manager", "assessment__cycle")
    autocomplete_fields = ("rater",)
    actions = ("approve", "decline")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .exclude(prefixed(rated_viewer(request.user), "assessment"))
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assessment":
            kwargs["queryset"] = Assessment.objects.filter(cycle__status="draft").select_related(
                "manager", "cycle"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.assessment.cycle.status != "draft":
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.assessment.cycle.status != "draft":
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="rates", ordering="assessment__manager__name")
    def manager_name(self, obj):
        return obj.assessment.manager.name

    @admin.display(description="cycle", ordering="assessment__cycle__name")
    def cycle_name(self, obj):
        return obj.assessment.cycle.name

    @admin.action(description=_("Approve selected nominations"), permissions=["change"])
    def approve(self, request, queryset):
        count = nominations_decide(
            nomination_ids=queryset.values_list("pk", flat=True), approve=True
        )
        approved = gettext("%(count)s nomination(s) approved.") % {"count": count}
        self.message_user(request, approved, messages.SUCCESS)

    @admin.action(description=_("Decline selected nominations"), permissions=["change"])
    def decline(self, request, queryset):
        count = nominations_decide(
            nomination_ids=queryset.values_list("pk", flat=True), approve=False
        )
        declined = gettext("%(count)s nomination(s) declined.") % {"count": count}
        self.message_user(request, declined, messages.SUCCESS)
