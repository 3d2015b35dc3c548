"""What an export left in a folder: BMD files with kind and row count, and the cursor it reached.

BMD (and the emulator) name their export files in German (``buchungen.csv``, ``personenkonten.csv``,
``op-liste.csv`` …); older setups and tests use the English kind names. A file whose name says
nothing is recognised by its header line (`syncsystem.bmd.schema.detect_kind`). The cursor comes
from the export command's JSON output, or from ``cursor.json`` (what BMD's export writes beside its
files: ``{"cursor_to": n, …}``), or from a plain ``cursor`` file holding the number.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import itertools
import json
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from syncsystem.bmd.schema import detect_kind
from syncsystem.errors import ExportError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.protocol.manifest import FileEntry
from syncsystem.protocol.messages import MAX_INT

__all__ = [
    "KINDS",
    "ExportFailedError",
    "ExportedFile",
    "MandantExport",
    "describe_dir",
    "kind_of",
    "read_cursor",
    "read_duration",
    "read_name",
    "shipped_name",
]

_CHUNK = 1 << 16
KINDS = ("bookings", "persons", "accounts", "costcentres", "openitems", "clearings", "journal")
# Name prefixes → kind; German first (BMD NTCS's own names), the English kind names after.
_PREFIXES = (
    ("buchungen", "bookings"),
    ("personenkonten", "persons"),
    ("sachkonten", "accounts"),
    ("kostenstellen", "costcentres"),
    ("op-liste", "openitems"),
    ("offene", "openitems"),
    ("auszifferung", "clearings"),
    ("journal", "journal"),
    *((k, k) for k in KINDS),
)


class ExportFailedError(ExportError):
    """BMD's export did not deliver; ``retryable`` says whether trying later can help and
    ``reason`` names the cause (licence, locked, password, clock, usage, crash, timeout, other).

    ``words`` fixes the words the agent reports (to the datacenter, in its log) where they must not
    follow the agent's language: the export command's failures go in the English an older datacenter
    parses. Without them the error is reported as shown, in the agent's language."""

    def __init__(
        self, message: str | Message, *, retryable: bool, reason: str = "other", words: str | None = None
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.reason = reason
        self._words = words

    @property
    def words(self) -> str:
        """The failure as the agent reports it in words."""
        return str(self) if self._words is None else self._words


@dataclass(frozen=True, slots=True)
class ExportedFile:
    """One BMD file of one Mandant, described where it lies: the seal reads it again in chunks (and
    checks size and sha256), so the worker never holds a whole export in memory."""

    name: str
    kind: str
    rows: int
    size: int
    sha256: str
    path: Path

    def entry(self) -> FileEntry:
        """The file's manifest entry."""
        return FileEntry(self.name, self.kind, self.rows, self.size, self.sha256)


@dataclass(frozen=True, slots=True)
class MandantExport:
    """What one Mandant's export produced, the cursor it reached and how long BMD took for it.

    ``duration_seconds`` is BMD's export time for this Mandant (modelled by the emulator, measured
    around an export command, or what BMD wrote into ``cursor.json``); None when nobody knows.
    """

    mandant: str
    files: tuple[ExportedFile, ...]
    cursor_to: int
    duration_seconds: float | None = None
    name: str = ""  # the Mandant's name from BMD's master data ("" when the export does not say)

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


def kind_of(name: str, data: bytes) -> str:
    """The BMD file kind of ``name`` (by its name, else by its header line)."""
    stem = name.lower()
    for prefix, kind in _PREFIXES:
        if stem.startswith(prefix):
            return kind
    header = data.split(b"\n", 1)[0].decode("latin-1")
    detected = detect_kind(header)
    if detected is None:
        raise ExportFailedError(mc.AG_EXPORT_UNKNOWN_FILE(name=name), retryable=False, reason="usage")
    return detected.value


@functools.lru_cache(maxsize=256)
def _is_header(line: str) -> bool:
    # Cached: every export repeats the same few header lines, and detection costs ~0.3 ms.
    return detect_kind(line) is not None


def _count_rows(path: Path) -> int:
    # latin-1 maps every byte, so counting records works for BMD's cp1252 and UTF-8 files alike;
    # the csv module honours quoted line breaks inside texts. Some lists (the OP-Liste) carry a
    # title line above the header: the header is the first line that names a BMD file kind.
    # Counted while read from the file, not collected: the worker's memory stays flat.
    with path.open(encoding="latin-1", newline="\n") as handle:
        records = (row for row in csv.reader(handle, delimiter=";") if row)
        first = list(itertools.islice(records, 5))
        header = next((i for i, row in enumerate(first) if _is_header(";".join(row))), 0)
        return max(len(first) + sum(1 for _ in records) - header - 1, 0)


def _digest(path: Path) -> tuple[int, str, bytes]:
    """Size, sha256 and first line (at most 64 KiB) of a file, read in chunks."""
    digest, size, first = hashlib.sha256(), 0, b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if not size:
                first = chunk.split(b"\n", 1)[0]
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest(), first


def shipped_name(name: str) -> str:
    """The name a file is shipped under: valid Unicode in NFC, whatever bytes the folder holds.

    On POSIX a name that is not UTF-8 arrives with its bad bytes as lone surrogates (PEP 383);
    BMD on Windows writes ANSI (cp1252), so ``kostenstellen_M\\xe4rz.csv`` becomes
    ``kostenstellen_März.csv``. A name with control characters is refused (`ExportFailedError`).
    """
    raw = os.fsencode(name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # the 5 bytes cp1252 leaves undefined become U+FFFD
    text = unicodedata.normalize("NFC", text)
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        raise ExportFailedError(mc.AG_EXPORT_CONTROL_NAME(name=text), retryable=False, reason="usage")
    return text


def describe_dir(folder: Path) -> tuple[ExportedFile, ...]:
    """The BMD files in ``folder`` (``*.csv``/``*.txt``), sorted by name, with kind and row count;
    names go through `shipped_name`, and two files that end up with the same name are refused."""
    files = sorted(
        (p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in (".csv", ".txt")),
        key=lambda p: shipped_name(p.name),
    )
    out, seen = [], set()
    for path in files:
        name = shipped_name(path.name)
        if name in seen:
            twice = mc.AG_EXPORT_TWICE(folder=str(folder), name=name)
            raise ExportFailedError(twice, retryable=False, reason="usage")
        seen.add(name)
        size, sha256, first_line = _digest(path)
        out.append(ExportedFile(name, kind_of(name, first_line), _count_rows(path), size, sha256, path))
    return tuple(out)


def _json_outputs(stdout: str) -> list[object]:
    """What an export command printed as JSON: the whole output, else its JSON lines, last first."""
    text = stdout.strip()
    if not text:
        return []
    try:
        return [json.loads(text)]
    except ValueError:
        pass
    found = []
    for line in reversed(text.splitlines()):
        try:
            found.append(json.loads(line))
        except ValueError:
            continue
    return found


def _duration_in(data: object, mandant: str) -> float | None:
    if not isinstance(data, dict):
        return None
    value = data.get("duration_seconds")
    parts = data.get("mandanten")
    if isinstance(parts, list):  # the emulator's --json: per Mandant under "mandanten"
        value = next(
            (p.get("duration_seconds") for p in parts if isinstance(p, dict) and p.get("mandant") == mandant),
            value,
        )
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    return None


def read_duration(folder: Path, mandant: str, stdout: str = "") -> float | None:
    """BMD's export time for ``mandant`` if its JSON output or ``cursor.json`` states it."""
    for data in _json_outputs(stdout):
        found = _duration_in(data, mandant)
        if found is not None:
            return found
    try:
        return _duration_in(json.loads((folder / "cursor.json").read_text(encoding="utf-8")), mandant)
    except (OSError, ValueError):
        return None


def read_name(folder: Path) -> str:
    """The Mandant's name BMD wrote into ``cursor.json`` (``mandant_name``); "" when it did not."""
    try:
        data = json.loads((folder / "cursor.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    name = data.get("mandant_name") if isinstance(data, dict) else None
    return name.strip()[:200] if isinstance(name, str) else ""


def _cursor_in(data: object, mandant: str) -> int | None:
    if not isinstance(data, dict):
        return None
    for key in ("cursor", "cursor_to"):
        if isinstance(data.get(key), int):
            return int(data[key])
    cursors = data.get("cursors")
    if isinstance(cursors, dict) and isinstance(cursors.get(mandant), int):
        return int(cursors[mandant])
    return None


def read_cursor(folder: Path, mandant: str, stdout: str = "") -> int:
    """The cursor an export of ``mandant`` reached: from its JSON output, ``cursor.json`` or ``cursor``;
    a whole number from 0 to 2^63-1 (what the datacenter stores), else `ExportFailedError`."""
    cursor = _read_cursor(folder, mandant, stdout)
    if not 0 <= cursor <= MAX_INT:
        raise ExportFailedError(
            mc.AG_EXPORT_CURSOR_RANGE(folder=str(folder), cursor=cursor, mandant=mandant),
            retryable=False,
            reason="usage",
        )
    return cursor


def _read_cursor(folder: Path, mandant: str, stdout: str) -> int:
    for data in _json_outputs(stdout):
        found = _cursor_in(data, mandant)
        if found is not None:
            return found
    json_path = folder / "cursor.json"
    if json_path.is_file():
        try:
            found = _cursor_in(json.loads(json_path.read_text(encoding="utf-8")), mandant)
        except ValueError as exc:
            not_json = mc.AG_EXPORT_CURSOR_JSON(path=str(json_path), reason=str(exc))
            raise ExportFailedError(not_json, retryable=True, reason="crash") from exc
        if found is None:
            raise ExportFailedError(
                mc.AG_EXPORT_CURSOR_TO(path=str(json_path)), retryable=False, reason="usage"
            )
        return found
    path = folder / "cursor"
    try:
        return int(path.read_text(encoding="ascii").strip())
    except FileNotFoundError as exc:
        no_cursor = mc.AG_EXPORT_NO_CURSOR(folder=str(folder))
        raise ExportFailedError(no_cursor, retryable=True, reason="crash") from exc
    except ValueError as exc:
        not_whole = mc.AG_EXPORT_CURSOR_WHOLE(path=str(path))
        raise ExportFailedError(not_whole, retryable=False, reason="usage") from exc
