"""The edges of the sign and steuercode rules (docs/buchhaltung.md "Vorzeichen", "Steuercode und
Beleg"), where a mutation run found them held only by property tests or not at all.

Verdicts are worked out by hand from the doc's text, not from any engine:

* Led by a person account, the side of ``betrag`` tells the credit note: the customer in Haben
  (``betrag < 0``), the supplier in Soll (``betrag > 0``); led by a revenue or expense account against
  a person account, the revenue in Soll (``betrag > 0``), the expense in Haben (``betrag < 0``);
  without a person account the buchcode names the ordinary side (1 Soll: credit when ``betrag < 0``;
  2 Haben: credit when ``betrag > 0``). All of these are strict: a betrag of 0,00 is never a credit
  note, a betrag of 0,60 is on its side like 60,00. Umsatzsteuer is ≤ 0 on an ordinary line, ≥ 0 on a
  credit note; Vorsteuer the other way round.
* A betrag of 0,00 with a tax of ±0,01 fits the tax amount (0,00 within the cent's tolerance), so only
  the sign rule decides; 0,60 at 20 % holds 0,10 (0,60 × 20 / 120), the net tax 0,12.
* A sale is a line with a customer account in konto or gkonto and no supplier account, a purchase the
  other way round — whatever the buchsymbol (UB here, which says neither); a line with both is not
  judged at steuercode.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from syncsystem import bmd
from syncsystem.bmd.chunked import layout, scan
from syncsystem.bmd.clean_columns import clean_columns

HEADER = "satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;prozent;steuercode;betrag;steuer;text"

# konto, gkonto, symbol, buchcode, prozent, steuercode, betrag, steuer, field refused (None: accepted)
CASES = {
    # customer-led, Umsatzsteuer: credit note only when betrag < 0
    "customer betrag 0, USt -0,01": (209001, 4000, "AR", 1, 20, 1, "0,00", "-0,01", None),
    "customer betrag 0, USt +0,01": (209001, 4000, "AR", 1, 20, 1, "0,00", "0,01", "steuer"),
    "customer Soll 0,60, USt -0,10": (209001, 4000, "AR", 2, 20, 1, "0,60", "-0,10", None),
    "customer Soll 0,60, USt +0,10": (209001, 4000, "AR", 2, 20, 1, "0,60", "0,10", "steuer"),
    # supplier-led, Vorsteuer: credit note only when betrag > 0
    "supplier betrag 0, VSt +0,01": (309001, 5000, "ER", 2, 20, 2, "0,00", "0,01", None),
    "supplier betrag 0, VSt -0,01": (309001, 5000, "ER", 2, 20, 2, "0,00", "-0,01", "steuer"),
    "supplier Soll 0,60, VSt -0,10": (309001, 5000, "ER", 1, 20, 2, "0,60", "-0,10", None),
    "supplier Soll 0,60, VSt +0,10": (309001, 5000, "ER", 1, 20, 2, "0,60", "0,10", "steuer"),
    # revenue-led against a customer: credit note only when betrag > 0, tax with betrag's sign
    "revenue betrag 0, USt -0,01": (4000, 209001, "AR", 2, 20, 1, "0,00", "-0,01", None),
    "revenue betrag 0, USt +0,01": (4000, 209001, "AR", 2, 20, 1, "0,00", "0,01", "steuer"),
    "revenue Soll 0,60, USt +0,10": (4000, 209001, "AR", 1, 20, 1, "0,60", "0,10", None),
    "revenue Soll 0,60, USt -0,10": (4000, 209001, "AR", 1, 20, 1, "0,60", "-0,10", "steuer"),
    # expense-led against a supplier: credit note only when betrag < 0
    "expense betrag 0, VSt +0,01": (5000, 309001, "ER", 1, 20, 2, "0,00", "0,01", None),
    "expense betrag 0, VSt -0,01": (5000, 309001, "ER", 1, 20, 2, "0,00", "-0,01", "steuer"),
    "expense Soll 0,60, VSt +0,10": (5000, 309001, "ER", 1, 20, 2, "0,60", "0,10", None),
    "expense Soll 0,60, VSt -0,10": (5000, 309001, "ER", 1, 20, 2, "0,60", "-0,10", "steuer"),
    # no person account: the buchcode names the ordinary side
    "till buchcode 1, betrag 0, USt -0,01": (2700, 4000, "AR", 1, 20, 1, "0,00", "-0,01", None),
    "till buchcode 1, betrag 0, USt +0,01": (2700, 4000, "AR", 1, 20, 1, "0,00", "0,01", "steuer"),
    "till buchcode 1, 0,60, USt -0,10": (2700, 4000, "AR", 1, 20, 1, "0,60", "-0,10", None),
    "till buchcode 1, 0,60, USt +0,10": (2700, 4000, "AR", 1, 20, 1, "0,60", "0,10", "steuer"),
    "till buchcode 2, betrag 0, USt -0,01": (2700, 4000, "AR", 2, 20, 1, "0,00", "-0,01", None),
    "till buchcode 2, betrag 0, USt +0,01": (2700, 4000, "AR", 2, 20, 1, "0,00", "0,01", "steuer"),
    "till buchcode 2, 0,60, USt +0,10": (2700, 4000, "AR", 2, 20, 1, "0,60", "0,10", None),
    "till buchcode 2, 0,60, USt -0,10": (2700, 4000, "AR", 2, 20, 1, "0,60", "-0,10", "steuer"),
    # the person account makes the document, not the symbol: UB says neither
    "UB customer in konto, coded 2": (209001, 4010, "UB", 1, 10, 2, "110,00", "10,00", "steuercode"),
    "UB customer in gkonto, coded 2": (4010, 209001, "UB", 2, 10, 2, "-110,00", "-10,00", "steuercode"),
    "UB supplier in konto, coded 1": (309001, 5000, "UB", 2, 20, 1, "-1200,00", "200,00", "steuercode"),
    "UB supplier in gkonto, coded 1": (5000, 309001, "UB", 1, 20, 1, "1000,00", "200,00", "steuercode"),
    "UB customer in konto, coded 1": (209001, 4010, "UB", 1, 10, 1, "110,00", "-10,00", None),
    "UB supplier in gkonto, coded 2": (5000, 309001, "UB", 1, 20, 2, "1000,00", "200,00", None),
    # customer against supplier (a set-off): neither sale nor purchase, whatever the symbol
    "customer against supplier under AR, coded 2": (
        209001,
        309001,
        "AR",
        2,
        10,
        2,
        "-110,00",
        "10,00",
        None,
    ),
    "supplier against customer under ER, coded 1": (
        309001,
        209001,
        "ER",
        1,
        20,
        1,
        "120,00",
        "-20,00",
        None,
    ),
}


def _line(case: str, belegnr: str) -> str:
    konto, gkonto, symbol, buchcode, prozent, code, betrag, steuer, _ = CASES[case]
    return f"0;{konto};{gkonto};{belegnr};03.03.2026;{symbol};{buchcode};{prozent};{code};{betrag};{steuer};x"


def _file(case: str, copies: int = 1) -> bytes:
    lines = [HEADER] + [_line(case, f"B{n}") for n in range(copies)]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("engine", ["rows", "columns"])
def test_read(case: str, engine: str) -> None:
    result = bmd.read(_file(case), name="b.csv", engine=engine)
    want = CASES[case][-1]
    assert [(p.line, p.field) for p in result.problems] == ([] if want is None else [(2, want)])


@pytest.mark.parametrize("case", CASES)
def test_read_table_of_a_large_file(case: str) -> None:
    """Over 64 KiB read_table filters columnar first: every copy of the line is judged alike."""
    data = _file(case, copies=1500)
    assert len(data) > 64 << 10
    want = CASES[case][-1]
    table = bmd.read_table(data, name="b.csv")
    assert {p.field for p in table.problems} == (set() if want is None else {want})
    assert len(table.problems) == (0 if want is None else 1500)


@pytest.mark.parametrize("case", CASES)
def test_ingest_fast_path(case: str) -> None:
    """clean_columns takes a file only when it has no problem at all."""
    assert (clean_columns(_file(case), None, name="b.csv") is not None) == (CASES[case][-1] is None)


@pytest.mark.parametrize("case", CASES)
def test_chunked_scan(case: str, tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_bytes(_file(case, copies=16))
    assert layout(path, chunk_bytes=256) is not None
    want = CASES[case][-1]
    found = scan(path, chunk_bytes=256)
    assert [(p.line, p.field) for p in found.problems] == (
        [] if want is None else [(n, want) for n in range(2, 18)]
    )


def _problem(line: str) -> bmd.Problem:
    (problem,) = bmd.read((HEADER + "\r\n" + line + "\r\n").encode("cp1252"), name="b.csv").problems
    return problem


@pytest.mark.parametrize(
    ("line", "side", "other"),
    [
        # customer Haben (-60,00) with USt in Haben too: named as the Haben side of 209001
        ("0;209001;4000;B1;03.03.2026;GU;2;20;1;-60,00;-10,00;x", "Haben", "Soll"),
        # timesheet.io's credit note, ten cents: +0,60 books the customer in Soll
        ("0;209001;4000;B1;03.03.2026;AR;2;20;1;0,60;0,10;x", "Soll", "Haben"),
    ],
)
def test_a_wrong_sign_against_the_buchcode_names_the_side_betrag_books(
    line: str, side: str, other: str
) -> None:
    problem = _problem(line)
    assert (problem.field, problem.code) == ("steuer", "bmd.tax.wrong_sign")
    assert f"209001 in {side}" in problem.message and other not in problem.message


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("0;309001;5000;B1;03.03.2026;ER;2;20;1;-1200,00;200,00;x", "(supplier account 309001)"),
        ("0;5000;309001;B1;03.03.2026;UB;1;20;1;1000,00;200,00;x", "(supplier account 309001)"),
        ("0;4010;209001;B1;03.03.2026;AR;2;10;2;-110,00;-10,00;x", "(customer account 209001)"),
        ("0;209001;4010;B1;03.03.2026;UB;1;10;2;110,00;10,00;x", "(customer account 209001)"),
        ("0;5000;2800;B1;03.03.2026;ER;1;20;1;100,00;20,00;x", "(buchsymbol ER)"),
    ],
)
def test_a_code_of_the_other_side_names_what_makes_the_document(line: str, why: str) -> None:
    """Library messages are English (tests/conftest.py); the catalogue words the person account."""
    problem = _problem(line)
    assert (problem.field, problem.code) == ("steuercode", "bmd.tax.code_against_document")
    assert why in problem.message


# Every code the doc names for the other side (docs/buchhaltung.md "Steuercode und Beleg"): the
# Umsatzsteuer codes on a supplier's invoice (gross 1200,00, 20 %: 200,00 in the gross), Vorsteuer 2
# and Erwerbsteuer 8, 9 on a customer's invoice (Erwerbsteuer is net: 100,00 at 10 % is −10,00).
OTHER_SIDE = [
    *(
        f"0;309001;5000;B1;03.03.2026;ER;2;20;{code};-1200,00;200,00;x"
        for code in (1, 3, 5, 7, 17, 27, 77, 81)
    ),
    "0;209001;4010;B1;03.03.2026;AR;1;10;2;110,00;10,00;x",
    *(f"0;209001;4010;B1;03.03.2026;AR;1;10;{code};100,00;-10,00;x" for code in (8, 9)),
    # BMD writes its symbols upper-case; the sign rule reads 'ar' as AR (taxes.tax_type), so the code
    # rule does too — else one line would be a sale for its sign and none for its code
    "0;2700;4000;B1;03.03.2026;ar;1;10;2;110,00;10,00;x",
    "0;5000;2800;B1;03.03.2026;er;1;20;1;100,00;20,00;x",
]


@pytest.mark.parametrize("line", OTHER_SIDE)
def test_each_code_of_the_other_side_is_refused_in_every_engine(line: str) -> None:
    data = (HEADER + "\r\n" + line + "\r\n").encode("cp1252")
    for engine in ("rows", "columns"):
        found = bmd.read(data, name="b.csv", engine=engine).problems
        assert [(p.line, p.field, p.code) for p in found] == [
            (2, "steuercode", "bmd.tax.code_against_document")
        ]
    assert clean_columns(data, None, name="b.csv") is None
    large = HEADER + "\r\n" + "\r\n".join([line] * 1500) + "\r\n"
    assert {(p.field, p.code) for p in bmd.read_table(large.encode("cp1252"), name="b.csv").problems} == {
        ("steuercode", "bmd.tax.code_against_document")
    }
