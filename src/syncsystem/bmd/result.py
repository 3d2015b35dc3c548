"""What reading a BMD file gives back: the records, every problem found, and how the file was read.

``records`` may be materialised lazily: the columnar reader keeps a typed table and builds the
record objects only when someone asks for them, so a bulk consumer that only needs counts or the
table pays nothing for a million dataclass instances.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from threading import Lock
from typing import Any

from syncsystem.bmd.kinds import Kind
from syncsystem.bmd.records import Record
from syncsystem.errors import DataError, Problem
from syncsystem.messages import codes as mc

__all__ = ["ReadResult", "line_counts"]

RecordSource = tuple[Record, ...] | Callable[[], tuple[Record, ...]]


class ReadResult:
    """Immutable outcome of :func:`syncsystem.bmd.read`.

    ``records`` are the rows that converted cleanly (rows with cell problems are left out and named
    in ``problems``; rows that only break a semantic rule are kept *and* named). ``ok`` is true when
    there is no problem at all. ``rows`` counts the records without materialising them.
    ``lines`` counts the data lines read (the records and the lines left out for a cell problem; not
    the lines a reader skips, such as empty ones), ``faulty_lines`` those with a problem (see
    :func:`line_counts`).
    ``unread`` is true when the file itself was refused before any row was read (a fixed-length
    layout that is not BUERF, a header or encoding problem under a given kind): then ``kind`` is
    only the one asked for or assumed, not one the file showed.
    """

    __slots__ = (
        "_lock",
        "_records",
        "as_of",
        "encoding",
        "faulty_lines",
        "ignored_columns",
        "kind",
        "lines",
        "name",
        "problems",
        "rows",
        "unread",
    )

    kind: Kind
    problems: tuple[Problem, ...]
    encoding: str
    name: str
    rows: int
    lines: int
    faulty_lines: int
    as_of: date | None
    ignored_columns: tuple[str, ...]
    unread: bool
    _records: RecordSource
    _lock: Lock

    def __init__(
        self,
        kind: Kind,
        records: RecordSource,
        problems: tuple[Problem, ...],
        encoding: str,
        name: str,
        *,
        rows: int | None = None,
        as_of: date | None = None,
        ignored_columns: tuple[str, ...] = (),
        unread: bool = False,
        lines: int | None = None,
        faulty_lines: int = 0,
    ) -> None:
        if rows is None:
            if callable(records):
                raise TypeError("rows is required with a lazy record source")
            rows = len(records)
        for attr, value in (
            ("kind", kind),
            ("_records", records),
            ("problems", tuple(problems)),
            ("encoding", encoding),
            ("name", name),
            ("rows", rows),
            ("lines", rows if lines is None else lines),
            ("faulty_lines", faulty_lines),
            ("as_of", as_of),
            ("ignored_columns", ignored_columns),
            ("unread", unread),
            ("_lock", Lock()),
        ):
            object.__setattr__(self, attr, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"ReadResult is immutable (cannot set {name})")

    def with_encoding(self, encoding: str) -> ReadResult:
        """The same result reporting ``encoding`` (the file's, when it was transcoded before reading)."""
        return ReadResult(
            self.kind,
            self._records,
            self.problems,
            encoding,
            self.name,
            rows=self.rows,
            as_of=self.as_of,
            ignored_columns=self.ignored_columns,
            unread=self.unread,
            lines=self.lines,
            faulty_lines=self.faulty_lines,
        )

    @property
    def records(self) -> tuple[Record, ...]:
        """The records, built on first access when the reader was columnar."""
        source = self._records
        if callable(source):
            with self._lock:
                source = self._records
                if callable(source):
                    source = source()
                    object.__setattr__(self, "_records", source)
        assert isinstance(source, tuple)
        return source

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)

    def __len__(self) -> int:
        return self.rows

    @property
    def ok(self) -> bool:
        return not self.problems

    def raise_for_problems(self) -> None:
        """Raise :class:`DataError` carrying every problem, if there is any."""
        if self.problems:
            summary = mc.BMD_FILE_PROBLEMS(name=self.name, count=len(self.problems), kind=str(self.kind))
            raise DataError(self.problems, summary)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ReadResult):
            return NotImplemented
        return (self.kind, self.problems, self.encoding, self.name, self.as_of, self.records) == (
            other.kind,
            other.problems,
            other.encoding,
            other.name,
            other.as_of,
            other.records,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"ReadResult(kind={self.kind!s}, rows={self.rows}, problems={len(self.problems)}, "
            f"encoding={self.encoding!r}, name={self.name!r})"
        )


def line_counts(
    problems: Iterable[Problem], header_line: int, rows: int, records_among: Callable[[list[int]], int]
) -> tuple[int, int]:
    """``(lines, faulty_lines)`` of a `ReadResult`: the data lines read and those with a problem.

    A data line is one after the header (``header_line``) that became a record or was left out for a
    cell problem; ``records_among(lines)`` says how many of the given problem lines became records
    (a line with only a semantic finding is kept), so the rest were left out.
    """
    faulty = sorted({p.line for p in problems if p.line > header_line})
    return rows + len(faulty) - (records_among(faulty) if faulty else 0), len(faulty)
