"""A narrow allowance for survey links in Django's CSRF check.

Survey pages carry their token in the URL, so they send
`Referrer-Policy: no-referrer`; browsers then submit the form with
`Origin: null`, which Django's CsrfViewMiddleware refuses. On survey paths
only, this middleware (placed just before it) reads a null origin as the
site's own. The CSRF cookie and the form's token are still checked by Django
as usual, so a request without them is refused all the same.
"""

from __future__ import annotations

import contextlib

from django.core.exceptions import DisallowedHost

NO_REFERRER_PREFIX = "/s/"


class SurveyNullOriginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("HTTP_ORIGIN") == "null" and request.path_info.startswith(
            NO_REFERRER_PREFIX
        ):
            with contextlib.suppress(DisallowedHost):  # Django answers that itself
                request.META["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
        return self.get_response(request)
