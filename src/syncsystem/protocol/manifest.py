"""The bundle manifest: which Mandanten and files a bundle holds, their sizes, checksums and cursors.

Pure values with strict JSON parsing (`Manifest.from_json` raises `ProtocolError` naming the field).
Files are addressed by `file_key` (``mandant/name``) in `syncsystem.protocol.bundle.seal` and in
`OpenedBundle.files`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from syncsystem.messages import codes as mc
from syncsystem.protocol.messages import check_id, parse_time
from syncsystem.protocol.values import ProtocolError, check_int, check_number, check_text

__all__ = ["MANIFEST_VERSION", "FileEntry", "Manifest", "ManifestEntry", "file_key"]

MANIFEST_VERSION = 1


def file_key(mandant: str, name: str) -> str:
    """The key of a file in ``seal``'s ``files`` mapping and `OpenedBundle.files`: ``mandant/name``."""
    return f"{mandant}/{name}"


@dataclass(frozen=True, slots=True)
class FileEntry:
    """One BMD file of a Mandant: ``kind`` is a `syncsystem.bmd.Kind` value such as ``bookings``."""

    name: str
    kind: str
    rows: int
    size: int
    sha256: str
    drafts: int = 0
    """Rows of this file that are not finalised (BMD's Vorerfassung); a BMD export has none, and the
    datacenter refuses a bundle that declares any."""

    @classmethod
    def describe(cls, name: str, kind: str, rows: int, data: bytes) -> FileEntry:
        """The entry for ``data``, with size and sha256 computed."""
        return cls(name, kind, rows, len(data), hashlib.sha256(data).hexdigest())

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "rows": self.rows,
            "size": self.size,
            "sha256": self.sha256,
            "drafts": self.drafts,
        }


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One Mandant in a bundle: its files and the cursor range they cover (from is None for full).

    ``duration_seconds`` (optional) is how long the export of this Mandant took on the agent; the
    advisor page shows it.
    """

    mandant: str
    files: tuple[FileEntry, ...]
    cursor_from: int | None
    cursor_to: int
    duration_seconds: float | None = None
    name: str = ""
    """The Mandant's name in BMD (its master data), e.g. ``Schmidinger AG``; "" when unknown."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "mandant": self.mandant,
            "files": [f.to_json() for f in self.files],
            "cursor_from": self.cursor_from,
            "cursor_to": self.cursor_to,
        }
        if self.duration_seconds is not None:
            out["duration_seconds"] = self.duration_seconds
        if self.name:
            out["name"] = self.name
        return out


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a bundle claims to contain; checked against the contents on opening."""

    bundle_id: str
    agent_id: str
    created_at: datetime
    mandanten: tuple[ManifestEntry, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "version": MANIFEST_VERSION,
            "bundle_id": self.bundle_id,
            "agent_id": self.agent_id,
            "created_at": self.created_at.isoformat(),
            "mandanten": [m.to_json() for m in self.mandanten],
        }

    def file_keys(self) -> list[str]:
        """Keys of all files in container order."""
        return [file_key(m.mandant, f.name) for m in self.mandanten for f in m.files]

    def entries(self) -> list[tuple[str, FileEntry]]:
        return [(file_key(m.mandant, f.name), f) for m in self.mandanten for f in m.files]

    @classmethod
    def from_json(cls, data: object) -> Manifest:
        """Parse and check a manifest; raises `ProtocolError` naming the bad field."""
        if not isinstance(data, dict):
            raise ProtocolError(mc.PROTO_OBJECT(what="manifest", got=type(data).__name__))
        entries = data.get("mandanten")
        if not isinstance(entries, list):
            raise ProtocolError(mc.PROTO_LIST(what="manifest.mandanten"))
        mandanten = tuple(_entry_from_json(e, i) for i, e in enumerate(entries))
        seen: set[str] = set()
        for m in mandanten:
            if m.mandant in seen:
                raise ProtocolError(mc.PROTO_TWICE(what="manifest.mandanten", mandant=m.mandant))
            seen.add(m.mandant)
        return cls(
            bundle_id=check_id(data.get("bundle_id"), "manifest.bundle_id"),
            agent_id=check_id(data.get("agent_id"), "manifest.agent_id"),
            created_at=parse_time(data.get("created_at"), "manifest.created_at"),
            mandanten=mandanten,
        )


def _nonneg(value: object, where: str) -> int:
    return check_int(value, where)


def _entry_from_json(data: object, index: int) -> ManifestEntry:
    where = f"manifest.mandanten[{index}]"
    if not isinstance(data, dict):
        raise ProtocolError(mc.PROTO_OBJECT_PLAIN(what=where))
    mandant = check_id(data.get("mandant"), f"{where}.mandant")
    files_raw = data.get("files")
    if not isinstance(files_raw, list):
        raise ProtocolError(mc.PROTO_LIST(what=f"{where}.files"))
    files: list[FileEntry] = []
    names: set[str] = set()
    for j, f in enumerate(files_raw):
        fw = f"{where}.files[{j}]"
        if not isinstance(f, dict):
            raise ProtocolError(mc.PROTO_OBJECT_PLAIN(what=fw))
        name, kind, digest = f.get("name"), f.get("kind"), f.get("sha256")
        if not isinstance(name, str) or not name or "/" in name or "\\" in name or name in names:
            raise ProtocolError(mc.PROTO_FILE_NAME(what=f"{fw}.name", got=repr(name)))
        check_text(name, f"{fw}.name", name=True)
        if len(name) > 255:
            raise ProtocolError(mc.PROTO_TOO_LONG(what=f"{fw}.name", most=255))
        if not isinstance(kind, str) or not kind or len(kind) > 64:
            raise ProtocolError(mc.PROTO_FILE_KIND(what=f"{fw}.kind", got=repr(kind)))
        check_text(kind, f"{fw}.kind", name=True)
        if not isinstance(digest, str) or len(digest) != 64:
            raise ProtocolError(mc.PROTO_SHA256(what=f"{fw}.sha256"))
        names.add(name)
        files.append(
            FileEntry(
                name,
                kind,
                _nonneg(f.get("rows"), f"{fw}.rows"),
                _nonneg(f.get("size"), f"{fw}.size"),
                digest.lower(),
                _nonneg(f.get("drafts", 0), f"{fw}.drafts"),
            )
        )
    cursor_from = data.get("cursor_from")
    duration = data.get("duration_seconds")
    name = data.get("name", "")
    if not isinstance(name, str) or len(name) > 200:
        raise ProtocolError(mc.PROTO_MANDANT_NAME(what=f"{where}.name", most=200))
    check_text(name, f"{where}.name")
    return ManifestEntry(
        mandant=mandant,
        files=tuple(files),
        cursor_from=None if cursor_from is None else _nonneg(cursor_from, f"{where}.cursor_from"),
        cursor_to=_nonneg(data.get("cursor_to"), f"{where}.cursor_to"),
        duration_seconds=None if duration is None else check_number(duration, f"{where}.duration_seconds"),
        name=name,
    )
