"""Figures the reliability tests measured, collected for tests/reliability/README.md."""

from __future__ import annotations

import os
from pathlib import Path


def record(topic: str, line: str) -> None:
    path = Path(os.environ["RELIABILITY_FIGURES"])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as f:
        f.write(f"{topic}: {line}\n")
