"""What the emulator's operations report: export, import and advance results as frozen values.

Each result has ``as_dict()`` for ``--json`` output and the agent's logs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .export import ExportedFile

__all__ = ["AdvanceResult", "ExportResult", "ImportResult", "MandantExport"]


@dataclass(frozen=True, slots=True)
class MandantExport:
    """One Mandant's part of an export: where, which files, the cursor range, simulated duration."""

    mandant: str
    directory: Path
    files: tuple[ExportedFile, ...]
    cursor_from: int | None
    cursor_to: int
    duration_seconds: float
    exported_at: datetime
    name: str = ""  # the Mandant's name in BMD's master data

    @property
    def mode(self) -> str:
        return "full" if self.cursor_from is None else "incremental"

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)

    def as_dict(self) -> dict[str, Any]:
        return {
            "mandant": self.mandant,
            "name": self.name,
            "directory": str(self.directory),
            "mode": self.mode,
            "cursor_from": self.cursor_from,
            "cursor_to": self.cursor_to,
            "rows": self.rows,
            "duration_seconds": self.duration_seconds,
            "exported_at": self.exported_at.isoformat(),
            "files": [
                {"name": f.name, "kind": f.kind.value, "rows": f.rows, "size": f.size, "sha256": f.sha256}
                for f in self.files
            ],
        }


@dataclass(frozen=True, slots=True)
class ExportResult:
    """An export of several Mandanten, in the order they were exported."""

    mandanten: tuple[MandantExport, ...]

    @property
    def duration_seconds(self) -> float:
        return round(sum(m.duration_seconds for m in self.mandanten), 1)

    @property
    def cursors(self) -> dict[str, int]:
        return {m.mandant: m.cursor_to for m in self.mandanten}

    def __getitem__(self, mandant: str) -> MandantExport:
        return next(m for m in self.mandanten if m.mandant == mandant)

    def as_dict(self) -> dict[str, Any]:
        return {
            "duration_seconds": self.duration_seconds,
            "cursors": self.cursors,
            "mandanten": [m.as_dict() for m in self.mandanten],
        }


@dataclass(frozen=True, slots=True)
class ImportResult:
    """An accepted import file: what it held and what it changed in the Mandant's books."""

    mandant: str
    file: str
    kind: str
    rows: int
    documents: int
    postings: int
    persons_created: int
    persons_changed: int
    cursor_from: int
    cursor_to: int

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class AdvanceResult:
    """Simulated time moved on: which working days were simulated and the changes per Mandant."""

    now: datetime
    days: tuple[date, ...]
    changes: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "now": self.now.isoformat(),
            "days": [d.isoformat() for d in self.days],
            "changes": self.changes,
        }
