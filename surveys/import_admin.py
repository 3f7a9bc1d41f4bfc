"""HR's CSV import of teams, on a draft cycle's page in the admin."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from . import imports, services
from .admin_text import plural
from .errors import ServiceError
from .models import Cycle


class TeamCsvForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        allow_empty_file=True,  # the importer explains what is wrong with it
        help_text="Columns: manager_email, manager_name, rep_email, rep_name. "
        "UTF-8; comma or semicolon separated.",
    )


def team_import_view(model_admin, request, cycle: Cycle):
    """The whole file is checked first; a refused file lists every bad row."""
    form = TeamCsvForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    status = 200
    if cycle.status != Cycle.Status.DRAFT:
        status_name = cycle.get_status_display().lower()
        problems = [services.NOT_DRAFT.format(cycle=cycle.name, status=status_name)]
        status = 409
    elif request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            try:
                rows = imports.parse_team_csv(form.cleaned_data["file"].read())
                result = imports.team_import(cycle=cycle, rows=rows)
            except imports.ImportRefused as refused:
                problems, status = refused.problems, 400
            except ServiceError as exc:
                problems, status = [str(exc)], 409
            else:
                model_admin.message_user(request, imported_message(result, cycle), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:surveys_cycle_change", args=[cycle.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Import teams into “{cycle.name}”",
        "cycle": cycle,
        "form": form if status != 409 else TeamCsvForm(),
        "problems": problems,
        "columns": imports.COLUMNS,
        "opts": Cycle._meta,
    }
    return TemplateResponse(request, "admin/surveys/cycle/import.html", context, status=status)


def imported_message(result: imports.ImportResult, cycle: Cycle) -> str:
    return (
        f"Imported {plural(result.reps, 'rep')}: {result.people_created} new people, "
        f"{result.people_updated} renamed, {plural(result.managers_added, 'manager')} added "
        f"to “{cycle.name}”."
    )
