"""Settings, read once from the environment.

The defaults are the embedded mode: SQLite in the project folder, no broker
server (Celery runs tasks in-process) and e-mail written to an outbox folder
that the demo shows at /outbox/. Production sets the variables listed in the
README; with DEBUG off there is no default secret.
"""

from __future__ import annotations

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()


def env_bool(name: str, default: bool) -> bool:
    """Strict boolean: a typo such as DEBUG=flase must not silently mean False."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


DEBUG = env_bool("DEBUG", True)

_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

# The base of every link in e-mails. Links are never built from the request's
# Host header, which an attacker controls.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "feedback360.apps.Feedback360AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    # Layers, each depending only on those above it (checked by .importlinter).
    "feedback360.apps.PlatformConfig",
    "surveys",
    "reports",
    "portal",
    "hr",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The browser's language for pages nobody signed in to; the person's own
    # for a signed-in manager (portal) and for a rater's survey (surveys.views).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "feedback360.bad_requests.RefuseUnreadableForms",
    "feedback360.csrf.SurveyNullOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "feedback360.urls"
WSGI_APPLICATION = "feedback360.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded mode: the web server and the dispatcher write to one file.
    # WAL lets one read while the other writes, IMMEDIATE makes a writer wait
    # its turn instead of failing with "database is locked", and NORMAL syncs
    # at checkpoints rather than at every commit (safe with WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        transaction_mode="IMMEDIATE",
        timeout=20,
    )
DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every process in production (Redis), so that sign-in throttling
# counts attempts across gunicorn workers.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# Sessions read from the cache (written through to the database): a signed-in
# page costs no query for its session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "signin"
LOGIN_REDIRECT_URL = "my_reports"
LOGOUT_REDIRECT_URL = "signin"

# The organisation's language: for people with none of their own, and HR.
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en")
LANGUAGES = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
    ("sv", "Svenska"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["feedback360.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail -----------------------------------------------------------------
# Without EMAIL_HOST, messages go to an outbox folder (and the console), which
# the demo lists at /outbox/ so that a person trying it can click the links.
# Django 6.1 configures sending through MAILERS; the variables keep their
# familiar names.
EMAIL_HOST_NAME = env.str("EMAIL_HOST", default="")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="feedback360 <feedback@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Named in every e-mail, so that people know who is asking and whom to ask.
# Read mid-sentence ("at Northwind Sales"); unset, each reader sees it in their language.
ORGANISATION_NAME = env.str("ORGANISATION_NAME", default="") or gettext_lazy("your organisation")
HR_CONTACT = env.str("HR_CONTACT", default="")
OUTBOX_DIR = Path(env.str("OUTBOX_DIR", default=str(VAR_DIR / "outbox")))
if EMAIL_HOST_NAME:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST_NAME,
                "port": env.int("EMAIL_PORT", default=25),
                "username": env.str("EMAIL_HOST_USER", default=""),
                "password": env.str("EMAIL_HOST_PASSWORD", default=""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "timeout": env.int("EMAIL_TIMEOUT", default=20),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "feedback360.mail.OutboxBackend"}}

# --- Celery -----------------------------------------------------------------
# Without a broker URL the tasks run in-process when queued (embedded mode);
# `manage.py dispatch_due --every 60` then stands in for celery beat.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="feedback360")
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A publish to a stopped Redis must fail fast, so the caller can say so,
# instead of hanging a web request.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
    "socket_connect_timeout": 3,
    "socket_timeout": 10,
}
# Each run expires when the next is due: after a worker outage the queued runs
# do not pile up and overlap (the dispatcher also takes a lock of its own).
DISPATCH_INTERVAL_SECONDS = env.float("DISPATCH_INTERVAL_SECONDS", default=60.0)
CELERY_BEAT_SCHEDULE = {
    "dispatch-due-work": {
        "task": "surveys.tasks.dispatch_due_work",
        "schedule": DISPATCH_INTERVAL_SECONDS,
        "options": {"expires": DISPATCH_INTERVAL_SECONDS},
    },
    "queue-missing-reports": {
        "task": "reports.tasks.queue_missing_reports",
        "schedule": 300.0,
        "options": {"expires": 300.0},
    },
}

# The dispatcher re-queues e-mails whose task has not finished after this long
# (a worker died, or the broker lost the message). Each retry of a task marks
# its rows again, so this only has to outlast the longest wait between two
# retries (15 minutes with jitter), not the whole chain.
REQUEUE_AFTER_SECONDS = env.int("REQUEUE_AFTER_SECONDS", default=1800)

# --- Product rules ----------------------------------------------------------
FEEDBACK = {
    # Gap of at least this many points between self and team marks a blind
    # spot (self higher) or a hidden strength (team higher).
    "GAP_THRESHOLD": 0.5,
    # Invitations e-mailed per task; they share one SMTP connection.
    "SEND_BATCH_SIZE": env.int("SEND_BATCH_SIZE", default=100),
    # First retry after a failed SMTP hand-off, in seconds; doubles each time.
    "SEND_RETRY_BASE_SECONDS": env.float("SEND_RETRY_BASE_SECONDS", default=10.0),
    # Longest comment accepted, in characters.
    "COMMENT_MAX_CHARS": 2000,
    # Paper for the PDF: "A4" or "LETTER".
    "PDF_PAGE_SIZE": env.str("PDF_PAGE_SIZE", default="A4").upper(),
}

# --- Security ---------------------------------------------------------------
# Secure by default once DEBUG is off: cookies only over HTTPS, plain HTTP
# redirected, HSTS. ALLOW_PLAIN_HTTP=true is the deliberate exception for a
# trial on a LAN address without TLS (check --deploy warns while it is on).
ALLOW_PLAIN_HTTP = env_bool("ALLOW_PLAIN_HTTP", False)
_HTTPS_ONLY = not DEBUG and not ALLOW_PLAIN_HTTP
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _HTTPS_ONLY
CSRF_COOKIE_SECURE = _HTTPS_ONLY
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _HTTPS_ONLY)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of the app append to X-Forwarded-For; throttling
# counts by the address the outermost one saw. 0: use the connection's address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000) if _HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _HTTPS_ONLY
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", _HTTPS_ONLY)
# Survey pages tighten this to "no-referrer" (surveys.views.no_referrer).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])

# --- Logging ----------------------------------------------------------------
# One line per event, key=value pairs. Never a rating, a comment or a token.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "feedback360.logging.RedactTokens"}},
    "formatters": {
        "kv": {"format": "%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "kv",
            "filters": ["redact_tokens"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Replace Django's own handlers, which would print request paths (and so
    # survey tokens) without the redaction filter.
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
