"""Settings come from the environment, strictly, with the embedded defaults."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST", ""),
    "port": str(db.get("PORT", "")), "debug": settings.DEBUG,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER, "broker": settings.CELERY_BROKER_URL,
    "email_backend": settings.MAILERS["default"]["BACKEND"],
    "email_options": settings.MAILERS["default"].get("OPTIONS", {}),
    "from": settings.DEFAULT_FROM_EMAIL,
    "hosts": settings.ALLOWED_HOSTS, "site": settings.SITE_URL,
    "secure_cookies": settings.SESSION_COOKIE_SECURE,
}))
"""

NAMES = (
    "DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_HOST", "EMAIL_PORT", "DEFAULT_FROM_EMAIL",
    "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SITE_URL", "CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE",
    "TRUSTED_PROXY_COUNT", "ALLOW_PLAIN_HTTP",
)  # fmt: skip


def run_with(env: dict[str, str], code: str = PROBE) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in NAMES}
    clean["DJANGO_SETTINGS_MODULE"] = "feedback360.settings"
    return subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, cwd=ROOT, capture_output=True, text=True
    )


def settings_with(env: dict[str, str]) -> dict:
    result = run_with(env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_defaults_are_the_embedded_mode():
    s = settings_with({})
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["name"] == str(ROOT / "db.sqlite3")
    assert s["eager"] is True and s["broker"] == ""
    assert s["email_backend"] == "feedback360.mail.OutboxBackend"
    assert s["debug"] is True
    assert s["site"] == "http://127.0.0.1:8000"


def test_it_reads_every_variable():
    s = settings_with(
        {
            "DATABASE_URL": "postgres://app:pw@db.internal:5433/feedback",
            "CELERY_BROKER_URL": "redis://cache.internal:6379/0",
            "EMAIL_HOST": "smtp.internal",
            "EMAIL_PORT": "2525",
            "DEFAULT_FROM_EMAIL": "HR <hr@example.com>",
            "SECRET_KEY": "x" * 60,
            "DEBUG": "false",
            "ALLOWED_HOSTS": "feedback.example.com,www.feedback.example.com",
            "SITE_URL": "https://feedback.example.com/",
        }
    )
    assert s["engine"] == "django.db.backends.postgresql"
    assert (s["name"], s["host"], s["port"]) == ("feedback", "db.internal", "5433")
    assert s["eager"] is False and s["broker"] == "redis://cache.internal:6379/0"
    assert s["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert s["email_options"]["host"] == "smtp.internal"
    assert s["email_options"]["port"] == 2525
    assert s["email_options"]["timeout"] == 20
    assert s["from"] == "HR <hr@example.com>"
    assert s["debug"] is False and s["secure_cookies"] is True
    assert s["hosts"] == ["feedback.example.com", "www.feedback.example.com"]
    assert s["site"] == "https://feedback.example.com"


def test_a_misspelt_boolean_is_an_error_not_false():
    result = run_with({"DEBUG": "flase"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_there_is_no_default_secret_once_debug_is_off():
    result = run_with({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_deploy_check_is_clean_with_production_values():
    env = {
        "DEBUG": "false",
        "SECRET_KEY": "k3y-" + "a9Zq" * 15,
        "ALLOWED_HOSTS": "feedback.example.com",
        "SITE_URL": "https://feedback.example.com",
        "DATABASE_URL": "postgres://app@db:5432/feedback",
        "EMAIL_HOST": "smtp.example.com",
    }
    code = (
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    result = run_with(env, code)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "a9Zq" * 15,
    "ALLOWED_HOSTS": "feedback.example.com",
    "SITE_URL": "https://feedback.example.com",
}
DEPLOY_CHECK = (
    "from django.core.management import execute_from_command_line; "
    "execute_from_command_line(['manage.py', 'check', '--deploy'])"
)


def test_the_deploy_check_fails_when_no_smtp_relay_is_set():
    result = run_with(PRODUCTION, DEPLOY_CHECK)
    assert result.returncode != 0
    assert "feedback360.E001" in result.stderr
    assert "no invitation, reminder or report e-mail would leave" in result.stderr


def test_cookies_are_secure_unless_plain_http_is_allowed_deliberately():
    assert settings_with(PRODUCTION)["secure_cookies"] is True
    trial = settings_with({**PRODUCTION, "ALLOW_PLAIN_HTTP": "true"})
    assert trial["secure_cookies"] is False
    result = run_with(
        {**PRODUCTION, "ALLOW_PLAIN_HTTP": "true", "EMAIL_HOST": "smtp.example.com"},
        DEPLOY_CHECK,
    )
    assert "feedback360.W002" in result.stderr + result.stdout


def settings_variables() -> set[str]:
    """Every environment variable feedback360/settings.py reads."""
    source = (ROOT / "feedback360" / "settings.py").read_text()
    return set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', source))


def test_the_compose_stack_passes_on_every_setting_and_the_docs_name_it():
    """A variable the containers never receive is a setting an operator cannot
    make; one the docs never name is one they cannot find."""
    compose = (ROOT / "docker-compose.yml").read_text()
    passed = set(re.findall(r"^\s+- ([A-Z_]+)(?:=|$)", compose, re.MULTILINE))
    docs = (ROOT / "docs" / "production.md").read_text()
    embedded_only = {"OUTBOX_DIR"}  # where the embedded mode keeps its e-mails
    wanted = settings_variables() - embedded_only
    assert {"ORGANISATION_NAME", "HR_CONTACT", "LANGUAGE_CODE"} <= wanted
    assert wanted - passed == set()
    assert {name for name in wanted if f"`{name}`" not in docs} == set()
