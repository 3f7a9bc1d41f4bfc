"""Gunicorn for the survey-page benchmark: given with -c, so that the
production gunicorn.conf.py in the project root is not picked up.

Production recycles workers every ~1,000 requests and writes an access-log
line per request; at the bare view's rate that would restart a worker every
second or so and skew the reference. Bind address and worker count come from
the command line.
"""

from __future__ import annotations

import os

worker_class = "sync"
timeout = 60
max_requests = 0
accesslog = None
loglevel = "warning"
# The heartbeat file on tmpfs, as in production.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# The control socket would live in $HOME and collide with other gunicorns.
control_socket_disable = True
