"""The product's URLs plus /bench/bare, the reference every page is measured against."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """Same server, same middleware (sessions, CSRF, CSP), no work of its own."""
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare", bare, name="bench_bare"),
    path("", include("feedback360.urls")),
]
