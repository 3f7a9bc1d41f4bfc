"""Handing work to Celery without letting a broker outage break the caller.

The database is the source of truth: a task that could not be published is
found again by the periodic scan, so a failed publish is logged, not raised.
"""

from __future__ import annotations

import logging

from kombu.exceptions import KombuError
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

BROKER_ERRORS = (KombuError, RedisError, OSError)


def publish(task, *args, what: str) -> bool:
    try:
        task.delay(*args)
    except BROKER_ERRORS as exc:
        log.warning("event=enqueue_failed what=%s error=%s", what, type(exc).__name__)
        return False
    return True
