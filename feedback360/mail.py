"""The embedded mode's e-mail: an outbox folder a person trying the demo can read.

Each message is saved as an .eml file in settings.OUTBOX_DIR and announced on
the console; /outbox/ (DEBUG only) lists them with clickable links.
"""

from __future__ import annotations

import sys
import uuid
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage as ParsedMessage
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        folder = Path(settings.OUTBOX_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            path.write_bytes(message.message().as_bytes())
            sys.stdout.write(
                f"[outbox] to={','.join(message.to)} subject={message.subject!r} "
                f"-> {settings.SITE_URL}/outbox/{path.name}\n"
            )
        sys.stdout.flush()
        return len(email_messages)


def outbox_files_dir() -> Path:
    return Path(settings.OUTBOX_DIR)


def outbox_files() -> list[Path]:
    folder = outbox_files_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.eml"), reverse=True)


def read_message(path: Path) -> ParsedMessage:
    return message_from_bytes(path.read_bytes(), policy=policy.default)


def body_of(message: ParsedMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    return part.get_content() if part is not None else ""
