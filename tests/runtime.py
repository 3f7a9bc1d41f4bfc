"""The interpreter of the production install: a venv built from requirements.txt alone.

Every process the tests start the way production would (gunicorn, a Celery
worker, beat, manage.py) runs from it, never from the dev venv: pytest brings
packages (`packaging`, say) that production lacks, and a dev venv would hide
that the image cannot start. The test tools themselves stay in the dev venv
and drive those processes from outside.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_VENV = Path(os.environ.get("FEEDBACK360_RUNTIME_VENV", ROOT / ".venv-runtime"))
MISSING = (
    "No production venv at {path}: run `make runtime` (a venv from requirements.txt "
    "alone), or point FEEDBACK360_RUNTIME_VENV at one."
)


def runtime_python() -> str:
    python = RUNTIME_VENV / "bin" / "python"
    if not python.is_file():
        raise RuntimeError(MISSING.format(path=RUNTIME_VENV))
    return str(python)
