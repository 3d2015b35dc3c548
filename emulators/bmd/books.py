"""The books of one Mandant as a fold over its change journal.

Every finalised change — a posted document, a person account, Sachkonto or Kostenstelle created
or changed — is a :class:`Change` with the next sequence number of the Mandant (the cursor the
export interface hands out). :class:`MandantBooks` applies changes in order and answers what the
export needs: master data, postings, open items (OP list) and clearings (Auszifferungsliste), in
full or only what changed after a cursor. Drafts (Vorerfassung) live beside the journal, carry no
sequence number and are never part of an export. Open items are keyed by (person account,
document number); a person line carrying ``ausz_belegnr`` clears that item instead of opening one,
so the OP list and the Auszifferungsliste are two views of the same facts: for every item,
open amount = invoice amount − Σ cleared amounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TypeAlias

from syncsystem.bmd.records import Clearing, CostCentre, LedgerAccount, OpenItem, PersonAccount

from .chart import is_person
from .posting import ZERO, Document, normalise

__all__ = ["Change", "ChangeKind", "MandantBooks", "MandantInfo", "OpenItemState"]


class ChangeKind(StrEnum):
    DOCUMENT = "document"
    PERSON = "person"
    ACCOUNT = "account"
    COSTCENTRE = "costcentre"


ChangeRecord: TypeAlias = Document | PersonAccount | LedgerAccount | CostCentre


@dataclass(frozen=True, slots=True)
class Change:
    """One journal entry: sequence number, kind, the business day it happened, the new record."""

    seq: int
    kind: ChangeKind
    day: date
    record: ChangeRecord


@dataclass(frozen=True, slots=True)
class MandantInfo:
    """A Mandant (Firma in BMD): the client company and its accounting settings."""

    nr: str
    name: str
    rechtsform: str
    strasse: str
    plz: str
    ort: str
    uid: str
    iban: str
    bic: str
    fy_start_month: int
    lock_date: date
    licence_user: str


@dataclass(slots=True)
class OpenItemState:
    """An invoice, credit note or unapplied payment on a person account and what was cleared."""

    konto: int
    belegnr: str
    datum: date
    symbol: str
    text: str
    betrag: Decimal = ZERO
    cleared: Decimal = ZERO
    seq: int = 0

    @property
    def open(self) -> Decimal:
        return self.betrag - self.cleared

    def as_record(self) -> OpenItem:
        return OpenItem(
            konto=self.konto,
            rechnungsnr=self.belegnr,
            rechnungsdatum=self.datum,
            rechnungsbetrag=self.betrag,
            offener_betrag=self.open,
            buchsymbol=self.symbol,
            text=self.text,
        )


@dataclass(slots=True)
class MandantBooks:
    """State of one Mandant's accounting, built by applying its journal in sequence order."""

    info: MandantInfo
    seq: int = 0
    persons: dict[int, tuple[PersonAccount, int]] = field(default_factory=dict)
    accounts: dict[int, tuple[LedgerAccount, int]] = field(default_factory=dict)
    costcentres: dict[str, tuple[CostCentre, int]] = field(default_factory=dict)
    documents: list[tuple[int, Document]] = field(default_factory=list)
    items: dict[tuple[int, str], OpenItemState] = field(default_factory=dict)
    clearings: list[tuple[int, Clearing]] = field(default_factory=list)
    drafts: list[Document] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)
    index: dict[tuple[str, str], Document] = field(default_factory=dict)

    def apply(self, change: Change) -> None:
        """Apply the next journal entry; sequence numbers must increase by one."""
        if change.seq != self.seq + 1:
            raise ValueError(f"Mandant {self.info.nr}: journal gap, {change.seq} after {self.seq}")
        self.seq = change.seq
        record = change.record
        if isinstance(record, Document):
            self._post(change.seq, record)
        elif isinstance(record, PersonAccount):
            self.persons[record.konto] = (record, change.seq)
        elif isinstance(record, LedgerAccount):
            self.accounts[record.konto] = (record, change.seq)
        else:
            self.costcentres[record.kost] = (record, change.seq)

    def _post(self, seq: int, doc: Document) -> None:
        self.documents.append((seq, doc))
        self.index[(doc.symbol, doc.belegnr)] = doc
        self._reserve(doc)
        for raw in doc.lines:
            line = normalise(raw)
            if not is_person(line.konto):
                continue
            if line.ausz_belegnr:
                item = self.items[(line.konto, line.ausz_belegnr)]
                amount = line.ausz_betrag if line.ausz_betrag is not None else -line.betrag
                item.cleared += amount
                item.seq = seq
                self.clearings.append(
                    (seq, Clearing(item.belegnr, amount, doc.belegdatum, line.konto, doc.belegnr, line.text))
                )
                continue
            key = (line.konto, doc.belegnr)
            item = self.items.get(key) or OpenItemState(
                line.konto, doc.belegnr, doc.belegdatum, doc.symbol, line.text
            )
            item.betrag += line.betrag
            item.seq = seq
            self.items[key] = item

    # -- views ---------------------------------------------------------------------------------

    def changed_persons(self, since: int = 0) -> list[PersonAccount]:
        return [rec for rec, seq in sorted(self.persons.values(), key=_by_konto) if seq > since]

    def changed_accounts(self, since: int = 0) -> list[LedgerAccount]:
        return [rec for rec, seq in sorted(self.accounts.values(), key=_by_konto) if seq > since]

    def changed_costcentres(self, since: int = 0) -> list[CostCentre]:
        ordered = sorted(self.costcentres.values(), key=lambda pair: pair[0].kost)
        return [rec for rec, seq in ordered if seq > since]

    def posted_documents(self, since: int = 0) -> list[Document]:
        return [doc for seq, doc in self.documents if seq > since]

    def open_item_list(self, since: int = 0) -> list[OpenItem]:
        """Full list (``since`` 0): every item still open. Since a cursor: every item touched after
        it, including those now closed (open amount 0), so a receiver can close them too."""
        chosen = [item for item in self.items.values() if (item.seq > since if since else item.open != ZERO)]
        chosen.sort(key=lambda i: (i.konto, i.datum, i.belegnr))
        return [item.as_record() for item in chosen]

    def clearing_list(self, since: int = 0) -> list[Clearing]:
        return [clearing for seq, clearing in self.clearings if seq > since]

    def document(self, symbol: str, belegnr: str) -> Document:
        """The posted document ``symbol`` ``belegnr`` (the last one, if the number was reused)."""
        return self.index[(symbol, belegnr)]

    def add_draft(self, doc: Document) -> None:
        """Keep a Vorerfassung document (no sequence number, never exported); it reserves its number."""
        self.drafts.append(doc)
        self._reserve(doc)

    def _reserve(self, doc: Document) -> None:
        if doc.belegnr.isdigit():
            self.numbers[doc.symbol] = max(self.numbers.get(doc.symbol, 0), int(doc.belegnr))

    def next_number(self, symbol: str, start: int) -> int:
        """Next free numeric Belegnummer of ``symbol``, counting from ``start``."""
        return max(start - 1, self.numbers.get(symbol, 0)) + 1


def _by_konto(pair: tuple[PersonAccount | LedgerAccount, int]) -> int:
    return int(pair[0].konto)
