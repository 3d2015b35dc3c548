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

K = 200001  # the account of Mandant 100's invoices (conftest's default)
MARCH_5 = date(2026, 3, 5)  # the clearings' Ausz-Datum unless a test says otherwise


@pytest.fixture
def store(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    with ClearingStore.open(db_url) as st:
        import_files(
            st,
            [write_op_list(tmp_path / "op100.csv", [("R-1", "120.00"), ("R-2", "50.00"), ("R-3", "80.00")])],
            mandant="100",
        )
        yield st


def test_same_file_twice_creates_each_payment_once(store: ClearingStore, tmp_path: Path) -> None:
    """Re-importing an Auszifferungsliste creates nothing new and reports the rows as present."""
    f = write_clearings(tmp_path / "a.csv", [clearing("R-1", "100.00"), clearing("R-2", "50.00")])
    first = import_files(store, [f])
    second = import_files(store, [f])
    assert (first.created, first.already_present) == (2, 0)
    assert (second.created, second.already_present) == (0, 2)
    assert store.payment_count() == 2


def test_overlapping_files_create_the_overlap_once(store: ClearingStore, tmp_path: Path) -> None:
    """Two exports sharing rows, even in one command, yield each payment exactly once."""
    a = write_clearings(tmp_path / "a.csv", [clearing("R-1", "100.00"), clearing("R-2", "50.00")])
    b = write_clearings(tmp_path / "b.csv", [clearing("R-2", "50.00"), clearing("R-3", "80.00", "BK-3")])
    report = import_files(store, [a, b])
    assert (report.created, report.already_present) == (3, 1)
    assert store.payment_count() == 3


def test_parallel_threads_import_each_payment_once(store: ClearingStore, tmp_path: Path) -> None:
    """Four imports of the same file at the same time still create every payment exactly once."""
    f = write_clearings(tmp_path / "a.csv", [clearing(f"R-{i}", "10.00", f"BK-{i}") for i in (1, 2, 3)])
    created: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            created.append(import_files(store, [f]).created)
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


def test_parallel_processes_import_each_payment_once(
    db_url: str, store: ClearingStore, tmp_path: Path
) -> None:
    """Two separate syncsystem processes importing overlapping files create each payment once."""
    a = write_clearings(tmp_path / "a.csv", [clearing("R-1", "60.00"), clearing("R-2", "50.00")])
    b = write_clearings(tmp_path / "b.csv", [clearing("R-2", "50.00"), clearing("R-1", "60.00", "BK-9")])
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "syncsystem.cli", "clearing", "import", str(f), "--db", db_url, "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for f in (a, b)
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert store.payment_count() == 3
    paid = store.invoice("100", "R-1")
    assert paid is not None and paid.paid_cents == 12000 and paid.paid_on is not None


def test_partial_then_final_payment_marks_invoice_paid(store: ClearingStore, tmp_path: Path) -> None:
    """An invoice is paid only once its payments reach its amount; a reversal reopens it."""
    first = import_files(store, [write_clearings(tmp_path / "1.csv", [clearing("R-1", "100.00")])])
    assert first.now_paid == ()
    inv = store.invoice("100", "R-1")
    assert inv is not None and (inv.paid_cents, inv.paid_on) == (10000, None)
    final = import_files(store, [write_clearings(tmp_path / "2.csv", [clearing("R-1", "20.00", "BK-2")])])
    assert final.now_paid == (("100", K, "R-1"),)
    reversal = write_clearings(tmp_path / "3.csv", [clearing("R-1", "-20.00", "BK-2", day=7)])
    import_files(store, [reversal])
    inv = store.invoice("100", "R-1")
    assert inv is not None and (inv.paid_cents, inv.paid_on) == (10000, None)


def test_ambiguous_invoice_is_left_alone_and_unknown_reported(store: ClearingStore, tmp_path: Path) -> None:
    """R-1 of one account in two Mandanten is never assigned; an unknown number is reported with its
    line; naming the Mandant settles it."""
    import_files(store, [write_op_list(tmp_path / "op200.csv", [("R-1", "75.00")])], mandant="200")
    f = write_clearings(tmp_path / "a.csv", [clearing("R-1", "75.00"), clearing("NOPE", "1.00")])
    report = import_files(store, [f])
    assert report.created == 0
    assert [(u.line, u.mandanten) for u in report.ambiguous] == [(2, ("100", "200"))]
    assert [(u.line, u.rechnungsnr) for u in report.unknown] == [(3, "NOPE")]
    scoped = import_files(store, [f], mandant="200")
    assert scoped.created == 1 and scoped.now_paid == (("200", K, "R-1"),)


def test_same_number_on_customer_and_supplier_pays_the_right_one(db_url: str, tmp_path: Path) -> None:
    """Issue 10's case: customer 200023 and supplier 300016 both have invoice 26 in Mandant 1001;
    each clearing lands on its own account's invoice (amounts written by hand)."""
    with ClearingStore.open(db_url) as st:
        import_files(
            st,
            [
                write_op_list(tmp_path / "c.csv", [("26", "3413.33")], konto=200023),
                write_op_list(tmp_path / "s.csv", [("26", "-1527.90")], konto=300016),
            ],
            mandant="1001",
        )
        report = import_files(
            st,
            [write_clearings(tmp_path / "a.csv", [clearing("26", "3413.33", "BK-1", day=9, konto=200023)])],
        )
        assert (report.created, report.clean) == (1, True)
        assert report.now_paid == (("1001", 200023, "26"),)
        customer, supplier = st.invoice("1001", "26", 200023), st.invoice("1001", "26", 300016)
        assert customer is not None
        assert (customer.paid_cents, customer.paid_on) == (341333, date(2026, 3, 9))
        assert supplier is not None and (supplier.paid_cents, supplier.paid_on) == (0, None)


def test_row_without_account_column_is_matched_only_when_unique(db_url: str, tmp_path: Path) -> None:
    """A file without Kto-Nr: a number on one account is attached, one on two accounts is reported
    ambiguous as file:line:Kto-Nr and nothing is stored for it."""
    with ClearingStore.open(db_url) as st:
        customer = [("26", "100.00"), ("27", "50.00")]
        import_files(
            st,
            [
                write_op_list(tmp_path / "c.csv", customer, konto=200023),
                write_op_list(tmp_path / "s.csv", [("26", "-80.00")], konto=300016),
            ],
            mandant="1001",
        )
        f = tmp_path / "noacc.csv"
        f.write_bytes(
            b"Rng-Nr;Ausz-Betrag;Ausz-Datum;Zahlungs-BelegNr;Text\r\n"
            b"26;100,00;05.03.2026;BK-1;x\r\n27;50,00;06.03.2026;BK-2;y\r\n"
        )
        report = import_files(st, [f])
        assert report.created == 1
        assert [str(u).split(": ")[0] for u in report.ambiguous] == [f"{f}:2:Kto-Nr"]
        assert st.payments_of("1001", "26") == []
        paid = st.invoice("1001", "27")
        assert paid is not None
        assert (paid.konto, paid.paid_cents, paid.paid_on) == (200023, 5000, date(2026, 3, 6))


def test_a_bad_file_refuses_the_whole_import(store: ClearingStore, tmp_path: Path) -> None:
    """One broken row in any file: nothing of any file is imported, the problem names file:line:field."""
    good = write_clearings(tmp_path / "good.csv", [clearing("R-1", "10.00")])
    bad = tmp_path / "bad.csv"
    bad.write_bytes(good.read_bytes() + b"200001;R-2;zehn;05.03.2026;BK-7;x\r\n")
    with pytest.raises(DataError) as caught:
        import_files(store, [good, bad])
    assert any(
        p.file.endswith("bad.csv") and p.line == 3 and p.field == "Ausz-Betrag" for p in caught.value.problems
    ), caught.value.problems
    assert store.payment_count() == 0


def test_a_file_in_two_encodings_refuses_the_whole_import(store: ClearingStore, tmp_path: Path) -> None:
    """A UTF-8 Auszifferungsliste whose line 3 was saved as Windows-1252 ("Grüße"), beside a good
    file: nothing of either is imported, the problem names mixed.csv:3:Text and the encoding."""
    good = write_clearings(tmp_path / "good.csv", [clearing("R-1", "10.00")])
    header = "Kto-Nr;Rng-Nr;Ausz-Betrag;Ausz-Datum;Zahlungs-BelegNr;Text\r\n"
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(
        (header + f"{K};R-2;10,00;05.03.2026;BK-8;Grüße\r\n").encode()
        + f"{K};R-3;10,00;05.03.2026;BK-9;Grüße\r\n".encode("cp1252")
    )
    with pytest.raises(DataError) as caught:
        import_files(store, [good, mixed])
    (problem,) = caught.value.problems
    assert (Path(problem.file).name, problem.line, problem.field) == ("mixed.csv", 3, "Text")
    assert "utf-8" in str(problem) and "fc" in str(problem)
    assert store.payment_count() == 0


def test_a_file_cut_mid_line_refuses_the_whole_import(store: ClearingStore, tmp_path: Path) -> None:
    """An Auszifferungsliste whose copy stopped inside its last line (three of six fields), beside a
    good file: nothing of either imported, the problem names cut.csv:3 and the first field it lacks."""
    good = write_clearings(tmp_path / "good.csv", [clearing("R-3", "30.00")])
    whole = write_clearings(tmp_path / "whole.csv", [clearing("R-1", "10.00"), clearing("R-2", "20.00")])
    cut = tmp_path / "cut.csv"
    data = whole.read_bytes()
    cut.write_bytes(data[: data.rindex(b"\r\n", 0, len(data) - 2) + 2] + f"{K};R-2;20,".encode())
    with pytest.raises(DataError) as caught:
        import_files(store, [good, cut])
    (problem,) = caught.value.problems
    assert (Path(problem.file).name, problem.line, problem.field) == ("cut.csv", 3, "Ausz-Datum")
    assert store.payment_count() == 0


def test_database_itself_refuses_a_duplicate_natural_key(store: ClearingStore) -> None:
    """The UNIQUE constraint holds even for writers that bypass the importer."""
    row = {
        "mandant": "100",
        "rechnungsnr": "R-1",
        "zahlungsbelegnr": "BK-1",
        "konto": 200001,
        "datum": "2026-03-05",
        "betrag_cents": 100,
        "seq": 1,
    }
    with store.engine.begin() as conn:
        conn.execute(payments.insert(), row)
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.execute(payments.insert(), row)


def test_overpayment_credit_note_and_reversal_follow_the_paid_rule(db_url: str, tmp_path: Path) -> None:
    """The database's paid marking agrees with rules.is_paid: overpaid, credit notes, reversals."""
    with ClearingStore.open(db_url) as st:
        import_files(
            st,
            [write_op_list(tmp_path / "op.csv", [("R-1", "50.00"), ("G-1", "-30.00"), ("R-2", "40.00")])],
            mandant="100",
        )
        report = import_files(
            st,
            [
                write_clearings(
                    tmp_path / "a.csv",
                    [
                        clearing("R-1", "70.00"),
                        clearing("G-1", "-30.00", "BK-2"),
                        clearing("R-2", "39.99", "BK-3"),
                    ],
                )
            ],
        )
        assert report.now_paid == (("100", K, "G-1"), ("100", K, "R-1"))
        state = {nr: st.invoice("100", nr) for nr in ("R-1", "G-1", "R-2")}
        assert {nr: (i.paid_cents, i.paid_on) for nr, i in state.items() if i is not None} == {
            "R-1": (7000, MARCH_5),
            "G-1": (-3000, MARCH_5),
            "R-2": (3999, None),
        }
        reversal = import_files(
            st, [write_clearings(tmp_path / "b.csv", [clearing("G-1", "30.00", "BK-2", day=6)])]
        )
        assert reversal.now_paid == ()
        credit = st.invoice("100", "G-1")
        assert credit is not None and (credit.paid_cents, credit.paid_on) == (0, None)


def test_payment_on_an_already_paid_invoice_is_not_reported_paid_again(
    store: ClearingStore, tmp_path: Path
) -> None:
    """Only the import that makes an invoice paid reports it; a later overpayment keeps its paid date."""
    first = import_files(store, [write_clearings(tmp_path / "1.csv", [clearing("R-2", "50.00")])])
    assert first.now_paid == (("100", K, "R-2"),)
    over = write_clearings(tmp_path / "2.csv", [clearing("R-2", "5.00", "BK-2", day=11)])
    later = import_files(store, [over])
    assert later.now_paid == ()
    inv = store.invoice("100", "R-2")
    assert inv is not None and (inv.paid_cents, inv.paid_on) == (5500, MARCH_5)


def test_paid_date_is_the_clearing_date_from_which_the_sum_stays_reached(
    store: ClearingStore, tmp_path: Path
) -> None:
    """R-1 (120,00): 100,00 on 05.03., 20,00 on 12.03. ⇒ paid 12.03.; reversal of the 20,00 on 14.03.
    ⇒ open again; 20,00 again on 20.03. ⇒ paid 20.03. — whatever day the files are imported."""
    import_files(
        store,
        [
            write_clearings(
                tmp_path / "1.csv",
                [clearing("R-1", "100.00", "BK-1", day=5), clearing("R-1", "20.00", "BK-2", day=12)],
            )
        ],
    )
    inv = store.invoice("100", "R-1")
    assert inv is not None and (inv.paid_cents, inv.paid_on) == (12000, date(2026, 3, 12))
    import_files(store, [write_clearings(tmp_path / "2.csv", [clearing("R-1", "-20.00", "BK-2", day=14)])])
    inv = store.invoice("100", "R-1")
    assert inv is not None and (inv.paid_cents, inv.paid_on) == (10000, None)
    third = write_clearings(tmp_path / "3.csv", [clearing("R-1", "20.00", "BK-3", day=20)])
    again = import_files(store, [third])
    assert again.now_paid == (("100", K, "R-1"),)
    inv = store.invoice("100", "R-1")
    assert inv is not None and (inv.paid_cents, inv.paid_on) == (12000, date(2026, 3, 20))


def test_an_op_list_never_unregisters_and_late_clearings_still_land(
    store: ClearingStore, tmp_path: Path
) -> None:
    """A later OP list without R-1 (fully paid in BMD) leaves R-1 known; its clearing still lands."""
    later_op = write_op_list(tmp_path / "op-later.csv", [("R-2", "50.00"), ("R-3", "80.00")])
    import_files(store, [later_op], mandant="100")
    report = import_files(store, [write_clearings(tmp_path / "a.csv", [clearing("R-1", "120.00")])])
    assert (report.created, report.clean, report.now_paid) == (1, True, (("100", K, "R-1"),))
