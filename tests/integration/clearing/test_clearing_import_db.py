"""Clearing import against real databases: exactly-once payments, paid status, refusals."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from syncsystem.clearing.importer import import_files
from syncsystem.clearing.store import ClearingStore, payments
from syncsystem.errors import DataError

from .conftest import clearing, write_clearings, write_op_list

TODAY = date(2026, 3, 10)


@pytest.fixture
def store(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    with ClearingStore.open(db_url) as st:
        import_files(st, [write_op_list(tmp_path / "op100.csv", [("R-1", "120.00"), ("R-2", "50.00"),
                                                                   ("R-3", "80.00")])],
                     today=TODAY, mandant="100")
        yield st


def test_same_file_twice_creates_each_payment_once(store: ClearingStore, tmp_path: Path) -> None:
    """Re-importing an Auszifferungsliste creates nothing new and reports the rows as present."""
    f = write_clearings(tmp_path / "a.csv", [clearing("R-1", "100.00"), clearing("R-2", "50.00")])
    first = import_files(store, [f], today=TODAY)
    second = import_files(store, [f], today=TODAY)
    assert (first.created, first.already_present) == (2, 0)
    assert (second.created, second.already_present) == (0, 2)
    assert store.payment_count() == 2


def test_overlapping_files_create_the_overlap_once(store: ClearingStore, tmp_path: Path) -> None:
    """Two exports sharing rows, even in one command, yield each payment exactly once."""
    a = write_clearings(tmp_path / "a.csv", [clearing("R-1", "100.00"), clearing("R-2", "50.00")])
    b = write_clearings(tmp_path / "b.csv", [clearing("R-2", "50.00"), clearing("R-3", "80.00", "BK-3")])
    report = import_files(store, [a, b], today=TODAY)
    assert (report.created, report.already_present) == (3, 1)
    assert store.payment_count() == 3


def test_parallel_threads_import_each_payment_once(store: ClearingStore, tmp_path: Path) -> None:
    """Four imports of the same file at the same time still create every payment exactly once."""
    f = write_clearings(tmp_path / "a.csv", [clearing(f"R-{i}", "10.00", f"BK-{i}") for i in (1, 2, 3)])
    created: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            created.append(import_files(store, [f], today=TODAY).created)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(created) == [0, 0, 0, 3]
    assert store.payment_count() == 3


def test_parallel_processes_import_each_payment_once(db_url: str, store: ClearingStore,
                                                     tmp_path: Path) -> None:
    """Two separate syncsystem processes importing overlapping files create each payment once."""
    a = write_clearings(tmp_path / "a.csv", [clearing("R-1", "60.00"), clearing("R-2", "50.00")])
    b = write_clearings(tmp_path / "b.csv", [clearing("R-2", "50.00"), clearing("R-1", "60.00", "BK-9")])
    procs = [subprocess.Popen([sys.executable, "-m", "syncsystem.cli", "clearing", "import", str(f),
                               "--db", db_url, "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for f in (a, b)]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert store.payment_count() == 3
    paid = store.invoice("100", "R-1")
    assert paid is not None and paid.paid_cents == 12000 and paid.paid_on is not None


def test_partial_then_final_payment_marks_invoice_paid(store: ClearingStore, tmp_path: Path) -> None:
    """An invoice is paid only once its payments reach its amount; a reversal reopens it."""
    first = import_files(store, [write_clearings(tmp_path / "1.csv", [clearing("R-1", "100.00")])],
                         today=TODAY)
    assert first.now_paid == ()
    inv = store.invoice("100", "R-1")
    assert inv is not None and (inv.paid_cents, inv.paid_on) == (10000, None)
    final = import_files(store, [write_clearings(tmp_path / "2.csv", [clearing("R-1", "20.00", "BK-2")])],
                         today=TODAY)
    assert final.now_paid == (("100", "R-1"),)
    reversal = write_clearings(tmp_path / "3.csv", [clearing("R-1", "-20.00", "BK-2", day=7)])
    import_files(store, [reversal], today=TODAY)
    inv = store.invoice("100", "R-1")
    assert inv is not None and (inv.paid_cents, inv.paid_on) == (10000, None)


def test_ambiguous_number_is_left_alone_and_unknown_reported(store: ClearingStore, tmp_path: Path) -> None:
    """R-1 in two Mandanten is never assigned; an unknown number is reported with its line."""
    import_files(store, [write_op_list(tmp_path / "op200.csv", [("R-1", "75.00")], konto=200077)],
                 today=TODAY, mandant="200")
    f = write_clearings(tmp_path / "a.csv", [clearing("R-1", "75.00"), clearing("NOPE", "1.00")])
    report = import_files(store, [f], today=TODAY)
    assert report.created == 0
    assert [(u.line, u.mandanten) for u in report.ambiguous] == [(2, ("100", "200"))]
    assert [(u.line, u.rechnungsnr) for u in report.unknown] == [(3, "NOPE")]
    scoped = import_files(store, [f], today=TODAY, mandant="200")
    assert scoped.created == 1 and scoped.now_paid == (("200", "R-1"),)


def test_a_bad_file_refuses_the_whole_import(store: ClearingStore, tmp_path: Path) -> None:
    """One broken row in any file: nothing of any file is imported, the problem names file:line:field."""
    good = write_clearings(tmp_path / "good.csv", [clearing("R-1", "10.00")])
    bad = tmp_path / "bad.csv"
    bad.write_bytes(good.read_bytes() + b"200001;R-2;zehn;05.03.2026;BK-7;x\r\n")
    with pytest.raises(DataError) as caught:
        import_files(store, [good, bad], today=TODAY)
    assert any(p.file.endswith("bad.csv") and p.line == 3 and p.field == "Ausz-Betrag"
               for p in caught.value.problems), caught.value.problems
    assert store.payment_count() == 0


def test_database_itself_refuses_a_duplicate_natural_key(store: ClearingStore) -> None:
    """The UNIQUE constraint holds even for writers that bypass the importer."""
    row = {"mandant": "100", "rechnungsnr": "R-1", "zahlungsbelegnr": "BK-1", "konto": 200001,
           "datum": "2026-03-05", "betrag_cents": 100, "seq": 1}
    with store.engine.begin() as conn:
        conn.execute(payments.insert(), row)
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.execute(payments.insert(), row)


def test_overpayment_credit_note_and_reversal_follow_the_paid_rule(db_url: str, tmp_path: Path) -> None:
    """The database's paid marking agrees with rules.is_paid: overpaid, credit notes, reversals."""
    with ClearingStore.open(db_url) as st:
        import_files(st, [write_op_list(tmp_path / "op.csv", [("R-1", "50.00"), ("G-1", "-30.00"),
                                                               ("R-2", "40.00")])],
                     today=TODAY, mandant="100")
        report = import_files(st, [write_clearings(tmp_path / "a.csv", [
            clearing("R-1", "70.00"), clearing("G-1", "-30.00", "BK-2"), clearing("R-2", "39.99", "BK-3"),
        ])], today=TODAY)
        assert report.now_paid == (("100", "G-1"), ("100", "R-1"))
        state = {nr: st.invoice("100", nr) for nr in ("R-1", "G-1", "R-2")}
        assert {nr: (i.paid_cents, i.paid_on) for nr, i in state.items() if i is not None} == {
            "R-1": (7000, TODAY), "G-1": (-3000, TODAY), "R-2": (3999, None)}
        reversal = import_files(st, [write_clearings(tmp_path / "b.csv", [
            clearing("G-1", "30.00", "BK-2", day=6)])], today=TODAY)
        assert reversal.now_paid == ()
        credit = st.invoice("100", "G-1")
        assert credit is not None and (credit.paid_cents, credit.paid_on) == (0, None)


def test_payment_on_an_already_paid_invoice_is_not_reported_paid_again(
    store: ClearingStore, tmp_path: Path
) -> None:
    """Only the import that makes an invoice paid reports it; a later overpayment keeps its paid date."""
    first = import_files(store, [write_clearings(tmp_path / "1.csv", [clearing("R-2", "50.00")])],
                         today=TODAY)
    assert first.now_paid == (("100", "R-2"),)
    later = import_files(store, [write_clearings(tmp_path / "2.csv", [clearing("R-2", "5.00", "BK-2")])],
                         today=date(2026, 3, 11))
    assert later.now_paid == ()
    inv = store.invoice("100", "R-2")
    assert inv is not None and (inv.paid_cents, inv.paid_on) == (5500, TODAY)
