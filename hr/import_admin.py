"""HR's CSV import on a draft cycle's page: upload, see what it would create or
change, then confirm. Nothing is saved before the confirmation, and a file
with any bad row is refused with every problem listed."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from surveys import imports
from surveys.errors import ServiceError, status_in_sentence
from surveys.models import Cycle
from surveys.rosters import NOT_DRAFT

from .admin_text import counted
from .previews import group_name


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        allow_empty_file=True,  # the importer explains what is wrong with it
        help_text=_("UTF-8; comma or semicolon separated."),
    )


def csv_template(request, shape: str) -> HttpResponse:
    if shape not in imports.TEMPLATES:
        shape = "teams"
    response = HttpResponse(imports.TEMPLATES[shape], content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="feedback360-{shape}-template.csv"'
    return response


def team_import_view(model_admin, request, cycle: Cycle):
    """Step 1 uploads and shows the plan; step 2 (the same text sent back) saves."""
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    plan = None
    text = ""
    status = 200
    if cycle.status != Cycle.Status.DRAFT:
        status_name = status_in_sentence(cycle.status)
        problems = [NOT_DRAFT.format(cycle=cycle.name, status=status_name)]
        status = 409
    elif request.method == "POST":
        confirming = "csv_text" in request.POST
        try:
            if confirming:
                text = request.POST["csv_text"]
            elif form.is_valid():
                text = imports.decode(form.cleaned_data["file"].read())
            else:
                raise imports.ImportRefused([])
            parsed = imports.parse_csv(text)
            if confirming:
                result = imports.csv_import(cycle=cycle, parsed=parsed)
                model_admin.message_user(request, imported_message(result, cycle), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:surveys_cycle_change", args=[cycle.pk]))
            plan = imports.import_plan(cycle=cycle, parsed=parsed)
        except imports.ImportRefused as refused:
            problems, status = refused.problems, 400
        except ServiceError as exc:
            problems, status = [str(exc)], 409
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Import into “%(cycle)s”") % {"cycle": cycle.name},
        "cycle": cycle,
        "form": CsvUploadForm() if plan or status == 409 else form,
        "problems": problems,
        "plan": plan,
        "plan_groups": [(group_name(g), n) for g, n in (plan.raters.items() if plan else [])],
        "csv_text": text,
        "team_columns": imports.TEAM_COLUMNS,
        "rater_columns": imports.RATER_COLUMNS,
        "opts": Cycle._meta,
    }
    return TemplateResponse(request, "admin/surveys/cycle/import.html", context, status=status)


def imported_message(result: imports.ImportResult, cycle: Cycle) -> str:
    if result.shape == "teams":
        what = counted(ngettext("%(count)s rep", "%(count)s reps", result.rows), result.rows)
    else:
        what = counted(ngettext("%(count)s rater", "%(count)s raters", result.rows), result.rows)
    created, added = result.people_created, result.managers_added
    return gettext(
        "Imported %(what)s: %(created)s, %(updated)s updated, %(added)s added to “%(cycle)s”."
    ) % {
        "what": what,
        "created": counted(
            ngettext("%(count)s new person", "%(count)s new people", created), created
        ),
        "updated": result.people_updated,
        "added": counted(ngettext("%(count)s manager", "%(count)s managers", added), added),
        "cycle": cycle.name,
    }
