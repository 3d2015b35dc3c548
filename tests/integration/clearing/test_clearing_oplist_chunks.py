"""An OP list read in tiny chunks stores the invoices and reports the problems one whole read does.

The OP lists are written by hand (header = line 2 after the "per" preamble; the expected lines and
cents below are counted by hand); ``chunk_bytes=64`` cuts them after every line or two, the default
reads them in one piece. The paid status after registering is checked against hand-written dates.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from syncsystem.clearing.importer import import_files
from syncsystem.clearing.store import ClearingStore
from syncsystem.errors import DataError

from .conftest import clearing, write_clearings

TINY = 64
HEAD = "Offene Posten;;per 2. März 2026\r\nKto-Nr;Rng-Nr;Rng-Dat;Rng-Betrag;OP-Betrag;BS;Text\r\n"
ROWS = [  # physical lines 3 … 12
    "200001;R1;01.02.2026;100,00;100,00;AR;erste\r\n",
    "200002;R2;02.02.2026;200,50;200,50;AR;zweite\r\n",
    "200001;R3;03.02.2026;-30,00;-30,00;AR;Gutschrift\r\n",
    "\r\n",
    "300001;R4;04.02.2026;1234,56;34,56;ER;Lieferant\r\n",
    "200003;R2;05.02.2026;7,05;7,05;AR;gleiche Nummer, anderes Konto\r\n",
    "200002;R5;06.02.2026;0,99;0,99;AR;\r\n",
    "200001;R1;07.02.2026;111,11;111,11;AR;R1 noch einmal: diese Zeile zählt\r\n",
    "200004;R6;08.02.2026;50,00;50,00;AR;\r\n",
    "200002;R7;09.02.2026;60,00;60,00;AR;letzte\r\n",
]
# (account, number, date, cents): R1 from its later line (10), R2 twice on two accounts
STORED = [
    (200001, "R1", date(2026, 2, 7), 11_111),
    (200001, "R3", date(2026, 2, 3), -3_000),
    (200002, "R2", date(2026, 2, 2), 20_050),
    (200002, "R5", date(2026, 2, 6), 99),
    (200002, "R7", date(2026, 2, 9), 6_000),
    (200003, "R2", date(2026, 2, 5), 705),
    (200004, "R6", date(2026, 2, 8), 5_000),
    (300001, "R4", date(2026, 2, 4), 123_456),
]


def _op_list(path: Path, rows: list[str]) -> Path:
    path.write_bytes((HEAD + "".join(rows)).encode("cp1252"))
    return path


def _stored(store: ClearingStore) -> list[tuple[int, str, date, int]]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT konto, rechnungsnr, datum, betrag_cents, mandant "
                "FROM clearing_invoices ORDER BY konto, rechnungsnr"
            )
        ).all()
    assert {r[4] for r in rows} <= {"1001"}
    return [
        (int(k), nr, d if isinstance(d, date) else date.fromisoformat(d), int(c)) for k, nr, d, c, _ in rows
    ]


@pytest.mark.parametrize("chunk_bytes", [TINY, 1 << 20], ids=["tiny-chunks", "one-chunk"])
def test_op_list_in_chunks_stores_the_hand_written_invoices(
    db_url: str, tmp_path: Path, chunk_bytes: int
) -> None:
    path = _op_list(tmp_path / "op.csv", ROWS)
    assert path.stat().st_size >= 2 * TINY * 4  # many chunks when tiny
    with ClearingStore.open(db_url) as store:
        report = import_files(store, [path], mandant="1001", chunk_bytes=chunk_bytes)
        assert report.invoices_registered == 9  # nine invoice lines (one blank line)
        assert _stored(store) == STORED


@pytest.mark.parametrize("chunk_bytes", [TINY, 1 << 20], ids=["tiny-chunks", "one-chunk"])
def test_op_list_in_chunks_reports_the_problems_at_their_lines(
    db_url: str, tmp_path: Path, chunk_bytes: int
) -> None:
    """Bad cells at lines 5 and 11 (counted by hand) refuse the file; nothing is stored."""
    rows = list(ROWS)
    rows[2] = "200001;R3;03.02.2026;-30,005;-30,00;AR;drei Nachkommastellen\r\n"  # line 5
    rows[8] = "4000;R6;08.02.2026;50,00;50,00;AR;kein Personenkonto\r\n"  # line 11
    path = _op_list(tmp_path / "op.csv", rows)
    with ClearingStore.open(db_url) as store:
        with pytest.raises(DataError) as refused:
            import_files(store, [path], mandant="1001", chunk_bytes=chunk_bytes)
        assert [(p.line, p.field) for p in refused.value.problems] == [(5, "Rng-Betrag"), (11, "Kto-Nr")]
        assert all(p.file == str(path) for p in refused.value.problems)
        assert _stored(store) == []


def test_registering_again_recomputes_the_paid_status_of_paid_invoices(db_url: str, tmp_path: Path) -> None:
    """An OP list that raises a paid invoice's amount opens it; the old amount again pays it on the
    clearing's date (5 March), not on the day of the import."""
    first = _op_list(tmp_path / "op1.csv", ROWS)
    raised = _op_list(tmp_path / "op2.csv", [*ROWS, "200002;R7;09.02.2026;80,00;80,00;AR;mehr\r\n"])
    with ClearingStore.open(db_url) as store:
        import_files(store, [first], mandant="1001", chunk_bytes=TINY)
        payment = write_clearings(tmp_path / "a.csv", [clearing("R7", "60.00", konto=200002)])
        paid = import_files(store, [payment])
        assert paid.now_paid == (("1001", 200002, "R7"),)
        import_files(store, [raised], mandant="1001", chunk_bytes=TINY)
        opened = store.invoice("1001", "R7", 200002)
        assert opened is not None
        assert (opened.betrag_cents, opened.paid_cents, opened.paid_on) == (8_000, 6_000, None)
        import_files(store, [first], mandant="1001", chunk_bytes=TINY)
        again = store.invoice("1001", "R7", 200002)
        assert again is not None and (again.betrag_cents, again.paid_on) == (6_000, date(2026, 3, 5))
        untouched = store.invoice("1001", "R6", 200004)
        assert untouched is not None and (untouched.paid_cents, untouched.paid_on) == (0, None)


def test_a_new_invoice_takes_the_payments_that_waited_for_it(db_url: str, tmp_path: Path) -> None:
    """A payment stored before its invoice was known (as a migration leaves them, `unattached`) counts
    once the OP list registers the invoice: R6 is paid on the payment's date."""
    with ClearingStore.open(db_url) as store:
        with store.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO clearing_payments (mandant, rechnungsnr, zahlungsbelegnr, konto, datum, "
                    "betrag_cents, seq, text, source, line) VALUES "
                    "('1001', 'R6', 'BK-9', 200004, '2026-03-04', 5000, 1, '', 'alt.csv', 2)"
                )
            )
        assert len(store.unattached()) == 1
        import_files(store, [_op_list(tmp_path / "op.csv", ROWS)], mandant="1001", chunk_bytes=TINY)
        found = store.invoice("1001", "R6", 200004)
        assert found is not None and (found.paid_cents, found.paid_on) == (5_000, date(2026, 3, 4))
        assert store.unattached() == []
        other = store.invoice("1001", "R7", 200002)
        assert other is not None and (other.paid_cents, other.paid_on) == (0, None)


@pytest.mark.parametrize("chunk_bytes", [TINY, 1 << 20], ids=["tiny-chunks", "one-chunk"])
def test_op_list_in_chunks_names_a_misspelt_column_at_the_header(
    db_url: str, tmp_path: Path, chunk_bytes: int
) -> None:
    """ "Texxt" (meant: Text) is one problem at the header's line 2, however the file is cut."""
    path = tmp_path / "op.csv"
    path.write_bytes((HEAD.replace(";Text", ";Texxt") + "".join(ROWS)).encode("cp1252"))
    with ClearingStore.open(db_url) as store:
        with pytest.raises(DataError) as refused:
            import_files(store, [path], mandant="1001", chunk_bytes=chunk_bytes)
        assert [(p.line, p.field, p.code) for p in refused.value.problems] == [
            (2, "Texxt", "clearing.column.misspelt")
        ]
        assert _stored(store) == []
