"""The sign and steuercode rules of docs/buchhaltung.md ("Vorzeichen", "Steuercode und Beleg") over edge
cases, in every engine that applies them: the row reader, the column reader, ``read_table`` above the size
it reads by rows (the columnar pre-filter), the chunked scan, ``clean_columns``' fast path and the BMD
emulator's import.

Each verdict was decided by hand from the documented rule, not from a checker: a person account in konto
→ betrag's sign tells the credit note and the tax has the opposite sign; a Sachkonto in konto against a
person in gkonto → the tax has betrag's sign; no person account → buchcode names the ordinary side;
Erwerbsteuer (8, 9) always ≤ 0; no code or 5.5's 00 → AR/GU Umsatz-, ER/EG Vorsteuer, other symbols not
judged; a code of the other side (2, 8, 9 on a sale; 1, 3, 5, 7, 17, 27, 77, 81 on a purchase) is a
problem at steuercode only, even without tax; a line with both a customer and a supplier is neither.
Amounts are gross shares of 20 % (20/120) unless the case is about the amount.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from emulators.bmd import ImportRefusedError, Office

from syncsystem import bmd
from syncsystem.bmd import Kind
from syncsystem.bmd.chunked import scan
from syncsystem.bmd.clean_columns import clean_columns
from syncsystem.bmd.reader import TABLE_FROM_ROWS_BELOW
from syncsystem.errors import Problem

HEADER = "satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;prozent;steuercode;betrag;steuer"
C, S = 209001, 309001  # the customer and the supplier of the emulator's books_office
OK, TAX, CODE = (), ("steuer",), ("steuercode",)
CASES = [
    # konto, gkonto, symbol, buchcode, prozent, steuercode, betrag, steuer → problem fields
    (C, 4000, "AR", 1, "20", "1", "120,00", "-20,00", OK),  # customer Soll: the invoice, USt −
    (C, 4000, "AR", 2, "20", "1", "120,00", "-20,00", OK),  # same side under buchcode 2: betrag decides
    (C, 4000, "AR", 2, "20", "1", "120,00", "20,00", TAX),  # timesheet.io's buchcode-2 "credit note"
    (C, 4000, "AR", 1, "20", "1", "-120,00", "20,00", OK),  # customer Haben: credit note, USt +
    (C, 4000, "AR", 2, "20", "01", "-120,00", "20,00", OK),  # leading zero: code 1
    (C, 4000, "AR", 1, "20", "02", "120,00", "20,00", CODE),  # Vorsteuer 02 on a sale: code, not sign
    (C, 4000, "AR", 2, "20", "2", "-120,00", "-20,00", CODE),
    (C, 4000, "AR", 1, "20", "00", "120,00", "-20,00", OK),  # 5.5's 00 is no Vorsteuer code: AR decides
    (C, 4000, "AR", 1, "20", "00", "120,00", "20,00", TAX),
    (C, 4000, "AR", 1, "20", "1", "0,00", "0,00", OK),  # zero amount, zero tax
    (C, 4000, "AR", 1, "20", "1", "0,00", "-20,00", TAX),  # tax on nothing: not the gross share
    (C, 4000, "AR", 1, "20", "1", "120,00", "0,00", TAX),  # zero tax at 20 %: not the gross share
    (C, 4000, "AR", 1, "0", "1", "120,00", "0,00", OK),  # 0 %, zero tax
    (C, 4000, "AR", 1, "0", "2", "120,00", "0,00", CODE),  # the code is wrong even without tax
    (C, 4000, "AR", 2, "", "", "120,00", "", OK),  # no tax at all: says nothing (a payment Storno)
    (C, 4000, "AR", 1, "20", "", "120,00", "-20,00", OK),  # no code: AR decides
    (C, 4000, "AR", 1, "20", "", "120,00", "20,00", TAX),
    (4000, C, "AR", 2, "20", "1", "-120,00", "-20,00", OK),  # customer in gkonto: tax with betrag's sign
    (4000, C, "AR", 1, "20", "1", "120,00", "20,00", OK),  # revenue Soll: the credit note (Werkboq)
    (4000, C, "AR", 2, "20", "1", "-120,00", "20,00", TAX),
    (4000, C, "AR", 2, "20", "2", "-100,00", "-20,00", CODE),  # customer in gkonto makes a sale too
    (4000, C, "AR", 2, "20", "00", "-120,00", "-20,00", OK),
    (C, S, "AR", 1, "20", "2", "120,00", "20,00", TAX),  # both persons: no document, sign person-led
    (C, S, "AR", 1, "20", "1", "120,00", "-20,00", OK),
    (C, S, "AR", 1, "20", "1", "120,00", "20,00", TAX),
    (S, 5000, "ER", 2, "20", "2", "-120,00", "20,00", OK),  # supplier Haben: the invoice, Vorsteuer +
    (S, 5000, "ER", 1, "20", "2", "-120,00", "20,00", OK),  # same under buchcode 1
    (S, 5000, "ER", 2, "20", "2", "120,00", "20,00", TAX),  # supplier Soll: credit note, Vorsteuer −
    (S, 5000, "ER", 2, "20", "1", "-120,00", "-20,00", CODE),  # USt code on a purchase
    (S, 5000, "ER", 2, "20", "01", "-120,00", "20,00", CODE),
    (S, 5000, "ER", 2, "20", "00", "-120,00", "20,00", OK),  # 00 on ER: Vorsteuer by the symbol
    (5000, S, "ER", 1, "20", "2", "100,00", "20,00", OK),  # expense Soll against the supplier, net
    (5000, S, "ER", 1, "20", "2", "-100,00", "20,00", TAX),  # expense Haben: credit note, tax ≤ 0
    (S, 5000, "ER", 2, "20", "9", "-100,00", "-20,00", OK),  # Erwerbsteuer: net, always ≤ 0
    (S, 5000, "ER", 2, "20", "9", "100,00", "-20,00", OK),
    (S, 5000, "ER", 2, "20", "09", "-100,00", "20,00", TAX),
    (C, 4000, "AR", 1, "20", "9", "100,00", "-20,00", CODE),  # Erwerbsteuer on a sale
    (2700, 4000, "AR", 1, "20", "8", "100,00", "-20,00", CODE),  # no person: AR makes the sale
    (2700, 4000, "AR", 1, "20", "00", "120,00", "-20,00", OK),  # till's gross sale, 00: Umsatzsteuer
    (2700, 4000, "AR", 1, "20", "00", "120,00", "20,00", TAX),
    (2700, 4000, "AR", 1, "20", "", "120,00", "-20,00", OK),
    (2700, 4000, "AR", 1, "20", "1", "120,00", "-20,00", OK),
    (5000, 2800, "ER", 1, "20", "1", "100,00", "20,00", CODE),  # no person: ER makes the purchase
    (5000, 2800, "ER", 1, "20", "2", "100,00", "20,00", OK),
    (5000, 2800, "ER", 1, "20", "00", "100,00", "20,00", OK),
    (2800, 5000, "UB", 1, "20", "2", "120,00", "20,00", OK),  # neither sale nor purchase: code not judged
    (2800, 5000, "UB", 1, "20", "1", "120,00", "20,00", TAX),  # … the sign by buchcode: USt ordinary ≤ 0
    (2800, 4000, "UB", 1, "20", "1", "120,00", "-20,00", OK),
]
FILLER = "0;4000;209001;F{};03.03.2026;AR;2;20;1;-120,00;-20,00"  # revenue-led invoices, clean


def _line(index: int, case: tuple[object, ...]) -> str:
    konto, gkonto, symbol, buchcode, prozent, code, betrag, steuer, _ = case
    return f"0;{konto};{gkonto};R{index};03.03.2026;{symbol};{buchcode};{prozent};{code};{betrag};{steuer}"


def _file(filler: int = 0) -> bytes:
    lines = [HEADER, *(_line(i, c) for i, c in enumerate(CASES))]
    lines += [FILLER.format(n) for n in range(filler)]
    return ("\r\n".join(lines) + "\r\n").encode()


EXPECTED = sorted((i + 2, field) for i, case in enumerate(CASES) for field in case[-1])


def _fields(problems: tuple[Problem, ...]) -> list[tuple[int, str]]:
    return sorted({(p.line, p.field) for p in problems})


@pytest.mark.parametrize("engine", ["rows", "columns"])
def test_readers(engine: str) -> None:
    result = bmd.read(_file(), Kind.BOOKINGS, name="e.csv", engine=engine)
    assert _fields(result.problems) == EXPECTED


def test_read_table_past_the_row_reader_size() -> None:
    """1,500 clean lines after the cases: read_table's columnar pre-filter must pass every case on."""
    data = _file(filler=1500)
    assert len(data) > TABLE_FROM_ROWS_BELOW
    assert _fields(bmd.read_table(data, Kind.BOOKINGS, name="e.csv").problems) == EXPECTED


def test_chunked_scan(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_bytes(_file(filler=1500))
    assert _fields(scan(path, Kind.BOOKINGS, name="e.csv", chunk_bytes=16 << 10).problems) == EXPECTED


def test_clean_columns_takes_exactly_the_clean_lines() -> None:
    """The fast path takes a file of the accepted cases and declines each refused case alone."""
    clean = [_line(i, c) for i, c in enumerate(CASES) if not c[-1]]
    data = ("\r\n".join((HEADER, *clean)) + "\r\n").encode()
    assert clean_columns(data, Kind.BOOKINGS, name="e.csv") is not None
    for i, case in enumerate(CASES):
        if case[-1]:
            one = f"{HEADER}\r\n{_line(i, case)}\r\n".encode()
            assert clean_columns(one, Kind.BOOKINGS, name="e.csv") is None, _line(i, case)


def test_bmd_emulator(books_office: Office, tmp_path: Path) -> None:
    """The emulator checks the whole file before it posts, so one refusal names every case's field."""
    path = tmp_path / "e.csv"
    path.write_bytes(_file())
    with pytest.raises(ImportRefusedError) as refused:
        books_office.import_file("1001", path)
    assert _fields(refused.value.problems) == EXPECTED
