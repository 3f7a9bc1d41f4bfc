"""The product's URLs plus /bench/floor/<invitation id>/, the floor the survey
page is measured against (DESIGN §7, survey_get_vs_floor)."""

from __future__ import annotations

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import include, path

from surveys.models import Invitation

# The fixed page: the bytes of a real survey page, captured before the server
# started (bench_survey.py), so that the floor sends as much as the page does.
_PAGE_FILE = os.environ.get("BENCH_FLOOR_PAGE")
FIXED_PAGE = Path(_PAGE_FILE).read_bytes() if _PAGE_FILE else b"<!doctype html><p>ok</p>"


def floor(request, invitation_id):
    """What a survey page cannot avoid: find the invitation by its id (one
    indexed lookup, through the ORM) and answer a page. Same server, same
    middleware, no rendering."""
    try:
        Invitation.objects.get(pk=invitation_id)  # get(): no ORDER BY, unlike first()
    except Invitation.DoesNotExist:
        return HttpResponse(status=404)
    return HttpResponse(FIXED_PAGE)


urlpatterns = [
    path("bench/floor/<uuid:invitation_id>/", floor, name="bench_floor"),
    path("", include("feedback360.urls")),
]
