"""A clearing file imported a few lines at a time stores and reports exactly what one whole read does.

The file is written by hand; the expected payments, occurrence numbers, unresolved rows, problems
and paid dates below are worked out by hand from it (physical lines: header = line 1, line 5 is
blank). Chunks of 64 bytes hold one or two lines, so twins (the same invoice, payment document,
account, date and amount) meet only across chunks; 150 bytes cut elsewhere; 4 MiB reads the file
whole.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from syncsystem.clearing.frames import read_files
from syncsystem.clearing.importer import import_files
from syncsystem.clearing.store import ClearingStore, payments
from syncsystem.errors import DataError

from .conftest import write_op_list

HEAD = b"Kto-Nr;Rng-Nr;Ausz-Betrag;Ausz-Datum;Zahlungs-BelegNr;Text\r\n"
ROWS = [  # physical lines 2 … 13 of the file
    b"200001;R-1;100,00;05.03.2026;BK-1;Zahlung 1\r\n",  # 2: imported before: already present
    b"200001;R-2;50,00;05.03.2026;BK-2;Zahlung 2\r\n",  # 3
    b"200001;R-1;10,00;06.03.2026;BK-3;Teil\r\n",  # 4: R-1/BK-3 occurrence 1
    b"\r\n",  # 5: blank
    b"200001;NOPE;1,00;06.03.2026;BK-4;unbekannt\r\n",  # 6: unknown invoice
    b"200001;R-5;40,00;06.03.2026;BK-5;zwei Mandanten\r\n",  # 7: R-5 in Mandant 100 and 200
    b";R-4;30,00;07.03.2026;BK-6;ohne Konto\r\n",  # 8: no account, R-4 on two accounts
    b"200001;R-1;10,00;06.03.2026;BK-3;Teil\r\n",  # 9: R-1/BK-3 occurrence 2
    "200001;R-3;40,00;07.03.2026;BK-7;Hälfte\r\n".encode("cp1252"),  # 10: R-3/BK-7 occurrence 1
    ";R-3;40,00;07.03.2026;BK-7;Hälfte\r\n".encode("cp1252"),  # 11: no account, R-3 only on 200001: 2
    b"200001;R-1;10,00;06.03.2026;BK-3;Teil\r\n",  # 12: R-1/BK-3 occurrence 3
    b"200001;R-2;50,00;05.03.2026;BK-2;Zahlung 2\r\n",  # 13: R-2/BK-2 occurrence 2
]
# (Mandant, invoice, payment document, account, date, cents, occurrence, line) — by hand from ROWS
STORED = [
    ("100", "R-1", "BK-1", 200001, "2026-03-05", 10000, 1, 2),
    ("100", "R-2", "BK-2", 200001, "2026-03-05", 5000, 1, 3),
    ("100", "R-1", "BK-3", 200001, "2026-03-06", 1000, 1, 4),
    ("100", "R-1", "BK-3", 200001, "2026-03-06", 1000, 2, 9),
    ("100", "R-3", "BK-7", 200001, "2026-03-07", 4000, 1, 10),
    ("100", "R-3", "BK-7", 200001, "2026-03-07", 4000, 2, 11),
    ("100", "R-1", "BK-3", 200001, "2026-03-06", 1000, 3, 12),
    ("100", "R-2", "BK-2", 200001, "2026-03-05", 5000, 2, 13),
]
CHUNKS = [64, 150, 4 << 20]


def _world(db_url: str, tmp_path: Path) -> ClearingStore:
    store = ClearingStore.open(db_url)
    import_files(
        store,
        [
            write_op_list(
                tmp_path / "op100.csv",
                [("R-1", "120.00"), ("R-2", "50.00"), ("R-3", "80.00"), ("R-4", "30.00"), ("R-5", "40.00")],
            ),
            write_op_list(tmp_path / "op100b.csv", [("R-4", "35.00")], konto=200002),
        ],
        mandant="100",
    )
    import_files(store, [write_op_list(tmp_path / "op200.csv", [("R-5", "40.00")])], mandant="200")
    before = tmp_path / "before.csv"
    before.write_bytes(HEAD + ROWS[0])
    import_files(store, [before])
    return store


@pytest.mark.parametrize("chunk_bytes", CHUNKS)
def test_chunked_import_stores_and_reports_what_the_hand_table_says(
    db_url: str, tmp_path: Path, chunk_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every chunk size stores the same payments (twins numbered across chunks, a row without account
    numbered with its twin that has one), reports the same unresolved lines and paid invoices, and
    leaves no spilled chunk behind."""
    spill = tmp_path / "spill"
    spill.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spill))
    file = tmp_path / "Auszifferungsliste.csv"
    file.write_bytes(HEAD + b"".join(ROWS))
    if chunk_bytes < 4 << 20:  # the cut path is taken, in many pieces
        [parsed] = read_files([file], None, chunk_bytes=chunk_bytes)
        assert parsed.chunks is not None and len(list(parsed.clearing_frames())) >= 4
        parsed.chunks.close()
    with _world(db_url, tmp_path) as store:
        report = import_files(store, [file], chunk_bytes=chunk_bytes)
        assert (report.created, report.already_present) == (7, 1)
        assert [(u.line, u.rechnungsnr) for u in report.unknown] == [(6, "NOPE")]
        assert [(u.line, u.rechnungsnr, u.mandanten) for u in report.ambiguous] == [
            (7, "R-5", ("100", "200")),
            (8, "R-4", ("100",)),
        ]
        assert str(report.ambiguous[1]).startswith(f"{file}:8:Kto-Nr")
        assert report.now_paid == (("100", 200001, "R-1"), ("100", 200001, "R-2"), ("100", 200001, "R-3"))
        cols = [
            payments.c[n]
            for n in (
                "mandant",
                "rechnungsnr",
                "zahlungsbelegnr",
                "konto",
                "datum",
                "betrag_cents",
                "seq",
                "line",
            )
        ]
        with store.engine.connect() as conn:
            stored = [tuple(r) for r in conn.execute(sa.select(*cols).order_by(payments.c.line))]
        assert stored == STORED
        paid = {nr: store.invoice("100", nr, 200001) for nr in ("R-1", "R-2", "R-3")}
        assert {nr: (i.paid_cents, i.paid_on) for nr, i in paid.items() if i is not None} == {
            "R-1": (13000, date(2026, 3, 6)),
            "R-2": (10000, date(2026, 3, 5)),
            "R-3": (8000, date(2026, 3, 7)),
        }
        again = import_files(store, [file], chunk_bytes=chunk_bytes)
        assert (again.created, again.already_present, again.now_paid) == (0, 8, ())
    assert list(spill.iterdir()) == []


@pytest.mark.parametrize("chunk_bytes", CHUNKS)
def test_chunked_validation_names_every_bad_cell_and_imports_nothing(
    db_url: str, tmp_path: Path, chunk_bytes: int
) -> None:
    """Bad cells in different chunks are all reported at their physical line and field; nothing of
    the good rows before and between them is stored."""
    file = _bad_file(tmp_path)
    with _world(db_url, tmp_path) as store:
        with pytest.raises(DataError) as caught:
            import_files(store, [file], chunk_bytes=chunk_bytes)
        assert [(p.file, p.line, p.field) for p in caught.value.problems] == [
            (str(file), 3, "Ausz-Betrag"),
            (str(file), 5, "Ausz-Datum"),
            (str(file), 7, "Ausz-Betrag"),
        ]
        assert caught.value.total == 3
        assert store.payment_count() == 1  # the one imported before


@pytest.mark.parametrize("chunk_bytes", CHUNKS)
def test_problems_beyond_keep_are_counted_not_kept(tmp_path: Path, chunk_bytes: int) -> None:
    """With ``keep=2`` the refusal holds the first two problems and counts all three."""
    file = _bad_file(tmp_path)
    with pytest.raises(DataError) as caught:
        read_files([file], None, chunk_bytes=chunk_bytes, keep=2)
    assert [p.line for p in caught.value.problems] == [3, 5]
    assert caught.value.total == 3
    assert "3" in str(caught.value.summary)


def _bad_file(tmp_path: Path) -> Path:
    file = tmp_path / "bad.csv"
    file.write_bytes(
        HEAD
        + b"".join(
            [
                b"200001;R-1;100,00;05.03.2026;BK-1;a\r\n",  # 2
                b"200001;R-2;zehn;05.03.2026;BK-2;b\r\n",  # 3: not an amount
                b"200001;R-2;50,00;05.03.2026;BK-3;c\r\n",  # 4
                b"200001;R-3;40,00;31.02.2026;BK-4;d\r\n",  # 5: no such date
                b"200001;R-3;40,00;01.03.2026;BK-5;e\r\n",  # 6
                b"200001;R-1;1,005;05.03.2026;BK-6;f\r\n",  # 7: three decimals
                b"200001;R-1;2,00;05.03.2026;BK-7;g\r\n",  # 8
            ]
        )
    )
    return file
