"""Pure rules of the payment clearing import: natural keys, invoice resolution, paid status.

Nothing here touches a database or a file. An invoice's identity is (Mandant, person account,
invoice number): a customer and a supplier of one Mandant may well both have an invoice 26. An
Auszifferungsliste carries no Mandant but names the person account (``Kto-Nr``), so a clearing row
is attached to the invoice with its number *on its account*: one Mandant knowing that pair resolves
it, none makes it *unknown*, several make it *ambiguous*. A row without an account (no column, or
an empty cell) is attached only where its number alone names one invoice in scope; otherwise it is
ambiguous. Ambiguous rows are never guessed, they are reported and left for a person. Every
resolved row becomes a :class:`Payment` whose :func:`natural_key` the store enforces as UNIQUE,
which is what makes re-imports, overlapping files and concurrent imports create each payment
exactly once. Money is handled in integer cents once it leaves the BMD records, so sums are exact
and keys compare exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import NamedTuple

from syncsystem.bmd.records import AccountNo, Clearing, MandantId
from syncsystem.messages import Message
from syncsystem.messages import codes as mc

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
    "reason_ambiguous_account",
    "reason_ambiguous_mandanten",
    "reason_unknown",
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
    ``konto`` is the invoice's person account: the row's, or where the row names none, that of
    the one invoice its number names. A NamedTuple rather than a dataclass: an import builds a
    million of these, and a tuple is immutable all the same at a fifth of the construction cost.
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
    """A clearing row that could not be attached: unknown or ambiguous invoice.

    ``field`` is the column a person has to look at (``Rng-Nr``; ``Kto-Nr`` when the row names no
    account and the number alone is not enough); ``konto`` the row's account (None: none given);
    ``konten`` the accounts in scope that do have an invoice with this number.
    """

    source: str
    line: int
    rechnungsnr: str
    betrag: Decimal
    mandanten: tuple[MandantId, ...]
    reason: Message  # worded when shown, in the language chosen
    konto: AccountNo | None = None
    konten: tuple[AccountNo, ...] = ()
    field: str = "Rng-Nr"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.source,
            "line": self.line,
            "field": self.field,
            "rechnungsnr": self.rechnungsnr,
            "konto": self.konto,
            "betrag": str(self.betrag),
            "mandanten": list(self.mandanten),
            "konten": list(self.konten),
            "reason": str(self.reason),
            "reason_code": self.reason.as_dict(),
        }

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.field}: {self.rechnungsnr}: {self.reason}"


def reason_unknown(
    konto: AccountNo | None, only_mandant: MandantId | None, others: Sequence[AccountNo]
) -> Message:
    """Why a row found no invoice; ``others``: accounts that have an invoice with its number."""
    if konto is None:
        return mc.CLEARING_UNKNOWN() if only_mandant is None else mc.CLEARING_UNKNOWN_IN(mandant=only_mandant)
    reason = (
        mc.CLEARING_UNKNOWN_ACCOUNT(konto=konto)
        if only_mandant is None
        else mc.CLEARING_UNKNOWN_ACCOUNT_IN(konto=konto, mandant=only_mandant)
    )
    if others:
        return mc.CLEARING_BELONGS_ELSEWHERE(reason=reason, konten=", ".join(map(str, others)))
    return reason


def reason_ambiguous_mandanten(konto: AccountNo | None) -> Message:
    if konto is None:
        return mc.CLEARING_SEVERAL_MANDANTEN()
    return mc.CLEARING_SEVERAL_MANDANTEN_ACCOUNT(konto=konto)


def reason_ambiguous_account(mandant: MandantId, konten: Sequence[AccountNo]) -> Message:
    return mc.CLEARING_SEVERAL_ACCOUNTS(konten=", ".join(map(str, konten)), mandant=mandant)


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
    known: Mapping[str, Sequence[tuple[MandantId, AccountNo]]],
    only_mandant: MandantId | None = None,
) -> Resolution:
    """Attach each ``(line, clearing)`` of file ``source`` to its invoice, or report why not.

    ``known`` maps an invoice number to every (Mandant, account) that has an invoice with it. With
    ``only_mandant`` the file is known to come from that Mandant, so only its invoices count.
    """
    payments: list[Payment] = []
    ambiguous: list[Unresolved] = []
    unknown: list[Unresolved] = []
    seen: dict[tuple[str, str, int, date, int], int] = {}
    scoped: dict[str, list[tuple[MandantId, AccountNo]]] = {}
    for nr, pairs in known.items():
        mine = sorted({p for p in pairs if only_mandant is None or p[0] == only_mandant})
        if mine:
            scoped[nr] = mine
    for line, row in rows:
        found = _invoice_of(source, line, row, scoped.get(row.rechnungsnr, []), only_mandant)
        if isinstance(found, Unresolved):
            (ambiguous if found.mandanten else unknown).append(found)  # unknown: no Mandant has it
            continue
        mandant, konto = found
        nr, amount = row.rechnungsnr, cents(row.betrag)
        ident = (nr, row.zahlungsbelegnr, konto, row.datum, amount)
        seq = seen.get(ident, 0) + 1
        seen[ident] = seq
        payments.append(
            Payment(mandant, nr, row.zahlungsbelegnr, konto, row.datum, amount, seq, row.text, source, line)
        )
    return Resolution(tuple(payments), tuple(ambiguous), tuple(unknown))


def _invoice_of(
    source: str,
    line: int,
    row: Clearing,
    pairs: Sequence[tuple[MandantId, AccountNo]],
    only_mandant: MandantId | None,
) -> tuple[MandantId, AccountNo] | Unresolved:
    """The one invoice (Mandant, account) that ``row`` at ``source:line`` pays among the
    (Mandant, account) ``pairs`` in scope with its number, or why there is none: unknown, or
    ambiguous between Mandanten or (for a row without account) between accounts."""
    nr, konto = row.rechnungsnr, row.konto
    owners = [m for m, k in pairs if konto is None or k == konto]
    mandanten = tuple(sorted(set(owners)))
    if not mandanten:
        others = tuple(sorted({k for _, k in pairs}))
        reason = reason_unknown(konto, only_mandant, others)
        return Unresolved(source, line, nr, row.betrag, (), reason, konto, others)
    if len(mandanten) > 1:
        reason = reason_ambiguous_mandanten(konto)
        return Unresolved(source, line, nr, row.betrag, mandanten, reason, konto)
    if konto is not None:
        return mandanten[0], konto
    konten = tuple(k for _, k in pairs)
    if len(konten) > 1:
        reason = reason_ambiguous_account(mandanten[0], konten)
        return Unresolved(source, line, nr, row.betrag, mandanten, reason, None, konten, "Kto-Nr")
    return mandanten[0], konten[0]


class InvoiceStatus(Enum):
    """Where an invoice stands with its payments."""

    OPEN = "offen"
    PARTIAL = "teilbezahlt"
    PAID = "bezahlt"
    OVERPAID = "überzahlt"
    CANCELLED = "storniert"


def is_paid(amount_cents: int, paid_cents: int) -> bool:
    """An invoice is paid once its payments reach its amount (credit notes: reach it downwards)."""
    if amount_cents >= 0:
        return paid_cents >= amount_cents
    return paid_cents <= amount_cents


def invoice_status(amount_cents: int, paid_cents: int, cancelled: bool = False) -> InvoiceStatus:
    """Status of an invoice of ``amount_cents`` with ``paid_cents`` of payments attached."""
    if cancelled:
        return InvoiceStatus.CANCELLED
    if paid_cents == amount_cents:
        return InvoiceStatus.PAID
    if is_paid(amount_cents, paid_cents):
        return InvoiceStatus.OVERPAID
    if paid_cents == 0:
        return InvoiceStatus.OPEN
    return InvoiceStatus.PARTIAL
