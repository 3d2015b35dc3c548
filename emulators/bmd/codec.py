"""JSON encoding of the records and documents the emulator persists in its office database.

Records are flat frozen dataclasses; each field is stored under its own name, with ``Decimal`` as
a string (exact), ``date`` as ISO text and ``Buchcode`` as its number. Decoding uses the field
types, so the stored form stays readable with ``sqlite3`` and survives field additions with
defaults.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from syncsystem.bmd.records import Buchcode

__all__ = ["dump_record", "dumps", "load_record", "loads"]

T = TypeVar("T")


def dump_record(record: object) -> dict[str, Any]:
    """A record as a JSON-ready dict; ``None``/empty fields left out to keep the database small."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(record):  # type: ignore[arg-type]
        value = getattr(record, f.name)
        if value is None or value == "":
            continue
        if isinstance(value, Decimal | date):
            value = str(value)
        elif isinstance(value, Buchcode):
            value = int(value)
        out[f.name] = value
    return out


_TYPES: dict[type, dict[str, Any]] = {}


def _types(cls: type) -> dict[str, Any]:
    # Cached per record class (a handful); get_type_hints resolves the string annotations.
    if cls not in _TYPES:
        _TYPES[cls] = typing.get_type_hints(cls)
    return _TYPES[cls]


def _decode(kind: Any, value: Any) -> Any:
    options = typing.get_args(kind) or (kind,)
    if Decimal in options:
        return Decimal(value)
    if date in options:
        return date.fromisoformat(value)
    if Buchcode in options:
        return Buchcode(value)
    return value


def load_record(cls: type[T], data: dict[str, Any]) -> T:
    """The record of type ``cls`` stored as ``data`` by :func:`dump_record`."""
    types = _types(cls)
    return cls(**{name: _decode(types[name], value) for name, value in data.items()})


def dumps(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def loads(text: str) -> Any:
    return json.loads(text)
