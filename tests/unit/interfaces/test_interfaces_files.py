"""Debtor interface on a real export folder: numbers, working files, closing, pick lists."""

from __future__ import annotations

import stat
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from syncsystem import bmd
from syncsystem.bmd.records import LedgerAccount, PersonAccount
from syncsystem.clock import DEFAULT_TZ
from syncsystem.errors import DataError
from syncsystem.interfaces.closing import close_working_files, closed_sets
from syncsystem.interfaces.debtors import create_debtors
from syncsystem.interfaces.inputs import parse_invoices
from syncsystem.interfaces.picklists import PickList, read_picklist
from syncsystem.interfaces.posting import book_invoices, cancel_invoice
from syncsystem.interfaces.settings import load_settings, save_settings

NOW = datetime(2026, 3, 2, 10, 15, 30, tzinfo=DEFAULT_TZ)


def _invoices(nr: str, day: str = "2026-03-02") -> list:  # type: ignore[type-arg]
    doc = (
        f'[{{"rechnungsnr": "{nr}", "datum": "{day}", "debitor": 200000, '
        '"lines": [{"konto": 4000, "netto": "100.00", "mwst": "1 (20)"}]}]'
    ).encode()
    invoices, problems = parse_invoices(doc, "in.json", "1")
    assert problems == []
    return invoices


def test_new_debtor_number_is_resynced_from_bmd_customer_list(tmp_path: Path) -> None:
    """A number BMD's Kundenstammdaten.csv already holds is never handed out again."""
    bmd.write(
        [PersonAccount(200000, "Schon da"), PersonAccount(200001, "Auch da")],
        tmp_path / "Kundenstammdaten.csv",
        bmd.Kind.PERSONS,
    )
    created = create_debtors(tmp_path, [PersonAccount(0, "Neu A"), PersonAccount(0, "Neu B")])
    assert [d.konto for d in created] == [200002, 200003]
    assert load_settings(tmp_path).next_customer_number == 200004
    working = bmd.read(tmp_path / "Stammdaten.csv", bmd.Kind.PERSONS)
    assert [r.konto for r in working.records] == [200002, 200003]  # type: ignore[union-attr]


def test_booking_writes_working_file_and_refuses_duplicates_and_locked_dates(tmp_path: Path) -> None:
    """Bookings land in Buchungen_<M>.csv; a repeated number or a date before the lock is refused."""
    create_debtors(tmp_path, [PersonAccount(0, "Kunde")])
    book_invoices(tmp_path, _invoices("R-1"), "in.json")
    lines = bmd.read(tmp_path / "Buchungen_1.csv", bmd.Kind.BOOKINGS).records
    assert [(b.belegnr, b.betrag) for b in lines] == [("R-1", Decimal("120.00"))]  # type: ignore[union-attr]
    before = (tmp_path / "Buchungen_1.csv").read_bytes()
    with pytest.raises(DataError, match="already booked"):
        book_invoices(tmp_path, _invoices("R-1"), "in.json")
    save_settings(replace(load_settings(tmp_path), lock_date=date(2026, 3, 1)))
    with pytest.raises(DataError, match="Sperrdatum"):
        book_invoices(tmp_path, _invoices("R-2", "2026-02-27"), "in.json")
    assert (tmp_path / "Buchungen_1.csv").read_bytes() == before


def test_cancel_appends_flipped_lines_once(tmp_path: Path) -> None:
    """Cancelling writes the Storno under the same number; a second cancellation is refused."""
    create_debtors(tmp_path, [PersonAccount(0, "Kunde")])
    book_invoices(tmp_path, _invoices("R-1"), "in.json")
    cancel_invoice(tmp_path, "1", "R-1", date(2026, 3, 3))
    lines = bmd.read(tmp_path / "Buchungen_1.csv", bmd.Kind.BOOKINGS).records
    assert [(b.belegnr, b.betrag) for b in lines] == [  # type: ignore[union-attr]
        ("R-1", Decimal("120.00")),
        ("R-1", Decimal("-120.00")),
    ]
    with pytest.raises(DataError, match="already cancelled"):
        cancel_invoice(tmp_path, "1", "R-1", date(2026, 3, 4))


def test_two_closes_in_one_minute_never_clash_and_keep_import_order(tmp_path: Path) -> None:
    """Closing twice in a minute gives two distinct stamps; each manifest lists Stammdaten first."""
    create_debtors(tmp_path, [PersonAccount(0, "Kunde")])
    book_invoices(tmp_path, _invoices("R-1"), "in.json")
    first = close_working_files(tmp_path, NOW)
    assert first is not None and first.stamp == "20260302_1015"
    assert [p.name for p in first.files] == ["20260302_1015_Stammdaten.csv", "20260302_1015_Buchungen_1.csv"]
    assert not (tmp_path / "Stammdaten.csv").exists() and not (tmp_path / "Buchungen_1.csv").exists()
    # The mode, not os.access: root may write anything, and CI runs as root.
    assert stat.S_IMODE(first.files[0].stat().st_mode) == 0o444
    book_invoices(tmp_path, _invoices("R-2"), "in.json")  # later work: new working files
    second = close_working_files(tmp_path, NOW)
    assert second is not None and second.stamp == "20260302_1016"
    assert [s.stamp for s in closed_sets(tmp_path)] == ["20260302_1015", "20260302_1016"]
    assert close_working_files(tmp_path, NOW) is None


def test_interrupted_close_is_completed_by_the_next(tmp_path: Path) -> None:
    """Closed files without a manifest (a crash mid-close) get their manifest on the next close."""
    create_debtors(tmp_path, [PersonAccount(0, "Kunde")])
    (tmp_path / "Stammdaten.csv").rename(tmp_path / "20260302_1000_Stammdaten.csv")
    assert close_working_files(tmp_path, NOW) is None
    assert [s.stamp for s in closed_sets(tmp_path)] == ["20260302_1000"]


def test_picklists_read_number_and_designation(tmp_path: Path) -> None:
    """Sachkonten.csv becomes a sorted pick list; a missing file is an empty list."""
    bmd.write(
        [LedgerAccount(4010, "Erlöse 10 %"), LedgerAccount(4000, "Erlöse 20 %")],
        tmp_path / "Sachkonten.csv",
        bmd.Kind.ACCOUNTS,
    )
    items = read_picklist(tmp_path, PickList.ACCOUNTS)
    assert [(i.number, i.designation) for i in items] == [("4000", "Erlöse 20 %"), ("4010", "Erlöse 10 %")]
    assert read_picklist(tmp_path, PickList.COSTCENTRES) == []
