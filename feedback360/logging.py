"""Log hygiene: survey and sign-in tokens never reach a log line."""

from __future__ import annotations

import logging
import re

# /s/<token>/ (survey links) and /signin/link/<token>/ (sign-in links), with
# the slashes possibly percent-encoded. Everything up to the end of the path
# goes: a token split by an encoded slash (/s/abc%2Fsig/) arrives decoded as
# two segments, and the second one is the signature.
_SLASH = r"(?:/|%2[fF])"
_TOKEN_PATH = re.compile(rf"{_SLASH}(s|signin{_SLASH}link){_SLASH}(?!thanks/)[^\s\"'?#<>]+")


def _replacement(match: re.Match) -> str:
    prefix = "/s/" if match.group(1) == "s" else "/signin/link/"
    return f"{prefix}[redacted]/"


def redact(text: str) -> str:
    return _TOKEN_PATH.sub(_replacement, text)


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
