"""An SMTP server for benchmarks, in a process of its own: aiosmtpd on
127.0.0.1:<port>, appending each message to <spool> as

    <arrival, monotonic s: float64> <envelope length: uint32> <content length: uint32>
    <envelope JSON: {"from": ..., "to": [...]}> <content bytes>

(bench/common.py SmtpSink reads it). CLOCK_MONOTONIC is system-wide on Linux,
but only differences between arrivals are ever used.

    python bench/smtp_sink.py PORT SPOOL
"""

from __future__ import annotations

import json
import signal
import struct
import sys
import threading
import time

RECORD = struct.Struct("<dII")


class Spool:
    def __init__(self, path: str):
        self.file = open(path, "ab", buffering=0)  # noqa: SIM115 - closed at exit
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        arrived = time.monotonic()
        head = json.dumps({"from": envelope.mail_from, "to": list(envelope.rcpt_tos)}).encode()
        content = envelope.original_content
        record = RECORD.pack(arrived, len(head), len(content)) + head + content
        with self.lock:
            self.file.write(record)  # one write: a reader never sees half a header
        return "250 OK"


def main() -> None:
    from aiosmtpd.controller import Controller

    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Spool(path), hostname="127.0.0.1", port=port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
