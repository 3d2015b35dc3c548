"""Writing BMD files: records → the canonical header and dialect of their kind → bytes or a file.

Writes Windows-1252 by default (UTF-8 on request, without BOM), CRLF, ``TT.MM.JJJJ`` (the journal:
``JJJJMMTT`` in fixed-width cells), decimal comma. Text is RFC 4180 quoted where it holds ``;`` or
``"`` and formula-escaped (``"'=…"``, OWASP CSV injection) where it begins with ``=``, ``+``, ``-``
or ``@`` (:func:`~syncsystem.bmd.dialect.quote_text`); control characters become spaces. Every value
reads back as written.
Anything that cannot be written faithfully — a character the encoding cannot hold, money with more
than two decimals, a negative account number — is collected and raised as one
:class:`~syncsystem.errors.DataError` naming line, record and field; nothing is written then
(``Path`` targets are replaced atomically, streams receive the bytes in one write).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import BinaryIO

from syncsystem.bmd.dialect import format_cell, split_cells
from syncsystem.bmd.kinds import Kind
from syncsystem.bmd.reader import BmdFileError
from syncsystem.bmd.records import OpenItem, Record
from syncsystem.bmd.schema import SCHEMAS, Column, Schema, schema_for_record
from syncsystem.errors import DataError, Problem, UsageError
from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason

__all__ = ["NAMES", "dumps", "write"]

NAMES = ("ntcs", "bmd55")
MONTHS = (
    "Jänner", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip


def _schema(records: Sequence[Record], kind: Kind | None) -> Schema:
    if kind is not None:
        return SCHEMAS[Kind(kind)]
    if not records:
        raise UsageError("cannot tell the kind of an empty record list: pass kind")
    schema = schema_for_record(records[0])
    if schema is None:
        raise UsageError(f"{type(records[0]).__name__} is not a BMD record")
    return schema


def _columns(schema: Schema, records: Sequence[Record]) -> list[Column]:
    """Always-columns plus the optional ones any record fills, in schema order.

    "Fills" is judged on the written cell (a blank text writes nothing), so a file's columns are
    the same after a round trip.
    """

    def filled(col: Column, record: Record) -> bool:
        value = getattr(record, col.field, None)
        if value is None or value == "":
            return False
        cell, message = format_cell(col.ctype, value, schema.date_format)
        return bool(cell or message)

    return [col for col in schema.columns if col.always or any(filled(col, r) for r in records)]


def _preamble(records: Sequence[Record], as_of: date | None) -> str:
    if as_of is None:
        dates = [r.rechnungsdatum for r in records if isinstance(r, OpenItem)]
        if not dates:
            raise UsageError("an empty OP list needs as_of (the 'per' date of its preamble)")
        as_of = max(dates)
    return f"Offene Posten;;per {as_of.day}. {MONTHS[as_of.month - 1]} {as_of.year}"


def dumps(
    records: Iterable[Record],
    kind: Kind | None = None,
    *,
    encoding: str = "cp1252",
    names: str = "ntcs",
    as_of: date | None = None,
    name: str = "<records>",
) -> bytes:
    """The bytes of a BMD file holding ``records`` (kind from the first record when not given)."""
    rows = list(records)
    schema = _schema(rows, kind)
    if names not in NAMES:
        raise UsageError(f"unknown header names {names!r}: use one of {', '.join(NAMES)}")
    if names == "bmd55" and schema.kind is not Kind.BOOKINGS:
        raise UsageError("names='bmd55' exists for bookings only")
    cols = _columns(schema, rows)
    captions = [(col.name55 or col.name) if names == "bmd55" else col.name for col in cols]
    end = ";" if schema.trailing_separator else ""
    lines: list[str] = []
    if schema.preamble:
        lines.append(_preamble(rows, as_of))
    if schema.fixed_width:
        lines.append(";".join(c.ljust(col.width) for c, col in zip(captions, cols, strict=True)) + end)
    else:
        lines.append(";".join(captions) + end)
    problems: list[Problem] = []
    first_line = len(lines) + 1
    fmt = schema.date_format
    for offset, record in enumerate(rows):
        number = first_line + offset
        if not isinstance(record, schema.record):
            wrong = mc.WRONG_RECORD_TYPE(record_type=type(record).__name__, kind=str(schema.kind))
            problems.append(Problem.of(name, number, "", mc.WRITE_RECORD(record=offset + 1, message=wrong)))
            continue
        cells = []
        for col, caption in zip(cols, captions, strict=True):
            cell, message = format_cell(col.ctype, getattr(record, col.field), fmt)
            if message is not None:
                refused = mc.WRITE_RECORD(record=offset + 1, message=message)
                problems.append(Problem.of(name, number, caption, refused))
            cells.append(cell.rjust(col.width) if schema.fixed_width else cell)
        lines.append(";".join(cells) + end)
    encoded: list[bytes] = []
    codec = "utf-8" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    for number, line in enumerate(lines, start=1):
        try:
            encoded.append(line.encode(codec))
        except UnicodeEncodeError:
            index = number - first_line + 1 if number >= first_line else None
            problems.extend(_unencodable(name, (number, index), line, captions, codec))
        except LookupError as exc:
            raise UsageError(mc.BMD_UNKNOWN_ENCODING(encoding=encoding)) from exc
    if problems:
        summary = mc.BMD_CANNOT_WRITE(name=name, kind=str(schema.kind))
        raise DataError(sorted(problems, key=lambda p: p.line), summary)
    encoded.append(b"")
    return b"\r\n".join(encoded)


def _unencodable(
    name: str, where: tuple[int, int | None], line: str, captions: list[str], codec: str
) -> list[Problem]:
    """One problem per cell of ``line`` holding characters ``codec`` cannot encode."""
    out = []
    for index, cell in enumerate(split_cells(line)):
        bad = sorted({ch for ch in cell if not _encodable(ch, codec)})
        if bad:
            chars = ", ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in bad)
            field = captions[index] if index < len(captions) else ""
            message = mc.WRITE_UNENCODABLE(chars=chars, codec=codec)
            number, record = where  # the file's line, and the record's 1-based index (None: header)
            if record is not None:
                message = mc.WRITE_RECORD(record=record, message=message)
            out.append(Problem.of(name, number, field, message))
    return out


def _encodable(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def write(
    records: Iterable[Record],
    target: Path | str | BinaryIO,
    kind: Kind | None = None,
    *,
    encoding: str = "cp1252",
    names: str = "ntcs",
    as_of: date | None = None,
) -> int:
    """Write ``records`` to ``target``; returns the number of records written.

    A path is written atomically (a temporary file beside it, then ``os.replace``), so a reader
    never sees half a file and a failed write leaves the old file untouched.
    """
    rows = list(records)
    if isinstance(target, str | os.PathLike):
        path = Path(target)
        data = dumps(rows, kind, encoding=encoding, names=names, as_of=as_of, name=str(path))
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError as exc:
            raise BmdFileError(mc.BMD_WRITE_FAILED(name=str(path), reason=os_reason(exc))) from exc
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise BmdFileError(mc.BMD_WRITE_FAILED(name=str(path), reason=os_reason(exc))) from exc
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return len(rows)
    label = str(getattr(target, "name", "<stream>"))
    target.write(dumps(rows, kind, encoding=encoding, names=names, as_of=as_of, name=label))
    return len(rows)
