"""Fixtures of the BMD emulator tests: one small office built once, copied for each test."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from emulators.bmd import Office

from syncsystem.clock import DEFAULT_TZ

START = date(2026, 3, 2)  # a Monday
PERSONS = "konto;nachname;land\r\n209001;Hotel Alpenblick GmbH;AT\r\n309001;Brauerei Gösser;AT\r\n"


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


@pytest.fixture
def books_office(office: Office, tmp_path: Path) -> Office:
    """The small office on 3 March 2026 with a customer 209001 and a supplier 309001 (Mandant 1001)."""
    office.advance_to(datetime(2026, 3, 3, 9, tzinfo=DEFAULT_TZ))
    (tmp_path / "p.csv").write_bytes(PERSONS.encode("cp1252"))
    office.import_file("1001", tmp_path / "p.csv")
    return office
