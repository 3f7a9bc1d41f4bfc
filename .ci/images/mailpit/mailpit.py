#!/usr/bin/env python3
"""Stand-in for the axllent/mailpit image in CI (see ../build.sh).

Catches every message on SMTP port 1025 and serves the part of Mailpit's HTTP
API (port 8025) that tests/compose/drive.py reads, with Mailpit's field names,
so the driver works against the real Mailpit too:

    GET    /api/v1/messages?start=0&limit=50   newest first: ID, From, To, Subject, Created
    GET    /api/v1/message/<ID>                one message with its Text and HTML bodies
    DELETE /api/v1/messages                    forget every message
    GET    /readyz, /livez                     200 once SMTP and HTTP are listening

`/mailpit readyz` is the health check docker-compose.yml runs, as with the
real binary.

One switch the real Mailpit lacks, for the worker-kill test:
STANDIN_SMTP_DELAY_SECONDS makes every message wait that long between being
stored and the "250" that tells the sender so. A sender killed during that
wait has handed the message over without learning that it was accepted:
exactly the case that can produce one duplicate.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import threading
import urllib.request
import uuid
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.utils import getaddresses
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

SMTP_PORT = 1025
HTTP_PORT = 8025
DELAY = float(os.environ.get("STANDIN_SMTP_DELAY_SECONDS") or 0)

_lock = threading.Lock()
_messages: list[dict] = []  # oldest first


def _addresses(value: str | None) -> list[dict]:
    return [{"Name": name, "Address": address} for name, address in getaddresses([value or ""])]


def _body(message, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    return part.get_content() if part is not None else ""


def store(raw: bytes) -> dict:
    message = message_from_bytes(raw, policy=policy.default)
    sender = _addresses(message["From"])
    record = {
        "ID": uuid.uuid4().hex[:22],
        "MessageID": (message["Message-ID"] or "").strip("<>"),
        "From": sender[0] if sender else {"Name": "", "Address": ""},
        "To": _addresses(message["To"]),
        "Cc": _addresses(message["Cc"]) if message["Cc"] else [],
        "Subject": str(message["Subject"] or ""),
        "Created": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "Size": len(raw),
        "Text": _body(message, "plain"),
        "HTML": _body(message, "html"),
    }
    with _lock:
        _messages.append(record)
    return record


class SmtpHandler:
    async def handle_DATA(self, server, session, envelope):
        # Stored before the wait, as a relay commits its queue file before it
        # answers: a sender that dies in the wait leaves a delivered message.
        record = store(envelope.original_content or envelope.content)
        print(f"smtp: stored {record['ID']} to={[t['Address'] for t in record['To']]}", flush=True)
        if DELAY:
            await asyncio.sleep(DELAY)
        return "250 Message accepted for delivery"


SUMMARY_FIELDS = ("ID", "MessageID", "From", "To", "Cc", "Subject", "Created", "Size")


class Api(BaseHTTPRequestHandler):
    server_version = "mailpit-stand-in"

    def log_message(self, format, *args):  # survey links are in the bodies, not the paths
        pass

    def _json(self, status: int, body) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlparse(self.path)
        if url.path in ("/readyz", "/livez"):
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif url.path == "/api/v1/messages":
            query = parse_qs(url.query)
            start = int(query.get("start", ["0"])[0])
            limit = int(query.get("limit", ["50"])[0])
            with _lock:
                newest_first = list(reversed(_messages))
            page = newest_first[start : start + limit]
            self._json(
                200,
                {
                    "total": len(newest_first),
                    "unread": len(newest_first),
                    "count": len(page),
                    "messages_count": len(newest_first),
                    "start": start,
                    "tags": [],
                    "messages": [{k: m[k] for k in SUMMARY_FIELDS} for m in page],
                },
            )
        elif url.path.startswith("/api/v1/message/"):
            wanted = url.path.rsplit("/", 1)[-1]
            with _lock:
                found = next((m for m in _messages if m["ID"] == wanted), None)
            if found is None:
                self._json(404, {"error": "message not found"})
            else:
                self._json(200, found | {"Tags": [], "Attachments": [], "Inline": []})
        else:
            self._json(404, {"error": "not in the stand-in's API subset"})

    def do_DELETE(self):
        if urlparse(self.path).path == "/api/v1/messages":
            with _lock:
                _messages.clear()
            self._json(200, "ok")
        else:
            self._json(404, {"error": "not in the stand-in's API subset"})


def serve() -> int:
    from aiosmtpd.controller import Controller

    smtp = Controller(SmtpHandler(), hostname="0.0.0.0", port=SMTP_PORT)  # noqa: S104
    smtp.start()
    http = ThreadingHTTPServer(("0.0.0.0", HTTP_PORT), Api)  # noqa: S104
    # PID 1 gets no default SIGTERM handler: without this, `docker stop`
    # would wait its full timeout and then kill.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=http.shutdown).start())
    print(f"mailpit stand-in: smtp :{SMTP_PORT}, http :{HTTP_PORT}, delay {DELAY}s", flush=True)
    try:
        http.serve_forever()
    finally:
        smtp.stop()
    return 0


def readyz() -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{HTTP_PORT}/readyz", timeout=3) as reply:
            return 0 if reply.status == 200 else 1
    except OSError as error:
        print(f"not ready: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    if sys.argv[1:] == ["readyz"]:
        sys.exit(readyz())
    sys.exit(serve())
