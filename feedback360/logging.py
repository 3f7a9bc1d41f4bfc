"""Log hygiene: survey and sign-in tokens never reach a log line."""

from __future__ import annotations

import logging
import re

# /s/<token>/ (survey links) and /signin/link/<token>/ (sign-in links).
_TOKEN_PATH = re.compile(r"(/s/|/signin/link/)[^/\s\"?]+")


def redact(text: str) -> str:
    return _TOKEN_PATH.sub(r"\1[redacted]", text)


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
