"""Golden files change only through ``pytest --regen-golden``, and that option never runs in CI or tox."""

from __future__ import annotations

import hashlib
import os

import pytest
from tests.pytest_child import ROOT, run_pytest

GOLDEN = ROOT / "tests" / "golden"


def _recorded() -> dict[str, str]:
    lines = (GOLDEN / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, _, name in (line.partition("  ") for line in lines)}


def test_every_golden_file_matches_its_recorded_sum() -> None:
    """A golden file edited by hand (not regenerated) or added without a sum fails here."""
    present = {
        p.relative_to(GOLDEN).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in GOLDEN.rglob("*")
        if p.is_file() and p.name != "SHA256SUMS"
    }
    assert present, "no golden files found"
    assert present == _recorded()


@pytest.mark.parametrize("environ", [{"CI": "true"}, {"TOX_ENV_NAME": "py"}])
def test_regenerate_is_refused_in_ci_and_tox(environ: dict[str, str]) -> None:
    """``--regen-golden`` under CI or tox is a usage error; nothing is collected, nothing rewritten."""
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "TOX_ENV_NAME")} | environ
    run = run_pytest("--regen-golden", "--collect-only", "-q", "tests/unit/core/test_clock.py", env=env)
    assert run.returncode == pytest.ExitCode.USAGE_ERROR, run.stdout + run.stderr
    assert "never in CI or tox" in run.stderr
