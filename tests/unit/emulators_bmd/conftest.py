"""Fixtures of the BMD emulator tests: one small office built once, copied for each test."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from emulators.bmd import Office

START = date(2026, 3, 2)  # a Monday


@pytest.fixture(scope="session")
def pristine_office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small-profile office (seed 7, 3 Mandanten) created once per session; never modified."""
    path = tmp_path_factory.mktemp("bmd") / "office"
    Office.create(path, seed=7, mandanten=3, profile="small", start=START)
    return path


@pytest.fixture
def office(pristine_office: Path, tmp_path: Path) -> Office:
    """A private copy of the small office for one test."""
    target = tmp_path / "office"
    shutil.copytree(pristine_office, target)
    return Office.open(target)
