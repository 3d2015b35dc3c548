"""BMD file formats: read, write and validate every kind of file syncsystem exchanges with BMD.

The public façade. ``read`` turns a file (path, bytes or binary stream) into immutable records and
a list of problems located as ``file:line:field``; ``write``/``dumps`` produce the canonical files
documented in :mod:`syncsystem.bmd.schema`; ``validate`` runs the semantic checks ``read`` applies.
Typical use::

    result = bmd.read(path)                  # kind detected from the header
    result.raise_for_problems()              # or inspect result.problems
    bmd.write(result.records, out_path)      # canonical NTCS CSV, cp1252, CRLF

Large files are read columnar (polars) with identical results; ``read_table`` returns the typed
frame itself for bulk consumers. Accepted dialects: ``;`` CSV with NTCS or BMD 5.5 field names (a
``NTCS_CONSTID_INFO%…`` first line skipped), RFC 4180 quoting, Windows-1252/UTF-8/CP850/UTF-16 (Excel
"Unicode-Text" included), and BMD 5.5 fixed-length ``buerf.fix``. Person accounts are those of an
:class:`AccountRanges` (default customers 200000–299999, suppliers 300000–399999).

Sign rule for bookings (:mod:`syncsystem.bmd.taxes`, shared with the BMD emulator): ``betrag`` and
``steuer`` are signed from ``konto``'s view, positive = Soll, negative = Haben (BMD's journal export
pr10gtest.csv); ``buchcode`` 1 = Soll (ordinary betrag > 0), 2 = Haben (ordinary betrag < 0); a betrag
against its buchcode is a credit note / Storno, booked with its sign. Output-tax codes → steuer ≤ 0,
≥ 0 on a credit note; input tax → ≥ 0, ≤ 0 on a credit note; Erwerbsteuer (08/09) → ≤ 0 always; a
violation is a problem at ``file:line:steuer``. A person account in ``konto`` means gross amounts; a
Sachkonto in ``konto`` against a person account in ``gkonto``, or a line without a person account, may be
net (NAVAX) or gross; an Erwerbsteuer line (08/09) is net whichever account leads.

No Buchungssymbol is refused for its accounts: which account kinds a symbol allows is each
installation's Buchungsregel (configurable per company in NTCS; BMD's default AR allows revenue,
customer and asset accounts). The file does not carry it, so the checks cannot know it; BMD's import
refuses what its configuration forbids.

The names below load their module when first used (PEP 562), so importing one module of the
package — the agent's worker needs only :func:`~syncsystem.bmd.schema.detect_kind` — does not load
the reader, the checks and the writer (≈ 1.8 MiB of the worker's memory).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# The records are light (dataclasses and Decimal) and the schema loads them anyway, so their own
# name list serves the map below without loading anything heavy early.
from syncsystem.bmd import records as _records

if TYPE_CHECKING:
    from syncsystem.bmd.checks import valid_austrian_uid, valid_iban, validate
    from syncsystem.bmd.kinds import Kind
    from syncsystem.bmd.ranges import DEFAULT_RANGES, AccountRanges
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
    "DEFAULT_RANGES",
    "SCHEMAS",
    "AccountNo",
    "AccountRanges",
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

_HOMES = {
    "valid_austrian_uid": "checks",
    "valid_iban": "checks",
    "validate": "checks",
    "Kind": "kinds",
    "DEFAULT_RANGES": "ranges",
    "AccountRanges": "ranges",
    "BmdFileError": "reader",
    "read": "reader",
    "read_table": "reader",
    "ReadResult": "result",
    "SCHEMAS": "schema",
    "detect_kind": "schema",
    "dumps": "writer",
    "write": "writer",
    **dict.fromkeys(_records.__all__, "records"),
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
