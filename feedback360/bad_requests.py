"""Requests that cannot be read get a plain 400 page, never a 500.

Django 6.1 refuses a form body declared in any charset but UTF-8 by raising
BadRequest inside CsrfViewMiddleware; its default 400 handler is itself CSRF
protected, reads the body again and raises again, which gunicorn turns into a
bare 500. The middleware refuses such bodies before CSRF looks at them, and
the handler below renders the page without touching the body or the CSRF
machinery, whatever else goes wrong.
"""

from __future__ import annotations

import codecs

from django.http import HttpResponseBadRequest
from django.template import loader

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def is_unreadable_form(request) -> bool:
    """A form body in a charset other than UTF-8 (or an unknown one)."""
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.split(";")[0].strip().lower() not in FORM_TYPES:
        return False
    charset = _charset(content_type)
    if charset is None:
        return False
    try:
        return codecs.lookup(charset).name != "utf-8"
    except LookupError:
        return True


def bad_request_page() -> HttpResponseBadRequest:
    # No request in the context: nothing here may read the body or need a token.
    return HttpResponseBadRequest(loader.render_to_string("400.html"))


class RefuseUnreadableForms:
    """Placed before CsrfViewMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and is_unreadable_form(request):
            return bad_request_page()
        return self.get_response(request)


def bad_request(request, exception=None):
    """handler400: no CSRF decorator, no request context."""
    return bad_request_page()
