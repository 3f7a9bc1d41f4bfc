"""The product's settings, plus the floor view the survey page is measured against.

Static files go to a temporary folder (BENCH_STATIC_ROOT) so that a benchmark
run with DEBUG off never writes into the checkout. The cache is Redis, as in
production (CACHE_URL=redis://…), under a prefix of the run's own, so that
sessions and throttling cost what they cost there.
"""

from __future__ import annotations

import os
from pathlib import Path

from feedback360.settings import *  # noqa: F403

ROOT_URLCONF = "bench.benchsite.urls"

if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])

if os.environ.get("BENCH_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["BENCH_CACHE_URL"],
            "KEY_PREFIX": os.environ.get("BENCH_CACHE_PREFIX", "f360-bench"),
        }
    }
