"""pytest run in a child process from the project root, for the tests of the suite's own rules (what
its conftest does under CI, tox or ``--regen-golden``), which a run inside this one cannot show."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

__all__ = ["ROOT", "run_pytest"]

ROOT = Path(__file__).resolve().parents[1]


def run_pytest(*args: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """``python -m pytest -p no:cacheprovider *args`` in ROOT with ``env``; its output as text,
    whatever its exit code (at most two minutes)."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
