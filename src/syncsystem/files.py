"""Writing a file so that readers see the old content or the new one, never a part of either.

Shared by every place that replaces a small text file in place: the debtor interface's working
files, the agent's token and the datacenter's bundle key file (these two owner-only, 0600 from
their first byte), the agent's ``agent.toml`` and ``token.expires`` (the mode any new file gets).
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

__all__ = ["atomic_write_text"]


def atomic_write_text(path: Path, text: str, mode: int | None = 0o644) -> None:
    """Write ``path`` so that readers see the old or the new content, never a part.

    ``mode`` None gives the file the mode any new file gets here (0666 less the umask, as
    ``Path.write_text`` would); an explicit mode is set on the temporary file before the rename."""
    fd, tmp = (
        _temporary(path)
        if mode is None
        else tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)  # mkstemp's 0600 would hide the file from the import user
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _temporary(path: Path) -> tuple[int, str]:
    """A new file beside ``path``, opened for writing with 0666 less the umask (the OS applies it:
    no process-wide umask read, which other threads could race)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, flags, 0o666), str(tmp)
        except FileExistsError:
            continue
