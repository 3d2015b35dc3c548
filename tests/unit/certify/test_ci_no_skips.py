"""Under CI=true the suite's conftest turns every skip into a failure; elsewhere a skip stays a skip."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.pytest_child import run_pytest

PROBE = """
import pytest

def test_skipped_at_run():
    pytest.skip("kein Server")

@pytest.mark.skipif(True, reason="nie hier")
def test_skipped_by_mark():
    pass

@pytest.mark.xfail(reason="bekannt", strict=True)
def test_expected_failure():
    assert False
"""


def _run(tmp_path: Path, ci: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_probe.py").write_text(PROBE)
    env = dict(os.environ, CI=ci)
    probe = ("-q", "-rA", "--rootdir", str(tmp_path), "-c", os.devnull, str(tmp_path / "test_probe.py"))
    return run_pytest("-p", "tests.conftest", *probe, env=env)


def test_skips_fail_under_ci(tmp_path: Path) -> None:
    """Both kinds of skip fail with their reason under CI=true; an expected failure stays xfailed."""
    done = _run(tmp_path, "true")
    assert done.returncode == 1, done.stdout
    # a skip at run time fails the test; a skip mark (decided at setup) errors it: both are red
    assert "1 failed, 1 xfailed, 1 error" in done.stdout
    assert "skipped under CI=true, which must run every test: Skipped: kein Server" in done.stdout
    assert "nie hier" in done.stdout


def test_skips_stay_skips_outside_ci(tmp_path: Path) -> None:
    """Without CI=true a developer's machine may skip what it lacks."""
    done = _run(tmp_path, "false")
    assert done.returncode == 0, done.stdout
    assert "2 skipped, 1 xfailed" in done.stdout
