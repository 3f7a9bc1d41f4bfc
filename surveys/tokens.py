"""Survey links: a signed, unguessable token per invitation (DESIGN §4).

The token is `<cycle id>.<invitation uuid>:<HMAC-SHA256>`, checked without a
query, re-derived for reminders and never stored: the database only holds the
invitation's id, which is useless without SECRET_KEY.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core import signing

_SALT = "feedback360.surveys.link"


@dataclass(frozen=True)
class TokenClaims:
    cycle_id: int
    invitation_id: uuid.UUID


def make_token(*, cycle_id: int, invitation_id: uuid.UUID) -> str:
    return signing.Signer(salt=_SALT).sign(f"{cycle_id}.{invitation_id.hex}")


def read_token(token: str) -> TokenClaims | None:
    """The claims of a genuine token, or None for anything else."""
    if not token or len(token) > 200:
        return None
    try:
        value = signing.Signer(salt=_SALT).unsign(token)
        cycle_part, invitation_part = value.split(".", 1)
        return TokenClaims(int(cycle_part), uuid.UUID(hex=invitation_part))
    except (signing.BadSignature, ValueError):
        return None
