"""`bmd.checks.validate` over hand-made records: every problem's file, line, column and wording as
written here (column names from the NTCS headers in ../shared/reference/bmd-format.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from syncsystem.bmd.checks import is_person_account, validate
from syncsystem.bmd.kinds import Kind
from syncsystem.bmd.records import Buchcode, Clearing, JournalLine, OpenItem
from syncsystem.errors import Problem

D = date(2026, 3, 2)


def test_clean_clearings_have_no_problems() -> None:
    """Person accounts 200000 and 399999, non-zero amounts: nothing to report."""
    records = [Clearing("R1", Decimal("10.00"), D, 200000, "BK1"),
               Clearing("R2", Decimal("-1.00"), D, 399999, "BK2")]
    assert validate(records, Kind.CLEARINGS, name="a.csv") == ()


def test_clearing_problems_are_located_by_line_and_column() -> None:
    """Header on line 1, so the second record is line 3; both its findings, in column order."""
    records = [Clearing("R1", Decimal("10.00"), D, 200001, "BK1"),
               Clearing("R2", Decimal("0"), D, 4000, "BK2")]
    assert validate(records, Kind.CLEARINGS, name="a.csv") == (
        Problem("a.csv", 3, "Kto-Nr", "clearing on 4000: not a person account (200000–399999)"),
        Problem("a.csv", 3, "Ausz-Betrag", "cleared amount is zero"),
    )


def test_open_item_lines_count_the_preamble() -> None:
    """An OP list has a preamble line before its header: the first record is line 3."""
    records = [
        OpenItem(200001, "R1", D, Decimal("100.00"), Decimal("120.00")),
        OpenItem(200001, "R2", D, Decimal("100.00"), Decimal("-20.00")),
        OpenItem(4000, "R3", D, Decimal("100.00"), Decimal("0")),
    ]
    assert validate(records, Kind.OPENITEMS, name="op.csv") == (
        Problem("op.csv", 3, "OP-Betrag", "open amount exceeds the invoice amount"),
        Problem("op.csv", 4, "OP-Betrag", "open amount has the opposite sign of the invoice amount"),
        Problem("op.csv", 5, "Kto-Nr", "open item on 4000: not a person account (200000–399999)"),
    )


def test_a_record_of_another_kind_is_named() -> None:
    """A clearing in an OP list is reported on its line with no column."""
    records = [Clearing("R1", Decimal("1.00"), D, 200001, "BK1")]
    assert validate(records, Kind.OPENITEMS, name="op.csv") == (  # type: ignore[arg-type]
        Problem("op.csv", 3, "", "Clearing in a openitems file"),
    )


def _j(konto: int, belegnr: str, betrag: str, code: Buchcode) -> JournalLine:
    return JournalLine(konto, D, D, belegnr, None, code, Decimal(betrag), Decimal(0), "AR", 1)


def test_journal_documents_must_balance_over_their_sachkonto_postings() -> None:
    """AR 1 balances (the person account 200000 is left out); AR 2 is off by 0,50, so the next
    document of the same symbol and date (AR 3) joins its group (a collective posting) and the
    group is named on its first line; a Haben posting with a positive amount is reported too."""
    records = [
        _j(200000, "1", "120.00", Buchcode.SOLL), _j(2000, "1", "120.00", Buchcode.SOLL),
        _j(4000, "1", "-100.00", Buchcode.HABEN), _j(3500, "1", "-20.00", Buchcode.HABEN),
        _j(2000, "2", "60.00", Buchcode.SOLL), _j(4000, "2", "-59.50", Buchcode.HABEN),
        _j(2000, "3", "10.00", Buchcode.HABEN), _j(4000, "3", "-10.00", Buchcode.HABEN),
    ]
    problems = validate(records, Kind.JOURNAL, name="j.csv")
    assert problems == (
        Problem("j.csv", 6, "Buch-Betrag",
                "document AR 2 of 02.03.2026, AR 3 of 02.03.2026 does not balance: "
                "its Sachkonto postings sum to 0,50"),
        Problem("j.csv", 8, "Buch-Betrag", "positive amount on a Haben (B=2) posting"),
    )


def test_person_account_bounds() -> None:
    """200000–399999 inclusive, nothing else (None is no account)."""
    assert [is_person_account(k) for k in (199999, 200000, 399999, 400000, None)] == [
        False, True, True, False, False]
