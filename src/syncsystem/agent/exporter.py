"""The BMD export interface as the agent sees it: one `Exporter` protocol, three ways to reach BMD.

* `CommandExporter` runs a configured export command line once per Mandant (BMD's own export
  tool, or ``syncsystem emulate bmd export``), with ``{out_dir}``, ``{mandant}`` and ``{since}``
  filled in. The command writes the Mandant's BMD files into ``out_dir`` and its new cursor into
  ``out_dir/cursor`` (or prints ``{"cursor": n}`` / ``{"cursors": {mandant: n}}`` as JSON).
* `FolderExporter` takes what BMD's scheduled export wrote into ``folder/<Mandant>/`` (files plus
  a ``cursor`` file); it cannot ask BMD for a fresh export, so it ships the newest one.
* `OfficeExporter` adapts any object with the BMD emulator's ``export(out_dir, *, mandanten,
  since, clock)`` method; the emulator itself is wired in by tests and the demo — production code
  never imports ``emulators``.

Failures are `ExportFailedError` with ``retryable``: a locked database or a crash may pass, an expired
licence or a password-protected file needs a person and is reported at once.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from syncsystem.errors import ExportError

__all__ = [
    "Check",
    "CommandExporter",
    "ExportFailedError",
    "ExportedFile",
    "Exporter",
    "FolderExporter",
    "MandantExport",
    "OfficeExporter",
    "classify_export_message",
    "describe_dir",
]

KINDS = ("bookings", "persons", "accounts", "costcentres", "openitems", "clearings", "journal")
_PERMANENT = re.compile(r"licen[cs]e|lizenz|password|passwort|kennwort", re.IGNORECASE)


class ExportFailedError(ExportError):
    """BMD's export did not deliver; ``retryable`` says whether trying later can help."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


def classify_export_message(message: str) -> bool:
    """True (retryable) unless the message names a licence or password problem, which need a person."""
    return _PERMANENT.search(message) is None


@dataclass(frozen=True, slots=True)
class ExportedFile:
    """One BMD file of one Mandant, read into memory (kontool-sized exports are a few hundred KB)."""

    name: str
    kind: str
    rows: int
    data: bytes


@dataclass(frozen=True, slots=True)
class MandantExport:
    """What one Mandant's export produced and the cursor it reached."""

    mandant: str
    files: tuple[ExportedFile, ...]
    cursor_to: int

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)

    @property
    def size(self) -> int:
        return sum(len(f.data) for f in self.files)


@dataclass(frozen=True, slots=True)
class Check:
    """One line of `syncsystem agent doctor`: ok or not, what was seen, and how to fix it."""

    name: str
    ok: bool
    detail: str
    hint: str = ""

    def to_json(self) -> dict[str, object]:
        return {"check": self.name, "ok": self.ok, "detail": self.detail, "hint": self.hint}


class Exporter(Protocol):
    """What the worker asks of BMD."""

    def export(self, mandant: str, since: int | None, work_dir: Path) -> MandantExport:
        """Export ``mandant``'s finalised postings after cursor ``since`` (None: everything)."""
        ...

    def checks(self) -> list[Check]:
        """Doctor checks: interface reachable, licence valid, accounting file usable."""
        ...


def _kind_of(name: str) -> str:
    stem = name.lower()
    for kind in KINDS:
        if stem.startswith(kind):
            return kind
    raise ExportFailedError(f"{name}: not a BMD export file the agent knows (expected a name starting "
                       f"with one of {', '.join(KINDS)})", retryable=False)


def _count_rows(data: bytes) -> int:
    # latin-1 maps every byte, so counting records works for BMD's cp1252 and UTF-8 files alike;
    # the csv module honours quoted line breaks inside texts.
    records = sum(1 for row in csv.reader(io.StringIO(data.decode("latin-1")), delimiter=";") if row)
    return max(records - 1, 0)


def describe_dir(folder: Path) -> tuple[ExportedFile, ...]:
    """The BMD files in ``folder`` (``*.csv``/``*.txt``), sorted by name, with kind and row count."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in (".csv", ".txt"))
    return tuple(ExportedFile(p.name, _kind_of(p.name), _count_rows(d := p.read_bytes()), d) for p in files)


def _read_cursor(folder: Path, mandant: str, stdout: str = "") -> int:
    for line in reversed(stdout.strip().splitlines()):
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("cursor"), int):
            return int(data["cursor"])
        cursors = data.get("cursors") if isinstance(data, dict) else None
        if isinstance(cursors, dict) and isinstance(cursors.get(mandant), int):
            return int(cursors[mandant])
    path = folder / "cursor"
    try:
        return int(path.read_text(encoding="ascii").strip())
    except FileNotFoundError as exc:
        raise ExportFailedError(f"{path}: the export left no cursor (a crash half way?)",
                                retryable=True) from exc
    except ValueError as exc:
        raise ExportFailedError(f"{path}: not a whole number", retryable=False) from exc


class CommandExporter:
    """Runs a configured export command per Mandant (see module docstring for the contract)."""

    def __init__(self, argv: Sequence[str], *, timeout: float = 3600.0,
                 check_argv: Sequence[str] = ()) -> None:
        if not argv:
            raise ExportFailedError("export.command is empty: configure BMD's export command line",
                               retryable=False)
        self.argv, self.timeout, self.check_argv = tuple(argv), timeout, tuple(check_argv)

    def export(self, mandant: str, since: int | None, work_dir: Path) -> MandantExport:
        out = work_dir / mandant
        if out.exists():
            shutil.rmtree(out)  # leftovers of an interrupted export must not be shipped
        out.mkdir(parents=True)
        values = {"out_dir": str(out), "mandant": mandant, "since": "" if since is None else str(since)}
        argv = [a.format(**values) for a in self.argv]
        argv = [a for a in argv if a != ""]
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=self.timeout, check=False)
        except FileNotFoundError as exc:
            raise ExportFailedError(f"export command not found: {argv[0]}", retryable=False) from exc
        except subprocess.TimeoutExpired as exc:
            raise ExportFailedError(f"export of Mandant {mandant} took longer than {self.timeout:.0f} s",
                               retryable=True) from exc
        if done.returncode != 0:
            message = (done.stderr or done.stdout).strip()[-500:] or f"exit code {done.returncode}"
            raise ExportFailedError(f"export of Mandant {mandant} failed: {message}",
                               retryable=classify_export_message(message))
        return MandantExport(mandant, describe_dir(out), _read_cursor(out, mandant, done.stdout))

    def checks(self) -> list[Check]:
        exe = shutil.which(self.argv[0])
        found = Check("BMD-Exportschnittstelle erreichbar", exe is not None,
                      exe or f"{self.argv[0]} not found",
                      "" if exe else "Pfad von export.command in agent.toml prüfen")
        if exe is None or not self.check_argv:
            return [found]
        done = subprocess.run(list(self.check_argv), capture_output=True, text=True, timeout=120, check=False)
        message = (done.stderr or done.stdout).strip()[-300:]
        ok = done.returncode == 0
        return [found, Check("BMD-Lizenz und Buchhaltungsdatei", ok, message or "ok",
                             "" if ok else "BMD öffnen: Lizenz, Sperre und Passwort der Datei prüfen")]


class FolderExporter:
    """Ships the newest export BMD wrote into ``folder/<Mandant>/`` (files + ``cursor``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def export(self, mandant: str, since: int | None, work_dir: Path) -> MandantExport:
        source = self.folder / mandant
        if not source.is_dir():
            raise ExportFailedError(f"{source}: BMD has not exported Mandant {mandant} into this folder",
                               retryable=True)
        cursor = _read_cursor(source, mandant)
        if since is not None and cursor <= since:
            return MandantExport(mandant, (), since)  # nothing new since the last delivery
        return MandantExport(mandant, describe_dir(source), cursor)

    def checks(self) -> list[Check]:
        ok = self.folder.is_dir()
        return [Check("BMD-Exportordner erreichbar", ok, str(self.folder),
                      "" if ok else "export.folder in agent.toml prüfen / Freigabe verbinden")]


class ExportSource(Protocol):
    """The BMD emulator's office as far as the agent needs it (duck-typed: no import of emulators)."""

    def export(self, out_dir: Path, *, mandanten: Sequence[str] | None = None,
               since: Mapping[str, int | None] | None = None, clock: Any = None) -> Any:
        ...


class OfficeExporter:
    """Adapter for an in-process BMD office (the emulator in tests and the demo)."""

    def __init__(self, office: ExportSource, clock: Any = None) -> None:
        self.office, self.clock = office, clock

    def export(self, mandant: str, since: int | None, work_dir: Path) -> MandantExport:
        out = work_dir / mandant
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        try:
            result = self.office.export(out, mandanten=[mandant], since={mandant: since}, clock=self.clock)
        except ExportFailedError:
            raise
        except Exception as exc:  # the office raises its own BMD-named errors; classify by message
            raise ExportFailedError(f"export of Mandant {mandant} failed: {exc}",
                               retryable=classify_export_message(str(exc))) from exc
        cursors = getattr(result, "cursors", {}) or {}
        if mandant not in cursors:
            raise ExportFailedError(f"export of Mandant {mandant} returned no cursor", retryable=True)
        return MandantExport(mandant, describe_dir(out), int(cursors[mandant]))

    def checks(self) -> list[Check]:
        status = getattr(self.office, "status", None)
        if status is None:
            return [Check("BMD-Exportschnittstelle erreichbar", True, "in process")]
        problems = [str(p) for p in status()]
        return [Check("BMD-Exportschnittstelle erreichbar", True, "in process"),
                Check("BMD-Lizenz und Buchhaltungsdatei", not problems, "; ".join(problems) or "ok",
                      "" if not problems else "BMD öffnen: Lizenz, Sperre und Passwort prüfen")]
