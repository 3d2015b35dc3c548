"""A folder target (local disk or a mounted share) speaking the `targets.Session` protocol.

Renames use ``link`` + ``unlink``: ``link`` fails if the final name exists, so even a concurrent
writer cannot make us overwrite a file (``os.rename`` would silently replace it on POSIX).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from syncsystem.transfer.targets import TargetError

__all__ = ["FolderSession", "connect_folder"]


def _step_error(step: str, exc: OSError) -> TargetError:
    retry = exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS, errno.EEXIST)
    reason = {
        errno.EACCES: "keine Berechtigung",
        errno.EPERM: "keine Berechtigung",
        errno.EROFS: "Dateisystem nur lesbar",
        errno.ENOSPC: "Datenträger voll",
        errno.EEXIST: "Datei existiert bereits",
        errno.ENOENT: "nicht gefunden",
    }.get(exc.errno or 0, exc.strerror or str(exc))
    return TargetError(step, f"{exc.filename or ''}: {reason}".lstrip(": "), retryable=retry)


class FolderSession:
    def __init__(self, root: Path) -> None:
        self.root = root

    def names(self) -> set[str]:
        try:
            return {p.name for p in self.root.iterdir() if p.is_file()}
        except OSError as exc:
            raise _step_error("Verzeichnis", exc) from exc

    def write(self, name: str, data: bytes) -> None:
        try:
            with open(self.root / name, "xb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise _step_error("Schreiben", exc) from exc

    def read(self, name: str) -> bytes:
        try:
            return (self.root / name).read_bytes()
        except OSError as exc:
            raise _step_error("Zurücklesen", exc) from exc

    def rename(self, old: str, new: str) -> None:
        try:
            os.link(self.root / old, self.root / new)
            os.unlink(self.root / old)
        except OSError as exc:
            raise _step_error("Umbenennen", exc) from exc

    def delete(self, name: str) -> None:
        try:
            (self.root / name).unlink()
        except OSError as exc:
            raise _step_error("Löschen", exc) from exc

    def close(self) -> None:
        return None


def connect_folder(directory: str) -> FolderSession:
    root = Path(directory)
    if not root.is_dir():
        raise TargetError("Verzeichnis", f"{directory}: Verzeichnis gibt es nicht", retryable=True)
    return FolderSession(root)
