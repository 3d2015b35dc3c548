"""Pure rules of the payment clearing import: natural keys, invoice resolution, paid status.

Nothing here touches a database or a file. An Auszifferungsliste carries no Mandant, so a clearing
row is attached to an invoice only through its invoice number: one Mandant knowing that number
resolves it, none makes it *unknown*, several make it *ambiguous* — and ambiguous rows are never
guessed, they are reported and left for a person. Every resolved row becomes a :class:`Payment`
whose :func:`natural_key` the store enforces as UNIQUE, which is what makes re-imports, overlapping
files and concurrent imports create each payment exactly once. Money is handled in integer cents
once it leaves the BMD records, so sums are exact and keys compare exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import NamedTuple

from syncsystem.bmd.records import AccountNo, Clearing, MandantId

__all__ = [
    "Invoice",
    "InvoiceStatus",
    "Payment",
    "Resolution",
    "Unresolved",
    "cents",
    "invoice_status",
    "is_paid",
    "natural_key",
    "resolve",
]

NaturalKey = tuple[str, str, str, int, str, int, int]


def cents(amount: Decimal) -> int:
    """``amount`` in integer cents; refuses amounts finer than a cent instead of rounding them."""
    scaled = amount * 100
    whole = scaled.to_integral_value()
    if scaled != whole:
        raise ValueError(f"amount {amount} has more than two decimals")
    return int(whole)


@dataclass(frozen=True, slots=True)
class Invoice:
    """An invoice payments can be attached to: known from the source system or BMD's OP list."""

    mandant: MandantId
    rechnungsnr: str
    konto: AccountNo
    datum: date
    betrag: Decimal


class Payment(NamedTuple):
    """One clearing attached to one invoice of one Mandant, ready to be stored.

    ``seq`` numbers identical rows within one file (1, 2, …): a clearing that is reversed and then
    made again with the same payment document, amount and date is a second, distinct payment.
    A NamedTuple rather than a dataclass: an import builds a million of these, and a tuple is
    immutable all the same at a fifth of the construction cost.
    """

    mandant: MandantId
    rechnungsnr: str
    zahlungsbelegnr: str
    konto: AccountNo
    datum: date
    betrag_cents: int
    seq: int
    text: str
    source: str
    line: int


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A clearing row that could not be attached: unknown or ambiguous invoice number."""

    source: str
    line: int
    rechnungsnr: str
    betrag: Decimal
    mandanten: tuple[MandantId, ...]
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.source,
            "line": self.line,
            "rechnungsnr": self.rechnungsnr,
            "betrag": str(self.betrag),
            "mandanten": list(self.mandanten),
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Resolution:
    """Outcome of resolving one file's clearing rows against the known invoices."""

    payments: tuple[Payment, ...]
    ambiguous: tuple[Unresolved, ...]
    unknown: tuple[Unresolved, ...]


def natural_key(payment: Payment) -> NaturalKey:
    """The identity of a payment: what the database's UNIQUE constraint spans."""
    return (
        payment.mandant,
        payment.rechnungsnr,
        payment.zahlungsbelegnr,
        payment.konto,
        payment.datum.isoformat(),
        payment.betrag_cents,
        payment.seq,
    )


def resolve(
    rows: Iterable[tuple[int, Clearing]],
    source: str,
    mandanten_by_invoice: Mapping[str, Sequence[MandantId]],
    only_mandant: MandantId | None = None,
) -> Resolution:
    """Attach each ``(line, clearing)`` of file ``source`` to its invoice, or report why not.

    ``mandanten_by_invoice`` maps an invoice number to every Mandant that has it. With
    ``only_mandant`` the file is known to come from that Mandant, so only its invoices count.
    """
    payments: list[Payment] = []
    ambiguous: list[Unresolved] = []
    unknown: list[Unresolved] = []
    seen: dict[tuple[str, str, int, date, int], int] = {}
    # one lookup per row: the single owning Mandant, or None when the number is ambiguous
    owner: dict[str, MandantId | None] = {}
    for nr, mandanten in mandanten_by_invoice.items():
        scoped = [m for m in mandanten if only_mandant is None or m == only_mandant]
        if scoped:
            owner[nr] = scoped[0] if len(set(scoped)) == 1 else None
    where = f" in Mandant {only_mandant}" if only_mandant is not None else ""
    append = payments.append
    for line, row in rows:
        nr = row.rechnungsnr
        mandant = owner.get(nr, "")
        if mandant is None:
            ambiguous.append(
                Unresolved(
                    source,
                    line,
                    nr,
                    row.betrag,
                    tuple(sorted(set(mandanten_by_invoice[nr]))),
                    "invoice number exists in several Mandanten; not assigned",
                )
            )
            continue
        if not mandant:
            unknown.append(Unresolved(source, line, nr, row.betrag, (), f"invoice unknown{where}"))
            continue
        amount = cents(row.betrag)
        ident = (nr, row.zahlungsbelegnr, row.konto, row.datum, amount)
        seq = seen.get(ident, 0) + 1
        seen[ident] = seq
        append(Payment(mandant, nr, row.zahlungsbelegnr, row.konto, row.datum, amount, seq,
                       row.text, source, line))
    return Resolution(tuple(payments), tuple(ambiguous), tuple(unknown))


class InvoiceStatus(Enum):
    """Where an invoice stands with its payments."""

    OPEN = "offen"
    PARTIAL = "teilbezahlt"
    PAID = "bezahlt"
    OVERPAID = "überzahlt"


def is_paid(amount_cents: int, paid_cents: int) -> bool:
    """An invoice is paid once its payments reach its amount (credit notes: reach it downwards)."""
    if amount_cents >= 0:
        return paid_cents >= amount_cents
    return paid_cents <= amount_cents


def invoice_status(amount_cents: int, paid_cents: int) -> InvoiceStatus:
    """Status of an invoice of ``amount_cents`` with ``paid_cents`` of payments attached."""
    if paid_cents == amount_cents:
        return InvoiceStatus.PAID
    if is_paid(amount_cents, paid_cents):
        return InvoiceStatus.OVERPAID
    if paid_cents == 0:
        return InvoiceStatus.OPEN
    return InvoiceStatus.PARTIAL
