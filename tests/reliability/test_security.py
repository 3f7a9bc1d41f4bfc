"""Security settings: a CSP on every page, secure cookies in production, framing
refused, and the deploy check clean (tests/test_settings.py runs that one)."""

from __future__ import annotations

import json

import pytest

from reports.models import Report
from reports.release import cycle_release
from surveys import lifecycle
from surveys.accounts import person_user_ensure
from surveys.models import Invitation
from tests.helpers import launched_cycle, survey_path
from tests.test_settings import run_with

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "Zq9a" * 15,
    "ALLOWED_HOSTS": "feedback.example.com",
    "SITE_URL": "https://feedback.example.com",
}


def pages(client, hr_client, instrument) -> dict[str, object]:
    released, _ = launched_cycle(team_size=3)
    lifecycle.cycle_close(cycle_id=released.pk)
    cycle_release(cycle_id=released.pk)
    report = Report.objects.get(cycle=released, kind="manager")
    cycle, [(manager, _)] = launched_cycle(team_size=3)
    invitation = Invitation.objects.filter(assessment__cycle=cycle, relationship="team").first()
    manager_client = client.__class__()
    manager_client.force_login(person_user_ensure(person=report.assessment.manager))
    return {
        "home": client.get("/"),
        "survey": client.get(survey_path(invitation)),
        "bad link": client.get("/s/nope/"),
        "thanks": client.get("/s/thanks/"),
        "sign-in": client.get("/signin/"),
        "my reports": manager_client.get("/reports/"),
        "report page": manager_client.get(f"/reports/{report.pk}/"),
        "report pdf": manager_client.get(f"/reports/{report.pk}/pdf"),
        "password": manager_client.get("/account/password/"),
        "not found": client.get("/no/such/page/"),
        "admin login": client.get("/admin/login/"),
        "admin index": hr_client.get("/admin/"),
        "admin cycle": hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/change/"),
        "admin confirm": hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/transition/close/"),
        "admin release": hr_client.get(f"/admin/surveys/cycle/{released.pk}/transition/release/"),
        "admin import": hr_client.get(f"/admin/surveys/cycle/{cycle.pk}/import/"),
        "health": client.get("/healthz"),
    }


def test_every_page_sends_a_content_security_policy(client, hr_client, instrument):
    for name, response in pages(client, hr_client, instrument).items():
        csp = response.get("Content-Security-Policy", "")
        assert "default-src 'self'" in csp, name
        assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp, name
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, name
        assert response["X-Frame-Options"] == "DENY", name
        assert response["X-Content-Type-Options"] == "nosniff", name


def test_no_page_loads_anything_from_another_site(client, hr_client, instrument):
    for name, response in pages(client, hr_client, instrument).items():
        if response.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode()
            assert 'src="http' not in html and 'href="http' not in html.replace(
                'href="http://testserver', ""
            ), name


def test_production_cookies_are_secure_and_http_only():
    probe = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_REFERRER_POLICY]))"
    )
    result = run_with(PRODUCTION, probe)
    assert result.returncode == 0, result.stderr
    session_secure, csrf_secure, http_only, redirect, hsts, referrer = json.loads(result.stdout)
    assert session_secure and csrf_secure and http_only and redirect
    assert hsts >= 31536000
    assert referrer == "same-origin"


def test_survey_pages_tell_browsers_to_send_no_referrer(client, instrument):
    launched_cycle(team_size=3)
    invitation = Invitation.objects.filter(relationship="team").first()
    token = survey_path(invitation).split("/")[2]
    for response in (
        client.get(survey_path(invitation)),
        client.get("/s/nope/"),
        client.get("/s/thanks/"),
        client.post(survey_path(invitation), {}),  # the form again, with its errors
    ):
        assert response["Referrer-Policy"] == "no-referrer"
        assert token not in response.get("Location", "")
