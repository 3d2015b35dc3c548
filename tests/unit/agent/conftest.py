"""Fixtures for the agent's unit tests: a kontool-sized BMD emulator office, built once and copied."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from emulators.bmd import Office


@pytest.fixture(scope="session")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One emulated office with 3 Mandanten (building one takes about a second)."""
    path = tmp_path_factory.mktemp("bmd-template") / "office"
    Office.create(path, seed=7, mandanten=3, profile="kontool", start=date(2026, 3, 2))
    return path


@pytest.fixture
def office(office_template: Path, tmp_path: Path) -> Office:
    """A fresh copy of the template office for one test (faults and time are per copy)."""
    target = tmp_path / "office"
    shutil.copytree(office_template, target)
    return Office.open(target)
