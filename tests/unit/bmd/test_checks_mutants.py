"""`bmd.checks.validate` over hand-made records: every problem's file, line, column and wording as
written here (column names from the NTCS headers in ../shared/reference/bmd-format.md)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from syncsystem.bmd import DEFAULT_RANGES
from syncsystem.bmd.checks import check_record as coded_findings
from syncsystem.bmd.checks import gross_tax, validate
from syncsystem.bmd.kinds import Kind
from syncsystem.bmd.records import (
    Booking,
    Buchcode,
    Clearing,
    CostCentre,
    JournalLine,
    LedgerAccount,
    OpenItem,
    PersonAccount,
)

D = date(2026, 3, 2)


def check_record(record: Any) -> list[tuple[str, str]]:
    """The product's findings of one record, each message worded in English (the tests' language)."""
    return [(field, str(message)) for field, message in coded_findings(record)]


def _seen(problems: tuple[Any, ...]) -> tuple[tuple[object, ...], ...]:
    """Each problem as (file, line, field, English message): what the test expects, written by hand."""
    return tuple((p.file, p.line, p.field, p.text_in("en")) for p in problems)


def test_clean_clearings_have_no_problems() -> None:
    """Person accounts 200000 and 399999, non-zero amounts: nothing to report."""
    records = [
        Clearing("R1", Decimal("10.00"), D, 200000, "BK1"),
        Clearing("R2", Decimal("-1.00"), D, 399999, "BK2"),
    ]
    assert _seen(validate(records, Kind.CLEARINGS, name="a.csv")) == ()


def test_clearing_problems_are_located_by_line_and_column() -> None:
    """Header on line 1, so the second record is line 3; both its findings, in column order."""
    records = [
        Clearing("R1", Decimal("10.00"), D, 200001, "BK1"),
        Clearing("R2", Decimal("0"), D, 4000, "BK2"),
    ]
    assert _seen(validate(records, Kind.CLEARINGS, name="a.csv")) == (
        ("a.csv", 3, "Kto-Nr", "clearing on 4000: not a person account (200000–399999)"),
        ("a.csv", 3, "Ausz-Betrag", "cleared amount is zero"),
    )


def test_open_item_lines_count_the_preamble() -> None:
    """An OP list has a preamble line before its header: the first record is line 3."""
    records = [
        OpenItem(200001, "R1", D, Decimal("100.00"), Decimal("120.00")),
        OpenItem(200001, "R2", D, Decimal("100.00"), Decimal("-20.00")),
        OpenItem(4000, "R3", D, Decimal("100.00"), Decimal("0")),
    ]
    assert _seen(validate(records, Kind.OPENITEMS, name="op.csv")) == (
        ("op.csv", 3, "OP-Betrag", "open amount exceeds the invoice amount"),
        ("op.csv", 4, "OP-Betrag", "open amount has the opposite sign of the invoice amount"),
        ("op.csv", 5, "Kto-Nr", "open item on 4000: not a person account (200000–399999)"),
    )


def test_a_record_of_another_kind_is_named() -> None:
    """A clearing in an OP list is reported on its line with no column."""
    records = [Clearing("R1", Decimal("1.00"), D, 200001, "BK1")]
    assert _seen(validate(records, Kind.OPENITEMS, name="op.csv")) == (  # type: ignore[arg-type]
        ("op.csv", 3, "", "Clearing in a openitems file"),
    )


def _j(konto: int, belegnr: str, betrag: str, code: Buchcode) -> JournalLine:
    return JournalLine(konto, D, D, belegnr, None, code, Decimal(betrag), Decimal(0), "AR", 1)


def test_journal_documents_must_balance_over_their_sachkonto_postings() -> None:
    """AR 1 balances (the person account 200000 is left out); AR 2 is off by 0,50, so the next
    document of the same symbol and date (AR 3) joins its group (a collective posting) and the
    group is named on its first line; a Haben posting with a positive amount is reported too."""
    records = [
        _j(200000, "1", "120.00", Buchcode.SOLL),
        _j(2000, "1", "120.00", Buchcode.SOLL),
        _j(4000, "1", "-100.00", Buchcode.HABEN),
        _j(3500, "1", "-20.00", Buchcode.HABEN),
        _j(2000, "2", "60.00", Buchcode.SOLL),
        _j(4000, "2", "-59.50", Buchcode.HABEN),
        _j(2000, "3", "10.00", Buchcode.HABEN),
        _j(4000, "3", "-10.00", Buchcode.HABEN),
    ]
    problems = validate(records, Kind.JOURNAL, name="j.csv")
    assert _seen(problems) == (
        (
            "j.csv",
            6,
            "Buch-Betrag",
            "document AR 2 of 02.03.2026, AR 3 of 02.03.2026 does not balance: "
            "its Sachkonto postings sum to 0,50",
        ),
        ("j.csv", 8, "Buch-Betrag", "positive amount on a Haben (B=2) posting"),
    )


def test_person_account_bounds() -> None:
    """200000–399999 inclusive, nothing else (None is no account)."""
    assert [DEFAULT_RANGES.is_person(k) for k in (199999, 200000, 399999, 400000, None)] == [
        False,
        True,
        True,
        False,
        False,
    ]


# -- one record at a time: (field, message) findings, worked by hand -------------------------------
def _b(**fields: object) -> Booking:
    base: dict[str, object] = {
        "konto": 4000,
        "belegnr": "1",
        "belegdatum": D,
        "buchcode": Buchcode.SOLL,
        "betrag": Decimal("100.00"),
    }
    return Booking(**{**base, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "findings"),
    [
        ({}, []),
        ({"satzart": 2}, []),
        ({"satzart": 3}, [("satzart", "satzart must be 0, 1 or 2, not 3")]),
        ({"konto": 0}, [("konto", "account 0 is not an account")]),
        ({"konto": -1}, [("konto", "account -1 outside 0–9999999999")]),
        ({"konto": 9_999_999_999}, []),
        ({"gkonto": 10_000_000_000}, [("gkonto", "account 10000000000 outside 0–9999999999")]),
        ({"prozent": Decimal("100")}, []),
        ({"prozent": Decimal("0")}, []),
        ({"prozent": Decimal("100.50")}, [("prozent", "percentage 100,5 outside 0–100")]),
        ({"skontopz": Decimal("-0.5")}, [("skontopz", "percentage -0,5 outside 0–100")]),
        ({"periode": 1}, []),
        ({"periode": 13}, []),
        ({"periode": 0}, [("periode", "periode must be 1–13, not 0")]),
        ({"periode": 14}, [("periode", "periode must be 1–13, not 14")]),
        ({"buchsymbol": "ar", "gkonto": 3500}, []),  # which accounts AR allows is BMD's configuration
        ({"buchsymbol": "EG", "gkonto": 200000}, []),
        ({"buchsymbol": "GU", "konto": 399999}, []),
        ({"buchsymbol": "KA", "gkonto": 3500}, []),
    ],
)
def test_booking_findings_table(fields: dict[str, object], findings: list[tuple[str, str]]) -> None:
    """Satzart, account ranges, percentages, period, each on its own; no symbol asks for an account."""
    assert check_record(_b(**fields)) == findings


@pytest.mark.parametrize(
    ("steuer", "ok"),
    [
        (Decimal("-20.00"), True),
        (Decimal("20.00"), True),
        (Decimal("-20.01"), True),
        (Decimal("-19.99"), True),
        (Decimal("-20.02"), False),
        (Decimal("-19.98"), False),
    ],
)
def test_gross_tax_on_person_lines(steuer: Decimal, ok: bool) -> None:
    """120,00 gross at 20 %: the tax is 20,00 in magnitude, ±0,01 allowed."""
    rec = _b(konto=200001, gkonto=4000, betrag=Decimal("120.00"), prozent=Decimal("20.00"), steuer=steuer)
    expected = (
        []
        if ok
        else [
            (
                "steuer",
                f"tax {str(steuer).replace('.', ',')} does not match 20 % of gross 120,00 "
                "(expected 20,00 ±0,01 in magnitude)",
            )
        ]
    )
    assert check_record(rec) == expected
    # the same line as Satzart 1, or with the person account as gkonto, or without percentage
    assert check_record(replace(rec, satzart=1)) == []
    # Sachkonto-led, both conventions occur (bmd-format.md §1.3): 120,00 is either net (tax 24,00,
    # NAVAX) or gross (tax 20,00, HeliumV); a tax that fits neither names both
    swapped = (
        []
        if ok
        else [
            (
                "steuer",
                f"tax {str(steuer).replace('.', ',')} fits neither convention of a Sachkonto-led line "
                "(konto 4000, person account 200001 in gkonto): net betrag 120,00 × 20 % = 24,00 "
                "(NAVAX), gross share 20,00; ±0,01 in magnitude",
            )
        ]
    )
    assert check_record(replace(rec, konto=4000, gkonto=200001)) == swapped
    assert check_record(replace(rec, prozent=None)) == []


def test_gross_tax_rounds_half_up_to_cents() -> None:
    """10 % of 0,55 gross: 0,05 (0,05 exactly: 0.55 × 10 / 110); 20 % of 0,33: 0,055 → 0,06."""
    assert gross_tax(Decimal("0.55"), Decimal("10")) == Decimal("0.05")
    assert gross_tax(Decimal("0.33"), Decimal("20")) == Decimal("0.06")
    assert gross_tax(Decimal("-120.00"), Decimal("20")) == Decimal("-20.00")


def _p(**fields: object) -> PersonAccount:
    return PersonAccount(**{"konto": 200001, "nachname": "Huber", **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "findings"),
    [
        ({}, []),
        ({"konto": 199999}, [("konto", "person account 199999 outside 200000–399999")]),
        ({"konto": 400000}, [("konto", "person account 400000 outside 200000–399999")]),
        # ATU1234567?: 1 + (2·2) + 3 + (2·4) + 5 + (2·6 → 1+2) + 7 = 31; (10 − (31 + 4) mod 10) mod 10 = 5
        ({"uid": "ATU12345675"}, []),
        ({"uid": "atu 1234 5675"}, []),
        (
            {"uid": "ATU12345674"},
            [("uid", "invalid Austrian UID 'ATU12345674' (ATU + 8 digits, check digit)")],
        ),
        ({"uid": "ATU1234567"}, [("uid", "invalid Austrian UID 'ATU1234567' (ATU + 8 digits, check digit)")]),
        ({"uid": "DE123456789"}, []),
        ({"uid": "D1"}, [("uid", "malformed UID 'D1'")]),
        ({"iban": "AT61 1904 3002 3457 3201"}, []),  # the ECBS example IBAN
        (
            {"iban": "AT611904300234573202"},
            [("iban", "invalid IBAN 'AT611904300234573202' (format or check digits)")],
        ),
        (
            {"iban": "AT6119043002345732"},
            [("iban", "invalid IBAN 'AT6119043002345732' (format or check digits)")],
        ),
        ({"bic": "BKAUATWW"}, []),
        ({"bic": "bkau atww xxx"}, []),
        ({"bic": "BKAU"}, [("bic", "malformed BIC 'BKAU'")]),
        ({"email": "office@kanzlei.at"}, []),
        ({"email": "office@kanzlei"}, [("email", "malformed e-mail address 'office@kanzlei'")]),
        ({"skonto": Decimal("3")}, []),
        ({"skonto": Decimal("101")}, [("skonto", "percentage 101 outside 0–100")]),
        ({"sammelkonto": 2000}, []),
        (
            {"sammelkonto": 200000},
            [("sammelkonto", "sammelkonto 200000 is a person account, not a Sachkonto")],
        ),
    ],
)
def test_person_findings_table(fields: dict[str, object], findings: list[tuple[str, str]]) -> None:
    """Range, UID check digit, IBAN mod 97, BIC and e-mail form, Skonto and Sammelkonto."""
    assert check_record(_p(**fields)) == findings


@pytest.mark.parametrize(
    ("record", "findings"),
    [
        (LedgerAccount(4000, "Erlöse"), []),
        (
            LedgerAccount(0, "Null"),
            [("konto", "0 is not a Sachkonto number (person accounts are 200000–399999)")],
        ),
        (
            LedgerAccount(200000, "Kunde"),
            [("konto", "200000 is not a Sachkonto number (person accounts are 200000–399999)")],
        ),
        (LedgerAccount(4000, ""), [("bezeichnung", "required field is empty")]),
        (CostCentre("K1", "Küche"), []),
        (CostCentre("K1", ""), [("bezeichnung", "required field is empty")]),
        (_j(4000, "1", "10.00", Buchcode.SOLL), []),
        (_j(4000, "1", "-10.00", Buchcode.HABEN), []),
        (_j(4000, "1", "-10.00", Buchcode.SOLL), [("betrag", "negative amount on a Soll (B=1) posting")]),
        (_j(4000, "1", "0.00", Buchcode.HABEN), []),
    ],
)
def test_ledger_cost_centre_and_journal_findings(record: object, findings: list[tuple[str, str]]) -> None:
    """Sachkonto numbers, required names, and BMD's journal signs (Soll +, Haben −)."""
    assert check_record(record) == findings  # type: ignore[arg-type]
