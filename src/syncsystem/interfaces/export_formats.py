"""Booking export formats of a hotel system (seed 003, apaleo): single, aggregated, person accounts.

Pure transformations of a source system's transactions into BMD records:

* **Single bookings** — one line per transaction: satzart 0, konto/gkonto = the mapped BMD accounts
  of the debit/credit account, belegnr/text/extbelegnr from configurable sources, belegdatum =
  transaction date, buchcode 1, prozent and steuercode 1 only when VAT applies, betrag gross
  (negative on a Storno), steuer negative except on a Storno, kost from the account mapping.
  **Incoming invoices** (``incoming=True``) are led by the supplier (the credited account), as BMD's
  own journal shows them: buchcode 2, betrag negative gross, steuer positive Vorsteuer with
  Steuercode 2 (a Storno flips both signs), symbol ER.
* **Buchungssymbol** — the one configured for the debit account's type; otherwise ER for incoming
  invoices, BK when a payment account takes part, AR when a person account (a company, or an
  account numbered as one) takes part, and UB for lines between Sachkonten only (e.g. a guest
  ledger kept as a Sachkonto): the Umbuchung, whether or not an installation's Buchungsregeln also
  allow AR there (BMD's default AR does; each installation configures its own).
* **Aggregated bookings** — summed per booking date and debit/credit account pair (and the fields
  that must agree: symbol, rate, cost centre); extbelegnr is empty, text is empty unless the text
  source is the service text. The Belegnr follows one rule (`aggregate_belegnr`), for
  ``interfaces export`` and the scheduled transfer alike: the fixed text plus the day
  (``Apaleo-20260302``) — BMD books a Belegnummer only once per Buchungssymbol, so the fixed text
  alone would be refused from the second day on — and, for a day delivered again, the delivery's
  ordinal (``Apaleo-20260302-2``).
* **Person accounts** — only the companies whose accounts the exported transactions booked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from syncsystem.bmd import DEFAULT_RANGES
from syncsystem.bmd.records import AccountNo, Booking, Buchcode, PersonAccount
from syncsystem.errors import Problem
from syncsystem.messages import codes as mc

__all__ = [
    "AccountMapping",
    "AccountType",
    "Company",
    "ExportConfig",
    "Source",
    "Transaction",
    "aggregate_belegnr",
    "aggregated_bookings",
    "person_accounts",
    "single_bookings",
]


class AccountType(StrEnum):
    """Kinds of source-system account; each may have its own Buchungssymbol."""

    REVENUE = "revenue"
    RECEIVABLE = "receivable"
    COMPANY = "company"
    PAYMENT = "payment"
    LIABILITY = "liability"
    OTHER = "other"


class Source(StrEnum):
    """Which value of a transaction fills belegnr, text or extbelegnr."""

    NONE = "none"
    BELEGNR = "belegnr"
    RESERVATION = "reservation"
    PSP = "psp"
    INVOICE = "invoice"
    SERVICE = "service"


@dataclass(frozen=True, slots=True)
class AccountMapping:
    """Where one source account lands in BMD, with its cost centre and type."""

    konto: AccountNo
    type: AccountType = AccountType.OTHER
    kost: str = ""


@dataclass(frozen=True, slots=True)
class Company:
    """A company of the source system (booked on its own account)."""

    account: str
    name: str
    street: str = ""
    plz: str = ""
    city: str = ""
    country: str = ""
    uid: str = ""


@dataclass(frozen=True, slots=True)
class Transaction:
    """One source-system transaction: gross amount, tax and both accounts (source numbering)."""

    id: str
    datum: date
    debit: str
    credit: str
    gross: Decimal
    vat_percent: Decimal | None = None
    tax: Decimal = Decimal("0")
    storno: bool = False
    belegnr: str = ""
    reservation: str = ""
    psp: str = ""
    invoice: str = ""
    service: str = ""


@dataclass(frozen=True, slots=True)
class ExportConfig:
    """The "BMD Konfiguration": field sources, symbols per account type, account mapping."""

    accounts: Mapping[str, AccountMapping]
    belegnr_source: Source = Source.BELEGNR
    text_source: Source = Source.SERVICE
    extbelegnr_source: Source = Source.INVOICE
    buchsymbole: Mapping[AccountType, str] = field(default_factory=dict)
    aggregate_belegnr: str = "Apaleo"
    companies: Mapping[str, Company] = field(default_factory=dict)

    def symbol(self, debit: AccountMapping, credit: AccountMapping, *, incoming: bool = False) -> str:
        """The Buchungssymbol of a line from ``debit`` to ``credit`` (see the module docstring)."""
        configured = self.buchsymbole.get(debit.type)
        if configured:
            return configured
        if incoming:
            return "ER"
        if AccountType.PAYMENT in (debit.type, credit.type):
            return "BK"
        if _person(debit) or _person(credit):
            return "AR"
        return "UB"


def _person(mapping: AccountMapping) -> bool:
    return mapping.type is AccountType.COMPANY or DEFAULT_RANGES.is_person(mapping.konto)


def aggregate_belegnr(text: str, day: date, earlier_deliveries: int = 0) -> str:
    """The Belegnr of a day's aggregated bookings: ``text-JJJJMMTT``, plus ``-n`` for the n-th delivery."""
    return f"{text}-{day:%Y%m%d}" + (f"-{earlier_deliveries + 1}" if earlier_deliveries else "")


def _value(tx: Transaction, source: Source) -> str:
    return "" if source is Source.NONE else str(getattr(tx, source.value))


def single_bookings(
    transactions: Iterable[Transaction],
    config: ExportConfig,
    name: str = "transactions",
    *,
    incoming: bool = False,
) -> tuple[list[Booking], list[Problem]]:
    """One BMD booking per transaction; unmapped accounts are problems, not guesses."""
    bookings: list[Booking] = []
    problems: list[Problem] = []
    for n, tx in enumerate(transactions, start=1):
        debit, credit = config.accounts.get(tx.debit), config.accounts.get(tx.credit)
        for side, acc, mapped in (("debit", tx.debit, debit), ("credit", tx.credit, credit)):
            if mapped is None:
                problems.append(Problem.of(name, n, side, mc.IN_NO_BMD_MAPPING(id=str(tx.id), account=acc)))
        if debit is None or credit is None:
            continue
        sign = -1 if tx.storno else 1
        taxed = tx.vat_percent is not None and (not incoming or tx.vat_percent != 0)
        if incoming:
            # led by the supplier (credited): Haben, negative gross, positive Vorsteuer (code 2)
            lead, counter, code, sign = credit, debit, 2, -sign
            buchcode, steuer = Buchcode.HABEN, -sign * abs(tx.tax)
        else:
            # output tax is negative; a Storno reverses it to positive
            lead, counter, code = debit, credit, 1
            buchcode, steuer = Buchcode.SOLL, sign * -abs(tx.tax)
        bookings.append(
            Booking(
                konto=lead.konto,
                gkonto=counter.konto,
                belegnr=_value(tx, config.belegnr_source),
                belegdatum=tx.datum,
                buchsymbol=config.symbol(debit, credit, incoming=incoming),
                buchcode=buchcode,
                prozent=tx.vat_percent if taxed else None,
                steuercode=code if taxed else None,
                betrag=sign * abs(tx.gross),
                steuer=steuer if taxed else None,
                text=_value(tx, config.text_source)[:72],
                kost=credit.kost or debit.kost,
                extbelegnr=_value(tx, config.extbelegnr_source),
            )
        )
    return bookings, problems


def aggregated_bookings(
    transactions: Iterable[Transaction],
    config: ExportConfig,
    name: str = "transactions",
    *,
    incoming: bool = False,
    repeats: Mapping[date, int] | None = None,
) -> tuple[list[Booking], list[Problem]]:
    """Bookings summed per date and account pair; Belegnr by `aggregate_belegnr` (``repeats``: per
    date, the earlier deliveries of that date), empty extbelegnr."""
    singles, problems = single_bookings(transactions, config, name, incoming=incoming)
    earlier = repeats or {}
    keep_text = config.text_source is Source.SERVICE
    sums: dict[tuple[object, ...], Booking] = {}
    for b in singles:
        text = b.text if keep_text else ""
        key = (b.belegdatum, b.konto, b.gkonto, b.buchsymbol, b.prozent, b.steuercode, b.kost, text)
        prev = sums.get(key)
        if prev is None:
            sums[key] = Booking(
                konto=b.konto,
                gkonto=b.gkonto,
                belegnr=aggregate_belegnr(
                    config.aggregate_belegnr, b.belegdatum, earlier.get(b.belegdatum, 0)
                ),
                belegdatum=b.belegdatum,
                buchsymbol=b.buchsymbol,
                buchcode=b.buchcode,
                prozent=b.prozent,
                steuercode=b.steuercode,
                betrag=b.betrag,
                steuer=b.steuer,
                text=text,
                kost=b.kost,
                extbelegnr="",
            )
        else:
            steuer = None if prev.steuer is None else prev.steuer + (b.steuer or Decimal("0"))
            sums[key] = Booking(
                konto=prev.konto,
                gkonto=prev.gkonto,
                belegnr=prev.belegnr,
                belegdatum=prev.belegdatum,
                buchsymbol=prev.buchsymbol,
                buchcode=prev.buchcode,
                prozent=prev.prozent,
                steuercode=prev.steuercode,
                betrag=prev.betrag + b.betrag,
                steuer=steuer,
                text=prev.text,
                kost=prev.kost,
                extbelegnr="",
            )
    # a day whose bookings cancel out entirely has nothing left to import
    result = [b for b in sums.values() if b.betrag != 0 or (b.steuer or 0) != 0]
    result.sort(key=lambda b: (b.belegdatum, b.konto, b.gkonto or 0, b.kost, b.prozent or 0))
    return result, problems


def person_accounts(transactions: Sequence[Transaction], config: ExportConfig) -> list[PersonAccount]:
    """Person accounts of exactly the companies whose accounts the transactions booked."""
    booked: dict[AccountNo, Company] = {}
    for tx in transactions:
        for acc in (tx.debit, tx.credit):
            company = config.companies.get(acc)
            mapped = config.accounts.get(acc)
            if company is not None and mapped is not None:
                booked[mapped.konto] = company
    return [
        PersonAccount(
            konto=konto, nachname=c.name, strasse=c.street, plz=c.plz, ort=c.city, land=c.country, uid=c.uid
        )
        for konto, c in sorted(booked.items())
    ]
