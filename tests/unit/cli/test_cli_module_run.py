"""``python -m syncsystem`` runs the same command as the console script (hosts without it on PATH)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_python_dash_m_syncsystem_answers_help_with_the_command_name() -> None:
    """Exit 0, and the usage names ``syncsystem`` (not ``__main__.py``)."""
    done = subprocess.run(
        [sys.executable, "-m", "syncsystem", "--lang", "en", "bmd", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"},
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: syncsystem bmd ")  # --lang en: argparse's own words
