"""Database helpers the rules need beyond the ORM: statements whose values stay
out of their text, a lock that makes a periodic job run once at a time, and
commits that need not wait for the disk."""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Iterator

from django.db import connection, transaction


def bound_cursor():
    """A cursor whose parameters travel apart from the statement text.

    Django's psycopg 3 backend binds values into the SQL text on the client,
    so `pg_stat_activity`, which anyone with a database login can poll, shows
    them: the invitation a submission claims and the answers it counts, side
    by side. Through this cursor PostgreSQL receives `$1, $2 …` and the values
    separately (psycopg's server-side binding). Elsewhere (SQLite) it is the
    ordinary cursor. Use it inside the caller's transaction.
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    raw = ServerBindingCursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(raw)
    return connection.make_cursor(raw)


@contextlib.contextmanager
def advisory_lock(name: str) -> Iterator[bool]:
    """Yields True when this process holds the named lock, False when another
    does. PostgreSQL's session advisory lock; elsewhere always True (the
    embedded mode runs one dispatcher)."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = zlib.crc32(name.encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


@contextlib.contextmanager
def unflushed_commit() -> Iterator[None]:
    """One transaction whose commit returns before it reaches the disk.

    For bookkeeping that is cheap to redo, such as "this e-mail was sent": if
    PostgreSQL itself crashes, the last moment's marks can be lost and those
    e-mails go out again, a duplicate and never a loss. SET LOCAL, so that the
    setting ends with the transaction and never leaks to another client of a
    pooled connection.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def refresh_statistics(*models) -> None:
    """Let PostgreSQL's planner see rows a bulk insert just added.

    Autovacuum analyses a table only after a delay; until then the planner
    takes a table that just grew by 170,000 rows for the small one it was, and
    the statements that follow (marking each batch of raters queued) pick
    plans that walk the whole cycle for every batch. Elsewhere a no-op.
    """
    if connection.vendor == "postgresql":
        tables = ", ".join(f'"{model._meta.db_table}"' for model in models)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")
