"""The documented sign rule of bookings, as a table of hand-decided cases (docs/buchhaltung.md, "Vorzeichen").

Each row: steuercode, buchsymbol, buchcode, betrag, steuer and whether BMD's rule accepts the tax sign.
The verdicts were written from the rule's text, not from the checker: output tax ≤ 0 ordinary / ≥ 0
credit note; input tax ≥ 0 / ≤ 0; Erwerbsteuer ≤ 0 always; no classified code → the symbol decides.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from syncsystem import bmd
from syncsystem.bmd import Buchcode, Kind

CASES = [
    # code, symbol, buchcode, betrag, steuer, accepted — AR invoice and its credit note (StaffSupply)
    (1, "AR", 1, "120,00", "-20,00", True),
    (1, "AR", 1, "120,00", "20,00", False),
    (1, "AR", 1, "-120,00", "20,00", True),
    (1, "AR", 1, "-120,00", "-20,00", False),
    (3, "AR", 1, "120,00", "20,00", False),
    # supplier-led ER: buchcode 2, ordinary betrag negative (fdoo, pr10gtest), input tax positive
    (2, "ER", 2, "-120,00", "20,00", True),
    (2, "ER", 2, "-120,00", "-20,00", False),
    (2, "ER", 2, "120,00", "-20,00", True),  # ER credit note (Storno): signs flipped
    (2, "ER", 2, "120,00", "20,00", False),
    # Erwerbsteuer: negative on both sides
    (9, "ER", 2, "-100,00", "-20,00", True),
    (9, "ER", 2, "100,00", "-20,00", True),
    (9, "ER", 2, "-100,00", "20,00", False),
    # no or ambiguous code: the symbol decides
    (None, "AR", 1, "120,00", "20,00", False),
    (0, "AR", 1, "120,00", "-20,00", True),
    (0, "ER", 2, "-120,00", "-20,00", False),
    (None, "GU", 1, "-120,00", "20,00", True),
    # reverse charge and unknown codes, and symbols without a tax type: not judged
    (19, "ER", 2, "-100,00", "-20,00", True),
    (None, "UB", 1, "120,00", "20,00", True),
    # zero tax never has a wrong sign
    (1, "AR", 1, "120,00", "0,00", True),
]
HEADER = "satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;prozent;steuercode;betrag;steuer"


@pytest.mark.parametrize(("code", "symbol", "buchcode", "betrag", "steuer", "accepted"), CASES)
@pytest.mark.parametrize("engine", ["rows", "columns"])
def test_sign_rule_table(
    code: int | None, symbol: str, buchcode: int, betrag: str, steuer: str, accepted: bool, engine: str
) -> None:
    """A case is a sign problem at file:2:steuer exactly when the table says the sign is wrong (the
    tax amount itself is not what this table is about)."""
    konto = 300001 if symbol in {"ER", "EG"} else 200001
    gross = Decimal(betrag.replace(",", ".")).copy_abs()
    tax = Decimal(steuer.replace(",", ".")).copy_abs()
    prozent = "20" if tax and (gross - tax) * Decimal("0.2") == tax else "0"
    cells = ["0", str(konto), "4000", "R1", "05.01.2026", symbol, str(buchcode), prozent]
    cells += ["" if code is None else str(code), betrag, steuer]
    data = f"{HEADER}\r\n{';'.join(cells)}\r\n".encode()
    result = bmd.read(data, Kind.BOOKINGS, name="s.csv", engine=engine)  # type: ignore[arg-type]
    steuer_problems = [p for p in result.problems if "wrong sign" in p.message]
    assert [str(p).split(": ")[0] for p in steuer_problems] == ([] if accepted else ["s.csv:2:steuer"])


def test_validate_applies_the_same_rule_to_records() -> None:
    """bmd.validate (what writers check before a file leaves) reports the same steuer problem."""
    line = bmd.Booking(
        200001, "R1", date(2026, 1, 5), Buchcode.SOLL, Decimal("120.00"), prozent=Decimal(20),
        steuercode=1, steuer=Decimal("20.00"), buchsymbol="AR", gkonto=4000,
    )  # fmt: skip
    (problem,) = bmd.validate([line], Kind.BOOKINGS)
    assert (problem.line, problem.field) == (2, "steuer") and "wrong sign" in problem.message


LED_CASES = [
    # konto, gkonto, code, symbol, buchcode, betrag, steuer, accepted — a line led by the revenue or
    # expense account (the person in gkonto): its side decides, not its buchcode (docs/buchhaltung.md)
    (4000, 200001, 1, "AR", 2, "-120,00", "-20,00", True),  # revenue Haben: the invoice
    (
        4000,
        200001,
        1,
        "AR",
        1,
        "-120,00",
        "-20,00",
        True,
    ),  # revenue Haben under buchcode 1: still the invoice
    (4000, 200001, 1, "AR", 1, "-120,00", "20,00", False),  # … so its output tax must not be positive
    (4000, 200001, 1, "AR", 1, "120,00", "20,00", True),  # revenue Soll: the credit note (Werkboq)
    (4000, 200001, 1, "AR", 2, "120,00", "-20,00", False),  # revenue Soll: credit note, tax must be ≥ 0
    (7000, 300001, 2, "ER", 1, "120,00", "20,00", True),  # expense Soll: the purchase invoice
    (7000, 300001, 2, "ER", 2, "120,00", "20,00", True),  # expense Soll under buchcode 2: still the invoice
    (7000, 300001, 2, "ER", 2, "120,00", "-20,00", False),  # … so its input tax must not be negative
    (7000, 300001, 2, "ER", 2, "-120,00", "-20,00", True),  # expense Haben: the credit note
    (7000, 300001, 2, "ER", 1, "-120,00", "20,00", False),  # expense Haben: credit note, tax must be ≤ 0
]


@pytest.mark.parametrize(
    ("konto", "gkonto", "code", "symbol", "buchcode", "betrag", "steuer", "accepted"), LED_CASES
)
@pytest.mark.parametrize("engine", ["rows", "columns", "table"])
def test_sign_rule_of_lines_led_by_the_revenue_or_expense_account(
    konto: int,
    gkonto: int,
    code: int,
    symbol: str,
    buchcode: int,
    betrag: str,
    steuer: str,
    accepted: bool,
    engine: str,
) -> None:
    """The gross amounts (tax = 20/120 of betrag) fit a convention, so only the sign can be wrong:
    one problem at file:2:steuer exactly when the table says so, in every engine (the columnar
    reader's pre-filter must send such a line to the exact checks; ``table``: read_table above the
    size it reads by rows, as ingest reads a large file)."""
    cells = [
        "0",
        str(konto),
        str(gkonto),
        "R1",
        "05.01.2026",
        symbol,
        str(buchcode),
        "20",
        str(code),
        betrag,
        steuer,
    ]
    body = f"{HEADER}\r\n{';'.join(cells)}\r\n"
    if engine == "table":
        filler = ["0", "4000", "200001", "R2", "05.01.2026", "AR", "2", "20", "1", "-120,00", "-20,00"]
        body += f"{';'.join(filler)}\r\n" * 2000  # ordinary invoices, past TABLE_FROM_ROWS_BELOW
        problems = bmd.read_table(body.encode(), Kind.BOOKINGS, name="s.csv").problems
    else:
        result = bmd.read(body.encode(), Kind.BOOKINGS, name="s.csv", engine=engine)  # type: ignore[arg-type]
        problems = result.problems
    assert [(p.line, p.field, p.code) for p in problems] == (
        [] if accepted else [(2, "steuer", "bmd.tax.wrong_sign")]
    )
