"""The product's settings, plus a bare view to compare the survey page against.

Static files go to a temporary folder (BENCH_STATIC_ROOT) so that a benchmark
run with DEBUG off never writes into the checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

from feedback360.settings import *  # noqa: F403

ROOT_URLCONF = "bench.benchsite.urls"

if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
