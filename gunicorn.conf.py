"""Gunicorn settings for production (the Docker image and tests/smoke/run_smoke.py).

Everything a deployment tunes comes from the environment; command-line flags
still win over this file (the smoke test passes its own --bind).

Survey links carry their token in the URL path, so no log line may print a
path as it came in: the access and error logs go through the same redaction
as Django's own log lines (feedback360.logging), and survey requests are
logged without the client's address or user agent (DESIGN §8: nothing may tie
a response to a person).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from gunicorn.glogging import Logger

# The config file is read before the application is imported; make the
# project importable for the redaction helper whatever the working directory.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from feedback360.logging import redact

SURVEY_PREFIX = "/s/"


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


# --- Server socket --------------------------------------------------------------------
# All interfaces inside a container; the compose file publishes the port on
# 127.0.0.1 only, for the TLS-terminating proxy on the same host.
bind = [f"0.0.0.0:{_env_int('PORT', 8000)}"]

# --- Workers --------------------------------------------------------------------------
# Gunicorn's usual advice (2 × cores + 1) is too many for the small boxes this
# runs on: every worker holds the whole app and a database connection.
workers = _env_int("WEB_CONCURRENCY", 3)
# Longest request: a large CSV import or a cycle overview PDF, not a slow query.
timeout = _env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak (ReportLab, fonts) never grows.
max_requests = 1000
max_requests_jitter = 100
# The heartbeat file on tmpfs: a disk-backed /tmp can stall workers (Docker's /tmp is).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# The control socket would live in $HOME and collide between instances; unused.
control_socket_disable = True
proc_name = "feedback360"

# --- Behind a proxy -------------------------------------------------------------------
# Addresses allowed to set X-Forwarded-Proto for gunicorn's own wsgi.url_scheme.
# Django reads the header itself (SECURE_PROXY_SSL_HEADER), so the proxy must
# always overwrite it and gunicorn's port must be reachable through the proxy only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"

# --- Logging --------------------------------------------------------------------------
accesslog = "-"
errorlog = "-"
loglevel = (os.environ.get("LOG_LEVEL") or "info").lower()
# One key=value line per request, like Django's; the path is redacted below.
access_log_format = (
    "%(t)s event=http method=%(m)s path=%(U)s status=%(s)s bytes=%(B)s ms=%(M)s "
    'ip=%(h)s agent="%(a)s"'
)


class RedactTokens(logging.Filter):
    """Redacts survey and sign-in tokens from a record, its arguments and its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class RedactingLogger(Logger):
    """Gunicorn's logger with tokens taken out of every atom and every line."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactTokens) for f in log.filters):
                log.addFilter(RedactTokens())

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = {
            key: redact(value) if isinstance(value, str) else value
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }
        if (environ.get("PATH_INFO") or "").startswith(SURVEY_PREFIX):
            # Who opened or answered a survey is not ours to keep: no address,
            # no browser, no headers.
            atoms["h"] = atoms["a"] = "-"
            atoms = {k: v for k, v in atoms.items() if not k.startswith("{")}
        return atoms


logger_class = RedactingLogger
