"""BMD 5.5 fixed-length booking files (``buerf.fix``): recognised, and read as bookings.

BMD 5.5's booking import (PR08) took the Satzart-0 record either with ``;``-separated fields or in a
fixed layout of 480 characters ending in ``*`` (shared/reference/bmd-format.md §1.2; positions from
tgassner/TdTools ``Satzart0FIBUBuchungssatzFields``; sample ``buerf.fix`` in funkring/fdoo). Numbers
are zero-padded with two implied decimals and a trailing sign (``00000000000912000+`` = 9 120,00),
``mwst`` and ``skontopz`` have 3+2 digits (``02000`` = 20,00), dates are ``JJJJMMTT``, zero-filled
fields that mean "nothing" (gkto, kost, extbelegnr, uidnr …) are empty. :func:`to_lines` turns each
record into the ``;`` line the row reader reads under a 5.5 header, keeping its physical line
number, so every problem names file, line and the 5.5 field name; a record of the wrong length is a
problem of its own. :func:`read_file` and :func:`read_table` read a file so for the reader's
``read`` and ``read_table``. Other fixed layouts (the 1000-column STAMERF) are recognised and refused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from syncsystem.bmd import dialect
from syncsystem.bmd.kinds import Kind
from syncsystem.bmd.ranges import AccountRanges
from syncsystem.bmd.result import ReadResult
from syncsystem.bmd.rows import read_rows
from syncsystem.bmd.schema import SCHEMAS
from syncsystem.errors import DataError, Problem
from syncsystem.messages import Message
from syncsystem.messages import codes as mc

if TYPE_CHECKING:
    from syncsystem.bmd.columnar import Table

__all__ = ["BUERF_LENGTH", "describe", "is_fixed", "not_this_kind", "read_file", "read_table", "to_lines"]

BUERF_LENGTH = 480
_NAMES = (
    "satzart", "konto", "buchdat", "gkto", "belegnr", "belegdat", "kost", "mwst", "steucod", "ebkennz",
    "bucod", "betrag", "steuer", "skonto", "opbetrag", "periode", "text", "symbol", "extbelegnr",
    "zziel", "skontopz", "skontotage", "uidnr", "gegenbuchkz", "verbuchkz",
)  # fmt: skip
# (field, first, last position 1-based inclusive, how the cell is rendered)
_LAYOUT: tuple[tuple[str, int, int, str], ...] = (
    ("satzart", 1, 1, "raw"),
    ("konto", 2, 10, "raw"),
    ("buchdat", 11, 18, "date"),
    ("gkto", 19, 27, "number"),
    ("belegnr", 28, 36, "number"),
    ("belegdat", 37, 44, "date"),
    ("kost", 45, 53, "number"),
    ("mwst", 99, 103, "rate"),
    ("steucod", 104, 105, "raw"),
    ("ebkennz", 106, 106, "raw"),
    ("bucod", 107, 107, "raw"),
    ("betrag", 108, 125, "money"),
    ("steuer", 126, 143, "money"),
    ("skonto", 144, 161, "money"),
    ("opbetrag", 162, 179, "money"),
    ("periode", 180, 181, "raw"),
    ("text", 300, 317, "text"),
    ("symbol", 318, 319, "text"),
    ("extbelegnr", 320, 331, "code"),
    ("zziel", 333, 338, "raw"),
    ("skontopz", 339, 343, "rate"),
    ("skontotage", 344, 347, "raw"),
    ("uidnr", 440, 454, "code"),
    ("gegenbuchkz", 477, 477, "text"),
    ("verbuchkz", 478, 478, "text"),
)
HEADER = ";".join(_NAMES)


def is_fixed(line: str) -> bool:
    """A first line that is a fixed-length BMD 5.5 record: no ``;``, digits first, ``*`` at its end."""
    text = line.rstrip()
    return ";" not in text and len(text) >= 200 and text[:1].isdigit() and text.endswith("*")


def not_this_kind(kind: str) -> Message:
    """Why a fixed-length file given as another kind than bookings is refused."""
    return mc.FIXED_NOT_BOOKINGS(length=BUERF_LENGTH, kind=kind)


def describe(line: str) -> Message | None:
    """``None`` for a readable BUERF record layout, else why the fixed-length file is refused."""
    length = len(line.rstrip())
    if length == BUERF_LENGTH:
        return None
    return mc.FIXED_LAYOUT(length=length, expected=BUERF_LENGTH)


def _cell(raw: str, how: str) -> str:
    if how == "text":
        return raw.strip()
    value = raw.strip()
    if how in {"raw", "date"}:
        return "" if how == "date" and value.strip("0") == "" else value
    if how in ("number", "code"):
        return value.lstrip("0") if value.strip("0") else ""
    sign = ""
    if value[-1:] in ("+", "-"):
        sign, value = ("-" if value[-1] == "-" else ""), value[:-1]
    if not value.isdecimal() or len(value) < 3:
        return raw.strip()  # the row reader names it: "not a number: …"
    return f"{sign}{int(value[:-2])},{value[-2:]}"


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if ";" in cell or '"' in cell else cell


def to_lines(
    lines: Sequence[tuple[int, str | bytes]], label: str
) -> tuple[list[tuple[int, str | bytes]], list[Problem]]:
    """The records as ``;`` lines under a 5.5 header (numbered 0), and the records of wrong length."""
    out: list[tuple[int, str | bytes]] = [(0, HEADER)]
    problems: list[Problem] = []
    for number, text in lines:
        if isinstance(text, bytes):
            out.append((number, text))  # undecodable: the row reader reports it
            continue
        record = text.rstrip("\r\n ")
        if len(record) != BUERF_LENGTH or not record.endswith("*"):
            message = mc.FIXED_RECORD_LENGTH(length=len(record), expected=BUERF_LENGTH)
            problems.append(Problem.of(label, number, "", message))
            continue
        cells = [_quote(_cell(record[a - 1 : b], how)) for _, a, b, how in _LAYOUT]
        out.append((number, ";".join(cells)))
    return out, problems


def read_file(
    data: bytes,
    kind: Kind | None,
    first_line: int,
    enc: str,
    label: str,
    *,
    shown: str,
    ranges: AccountRanges,
) -> ReadResult:
    """:func:`~syncsystem.bmd.reader.read` of a fixed-length file: read as bookings when it is
    BUERF, else refused by name; refused at ``first_line`` when another kind was asked for."""
    if kind not in (None, Kind.BOOKINGS):
        refused = Problem.of(label, first_line, "", not_this_kind(kind.value))
        return ReadResult(kind, (), (refused,), shown, label, unread=True)
    lines = dialect.decode_lines(data, enc)
    first_no, first = lines[0]
    assert isinstance(first, str)
    refused_layout = describe(first)
    if refused_layout is not None:
        problem = Problem.of(label, first_no, "", refused_layout)
        return ReadResult(Kind.BOOKINGS, (), (problem,), shown, label, unread=True)
    converted, problems = to_lines(lines, label)
    result = read_rows(SCHEMAS[Kind.BOOKINGS], converted, 0, label, shown, ranges=ranges)
    if not problems:
        return result
    merged = tuple(sorted((*result.problems, *problems), key=lambda p: p.line))
    left_out = len({p.line for p in problems})  # records of the wrong length: read, not converted
    return ReadResult(
        Kind.BOOKINGS,
        result.records,
        merged,
        shown,
        label,
        lines=result.lines + left_out,
        faulty_lines=result.faulty_lines + left_out,
    )


def read_table(data: bytes, enc: str, label: str, shown: str, ranges: AccountRanges) -> Table:
    """:func:`~syncsystem.bmd.reader.read_table` of a fixed-length file: its BUERF records, by rows."""
    from syncsystem.bmd.rows_table import table_from_rows  # noqa: PLC0415 - polars loads only here

    lines = dialect.decode_lines(data, enc)
    first_no, first = lines[0]
    assert isinstance(first, str)
    refused = describe(first)
    if refused is not None:
        raise DataError([Problem.of(label, first_no, "", refused)], mc.BMD_UNREADABLE(name=label))
    converted, problems = to_lines(lines, label)
    table = table_from_rows(SCHEMAS[Kind.BOOKINGS], converted, 0, label, shown, ranges=ranges)
    if problems:
        merged = tuple(sorted((*table.problems, *problems), key=lambda p: p.line))
        table = dataclasses.replace(table, problems=merged)
    return table
