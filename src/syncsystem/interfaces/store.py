"""A small invoice store standing in for a source system (Vertec, a hotel or invoicing program).

It remembers the debtors the interface created (with their BMD person-account numbers) and every
invoice it booked or cancelled, so that a cancellation can repeat an invoice's lines with flipped
signs, the debtor can be re-written before each booking (AutoUpdateDebitor), and an invoice number
is never booked twice in one Mandant. It is one JSON document in the export folder, replaced
atomically and only changed under the folder lock (see `settings.folder_lock`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from syncsystem.bmd.records import AccountNo, MandantId, PersonAccount
from syncsystem.errors import ConfigError
from syncsystem.files import atomic_write_text
from syncsystem.interfaces.model import InvoiceLine, SourceInvoice, VatType
from syncsystem.messages import codes as mc

__all__ = ["STORE_FILE", "BookedInvoice", "InvoiceStore"]

STORE_FILE = "syncsystem-invoices.json"


@dataclass(frozen=True, slots=True)
class BookedInvoice:
    """An invoice as booked, the date of its cancellation if it was cancelled, and whether it was
    registered in a clearing store (``book --db``: its cancellation must reach that store too)."""

    invoice: SourceInvoice
    cancelled_on: date | None = None
    in_clearing: bool = False


def _person_to_json(p: PersonAccount) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in asdict(p).items()}


def _person_from_json(d: dict[str, Any]) -> PersonAccount:
    names = {f.name for f in fields(PersonAccount)}
    values = {k: v for k, v in d.items() if k in names}
    if values.get("skonto") is not None:
        values["skonto"] = Decimal(values["skonto"])
    return PersonAccount(**values)


def _invoice_to_json(b: BookedInvoice) -> dict[str, Any]:
    inv = b.invoice
    return {
        "mandant": inv.mandant,
        "rechnungsnr": inv.rechnungsnr,
        "datum": inv.datum.isoformat(),
        "debitor": inv.debitor,
        "text": inv.text,
        "lines": [
            {
                "konto": ln.konto,
                "brutto": str(ln.brutto),
                "steuer": str(ln.steuer),
                "mwst": str(ln.vat),
                "kost": ln.kost,
                "text": ln.text,
            }
            for ln in inv.lines
        ],
        "cancelled_on": b.cancelled_on.isoformat() if b.cancelled_on else None,
        "in_clearing": b.in_clearing,
    }


def _invoice_from_json(d: dict[str, Any]) -> BookedInvoice:
    lines = tuple(
        InvoiceLine(
            int(ln["konto"]),
            Decimal(ln["brutto"]),
            Decimal(ln["steuer"]),
            VatType.parse(ln["mwst"]),
            ln.get("kost", ""),
            ln.get("text", ""),
        )
        for ln in d["lines"]
    )
    inv = SourceInvoice(
        d["mandant"],
        d["rechnungsnr"],
        date.fromisoformat(d["datum"]),
        int(d["debitor"]),
        lines,
        d.get("text", ""),
    )
    cancelled = d.get("cancelled_on")
    return BookedInvoice(
        inv, date.fromisoformat(cancelled) if cancelled else None, bool(d.get("in_clearing", False))
    )


@dataclass
class InvoiceStore:
    """Debtors by account number and booked invoices by (Mandant, invoice number)."""

    path: Path
    debtors: dict[AccountNo, PersonAccount] = field(default_factory=dict)
    invoices: dict[tuple[MandantId, str], BookedInvoice] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> InvoiceStore:
        path = folder / STORE_FILE
        if not path.exists():
            return cls(path)
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            debtors = {int(k): _person_from_json(v) for k, v in doc.get("debtors", {}).items()}
            invoices = {}
            for item in doc.get("invoices", []):
                booked = _invoice_from_json(item)
                invoices[(booked.invoice.mandant, booked.invoice.rechnungsnr)] = booked
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(mc.IN_STORE_UNREADABLE(path=str(path), reason=str(exc))) from exc
        return cls(path, debtors, invoices)

    def save(self) -> None:
        doc = {
            "debtors": {str(k): _person_to_json(v) for k, v in sorted(self.debtors.items())},
            "invoices": [_invoice_to_json(b) for _, b in sorted(self.invoices.items())],
        }
        atomic_write_text(self.path, json.dumps(doc, indent=1, ensure_ascii=False) + "\n")

    def booked(self, mandant: MandantId, rechnungsnr: str) -> BookedInvoice | None:
        return self.invoices.get((mandant, rechnungsnr))
