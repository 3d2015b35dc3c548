"""Reading a source system's documents for a transfer job: transaction exports and the invoice store.

A `Document` is one `interfaces.export_formats.Transaction` plus what the job's filters need: the
Mandant, the Filiale, the document type (Belegart), the payment type (Zahlungsart) and whether it
is an incoming invoice. Two inputs give documents:

* a **transactions folder** — ``*.json`` and ``*.csv`` files the source system writes, with the
  fields `syncsystem interfaces export --transactions` reads (parsed by the same
  `export_io.parse_transactions`) plus ``mandant``, ``filiale``, ``document_type``,
  ``payment_type`` and ``incoming``. CSV files are semicolon separated, UTF-8, one header line of
  those field names; dates JJJJ-MM-TT or TT.MM.JJJJ, amounts with a decimal comma or point. A
  transaction id seen twice (two exports of the same transaction) refuses the folder: delivering
  it twice would book it twice.
* the **invoice store** of an `interfaces` export folder — each booked invoice line becomes a
  document of type ``Rechnung`` (a cancellation adds one of type ``Storno`` on its date); the
  accounts are BMD numbers already, so their mapping is the identity.

Every problem names file, line (or JSON item) and field, and nothing is delivered while one remains.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from syncsystem.errors import DataError, Problem
from syncsystem.interfaces.export_formats import (
    AccountMapping,
    AccountType,
    Company,
    ExportConfig,
    Transaction,
)
from syncsystem.interfaces.export_io import parse_transactions
from syncsystem.interfaces.store import STORE_FILE, InvoiceStore
from syncsystem.messages import codes as mc
from syncsystem.numerals import whole

__all__ = [
    "INVOICE",
    "STORNO",
    "Document",
    "StoreDocuments",
    "load_store",
    "load_transaction_folder",
    "with_store",
]

INVOICE = "Rechnung"
STORNO = "Storno"
_TRUE = {"1", "true", "ja", "yes", "x", "j", "y"}
_FALSE = {"", "0", "false", "nein", "no", "n"}
_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ITEM = re.compile(r"^\[(\d+)\]\.?(.*)$")


@dataclass(frozen=True, slots=True)
class Document:
    """One transaction of the source system with the attributes the job's filters look at."""

    transaction: Transaction
    mandant: str
    filiale: str = ""
    document_type: str = ""
    payment_type: str = ""
    incoming: bool = False
    origin: str = ""  # file:line (or file:[index]) it came from, for messages


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    return True if text in _TRUE else False if text in _FALSE else None


def _csv_items(path: Path, data: bytes) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Rows of a transactions CSV as JSON-like items (dates made ISO, amounts with a point)."""
    name = str(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [], [Problem.of(name, line, "", mc.TX_NOT_UTF8())]
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    if not rows:
        return [], []
    header = [h.strip().lower() for h in rows[0]]
    problems = [
        Problem.of(name, 1, f, mc.TX_COLUMN_MISSING())
        for f in ("date", "debit", "credit", "gross")
        if f not in header
    ]
    items: list[dict[str, Any]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            counted = mc.TX_FIELD_COUNT(count=len(row), width=len(header))
            problems.append(Problem.of(name, number, "", counted))
            continue
        item: dict[str, Any] = {k: v.strip() for k, v in zip(header, row, strict=True) if v.strip()}
        match = _DMY.match(item.get("date", ""))
        if match:
            item["date"] = f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"
        for key in ("gross", "tax", "vat"):
            if key in item:
                item[key] = item[key].replace(",", ".")
        item["_line"] = number
        items.append(item)
    return items, problems


def _documents(
    name: str, items: Sequence[Mapping[str, Any]], default_mandant: str | None
) -> tuple[list[Document], list[Problem]]:
    lines = [int(item.get("_line", 0)) if isinstance(item, Mapping) else 0 for item in items]
    plain = [
        {k: v for k, v in item.items() if k != "_line"} if isinstance(item, Mapping) else item
        for item in items
    ]
    try:
        transactions = parse_transactions(plain, name)
    except DataError as exc:
        return [], [_relocate(p, lines) for p in exc.problems]
    docs: list[Document] = []
    problems: list[Problem] = []
    for i, (item, tx) in enumerate(zip(plain, transactions, strict=True)):
        line, where = lines[i], f"[{i}]." if not lines[i] else ""
        mandant = str(item.get("mandant") or default_mandant or "").strip()
        if not mandant:
            problems.append(Problem.of(name, line, f"{where}mandant", mc.TX_MANDANT_REQUIRED()))
        incoming = _flag(item.get("incoming"))
        if incoming is None:
            problems.append(Problem.of(name, line, f"{where}incoming", mc.TX_YES_NO()))
        doc_type = str(item.get("document_type") or (STORNO if tx.storno else INVOICE)).strip()
        docs.append(
            Document(
                tx,
                mandant,
                str(item.get("filiale") or "").strip(),
                doc_type,
                str(item.get("payment_type") or "").strip(),
                bool(incoming),
                f"{name}:{line}" if line else f"{name}:[{i}]",
            )
        )
    return docs, problems


def _relocate(problem: Problem, lines: Sequence[int]) -> Problem:
    """``[index].field`` of the shared parser back to the CSV line the item came from."""
    match = _ITEM.match(problem.field)
    if not match or int(match[1]) >= len(lines) or not lines[int(match[1])]:
        return problem
    return replace(problem, line=lines[int(match[1])], field=match[2])


def load_transaction_folder(folder: Path, default_mandant: str | None) -> list[Document]:
    """Every document of the ``*.json``/``*.csv`` exports in ``folder``; refused as a whole."""
    if not folder.is_dir():
        raise DataError([Problem.of(str(folder), 0, "", mc.TX_NO_FOLDER())])
    docs: list[Document] = []
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        suffix = path.suffix.lower()
        if suffix not in (".json", ".csv") or not path.is_file():
            continue  # temporary and foreign files are the source system's business
        data = path.read_bytes()
        if suffix == ".csv":
            items, found = _csv_items(path, data)
            problems += found
        else:
            try:
                doc = json.loads(data.decode("utf-8-sig"), parse_float=Decimal)
            except UnicodeDecodeError as exc:  # as for a CSV export: the line, in the catalogue's words
                at = data[: exc.start].count(b"\n") + 1
                problems.append(Problem.of(str(path), at, "", mc.TX_NOT_UTF8()))
                continue
            except json.JSONDecodeError as exc:
                problems.append(Problem.of(str(path), exc.lineno, "", mc.TX_NOT_JSON(reason=str(exc))))
                continue
            items = doc.get("transactions", []) if isinstance(doc, dict) else doc
            if not isinstance(items, list):
                problems.append(Problem.of(str(path), 0, "", mc.TX_LIST_EXPECTED()))
                continue
        found_docs, found = _documents(str(path), items, default_mandant)
        docs += found_docs
        problems += found
    seen: dict[tuple[str, str], str] = {}
    for doc in docs:
        key = (doc.mandant, doc.transaction.id)
        if key in seen:
            file, _, line = doc.origin.rpartition(":")
            problems.append(
                Problem.of(
                    file,
                    whole(line) or 0,
                    "id",
                    mc.TX_DUPLICATE(id=str(doc.transaction.id), where=seen[key]),
                )
            )
        seen.setdefault(key, doc.origin)
    if problems:
        raise DataError(problems, mc.TX_REFUSED_EXPORTS(name=str(folder)))
    return docs


@dataclass(frozen=True, slots=True)
class StoreDocuments:
    """The invoice store's documents with the identity mapping of their BMD accounts."""

    documents: tuple[Document, ...]
    accounts: Mapping[str, AccountMapping]
    companies: Mapping[str, Company]
    persons: Mapping[int, Any]  # konto → the debtor's full PersonAccount as the store knows it


def load_store(folder: Path) -> StoreDocuments:
    """The booked (and cancelled) invoices of the invoice store in ``folder``."""
    if not (folder / STORE_FILE).is_file():
        raise DataError([Problem.of(str(folder / STORE_FILE), 0, "", mc.TX_NO_STORE())])
    store = InvoiceStore.load(folder)
    docs: list[Document] = []
    accounts: dict[str, AccountMapping] = {}
    for (mandant, number), booked in sorted(store.invoices.items()):
        inv = booked.invoice
        debtor = str(inv.debitor)
        accounts[debtor] = AccountMapping(inv.debitor, AccountType.COMPANY)
        for n, line in enumerate(inv.lines, start=1):
            revenue = f"{line.konto}|{line.kost}"  # one mapping per account and cost centre
            accounts[revenue] = AccountMapping(line.konto, AccountType.REVENUE, line.kost)
            text = line.text or inv.text or f"Rechnung {number}"
            base = Transaction(
                f"{number}/{n}",
                inv.datum,
                debtor,
                revenue,
                line.brutto,
                line.vat.percent,
                line.steuer,
                False,
                number,
                "",
                "",
                number,
                text,
            )
            origin = f"{store.path}:{mandant}/{number}"
            docs.append(Document(base, mandant, document_type=INVOICE, origin=origin))
            if booked.cancelled_on is not None:
                storno = Transaction(
                    f"{number}/{n}/storno",
                    booked.cancelled_on,
                    debtor,
                    revenue,
                    line.brutto,
                    line.vat.percent,
                    line.steuer,
                    True,
                    number,
                    "",
                    "",
                    number,
                    f"Storno {text}"[:72],
                )
                docs.append(Document(storno, mandant, document_type=STORNO, origin=origin))
    companies = {
        str(k): Company(str(k), p.nachname, p.strasse, p.plz, p.ort, p.land, p.uid)
        for k, p in store.debtors.items()
    }
    return StoreDocuments(tuple(docs), accounts, companies, dict(store.debtors))


def with_store(config: ExportConfig | None, store: StoreDocuments) -> ExportConfig:
    """``config`` (or the defaults) extended by the store's identity mappings and companies."""
    base = config or ExportConfig(accounts={})
    return ExportConfig(
        accounts={**store.accounts, **base.accounts},
        belegnr_source=base.belegnr_source,
        text_source=base.text_source,
        extbelegnr_source=base.extbelegnr_source,
        buchsymbole=base.buchsymbole,
        aggregate_belegnr=base.aggregate_belegnr,
        companies={**store.companies, **base.companies},
    )
