"""Small pieces of text and markup the HR screens share."""

from __future__ import annotations

from datetime import datetime

from django.utils import formats, timezone
from django.utils.html import format_html


def counted(text: str, count: int) -> str:
    """`text` is ngettext("%(count)s invitation", "%(count)s invitations", count),
    written where it is used so that makemessages finds it."""
    return text % {"count": f"{count:,}"}


def local_datetime(value: datetime | None) -> str:
    """A date and time in the organisation's time zone, with the zone named
    (HR in one country, raters in another: "17:00" alone is a trap)."""
    if value is None:
        return "—"
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"


def progress(answered: int, invited: int):
    """A response-rate bar with its numbers: a <progress> element needs no
    inline style, which the Content-Security-Policy would block."""
    percent = round(100 * answered / invited) if invited else 0
    return format_html(
        '<progress value="{}" max="100" aria-label="{}% answered"></progress> {} / {} ({}%)',
        percent,
        percent,
        answered,
        invited,
        percent,
    )
