"""BMD's posting logic: one imported line becomes the postings BMD writes to its journal.

Mirrors ``fdoo_pr10gtest.csv`` (BMD's own PR10G journal export). A line led by a person account
(gross ``betrag``, ``steuer`` signed by tax type) becomes four postings: the person account, the
revenue/expense counter-account with the net amount, the tax account of the Steuercode with the
tax, and the collective account (2000/3300) mirroring the person posting. A line led by a Sachkonto
(net ``betrag``, e.g. UB or KA) becomes leading, counter and tax postings; led by a Sachkonto with
the person as gkonto it is first turned into the person's line (:func:`normalise`). Self-assessed
tax (Erwerbsteuer, reverse charge) is not part of ``betrag``: it goes to the tax account and, where
deductible, back to the input-tax account, otherwise onto the counter. Amounts are signed
Soll positive, Haben negative; ``buchcode`` of generated lines follows the sample: the counter
takes the opposite side; the tax line sides with the counter on person-led lines and with the
leading line otherwise; the collective line sides with the person line. Credit notes and reversals
keep the buchcodes of their import lines and flip the signs; in the journal every posting's side
follows its sign. On bank/cash documents the counter line carries gkonto 0,
as the sample's BK rows do. Every document balances: the Sachkonto postings sum to zero and every
person posting is mirrored by its collective posting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from syncsystem.bmd.records import Booking, Buchcode

from .chart import (
    CUSTOMER_COLLECTIVE,
    SUPPLIER_COLLECTIVE,
    TaxCode,
    TaxKind,
    collective_account,
    is_person,
    tax_code,
)

__all__ = [
    "CENT",
    "Document",
    "expand",
    "expand_line",
    "gross_to_tax",
    "imbalance",
    "money",
    "normalise",
    "self_assessed",
]

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
_PAYMENT_SYMBOLS = frozenset({"BK", "KA"})


def money(value: Decimal | int | str | float) -> Decimal:
    """``value`` rounded to cents, half up (BMD's commercial rounding); floats via their repr."""
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return exact.quantize(CENT, rounding=ROUND_HALF_UP)


def gross_to_tax(gross: Decimal, rate: Decimal) -> Decimal:
    """The tax contained in a gross amount at ``rate`` percent (pr10gtest: 1234,45 → 205,74)."""
    return money(gross * rate / (Decimal(100) + rate))


@dataclass(frozen=True, slots=True)
class Document:
    """A Beleg: the import lines sharing one document number, symbol and date, before posting."""

    symbol: str
    belegnr: str
    belegdatum: date
    lines: tuple[Booking, ...]

    @property
    def buchdatum(self) -> date:
        first = self.lines[0].buchdatum
        return first if first is not None else self.belegdatum

    def postings(self) -> tuple[Booking, ...]:
        return expand(self.lines)


def _opposite(code: Buchcode) -> Buchcode:
    return Buchcode.HABEN if code is Buchcode.SOLL else Buchcode.SOLL


def self_assessed(line: Booking) -> bool:
    """Whether the line's tax is self-assessed (Erwerbsteuer / reverse charge): not part of betrag."""
    code = tax_code(line.steuercode, line.buchsymbol)
    return code is not None and code.kind is TaxKind.ERWERB


def normalise(line: Booking) -> Booking:
    """Let the person account lead. A line led by a Sachkonto with the person as gkonto (net, as the
    importer keeps it) becomes the person's gross line: roles swapped, buchcode inverted, betrag
    the person's side (net plus tax, or the net alone for self-assessed tax); the tax keeps its sign,
    which follows the tax type, not the leading account."""
    if not is_person(line.konto) and line.gkonto is not None and is_person(line.gkonto):
        tax = line.steuer or ZERO
        gross = line.betrag if self_assessed(line) else line.betrag + tax
        return replace(
            line,
            konto=line.gkonto,
            gkonto=line.konto,
            buchcode=_opposite(line.buchcode),
            betrag=-gross,
        )
    return line


def _posting(
    common: dict[str, Any],
    konto: int,
    buchcode: Buchcode,
    betrag: Decimal,
    *,
    gkonto: int = 0,
    kost: str = "",
) -> Booking:
    """A generated posting of the document ``common`` describes, without tax of its own."""
    return Booking(
        konto=konto, gkonto=gkonto, buchcode=buchcode, betrag=betrag, steuer=ZERO, kost=kost, **common
    )


def _tax_postings(lead: Booking, common: dict[str, Any], code: TaxCode | None) -> list[Booking]:
    """The tax posting of a line (and, for assessed tax with deduction, its Vorsteuer posting)."""
    steuer = lead.steuer or ZERO
    if not steuer:
        return []
    if code is None or code.account is None:
        raise ValueError(f"Steuercode {lead.steuercode} hat kein Steuerkonto")
    side = _opposite(lead.buchcode) if is_person(lead.konto) else lead.buchcode
    postings = [_posting(common, code.account, side, steuer)]
    if code.kind is TaxKind.ERWERB and code.deduction:
        postings.append(_posting(common, code.deduction, lead.buchcode, -steuer))
    return postings


def expand_line(line: Booking) -> list[Booking]:
    """The journal postings BMD generates for one (normalised) import line."""
    lead = replace(
        line,
        buchdatum=line.buchdatum or line.belegdatum,
        steuer=money(line.steuer or ZERO),
        betrag=money(line.betrag),
    )
    steuer = lead.steuer or ZERO
    common: dict[str, Any] = {
        "belegnr": lead.belegnr,
        "belegdatum": lead.belegdatum,
        "buchdatum": lead.buchdatum,
        "buchsymbol": lead.buchsymbol,
        "text": lead.text,
        "periode": lead.periode,
    }
    code = tax_code(lead.steuercode, lead.buchsymbol)
    assessed = code is not None and code.kind is TaxKind.ERWERB
    postings = [lead]
    if lead.gkonto:
        counter_gkonto = 0 if lead.buchsymbol in _PAYMENT_SYMBOLS else lead.konto
        if not assessed:
            counter = -(lead.betrag + steuer)
        else:  # the tax is owed on top of the net; without deduction it is a cost of the counter
            counter = -lead.betrag - (ZERO if code is not None and code.deduction else steuer)
        postings.append(
            _posting(
                common, lead.gkonto, _opposite(lead.buchcode), counter, gkonto=counter_gkonto, kost=lead.kost
            )
        )
    postings.extend(_tax_postings(lead, common, code))
    if is_person(lead.konto):
        postings.append(_posting(common, collective_account(lead.konto), lead.buchcode, lead.betrag))
    return postings


def expand(lines: Iterable[Booking]) -> tuple[Booking, ...]:
    """All postings of a document, line by line, in BMD's order (lead, counter, tax, collective).

    In the journal the side of a posting follows its sign (Soll positive, Haben negative, as every
    row of pr10gtest.csv shows), so a credit note's postings change sides; zero postings vanish.
    """
    return tuple(
        replace(posting, buchcode=Buchcode.SOLL if posting.betrag > 0 else Buchcode.HABEN)
        for line in lines
        for posting in expand_line(normalise(line))
        if posting.betrag != 0
    )


def imbalance(postings: Sequence[Booking]) -> tuple[Decimal, Decimal]:
    """(sum over Sachkonto postings, person postings minus their collective mirror postings).

    Both are zero for every correctly posted document: the general ledger balances, and the
    subledger of person accounts agrees with the collective accounts.
    """
    ledger = sum((p.betrag for p in postings if not is_person(p.konto)), ZERO)
    persons = sum((p.betrag for p in postings if is_person(p.konto)), ZERO)
    mirrors = (CUSTOMER_COLLECTIVE, SUPPLIER_COLLECTIVE)
    collective = sum((p.betrag for p in postings if p.konto in mirrors and p.gkonto == 0), ZERO)
    return ledger, persons - collective
