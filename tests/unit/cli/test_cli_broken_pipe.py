"""A reader that goes away (``syncsystem … --json | head -1``) ends the command quietly.

The pipe's reading end is closed before the command writes, so its first write fails with EPIPE —
the same as ``head`` exiting early — without any timing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_a_closed_pipe_is_no_error_line(tmp_path: Path) -> None:
    """No "syncsystem: Broken pipe" on stderr and not the usage/environment exit code 2."""
    sample = tmp_path / "konten.csv"
    sample.write_text("konto;bezeichnung\n4000;Erlöse 20 %\n", encoding="cp1252")
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "syncsystem.cli", "bmd", "validate", str(sample), "--json"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"},
            check=False,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert done.stderr.decode() == ""
    assert done.returncode == 1
