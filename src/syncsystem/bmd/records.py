"""Immutable records for everything BMD reads and writes.

Field names follow BMD NTCS (see shared/reference/bmd-format.md); money is `Decimal`, dates are
`datetime.date`, account numbers are `int` (BMD's numeric account fields; 5.5 zero-padding is gone
after reading). Optional fields are ``None`` when the file leaves them empty. Change a record with
`dataclasses.replace`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import IntEnum

from syncsystem.bmd.ranges import DEFAULT_RANGES

__all__ = [
    "AccountNo",
    "Booking",
    "Buchcode",
    "Clearing",
    "CostCentre",
    "JournalLine",
    "LedgerAccount",
    "MandantId",
    "OpenItem",
    "PersonAccount",
    "Record",
]

MandantId = str
AccountNo = int


class Buchcode(IntEnum):
    """Side of the leading account: 1 = Soll (debit), 2 = Haben (credit)."""

    SOLL = 1
    HABEN = 2


@dataclass(frozen=True, slots=True)
class Booking:
    """One line of a booking import/export file (Satzart 0, FIBU-Buchungssatz).

    ``betrag`` is gross when the leading account is a person account, ``steuer`` is negative for
    output VAT and positive for input VAT (BMD's sign rules).
    """

    konto: AccountNo
    belegnr: str
    belegdatum: date
    buchcode: Buchcode
    betrag: Decimal
    satzart: int = 0
    gkonto: AccountNo | None = None
    buchdatum: date | None = None
    buchsymbol: str = ""
    prozent: Decimal | None = None
    steuercode: int | None = None
    steuer: Decimal | None = None
    text: str = ""
    kost: str = ""
    extbelegnr: str = ""
    skonto: Decimal | None = None
    zziel: int | None = None
    skontopz: Decimal | None = None
    skontotage: int | None = None
    opbetrag: Decimal | None = None
    periode: int | None = None
    filiale: str = ""
    fwbetrag: Decimal | None = None
    fwsteuer: Decimal | None = None
    waehrung: str = ""
    ebkennz: int | None = None
    ausz_belegnr: str = ""
    ausz_betrag: Decimal | None = None
    uidnr: str = ""
    faelligkeit: date | None = None
    dokument: str = ""
    gegenbuchkz: str = ""  # with verbuchkz A: E Einzel-, S Sammel-, O ohne Gegenbuchung
    verbuchkz: str = ""  # A = PR08A (BMD generates counter and collective postings)


@dataclass(frozen=True, slots=True)
class PersonAccount:
    """A customer or supplier account (ranges: :data:`~syncsystem.bmd.ranges.DEFAULT_RANGES`): Stammdaten."""

    konto: AccountNo
    nachname: str
    vorname: str = ""
    matchcode: str = ""
    strasse: str = ""
    plz: str = ""
    ort: str = ""
    land: str = ""
    uid: str = ""
    iban: str = ""
    bic: str = ""
    email: str = ""
    telefon: str = ""
    waehrung: str = ""
    zahlungsziel: int | None = None
    skonto: Decimal | None = None
    skontotage: int | None = None
    sammelkonto: AccountNo | None = None
    filiale: str = ""

    @property
    def is_customer(self) -> bool:
        return DEFAULT_RANGES.is_customer(self.konto)

    @property
    def is_supplier(self) -> bool:
        return DEFAULT_RANGES.is_supplier(self.konto)


@dataclass(frozen=True, slots=True)
class LedgerAccount:
    """A Sachkonto: number, designation and optional account type (Kontenart)."""

    konto: AccountNo
    bezeichnung: str
    kontenart: str = ""
    kontoklasse: str = ""
    ust_kennzeichen: str = ""
    prozent: Decimal | None = None  # default tax rate of the account (NTCS USt-Pz)
    steuercode: int | None = None  # default tax code of the account (NTCS USt-StC)
    externe_kontonr: str = ""
    waehrung: str = ""
    filiale: str = ""


@dataclass(frozen=True, slots=True)
class CostCentre:
    """A Kostenstelle: number (kept as text, BMD allows leading zeros) and designation."""

    kost: str
    bezeichnung: str
    art: str = ""


@dataclass(frozen=True, slots=True)
class OpenItem:
    """One row of BMD's OP list (Offene Posten): an invoice and what of it is still open."""

    konto: AccountNo
    rechnungsnr: str
    rechnungsdatum: date
    rechnungsbetrag: Decimal
    offener_betrag: Decimal
    buchsymbol: str = ""
    text: str = ""


@dataclass(frozen=True, slots=True)
class Clearing:
    """One row of the Auszifferungsliste: a payment (or part) cleared against an invoice."""

    rechnungsnr: str
    betrag: Decimal
    datum: date
    konto: AccountNo | None  # None: the file names no person account for this row
    zahlungsbelegnr: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class JournalLine:
    """One posting of BMD's journal export (PR10G): Soll positive, Haben negative."""

    konto: AccountNo
    buchdatum: date
    belegdatum: date
    belegnr: str
    gkonto: AccountNo | None
    buchcode: Buchcode
    betrag: Decimal
    steuer: Decimal
    buchsymbol: str
    journalnr: int


Record = Booking | PersonAccount | LedgerAccount | CostCentre | OpenItem | Clearing | JournalLine
