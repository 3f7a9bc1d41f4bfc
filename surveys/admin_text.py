"""Small pieces of text and markup the HR screens share."""

from __future__ import annotations

from django.utils.html import format_html


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


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
