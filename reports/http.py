"""Serving a report's PDF: the one response shape for managers and HR alike."""

from __future__ import annotations

from django.http import HttpResponse


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A download that no browser, proxy or back button keeps a copy of."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response
