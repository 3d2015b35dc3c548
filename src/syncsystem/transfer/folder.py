"""A folder target (local disk or a mounted share) speaking the `targets.Session` protocol.

Renames use ``link`` + ``unlink``: ``link`` fails if the final name exists, so even a concurrent
writer cannot make us overwrite a file (``os.rename`` would silently replace it on POSIX).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason
from syncsystem.transfer.targets import TargetError

__all__ = ["FolderSession", "connect_folder"]


def _step_error(step: str, exc: OSError) -> TargetError:
    retry = exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS, errno.EEXIST)
    known = {
        errno.EACCES: mc.TGT_NO_PERMISSION,
        errno.EPERM: mc.TGT_NO_PERMISSION,
        errno.EROFS: mc.TGT_READ_ONLY,
        errno.ENOSPC: mc.TGT_DISK_FULL,
        errno.EEXIST: mc.TGT_EXISTS,
        errno.ENOENT: mc.TGT_NOT_FOUND,
    }.get(exc.errno or 0)
    reason = known() if known is not None else os_reason(exc)
    said = mc.TGT_FILE_REASON(file=str(exc.filename), reason=reason) if exc.filename else reason
    return TargetError(step, said, retryable=retry)


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
        raise TargetError("Verzeichnis", mc.TGT_NO_DIR(directory=directory), retryable=True)
    return FolderSession(root)
