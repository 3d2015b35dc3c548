"""BMD records → table rows: the pure mapping the ingest writes, one function per file kind.

Money becomes integer cents; fields without a column of their own go into ``extra`` (JSON) when
they carry a value, so nothing of the record is lost. Lines without a natural key (bookings,
clearings) get ``line_key``: a digest of every field plus the occurrence number among identical
lines of the same file — re-ingesting the same file yields the same keys, so upserts add nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from syncsystem.bmd import Kind
from syncsystem.bmd.records import (
    Booking,
    Clearing,
    CostCentre,
    JournalLine,
    LedgerAccount,
    OpenItem,
    PersonAccount,
    Record,
)
from syncsystem.datacenter.store import schema as t

__all__ = ["SNAPSHOT_KINDS", "TABLES", "cents", "rows_for"]

TABLES: dict[Kind, sa.Table] = {
    Kind.BOOKINGS: t.bookings,
    Kind.JOURNAL: t.journal_lines,
    Kind.PERSONS: t.person_accounts,
    Kind.ACCOUNTS: t.ledger_accounts,
    Kind.COSTCENTRES: t.cost_centres,
    Kind.OPENITEMS: t.open_items,
    Kind.CLEARINGS: t.clearings,
}
SNAPSHOT_KINDS = frozenset({Kind.OPENITEMS})  # an OP list is the whole current state


def cents(amount: Decimal | None) -> int | None:
    if amount is None:
        return None
    return int((amount * 100).to_integral_value())


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal | date):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    return int(value) if isinstance(value, int) else value


_FIELD_INFO: dict[type, tuple[tuple[str, ...], tuple[tuple[str, Any], ...]]] = {}


def _field_info(cls: type) -> tuple[tuple[str, ...], tuple[tuple[str, Any], ...]]:
    """Field names and (name, default) pairs of a record class, computed once per class."""
    info = _FIELD_INFO.get(cls)
    if info is None:
        found = fields(cls)
        info = _FIELD_INFO[cls] = (tuple(f.name for f in found), tuple((f.name, f.default) for f in found))
    return info


def _extra(record: Record, used: frozenset[str]) -> str:
    _, defaults = _field_info(type(record))
    out = {}
    for name, default in defaults:
        if name not in used:
            value = getattr(record, name)
            if value is not None and value not in ("", default):
                out[name] = _jsonable(value)
    return json.dumps(out, ensure_ascii=False, sort_keys=True) if out else "{}"


def _line_keys(records: Sequence[Record]) -> list[str]:
    seen: dict[str, int] = {}
    keys = []
    for record in records:
        names, _ = _field_info(type(record))
        digest = hashlib.sha256(repr(tuple(getattr(record, n) for n in names)).encode()).hexdigest()[:40]
        n = seen.get(digest, 0)
        seen[digest] = n + 1
        keys.append(f"{digest}#{n}")
    return keys


_B_USED = frozenset(
    {
        "konto",
        "gkonto",
        "belegnr",
        "belegdatum",
        "buchdatum",
        "buchsymbol",
        "buchcode",
        "betrag",
        "steuer",
        "steuercode",
        "text",
        "kost",
        "satzart",
    }
)


def _bookings(records: Sequence[Record], mandant: str, bundle_id: str) -> list[dict[str, Any]]:
    out = []
    for key, b in zip(_line_keys(records), records, strict=True):
        assert isinstance(b, Booking)
        out.append(
            {
                "mandant": mandant,
                "line_key": key,
                "bundle_id": bundle_id,
                "konto": b.konto,
                "gkonto": b.gkonto,
                "belegnr": b.belegnr,
                "belegdatum": b.belegdatum,
                "buchdatum": b.buchdatum,
                "buchsymbol": b.buchsymbol,
                "buchcode": int(b.buchcode),
                "betrag_cent": cents(b.betrag),
                "steuer_cent": cents(b.steuer),
                "steuercode": b.steuercode,
                "text": b.text,
                "kost": b.kost,
                "extra": _extra(b, _B_USED),
            }
        )
    return out


def _journal(records: Sequence[Record], mandant: str, bundle_id: str) -> list[dict[str, Any]]:
    out = []
    for j in records:
        assert isinstance(j, JournalLine)
        out.append(
            {
                "mandant": mandant,
                "journalnr": j.journalnr,
                "bundle_id": bundle_id,
                "konto": j.konto,
                "gkonto": j.gkonto,
                "buchdatum": j.buchdatum,
                "belegdatum": j.belegdatum,
                "belegnr": j.belegnr,
                "buchcode": int(j.buchcode),
                "betrag_cent": cents(j.betrag),
                "steuer_cent": cents(j.steuer),
                "buchsymbol": j.buchsymbol,
                "extra": "{}",
            }
        )
    return out


_P_USED = frozenset({"konto", "nachname", "vorname", "uid", "iban"})


def _persons(records: Sequence[Record], mandant: str, bundle_id: str) -> list[dict[str, Any]]:
    out = []
    for p in records:
        assert isinstance(p, PersonAccount)
        out.append(
            {
                "mandant": mandant,
                "konto": p.konto,
                "bundle_id": bundle_id,
                "nachname": p.nachname,
                "vorname": p.vorname,
                "uid": p.uid,
                "iban": p.iban,
                "extra": _extra(p, _P_USED),
            }
        )
    return out


def _accounts(records: Sequence[Record], mandant: str, bundle_id: str) -> list[dict[str, Any]]:
    out = []
    for a in records:
        assert isinstance(a, LedgerAccount)
        out.append(
            {
                "mandant": mandant,
                "konto": a.konto,
                "bundle_id": bundle_id,
                "bezeichnung": a.bezeichnung,
                "kontenart": a.kontenart,
                "extra": "{}",
            }
        )
    return out


def _costcentres(records: Sequence[Record], mandant: str, bundle_id: str) -> list[dict[str, Any]]:
    out = []
    for c in records:
        assert isinstance(c, CostCentre)
        out.append(
            {
                "mandant": mandant,
                "kost": c.kost,
                "bundle_id": bundle_id,
                "bezeichnung": c.bezeichnung,
                "art": c.art,
                "extra": "{}",
            }
        )
    return out


def _openitems(records: Sequence[Record], mandant: str, bundle_id: str) -> list[dict[str, Any]]:
    out: dict[tuple[int, str], dict[str, Any]] = {}
    for o in records:
        assert isinstance(o, OpenItem)
        # The same invoice twice in one list keeps the later line (BMD lists each invoice once).
        out[(o.konto, o.rechnungsnr)] = {
            "mandant": mandant,
            "konto": o.konto,
            "rechnungsnr": o.rechnungsnr,
            "bundle_id": bundle_id,
            "rechnungsdatum": o.rechnungsdatum,
            "rechnungsbetrag_cent": cents(o.rechnungsbetrag),
            "offener_betrag_cent": cents(o.offener_betrag),
            "buchsymbol": o.buchsymbol,
            "extra": json.dumps({"text": o.text}, ensure_ascii=False) if o.text else "{}",
        }
    return list(out.values())


def _clearings(records: Sequence[Record], mandant: str, bundle_id: str) -> list[dict[str, Any]]:
    out = []
    for key, c in zip(_line_keys(records), records, strict=True):
        assert isinstance(c, Clearing)
        out.append(
            {
                "mandant": mandant,
                "line_key": key,
                "bundle_id": bundle_id,
                "konto": c.konto,
                "rechnungsnr": c.rechnungsnr,
                "betrag_cent": cents(c.betrag),
                "datum": c.datum,
                "zahlungsbelegnr": c.zahlungsbelegnr,
                "extra": json.dumps({"text": c.text}, ensure_ascii=False) if c.text else "{}",
            }
        )
    return out


_CONVERT: dict[Kind, Callable[[Sequence[Record], str, str], list[dict[str, Any]]]] = {
    Kind.BOOKINGS: _bookings,
    Kind.JOURNAL: _journal,
    Kind.PERSONS: _persons,
    Kind.ACCOUNTS: _accounts,
    Kind.COSTCENTRES: _costcentres,
    Kind.OPENITEMS: _openitems,
    Kind.CLEARINGS: _clearings,
}


def rows_for(kind: Kind, records: Iterable[Record], mandant: str, bundle_id: str) -> list[dict[str, Any]]:
    """The table rows for ``records`` of ``kind`` belonging to ``mandant``."""
    return _CONVERT[kind](list(records), mandant, bundle_id)
