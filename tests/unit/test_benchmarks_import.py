"""Every module of ``benchmarks/`` imports: a module split that moves a function the benchmarks use
(``agent.delivery._seal`` and ``run_job`` went to ``agent.jobs``) breaks them where mypy does not look
(it checks ``src`` and ``emulators``) and no test runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "benchmarks"
# imports each module by its name, as `python benchmarks/x.py` would with benchmarks/ on the path
PROBE = """
import importlib, sys
failed = []
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed.append(f"{name}: {type(exc).__name__}: {exc}")
print("\\n".join(failed))
"""


def test_every_benchmark_module_imports() -> None:
    names = sorted(p.stem for p in BENCHMARKS.glob("*.py"))
    assert len(names) > 10
    path = f"{BENCHMARKS}:{ROOT / 'src'}:{ROOT}"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *names],
        capture_output=True,
        text=True,
        cwd=BENCHMARKS,
        env={**os.environ, "PYTHONPATH": path},
        timeout=300,
        check=True,
    )
    assert done.stdout.strip() == ""
