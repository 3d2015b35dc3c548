"""The interfaces source: closed sets in import order, filtered by Mandant, refused when altered."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from syncsystem.bmd import Booking, Buchcode, PersonAccount, write
from syncsystem.clock import DEFAULT_TZ
from syncsystem.interfaces.closing import close_working_files
from syncsystem.transfer.closed_sets import ClosedSetSource, has_closed_sets
from syncsystem.transfer.config import parse_job
from syncsystem.transfer.runs import Period
from syncsystem.transfer.source import SourceError

NOW = datetime(2026, 3, 2, 9, 15, tzinfo=DEFAULT_TZ)


def job(debtors: bool):  # type: ignore[no-untyped-def]
    return parse_job(
        {
            "name": "j",
            "target": {"protocol": "folder", "directory": "/tmp"},
            "execution": {
                "mandanten": ["100"],
                "document_types": ["AR"],
                "format": "bmd-einzelbuchungen",
                "export_debtors": debtors,
            },
            "schedule": {"interval": "hourly"},
        },
        lambda s: s,
        DEFAULT_TZ,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write([PersonAccount(konto=200001, nachname="Muster GmbH")], tmp_path / "Stammdaten.csv")
    for mandant in ("100", "200"):
        write(
            [
                Booking(
                    konto=200001,
                    belegnr="R1",
                    belegdatum=date(2026, 3, 2),
                    buchcode=Buchcode.SOLL,
                    betrag=Decimal("12.00"),
                    gkonto=4000,
                    buchsymbol="AR",
                )
            ],
            tmp_path / f"Buchungen_{mandant}.csv",
        )
    assert close_working_files(tmp_path, NOW) is not None
    return tmp_path


def test_closed_set_delivers_stammdaten_first_and_only_the_jobs_mandanten(folder: Path) -> None:
    """Person accounts come before bookings; another Mandant's bookings stay behind."""
    source = ClosedSetSource(folder, DEFAULT_TZ)
    assert has_closed_sets(folder)
    files = source.files_for(Period(NOW - timedelta(hours=1), NOW), job(True))
    assert [n for n, _ in files] == ["20260302_0915_Stammdaten.csv", "20260302_0915_Buchungen_100.csv"]
    assert [n for n, _ in source.files_for(Period(NOW - timedelta(hours=1), NOW), job(False))] == [
        "20260302_0915_Buchungen_100.csv"
    ]
    assert source.files_for(Period(NOW, NOW + timedelta(hours=1)), job(True)) == []


def test_file_changed_after_closing_is_refused(folder: Path) -> None:
    """A closed file that no longer matches its manifest is not sent."""
    path = folder / "20260302_0915_Buchungen_100.csv"
    path.chmod(0o644)
    path.write_bytes(path.read_bytes().replace(b"12,00", b"99,00"))
    with pytest.raises(SourceError, match="sha256"):
        ClosedSetSource(folder, DEFAULT_TZ).files_for(Period(NOW - timedelta(hours=1), NOW), job(False))
