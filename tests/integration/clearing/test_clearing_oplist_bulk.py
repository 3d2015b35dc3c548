"""A large OP list (read columnar, registered as columns) gives the invoices a small one gives.

3,000 invoices make a file of ~110 KB, above the row reader's cutoff, so `bmd.read_table`'s frame
is the path; the expected invoices are the generator's values, written out by hand below.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from syncsystem import bmd
from syncsystem.bmd.records import OpenItem
from syncsystem.clearing.importer import import_files
from syncsystem.clearing.store import ClearingStore
from syncsystem.errors import DataError

from .conftest import clearing, write_clearings


def _op_list(path: Path, count: int) -> Path:
    items = [
        OpenItem(
            200000 + i % 50,
            f"R{i:05d}",
            date(2026, 1, 1 + i % 28),
            Decimal(f"{100 + i}.{i % 100:02d}"),
            Decimal("10.00"),
            "AR",
            "Rechnung",
        )
        for i in range(count)
    ]
    # the same invoice once more at the end with another amount: the later line counts
    items.append(OpenItem(200007, "R00007", date(2026, 2, 2), Decimal("999.99"), Decimal("1.00"), "AR", ""))
    bmd.write(items, path, bmd.Kind.OPENITEMS, as_of=date(2026, 3, 2))
    return path


def test_large_op_list_registers_every_invoice_as_columns(db_url: str, tmp_path: Path) -> None:
    path = _op_list(tmp_path / "op.csv", 3000)
    assert path.stat().st_size > 64 * 1024
    with ClearingStore.open(db_url) as store:
        report = import_files(store, [path], mandant="1001")
        assert report.invoices_registered == 3001
        first = store.invoice("1001", "R02999", 200049)
        assert first is not None
        # day 1 + 2999 % 28; 100 + 2999 euros and 99 cents
        assert (first.datum, first.betrag_cents) == (date(2026, 1, 4), 309_999)
        again = store.invoice("1001", "R00007", 200007)
        assert again is not None and (again.datum, again.betrag_cents) == (date(2026, 2, 2), 99_999)
        # a payment of the whole amount makes it paid on the clearing's date
        paid = import_files(
            store, [write_clearings(tmp_path / "a.csv", [clearing("R00007", "999.99", konto=200007)])]
        )
        assert paid.now_paid == (("1001", 200007, "R00007"),)


def test_a_large_file_of_another_kind_is_refused_by_name(db_url: str, tmp_path: Path) -> None:
    """A bookings file read columnar (above 64 KB) is refused as the wrong kind, nothing stored."""
    bookings = [
        bmd.Booking(
            konto=200001,
            belegnr=f"R{i}",
            belegdatum=date(2026, 1, 2),
            buchcode=bmd.Buchcode.SOLL,
            betrag=Decimal("10.00"),
            gkonto=4000,
            buchsymbol="AR",
        )
        for i in range(1500)
    ]
    path = tmp_path / "buchungen.csv"
    bmd.write(bookings, path, bmd.Kind.BOOKINGS)
    assert path.stat().st_size > 64 * 1024
    with ClearingStore.open(db_url) as store, pytest.raises(DataError) as refused:
        import_files(store, [path], mandant="1001")
    assert [p.code for p in refused.value.problems] == ["clearing.file.wrong_kind"]
