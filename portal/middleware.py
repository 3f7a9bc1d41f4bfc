"""A signed-in manager reads the portal in their own language.

The language is put in the session when they sign in (portal/apps.py), so no
page pays a query to find it."""

from __future__ import annotations

from django.utils import translation

from surveys.translations import supported

SESSION_KEY = "f360_language"


def remember_language(sender, request, user, **kwargs) -> None:
    """On sign-in: the person's own language, if they have one."""
    person = getattr(user, "person", None)
    if request is not None and person is not None and person.language:
        request.session[SESSION_KEY] = person.language


class PersonLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        language = session.get(SESSION_KEY) if session is not None else None
        if language:
            language = supported(language)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
