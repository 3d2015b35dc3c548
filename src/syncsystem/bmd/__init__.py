"""BMD file formats: read, write and validate every kind of file syncsystem exchanges with BMD.

The public façade. ``read`` turns a file (path, bytes or binary stream) into immutable records and
a list of problems located as ``file:line:field``; ``write``/``dumps`` produce the canonical files
documented in :mod:`syncsystem.bmd.schema`; ``validate`` runs the semantic checks ``read`` applies.
Typical use::

    result = bmd.read(path)                  # kind detected from the header
    result.raise_for_problems()              # or inspect result.problems
    bmd.write(result.records, out_path)      # canonical NTCS CSV, cp1252, CRLF

Large files are read columnar (polars) with identical results; ``read_table`` returns the typed
frame itself for bulk consumers.
"""

from __future__ import annotations

from syncsystem.bmd.checks import valid_austrian_uid, valid_iban, validate
from syncsystem.bmd.kinds import Kind
from syncsystem.bmd.reader import BmdFileError, read, read_table
from syncsystem.bmd.records import (
    AccountNo,
    Booking,
    Buchcode,
    Clearing,
    CostCentre,
    JournalLine,
    LedgerAccount,
    MandantId,
    OpenItem,
    PersonAccount,
    Record,
)
from syncsystem.bmd.result import ReadResult
from syncsystem.bmd.schema import SCHEMAS, detect_kind
from syncsystem.bmd.writer import dumps, write

__all__ = [
    "SCHEMAS",
    "AccountNo",
    "BmdFileError",
    "Booking",
    "Buchcode",
    "Clearing",
    "CostCentre",
    "JournalLine",
    "Kind",
    "LedgerAccount",
    "MandantId",
    "OpenItem",
    "PersonAccount",
    "ReadResult",
    "Record",
    "detect_kind",
    "dumps",
    "read",
    "read_table",
    "valid_austrian_uid",
    "valid_iban",
    "validate",
    "write",
]
