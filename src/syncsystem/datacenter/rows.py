"""BMD file contents → executemany parameter rows: the pure mapping the ingest writes, per file kind.

Input is one file as *columns* (`FieldColumns`: one list per record field, in record-field order),
taken either from the typed polars frame of `syncsystem.bmd.read_table` or from the records of
`syncsystem.bmd.read` — both give the same values, so both give the same rows. No record objects are
built on the bulk path; every conversion runs over a whole column, and a column of few distinct
values shares one Python object per value (`_as_list`), which keeps a large bundle's memory down.
Money becomes integer cents (the happy path's columns hold them already: `bmd.clean_columns.Cents`,
which every step here takes as the amounts they count — the same rows as from ``Decimal`` amounts);
fields without a column of their own go into ``extra`` (JSON) when they
carry a value, so nothing of the record is lost. Lines without a natural key (bookings, clearings)
get ``line_key``: a digest of every field in canonical form (decimals without trailing zeros,
Buchcode as its number) plus the occurrence number among identical lines of the same file —
re-ingesting the same file yields the same keys whichever reader produced the columns, so upserts
add nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import MISSING, dataclass, fields
from datetime import date
from decimal import Decimal
from functools import cache, partial
from itertools import islice, repeat
from operator import attrgetter, floordiv, is_not, lt, mod, mul
from typing import Any, cast

import polars as pl
import sqlalchemy as sa

from syncsystem.bmd import SCHEMAS, Kind, ReadResult, Record
from syncsystem.bmd.clean_columns import Cents
from syncsystem.datacenter.store import schema as t

__all__ = [
    "SNAPSHOT_KINDS",
    "TABLES",
    "FieldColumns",
    "Prepared",
    "cents",
    "cents_text",
    "columns_of",
    "prepare",
]

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

FieldColumns = dict[str, list[Any]]


@dataclass(frozen=True, slots=True)
class Prepared:
    """One file's rows for one table: column names and parameter tuples (``office_id`` first)."""

    table: sa.Table
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    snapshot: bool


@cache
def record_fields(kind: Kind) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """Field names and defaults (``MISSING`` when required) of ``kind``'s record, in order."""
    found = fields(SCHEMAS[kind].record)
    return tuple(f.name for f in found), tuple(f.default for f in found)


def columns_of(kind: Kind, source: ReadResult | tuple[pl.DataFrame, dict[str, object]]) -> FieldColumns:
    """Every record field of ``kind`` as a column: from `bmd.read`'s records or a
    `bmd.read_table` frame with its ``base`` (values of columns the file does not have)."""
    names, defaults = record_fields(kind)
    if isinstance(source, ReadResult):
        records: Sequence[Record] = source.records
        if not records:
            return {n: [] for n in names}
        transposed = zip(*map(attrgetter(*names), records), strict=True)
        return {n: list(col) for n, col in zip(names, transposed, strict=True)}
    frame, base = source
    height = frame.height
    out: FieldColumns = {}
    for name, default in zip(names, defaults, strict=True):
        if name in frame.columns:
            out[name] = _as_list(frame.get_column(name))
        else:
            value = base.get(name, None if default is MISSING else default)
            out[name] = [value] * height
    return out


_SHARE_FROM = 4096  # rows; below this, sharing equal values is not worth a pass
_SLICE = 65536


def _as_list(column: pl.Series) -> list[Any]:
    """The column as Python values; a column of few distinct values (dates, tax rates, Buchsymbol,
    accounts) shares one object per value instead of one per row — a million bookings hold a
    few hundred dates, not a million date objects. Converted slice by slice, so the unshared
    objects of only one slice exist at a time."""
    height = column.len()
    if height < _SHARE_FROM or column.n_unique() > height // 4:
        return column.to_list()
    shared: dict[Any, Any] = {}
    out: list[Any] = []
    for start in range(0, height, _SLICE):
        out.extend([shared.setdefault(v, v) for v in column.slice(start, _SLICE).to_list()])
    return out


_HUNDRED = Decimal(100)  # not the int 100: Decimal would convert it for every cell


def cents(amount: Decimal | None) -> int | None:
    if amount is None:
        return None
    return int((amount * _HUNDRED).to_integral_value())


# Identity, not equality: ``None in column`` compares None with every Decimal the slow way.
_given = partial(is_not, None)


def _cents(values: list[Any]) -> list[int | None]:
    """`cents` of a column: once per object when the column repeats its objects, else cell by cell
    (C-speed loops when no cell is empty); a `Cents` column is that already."""
    if isinstance(values, Cents):
        return values
    shared = _per_object(values, cents)
    if shared is not None:
        return shared
    if not all(map(_given, values)):
        return [None if v is None else int((v * _HUNDRED).to_integral_value()) for v in values]
    return list(map(int, map(Decimal.to_integral_value, map(mul, values, repeat(_HUNDRED)))))


def _canon_reprs(values: list[Any]) -> list[str]:
    """``repr`` of each value in one canonical form per column, whichever reader produced it:
    ``20.0`` and ``20.000`` agree (``'20'``), a Buchcode is its number. Equal values have equal
    reprs, so a column of one value (most of a booking's fields) is converted once, any other
    column each distinct value once — but a column of amounts cell by cell at C speed. The amounts
    of a `Cents` column have the reprs of the ``Decimal`` amounts they count."""
    if isinstance(values, Cents):
        if _constant(values):
            return [_cents_repr(values[0])] * len(values)
        return _per_object(values, _cents_repr) or _cents_reprs(values)
    if _constant(values):
        return [_canon_of(values[0])(values[0])] * len(values)
    canon = _canon_of(next(filter(_given, values), None))
    if canon is _canon_decimal:
        shared = _per_object(values, _canon_decimal)
        if shared is not None:
            return shared
        if not all(map(_given, values)):
            return list(map(_canon_decimal, values))
        return list(map(repr, map(format, map(Decimal.normalize, values), repeat("f"))))
    distinct = _distinct(values)
    if distinct is values:
        return list(map(canon, values))
    table = {v: canon(v) for v in distinct}
    return list(map(table.__getitem__, values))


def _per_object(values: list[Any], convert: Callable[[Any], Any]) -> list[Any] | None:
    """``convert`` of each cell, once per distinct *object* — the readers give equal cells one
    object (`bmd.rows_bulk`, `_as_list`), and a fresh Decimal's hash costs more than converting it
    — or ``None`` when most cells are objects of their own (then convert cell by cell)."""
    ids = list(map(id, values))
    objects = dict(zip(ids, values, strict=True))  # all alive in ``values``: ids are unique
    if len(objects) * 2 > len(values):
        return None
    table = {i: convert(v) for i, v in objects.items()}
    return list(map(table.__getitem__, ids))


def _constant(values: Sequence[Any]) -> bool:
    """The column holds one value in every line (first compared with last before all of them)."""
    return bool(values) and values[-1] == values[0] and values.count(values[0]) == len(values)


def _canon_of(sample: Any) -> Callable[[Any], str]:
    """The canonical ``repr`` for a column whose first non-empty value is ``sample``: an amount
    without trailing zeros, an int subclass (a Buchcode) as its number, anything else its ``repr``."""
    if isinstance(sample, Decimal):
        return _canon_decimal
    return _canon_number if isinstance(sample, int) and type(sample) is not int else repr


def _canon_decimal(value: Decimal | None) -> str:
    return repr(None if value is None else format(value.normalize(), "f"))


def _canon_number(value: int | None) -> str:
    return repr(None if value is None else int(value))


def cents_text(value: int) -> str:
    """An amount in cents as ``format(amount.normalize(), "f")`` writes the amount: no trailing
    zeros, no point for a whole amount (``1050`` → ``"10.5"``, ``1000`` → ``"10"``, ``0`` → ``"0"``)."""
    whole, fraction = divmod(abs(value), 100)
    text = f"{whole}.{fraction:02d}".rstrip("0").rstrip(".")
    return "-" + text if value < 0 else text


def _cents_repr(value: int | None) -> str:
    """`_canon_decimal` of the amount of ``value`` cents (a digit string's repr is it in quotes)."""
    return "None" if value is None else f"'{cents_text(value)}'"


# ``_cents_repr`` of a column in C-speed passes: the opening quote and sign, the whole units, then
# the fraction (by its cents: "", ".5", ".05", ".25", …) and the closing quote.
_QUOTE_SIGN = ("'", "'-")
_FRACTION_QUOTE = tuple(
    ("" if f == 0 else f".{f // 10}" if f % 10 == 0 else f".{f:02d}") + "'" for f in range(100)
)


def _cents_reprs(values: Sequence[int | None]) -> list[str]:
    """`_cents_repr` of every cell of a column."""
    empty = not all(map(_given, values))
    given = cast("Sequence[int]", [0 if v is None else v for v in values] if empty else values)
    units = list(map(abs, given))
    signs = map(_QUOTE_SIGN.__getitem__, map(lt, given, repeat(0)))
    head = map(str.__add__, signs, map(str, map(floordiv, units, repeat(100))))
    found = list(map(str.__add__, head, map(_FRACTION_QUOTE.__getitem__, map(mod, units, repeat(100)))))
    if not empty:
        return found
    return [text if v is not None else "None" for text, v in zip(found, values, strict=True)]


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return int(value) if isinstance(value, int) else value


# One encoder for all cells: json.dumps(…, ensure_ascii=False) builds a new encoder per call.
_JSON = json.JSONEncoder(ensure_ascii=False).encode
# What that encoder writes for a str, called directly (its encode() checks the type first).
_JSON_TEXT: Callable[[str], str] = json.encoder.encode_basestring


def _distinct(values: list[Any]) -> Iterable[Any]:
    """The distinct values of a column, the first of equal ones (all of them if one is unhashable)."""
    try:
        return dict.fromkeys(values)
    except TypeError:
        return values


def _fragments(name: str, values: list[Any], default: Any) -> list[str | None]:
    """``"name": value`` as json.dumps writes it, per cell (None where the field is empty);
    each distinct value is encoded once — a column holds few (a record field has one type, so
    equal values encode alike; the first of equal values is the one encoded)."""
    key = _JSON(name) + ": "
    if set(map(type, values)) == {str}:  # a text column (most of them hold distinct texts): in C
        return [key + _JSON_TEXT(v) if v and v != default else None for v in values]
    jsonable = cents_text if isinstance(values, Cents) else _jsonable

    def encode(v: Any) -> str | None:
        return None if v is None or v in ("", default) else key + _JSON(jsonable(v))

    distinct = _distinct(values)
    if distinct is values:  # an unhashable value: encode every cell
        return [encode(v) for v in values]
    table = {v: encode(v) for v in distinct}
    return list(map(table.__getitem__, values))


def _line_keys(kind: Kind, cols: FieldColumns, repeats: Sequence[int] | None = None) -> list[str]:
    """Per line: the digest of ``repr`` of the tuple of its canonical field values, ``#`` its
    occurrence among identical lines — ``repeats`` when ``cols`` is a slice of a file and they were
    counted over the whole file (`ingest.slices`). The tuple's ``repr`` is built from each column's
    reprs (a record has more than one field, so no 1-tuple's trailing comma); all lines' texts are
    encoded at once and split at the line ends (a ``repr`` never holds a raw newline, and UTF-8 has
    no byte 0x0A but the newline's)."""
    names, _ = record_fields(kind)
    texts = _row_texts([_canon_reprs(cols[n]) for n in names])
    if not texts:
        return []
    sha = hashlib.sha256
    blob = ("(" + ")\n(".join(texts) + ")").encode()
    digests = [sha(line).hexdigest()[:40] for line in blob.split(b"\n")]
    if repeats is not None:
        return list(map("{}#{}".format, digests, repeats))
    if len(set(digests)) == len(digests):
        return [d + "#0" for d in digests]
    seen: dict[str, int] = {}
    keys = []
    for digest in digests:
        n = seen.get(digest, 0)
        seen[digest] = n + 1
        keys.append(f"{digest}#{n}")
    return keys


def _row_texts(reprs: list[list[str]]) -> list[str]:
    """``", ".join`` of each line's field reprs; a run of columns that hold one text in every line
    (most of a booking's 33 fields) is joined once, not per line."""
    height = len(reprs[0])
    parts: list[Iterable[str]] = []
    run: list[str] = []
    for column in reprs:
        if _constant(column):
            run.append(column[0])
            continue
        if run:
            parts.append(repeat(", ".join(run)))
            run = []
        parts.append(column)
    if run:
        parts.append(repeat(", ".join(run)))
    # islice: when every column is constant, the parts are all endless repeats
    return [", ".join(row) for row in islice(zip(*parts, strict=False), height)]


def _extra(kind: Kind, cols: FieldColumns, used: frozenset[str]) -> list[str]:
    """``extra`` JSON per row: the fields without a column of their own that carry a value —
    exactly ``json.dumps(found, ensure_ascii=False)`` of the sorted fields, built from fragments."""
    names, defaults = record_fields(kind)
    rest = [(n, d, cols[n]) for n, d in zip(names, defaults, strict=True) if n not in used]
    # Most such fields are empty in every row: drop those columns once instead of per row.
    rest = [(n, d, c) for n, d, c in rest if _carries_value(c, d)]
    if not rest:
        return ["{}"] * len(cols[names[0]])
    rest.sort(key=lambda item: item[0])  # sorted keys, as json.dumps(sort_keys=True) would
    parts = [_fragments(n, c, d) for n, d, c in rest]
    present = map(filter, repeat(None), zip(*parts, strict=True))  # the fragments of a row's fields
    return [f"{{{found}}}" for found in map(", ".join, present)]


def _carries_value(column: list[Any], default: Any) -> bool:
    """Some cell holds a value: neither None, nor "", nor the field's default. Most such columns
    are empty in every line (told by identity, in C)."""
    if not any(map(_given, column)):
        return False
    return any(v is not None and v not in ("", default) for v in _distinct(column))


def _text_extra(texts: list[Any]) -> list[str]:
    return ['{"text": ' + _JSON(x) + "}" if x else "{}" for x in texts]


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
_P_USED = frozenset({"konto", "nachname", "vorname", "uid", "iban"})
_NOT_DATA = frozenset({"office_id", "mandant", "bundle_id"})


def _no_extra(c: FieldColumns) -> list[str]:
    return ["{}"] * len(next(iter(c.values()), []))


# Per kind: what goes into ``extra`` (the fields without a column of their own).
_EXTRA: dict[Kind, Callable[[FieldColumns], list[str]]] = {
    Kind.BOOKINGS: lambda c: _extra(Kind.BOOKINGS, c, _B_USED),
    Kind.JOURNAL: _no_extra,
    Kind.PERSONS: lambda c: _extra(Kind.PERSONS, c, _P_USED),
    Kind.ACCOUNTS: _no_extra,
    Kind.COSTCENTRES: _no_extra,
    Kind.OPENITEMS: lambda c: _text_extra(c["text"]),
    Kind.CLEARINGS: lambda c: _text_extra(c["text"]),
}


@cache
def data_columns(kind: Kind) -> tuple[str, ...]:
    """The columns of ``kind``'s table after office_id, mandant and bundle_id, in table order."""
    return tuple(col.name for col in TABLES[kind].columns if col.name not in _NOT_DATA)


def _column(kind: Kind, name: str, c: FieldColumns, repeats: Sequence[int] | None) -> list[Any]:
    """One table column computed from the record fields: the table declaration is the mapping."""
    if name == "extra":
        return _EXTRA[kind](c)
    if name == "line_key":
        return _line_keys(kind, c, repeats)
    if name.endswith("_cent"):
        return _cents(c[name.removesuffix("_cent")])
    if name == "buchcode":
        return [int(v) for v in c[name]]
    return c[name]


def prepare(
    kind: Kind,
    cols: FieldColumns,
    office_id: str,
    mandant: str,
    bundle_id: str,
    *,
    repeats: Sequence[int] | None = None,
) -> Prepared:
    """The parameter rows for one file of ``kind`` belonging to ``mandant`` of ``office_id`` — or
    for one slice of it, with the ``line_key`` occurrence numbers counted over the file (``repeats``)."""
    names = data_columns(kind)
    data = [_column(kind, name, cols, repeats) for name in names]
    rows = list(zip(repeat(office_id), repeat(mandant), repeat(bundle_id), *data))
    if kind is Kind.OPENITEMS:
        # The same invoice twice in one list keeps the later line (BMD lists each invoice once).
        rows = list({(r[3], r[4]): r for r in rows}.values())
    return Prepared(TABLES[kind], ("office_id", "mandant", "bundle_id", *names), rows, kind in SNAPSHOT_KINDS)
