"""Pure rules of the debtor interface: VAT types, tax, booking signs, lock date, numbering."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from syncsystem.errors import ConfigError
from syncsystem.interfaces.bookings import cancellation_bookings, invoice_bookings, lock_date_problem
from syncsystem.interfaces.debtors import next_customer_number
from syncsystem.interfaces.inputs import parse_invoices
from syncsystem.interfaces.model import InvoiceLine, SourceInvoice, VatType, gross_and_tax


@pytest.mark.parametrize("text", ["1 (20)", "1 (10)", "1 (13)", "1 (0)"])
def test_vat_type_round_trips_in_code_percent_form(text: str) -> None:
    """Austrian VAT types are read and written as 'code (percent)'."""
    assert str(VatType.parse(text)) == text


def test_vat_type_refuses_other_forms() -> None:
    """A bare rate is refused with the expected form in the message."""
    with pytest.raises(ValueError, match="code \\(percent\\)"):
        VatType.parse("20%")


def test_gross_and_tax_from_net_or_gross() -> None:
    """Net 100 at 20 % is gross 120 with tax 20; gross 240 at 20 % carries tax 40."""
    vat = VatType.parse("1 (20)")
    assert gross_and_tax(vat, net=Decimal("100.00")) == (Decimal("120.00"), Decimal("20.00"))
    assert gross_and_tax(vat, gross=Decimal("240.00")) == (Decimal("240.00"), Decimal("40.00"))


def _invoice() -> SourceInvoice:
    lines = (
        InvoiceLine(4000, Decimal("120.00"), Decimal("20.00"), VatType.parse("1 (20)"), "10"),
        InvoiceLine(4010, Decimal("110.00"), Decimal("10.00"), VatType.parse("1 (10)")),
    )
    return SourceInvoice("1", "R-7", date(2026, 3, 2), 200001, lines, "Beratung")


def test_invoice_lines_are_gross_with_negative_output_tax() -> None:
    """Debtor leads with Buchcode 1, gross amounts, negative tax, the invoice number as belegnr."""
    lines = invoice_bookings(_invoice())
    assert [
        (b.konto, b.gkonto, b.belegnr, b.betrag, b.steuer, b.prozent, b.steuercode, b.kost) for b in lines
    ] == [
        (200001, 4000, "R-7", Decimal("120.00"), Decimal("-20.00"), Decimal("20"), 1, "10"),
        (200001, 4010, "R-7", Decimal("110.00"), Decimal("-10.00"), Decimal("10"), 1, ""),
    ]
    assert {b.buchsymbol for b in lines} == {"AR"}


def test_cancellation_flips_signs_and_keeps_the_number() -> None:
    """A Storno repeats every line under the same number with betrag and steuer negated."""
    storno = cancellation_bookings(_invoice(), date(2026, 3, 9))
    assert [(b.belegnr, b.betrag, b.steuer, b.belegdatum) for b in storno] == [
        ("R-7", Decimal("-120.00"), Decimal("20.00"), date(2026, 3, 9)),
        ("R-7", Decimal("-110.00"), Decimal("10.00"), date(2026, 3, 9)),
    ]


def test_lock_date_refuses_only_older_bookings() -> None:
    """A booking before the Sperrdatum is a problem; on or after it, or without one, it is fine."""
    lock = date(2026, 3, 1)
    problem = lock_date_problem("in.json", 0, "R-1", date(2026, 2, 28), lock)
    assert problem is not None and "Sperrdatum" in problem.message and problem.field == "datum"
    assert lock_date_problem("in.json", 0, "R-1", lock, lock) is None
    assert lock_date_problem("in.json", 0, "R-1", date(2020, 1, 1), None) is None


def test_next_customer_number_skips_taken_numbers_and_stays_in_range() -> None:
    """Numbers BMD already uses are skipped; an exhausted range is a configuration error."""
    assert next_customer_number(200005, (200000, 299999), {200005, 200006, 200009}) == 200007
    with pytest.raises(ConfigError, match="exhausted"):
        next_customer_number(299999, (200000, 299999), {299999})


def test_csv_invoices_group_lines_and_name_bad_cells() -> None:
    """CSV rows of one invoice number form one invoice; a bad VAT cell is named by line and column."""
    data = (
        b"rechnungsnr;datum;debitor;konto;netto;brutto;mwst;kost;text\n"
        b"R-1;02.03.2026;200001;4000;100,00;;1 (20);;A\n"
        b"R-1;02.03.2026;200001;4010;50,00;;1 (10);;B\n"
        b"R-2;02.03.2026;200001;4000;10,00;;20;;C\n"
    )
    invoices, problems = parse_invoices(data, "in.csv", "1")
    assert [(i.rechnungsnr, i.total) for i in invoices] == [("R-1", Decimal("175.00"))]
    assert [(p.line, p.field) for p in problems] == [(4, "mwst")]
