"""Booking export formats of a hotel system (seed 003, apaleo): single, aggregated, person accounts.

Pure transformations of a source system's transactions into BMD records:

* **Single bookings** — one line per transaction: satzart 0, konto/gkonto = the mapped BMD accounts
  of the debit/credit account, belegnr/text/extbelegnr from configurable sources, belegdatum =
  transaction date, buchsymbol per account type (default AR), buchcode 1, prozent and steuercode 1
  only when VAT applies, betrag gross (negative on a Storno), steuer negative except on a Storno,
  kost from the account mapping.
* **Aggregated bookings** — summed per booking date and debit/credit account pair (and the fields
  that must agree: symbol, rate, cost centre); belegnr is a fixed text, extbelegnr is empty, text
  is empty unless the text source is the service text.
* **Person accounts** — only the companies whose accounts the exported transactions booked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from syncsystem.bmd.records import AccountNo, Booking, Buchcode, PersonAccount
from syncsystem.errors import Problem

__all__ = [
    "AccountMapping",
    "AccountType",
    "Company",
    "ExportConfig",
    "Source",
    "Transaction",
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

    def symbol(self, account_type: AccountType) -> str:
        return self.buchsymbole.get(account_type, "AR")


def _value(tx: Transaction, source: Source) -> str:
    return "" if source is Source.NONE else str(getattr(tx, source.value))


def single_bookings(
    transactions: Iterable[Transaction], config: ExportConfig, name: str = "transactions"
) -> tuple[list[Booking], list[Problem]]:
    """One BMD booking per transaction; unmapped accounts are problems, not guesses."""
    bookings: list[Booking] = []
    problems: list[Problem] = []
    for n, tx in enumerate(transactions, start=1):
        debit, credit = config.accounts.get(tx.debit), config.accounts.get(tx.credit)
        for side, acc, mapped in (("debit", tx.debit, debit), ("credit", tx.credit, credit)):
            if mapped is None:
                problems.append(Problem(name, n, side, f"transaction {tx.id}: account {acc!r} "
                                        "has no BMD mapping"))
        if debit is None or credit is None:
            continue
        sign = -1 if tx.storno else 1
        taxed = tx.vat_percent is not None
        bookings.append(
            Booking(
                konto=debit.konto,
                gkonto=credit.konto,
                belegnr=_value(tx, config.belegnr_source),
                belegdatum=tx.datum,
                buchsymbol=config.symbol(debit.type),
                buchcode=Buchcode.SOLL,
                prozent=tx.vat_percent if taxed else None,
                steuercode=1 if taxed else None,
                betrag=sign * abs(tx.gross),
                # output tax is negative; a Storno reverses it to positive
                steuer=(sign * -abs(tx.tax)) if taxed else None,
                text=_value(tx, config.text_source)[:72],
                kost=credit.kost or debit.kost,
                extbelegnr=_value(tx, config.extbelegnr_source),
            )
        )
    return bookings, problems


def aggregated_bookings(
    transactions: Iterable[Transaction], config: ExportConfig, name: str = "transactions"
) -> tuple[list[Booking], list[Problem]]:
    """Bookings summed per date and account pair; fixed belegnr, empty extbelegnr."""
    singles, problems = single_bookings(transactions, config, name)
    keep_text = config.text_source is Source.SERVICE
    sums: dict[tuple[object, ...], Booking] = {}
    for b in singles:
        text = b.text if keep_text else ""
        key = (b.belegdatum, b.konto, b.gkonto, b.buchsymbol, b.prozent, b.steuercode, b.kost, text)
        prev = sums.get(key)
        if prev is None:
            sums[key] = Booking(
                konto=b.konto, gkonto=b.gkonto, belegnr=config.aggregate_belegnr,
                belegdatum=b.belegdatum, buchsymbol=b.buchsymbol, buchcode=b.buchcode,
                prozent=b.prozent, steuercode=b.steuercode, betrag=b.betrag, steuer=b.steuer,
                text=text, kost=b.kost, extbelegnr="",
            )
        else:
            steuer = None if prev.steuer is None else prev.steuer + (b.steuer or Decimal("0"))
            sums[key] = Booking(
                konto=prev.konto, gkonto=prev.gkonto, belegnr=prev.belegnr,
                belegdatum=prev.belegdatum, buchsymbol=prev.buchsymbol, buchcode=prev.buchcode,
                prozent=prev.prozent, steuercode=prev.steuercode, betrag=prev.betrag + b.betrag,
                steuer=steuer, text=prev.text, kost=prev.kost, extbelegnr="",
            )
    # a day whose bookings cancel out entirely has nothing left to import
    result = [b for b in sums.values() if b.betrag != 0 or (b.steuer or 0) != 0]
    result.sort(key=lambda b: (b.belegdatum, b.konto, b.gkonto or 0, b.kost, b.prozent or 0))
    return result, problems


def person_accounts(
    transactions: Sequence[Transaction], config: ExportConfig
) -> list[PersonAccount]:
    """Person accounts of exactly the companies whose accounts the transactions booked."""
    booked: dict[AccountNo, Company] = {}
    for tx in transactions:
        for acc in (tx.debit, tx.credit):
            company = config.companies.get(acc)
            mapped = config.accounts.get(acc)
            if company is not None and mapped is not None:
                booked[mapped.konto] = company
    return [
        PersonAccount(konto=konto, nachname=c.name, strasse=c.street, plz=c.plz, ort=c.city,
                      land=c.country, uid=c.uid)
        for konto, c in sorted(booked.items())
    ]
