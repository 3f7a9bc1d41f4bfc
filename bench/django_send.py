"""The reference sender, in a process of its own: Django's SMTP backend sending
messages that are already built.

Reads a file of messages the worker delivered (bench_launch.py writes it: JSON
lines of sender, recipients and the message as received), turns each back
into an EmailMultiAlternatives (subject, text and HTML bodies, sender,
recipients) before anything is timed, then sends them with the SMTP mailer
the settings configure (EMAIL_HOST/EMAIL_PORT, as the worker's), one
connection per SEND_BATCH_SIZE messages and one send_messages() call per
message, as mail_batch_send does. What is left for Django is composing the
MIME message and the SMTP exchange. The sink times the arrivals.

    python bench/django_send.py MESSAGES.jsonl
"""

from __future__ import annotations

import base64
import email
import email.policy
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives, mailers

    built = []
    for line in Path(sys.argv[1]).read_text().splitlines():
        record = json.loads(line)
        parsed = email.message_from_bytes(
            base64.b64decode(record["content"]), policy=email.policy.default
        )
        message = EmailMultiAlternatives(
            str(parsed["Subject"]),
            parsed.get_body(("plain",)).get_content(),
            str(parsed["From"]),
            record["to"],
        )
        message.attach_alternative(parsed.get_body(("html",)).get_content(), "text/html")
        built.append(message)
    batch = settings.FEEDBACK["SEND_BATCH_SIZE"]
    connection = mailers.default
    for start in range(0, len(built), batch):
        connection.open()
        try:
            for message in built[start : start + batch]:
                connection.send_messages([message])
        finally:
            connection.close()
    print(json.dumps({"sent": len(built)}))


if __name__ == "__main__":
    main()
