"""Editing the "BMD Konfiguration" (seed 003) — the file ``interfaces export --config`` reads.

The configuration stays one JSON document (see `export_io`); the office page and the CLI change it
through these functions only: each change is applied to the parsed document, the whole result is
checked with the reader every export uses (`export_io.config_from_doc`), and only then written
atomically — a wrong value is refused at its field and nothing is half-saved. Keys this module does
not know (e.g. ``companies``) are kept as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from syncsystem.errors import DataError, Problem, UsageError
from syncsystem.files import atomic_write_text
from syncsystem.interfaces.export_formats import AccountType, ExportConfig, Source
from syncsystem.interfaces.export_io import config_from_doc
from syncsystem.interfaces.form_values import FieldReader
from syncsystem.messages import Captions
from syncsystem.messages import codes as mc

__all__ = [
    "FIELD_SOURCES",
    "read_doc",
    "remove_account",
    "set_account",
    "set_fields",
    "wants_persons",
]

FIELD_SOURCES = ("belegnr", "text", "extbelegnr")
_SYMBOL = re.compile(r"^[A-Z0-9]{1,2}$")
_SOURCE_ACCOUNT = re.compile(r"^[^\s;]{1,40}$")

# the forms, by the name their problems are located in (``Zuordnung der Konten:0:source: …``)
_FORMS: Captions[str] = {"accounts": "Zuordnung der Konten", "fields": "BMD-Felder"}


def read_doc(path: Path) -> dict[str, Any]:
    """The configuration document (empty for a new one); unreadable JSON is a usage error."""
    if not path.exists():
        return {}
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"), parse_float=Decimal)
    except (OSError, ValueError) as exc:
        raise UsageError(mc.BMD_CANNOT_READ(name=str(path), reason=str(exc))) from exc
    if not isinstance(doc, dict):
        raise DataError([Problem.of(str(path), 0, "", mc.IN_JSON_OBJECT())])
    return doc


def wants_persons(doc: Mapping[str, Any]) -> bool:
    """Option "Import-Datei für Personenkonten erstellen" (default on)."""
    return bool(doc.get("persons", True))


def _save(path: Path, doc: dict[str, Any]) -> ExportConfig:
    config = config_from_doc(doc, str(path))  # the check every export runs; raises before writing
    text = json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n"
    atomic_write_text(path, text)
    return config


def set_account(path: Path, form: Mapping[str, str], centres: Collection[str] = ()) -> ExportConfig:
    """Add or replace the mapping of one source account (form: source, konto, type, kost)."""
    reader = FieldReader(_FORMS["accounts"], form)
    source = reader.text("source")
    if not _SOURCE_ACCOUNT.match(source):
        reader.fail("source", mc.PG_SOURCE_ACCOUNT())
    konto = reader.whole("konto", low=1, high=999_999_999, required=True)
    kind = reader.choice("type", tuple(t.value for t in AccountType))
    kost = reader.text("kost")
    if kost and centres and kost not in centres:
        reader.fail("kost", mc.PG_NOT_IN_LIST(value=kost, list="Kostenstellen.csv"))
    reader.check(mc.PG_REFUSED_CONFIG())
    doc = read_doc(path)
    accounts = dict(doc.get("accounts", {}))
    accounts[source] = {"konto": konto, "type": kind, "kost": kost}
    doc["accounts"] = dict(sorted(accounts.items()))
    return _save(path, doc)


def remove_account(path: Path, source: str) -> ExportConfig:
    """Drop the mapping of ``source`` (unknown: a usage error naming it)."""
    doc = read_doc(path)
    accounts = dict(doc.get("accounts", {}))
    if source not in accounts:
        raise UsageError(mc.PG_NO_MAPPING(source=source))
    del accounts[source]
    doc["accounts"] = accounts
    return _save(path, doc)


def set_fields(path: Path, form: Mapping[str, str]) -> ExportConfig:
    """Buchsymbol per account type (``symbol_<type>``, empty: automatic), the field sources
    (``belegnr``, ``text``, ``extbelegnr``), the fixed Belegnr text of aggregated files
    (``aggregate_belegnr``) and the person-accounts option (``persons``)."""
    reader = FieldReader(_FORMS["fields"], form)
    symbols: dict[str, str] = {}
    for kind in AccountType:
        symbol = reader.text(f"symbol_{kind.value}").upper()
        if symbol and not _SYMBOL.match(symbol):
            reader.fail(f"symbol_{kind.value}", mc.PG_SYMBOL(value=symbol))
        elif symbol:
            symbols[kind.value] = symbol
    sources = {name: reader.choice(name, tuple(s.value for s in Source)) for name in FIELD_SOURCES}
    aggregate = reader.text("aggregate_belegnr")
    if not aggregate or len(aggregate) > 20 or ";" in aggregate:
        reader.fail("aggregate_belegnr", mc.PG_AGGREGATE_TEXT())
    reader.check(mc.PG_REFUSED_CONFIG())
    doc = read_doc(path)
    doc.update({"buchsymbole": symbols, "aggregate_belegnr": aggregate, "persons": reader.flag("persons")})
    doc.update({k: v for k, v in sources.items() if v is not None})
    return _save(path, doc)
