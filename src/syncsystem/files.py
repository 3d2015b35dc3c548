"""Writing a file so that readers see the old content or the new one, never a part of either.

Shared by every place that replaces a small text file in place: the debtor interface's working
files, the agent's token and the datacenter's bundle key file (these two owner-only, 0600 from
their first byte).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write_text"]


def atomic_write_text(path: Path, text: str, mode: int = 0o644) -> None:
    """Write ``path`` so that readers see the old or the new content, never a part."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)  # mkstemp's 0600 would hide the file from the import user
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
