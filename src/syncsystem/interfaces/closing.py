"""Close the working files into immutable, timestamped BMD import files, with their import order.

``Stammdaten.csv`` and every ``Buchungen_<Mandant>.csv`` become ``YYYYMMDD_HHMM_Stammdaten.csv`` /
``YYYYMMDD_HHMM_Buchungen_<Mandant>.csv`` (seed 002); later work starts new working files.

* **Atomic**: working files are always complete (they are rewritten atomically), and closing
  hard-links each one under its final name before removing the working name — the final name
  appears complete or not at all, and never replaces an existing file. Closed files are made
  read-only.
* **No clashes**: a close never reuses a stamp. When the current minute is already taken (two
  closes within one minute) the close takes the next free minute, so names stay in the documented
  pattern and sort in the order the closes happened.
* **Order contract**: BMD must read the person accounts before the bookings, but by name
  ``…_Buchungen_…`` sorts before ``…_Stammdaten…``. Each close therefore writes, last, a manifest
  ``YYYYMMDD_HHMM_Abschluss.json`` listing its files in import order with rows and SHA-256. A
  reader takes a close only once its manifest exists; a close interrupted before its manifest is
  completed by the next close.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from syncsystem import bmd
from syncsystem.errors import ConfigError
from syncsystem.files import atomic_write_text
from syncsystem.interfaces.settings import folder_lock
from syncsystem.interfaces.workfiles import STAMMDATEN, working_booking_files
from syncsystem.messages import codes as mc

__all__ = ["MANIFEST_SUFFIX", "ClosedSet", "close_working_files", "closed_sets"]

MANIFEST_SUFFIX = "_Abschluss.json"
_STAMP = re.compile(r"^(\d{8}_\d{4})_(Stammdaten\.csv|Buchungen_[A-Za-z0-9-]+\.csv|Abschluss\.json)$")
_FORMAT = "%Y%m%d_%H%M"


@dataclass(frozen=True, slots=True)
class ClosedSet:
    """One close: its stamp, its files in BMD import order (Stammdaten first), its manifest."""

    stamp: str
    files: tuple[Path, ...]
    manifest: Path
    closed_at: str


def _stamps(folder: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for entry in folder.iterdir():
        match = _STAMP.match(entry.name)
        if match:
            found.setdefault(match.group(1), []).append(match.group(2))
    return found


def _import_order(names: list[str]) -> list[str]:
    # the order contract: person accounts before any booking file
    return sorted(names, key=lambda n: (not n.startswith("Stammdaten"), n))


def _write_manifest(folder: Path, stamp: str, names: list[str], closed_at: str) -> ClosedSet:
    files = [folder / f"{stamp}_{n}" for n in _import_order(names)]
    entries = []
    for path in files:
        data = path.read_bytes()
        kind = bmd.Kind.PERSONS if path.name.endswith(STAMMDATEN) else bmd.Kind.BOOKINGS
        rows = bmd.read(data, kind, name=path.name).rows
        entries.append(
            {
                "name": path.name,
                "kind": str(kind),
                "rows": rows,
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            }
        )
    manifest = folder / f"{stamp}{MANIFEST_SUFFIX}"
    doc = {
        "stamp": stamp,
        "closed_at": closed_at,
        "import_order": [e["name"] for e in entries],
        "files": entries,
        "note": "Import in this order: person accounts (Stammdaten) before bookings.",
    }
    atomic_write_text(manifest, json.dumps(doc, indent=2, ensure_ascii=False) + "\n", 0o444)
    return ClosedSet(stamp, tuple(files), manifest, closed_at)


def _move(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)  # fails if dst exists: a closed file is never overwritten
    except FileExistsError as exc:
        raise ConfigError(mc.IN_CLOSED_EXISTS(path=str(dst))) from exc
    os.unlink(src)
    dst.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


def close_working_files(folder: Path, now: datetime) -> ClosedSet | None:
    """Close every working file of ``folder``; None when there was nothing to close."""
    with folder_lock(folder):
        stamps = _stamps(folder)
        for stamp, names in sorted(stamps.items()):
            if "Abschluss.json" not in names:  # an interrupted close: finish it first
                _write_manifest(folder, stamp, names, "unknown (completed later)")
        working = [folder / STAMMDATEN] if (folder / STAMMDATEN).exists() else []
        working += [path for _, path in working_booking_files(folder)]
        if not working:
            return None
        minute = now.replace(second=0, microsecond=0)
        if stamps:
            latest = datetime.strptime(max(stamps), _FORMAT).replace(tzinfo=minute.tzinfo)
            minute = max(minute, latest + timedelta(minutes=1))
        stamp = minute.strftime(_FORMAT)
        for path in working:
            _move(path, folder / f"{stamp}_{path.name}")
        return _write_manifest(folder, stamp, [p.name for p in working], now.isoformat())


def closed_sets(folder: Path) -> list[ClosedSet]:
    """Every completed close of ``folder`` in the order the closes happened."""
    result = []
    for manifest in sorted(folder.glob(f"*{MANIFEST_SUFFIX}")):
        doc = json.loads(manifest.read_text(encoding="utf-8"))
        result.append(
            ClosedSet(
                doc["stamp"], tuple(folder / n for n in doc["import_order"]), manifest, doc["closed_at"]
            )
        )
    return result
