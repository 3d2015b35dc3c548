"""Values a source system hands the debtor interface: VAT types, debtors, invoices and their lines.

Austrian VAT types are standardised by law and one code can carry several rates (code 1 with 0, 10,
13 and 20 %). Vertec therefore writes a VAT type as ``code (percent)`` — ``1 (20)`` — and so does
syncsystem: :class:`VatType` parses and prints exactly that form, and turns into BMD's separate
``steuercode`` and ``prozent`` fields. Invoice lines carry either a net or a gross amount; the other
and the tax follow, rounded to the cent half-up as on an Austrian invoice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from syncsystem.bmd.records import AccountNo, MandantId, PersonAccount
from syncsystem.messages import Message
from syncsystem.messages import codes as mc

__all__ = ["CENT", "InvoiceLine", "SourceInvoice", "ValueRefusedError", "VatType", "gross_and_tax"]

CENT = Decimal("0.01")
_VAT = re.compile(r"^\s*(\d{1,4})\s*\(\s*(\d{1,3}(?:[.,]\d{1,3})?)\s*\)\s*$")


class ValueRefusedError(ValueError):
    """A value a converter refused, with the catalogued words of why (``message``)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class VatType:
    """An Austrian VAT type: BMD tax code and rate, written ``code (percent)``."""

    code: int
    percent: Decimal

    @classmethod
    def parse(cls, text: str) -> VatType:
        """``"1 (20)"`` → VatType(1, 20); raises `ValueRefusedError` naming the expected form."""
        match = _VAT.match(text)
        if not match:
            raise ValueRefusedError(mc.IN_VAT_FORM(value=text))
        percent = Decimal(match.group(2).replace(",", "."))
        if percent > 100:
            raise ValueRefusedError(mc.IN_VAT_RATE(value=text))
        return cls(int(match.group(1)), percent)

    def __str__(self) -> str:
        return f"{self.code} ({self.percent.normalize():f})"


def gross_and_tax(
    vat: VatType, *, net: Decimal | None = None, gross: Decimal | None = None
) -> tuple[Decimal, Decimal]:
    """Gross amount and tax of a line given its net or its gross amount (exactly one)."""
    rate = vat.percent / 100
    if (net is None) == (gross is None):
        raise ValueError("give exactly one of net and gross")
    if net is not None:
        tax = (net * rate).quantize(CENT, ROUND_HALF_UP)
        return (net + tax).quantize(CENT), tax
    assert gross is not None
    tax = (gross * rate / (1 + rate)).quantize(CENT, ROUND_HALF_UP)
    return gross.quantize(CENT), tax


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    """One revenue line of an invoice: revenue account, gross amount, tax, VAT type, cost centre."""

    konto: AccountNo
    brutto: Decimal
    steuer: Decimal
    vat: VatType
    kost: str = ""
    text: str = ""


@dataclass(frozen=True, slots=True)
class SourceInvoice:
    """An invoice of the source system; ``rechnungsnr`` is its only identifier in BMD."""

    mandant: MandantId
    rechnungsnr: str
    datum: date
    debitor: AccountNo
    lines: tuple[InvoiceLine, ...]
    text: str = ""
    debtor_data: PersonAccount | None = None

    @property
    def total(self) -> Decimal:
        """Gross amount of the invoice: what its payments must reach."""
        return sum((line.brutto for line in self.lines), Decimal("0"))
