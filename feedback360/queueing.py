"""Handing work to Celery without letting a broker outage break the caller.

Tasks are named, not imported: a service that queues work never imports the
module of the task that runs it (the task module imports the service), so
the two cannot form an import cycle.

The database is the source of truth: a task that could not be published is
found again by the periodic scan, so a failed publish is logged, not raised.
In the embedded mode (no broker) the task runs here and now; an error in it is
logged, with the task's name, instead of vanishing into Celery's eager result.
"""

from __future__ import annotations

import logging

from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from .celery import app

log = logging.getLogger(__name__)

BROKER_ERRORS = (KombuError, RedisError, OSError)


def publish(task_name: str, *args, what: str) -> bool:
    task = app.tasks[task_name]
    if app.conf.task_always_eager:
        # Run here and now. Not task.delay(): in eager mode Celery 5.7 still
        # opens a producer on the (absent) broker, which only logs a warning
        # about "localhost" that confuses whoever reads the embedded mode's log.
        result = task.apply(args=args)
    else:
        try:
            task.delay(*args)
        except BROKER_ERRORS as exc:
            log.warning("event=enqueue_failed what=%s error=%s", what, type(exc).__name__)
            return False
        return True
    if result.failed():
        log.error(
            "event=task_failed task=%s what=%s error=%s",
            task_name,
            what,
            type(result.result).__name__,
            exc_info=(type(result.result), result.result, result.result.__traceback__),
        )
    return True
