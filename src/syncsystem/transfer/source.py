"""Where a job's files come from: the `Source` protocol and the folder of closed BMD import files.

`FolderSource` collects closed import files ``<root>/<Mandant>/YYYYMMDD_HHMM_<rest>.csv`` whose
closing time (local time in the name) lies in the run's period; working files without that prefix
are never touched. Every file is read with `syncsystem.bmd` before it leaves: a file with problems
stops the run with each problem named (``file:line:field``) rather than reaching the tax advisor.
Person-account files (Stammdaten) go only when the job exports debtors, and always before bookings,
so BMD never sees a booking for an account it does not know yet. Delivered names carry the Mandant.

A `DocumentSource` (the source system's documents) instead names every document by a stable key,
so the run journal can deliver each exactly once, whatever its date (`syncsystem.transfer.tracking`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Protocol, runtime_checkable

from syncsystem.bmd import Kind, read
from syncsystem.errors import DataError, DeliveryError, Problem
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.transfer.config import JobConfig
from syncsystem.transfer.failure import Failure
from syncsystem.transfer.runs import Period

__all__ = [
    "DocumentBatch",
    "DocumentSource",
    "Entry",
    "FolderSource",
    "Source",
    "SourceError",
    "SourceProblemsError",
]

CLOSED = re.compile(r"^(\d{8})_(\d{4})_.+\.csv$", re.IGNORECASE)


class SourceError(DeliveryError):
    """The files to deliver could not be produced or failed validation."""


class SourceProblemsError(SourceError):
    """Files refused for what they hold: ``head`` says what, ``problems`` where (``total`` of them);
    kept as codes, so the run journal and the mail word them in their reader's language."""

    def __init__(self, head: Message, problems: Sequence[Problem], total: int | None = None) -> None:
        self.head, self.problems = head, tuple(problems)
        self.total = len(self.problems) if total is None else total
        super().__init__(head, self.problems, self.total)

    def __str__(self) -> str:  # worded when shown, in the language in use
        return Failure(self.head, self.problems, self.total).text()


class Source(Protocol):
    def files_for(
        self, period: Period, job: JobConfig, delivered: Collection[str] = frozenset()
    ) -> list[tuple[str, bytes]]:
        """The files (delivered name, content) of ``job`` for ``period``, in delivery order; those
        whose delivered name is in ``delivered`` (sent before) are not read and not returned."""
        ...

    def names_for(self, period: Period, job: JobConfig) -> list[str]:
        """The delivered names of every file of ``job`` for ``period`` (a listing: nothing is read)."""
        ...


@dataclass(frozen=True, slots=True)
class Entry:
    """One source document a run may deliver: its stable key and its document date."""

    key: str
    day: date


class DocumentBatch(Protocol):
    """The documents in a job's scope, in their fixed delivery order, and how to write files of some."""

    @property
    def entries(self) -> tuple[Entry, ...]: ...

    def files(self, keys: Collection[str], repeats: Mapping[date, int]) -> list[tuple[str, bytes]]:
        """The files of the documents ``keys``; ``repeats[day]`` = earlier runs that delivered that day."""
        ...


@runtime_checkable
class DocumentSource(Protocol):
    def documents(self, window: Period, job: JobConfig) -> DocumentBatch:
        """Every document of ``job``'s scope dated in the days ``window`` covers (delivered or not)."""
        ...


@dataclass(frozen=True)
class FolderSource:
    root: Path
    tz: tzinfo

    def files_for(
        self, period: Period, job: JobConfig, delivered: Collection[str] = frozenset()
    ) -> list[tuple[str, bytes]]:
        persons: list[tuple[str, bytes]] = []
        bookings: list[tuple[str, bytes]] = []
        problems: list[Problem] = []
        for path, name in self._closed(period, job):
            if name in delivered:
                continue  # sent by an earlier run: not read again, however long the history
            data = path.read_bytes()
            try:
                result = read(data, name=str(path))
            except DataError as exc:
                problems.extend(exc.problems)
                continue
            problems.extend(result.problems)
            if result.kind is Kind.PERSONS:
                if job.execution.export_debtors:
                    persons.append((name, data))
            elif result.kind is Kind.BOOKINGS:
                bookings.append((name, data))
            else:
                not_import = mc.TX_NOT_IMPORT_FILE(kind=str(result.kind))
                problems.append(Problem.of(str(path), 0, "", not_import))
        if problems:
            raise SourceProblemsError(mc.TX_REFUSED_IMPORT_FILES(), problems)
        return persons + bookings

    def names_for(self, period: Period, job: JobConfig) -> list[str]:
        return [name for _, name in self._closed(period, job)]

    def _closed(self, period: Period, job: JobConfig) -> list[tuple[Path, str]]:
        """The closed files of the job's Mandanten closed in ``period``, with their delivered names
        (one directory listing per Mandant: no file is opened or even stat'ed)."""
        if not self.root.is_dir():
            raise SourceError(mc.TX_SOURCE_NO_DIR(path=str(self.root)))
        found = []
        for mandant in job.execution.mandanten:
            folder = self.root / mandant
            if not folder.is_dir():
                continue  # nothing closed yet for this Mandant
            with os.scandir(folder) as entries:
                names = sorted(e.name for e in entries if CLOSED.match(e.name) and e.is_file())
            for name in names:
                closed_at = self._stamp(name)
                if closed_at is not None and closed_at in period:
                    found.append((folder / name, f"{mandant}_{name}"))
        return found

    def closed_before(self, moment: datetime, job: JobConfig) -> list[str]:
        """Closed files of the job's Mandanten closed at or before ``moment`` (the job's start): no
        run takes them; ``transfer runs`` lists them as not transferred."""
        found: list[str] = []
        for mandant in job.execution.mandanten:
            folder = self.root / mandant
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                closed_at = self._closed_at(path)
                if closed_at is not None and closed_at <= moment:
                    found.append(f"{mandant}_{path.name}")
        return found

    def _closed_at(self, path: Path) -> datetime | None:
        return self._stamp(path.name) if path.is_file() else None

    def _stamp(self, name: str) -> datetime | None:
        """The closing time in a closed file's name (``YYYYMMDD_HHMM_…``), local time; None if none."""
        match = CLOSED.match(name)
        if not match:
            return None
        day, hm = match[1], match[2]
        try:
            return datetime(
                int(day[:4]), int(day[4:6]), int(day[6:]), int(hm[:2]), int(hm[2:]), tzinfo=self.tz
            )
        except ValueError:
            return None
