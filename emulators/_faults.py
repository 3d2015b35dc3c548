"""Upload faults shared by the FTP and SFTP emulators: the settings, the budget they draw on, control.

Both file-transfer emulators cut a connection after a number of bytes (a set number of times), run
out of disk at a byte budget across all uploads, and throttle the receive rate. `UploadFaults` is
those settings; `UploadBudget` the state that server threads draw on while the test thread injects
and heals faults (one lock guards both sides); `UploadControl` the control-plane methods the two
emulators share (faults on/off, the files lying in a user's home).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

__all__ = ["UploadBudget", "UploadControl", "UploadFaults"]


@dataclass(frozen=True, slots=True)
class UploadFaults:
    """Faults for the next uploads. ``None`` means: this fault is off."""

    disconnect_after_bytes: int | None = None  # drop the connection mid-upload
    disconnect_times: int = 1  # how many uploads are cut before the fault heals
    disk_free_bytes: int | None = None  # "disk full" once this many bytes were written
    throttle_bytes_per_second: int | None = None  # slow link


@dataclass(kw_only=True)
class UploadBudget:
    """The faults in force and what uploads have used of them so far (thread-safe)."""

    faults: UploadFaults = field(default_factory=UploadFaults)
    disconnects_done: int = 0
    disk_used: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_disconnect(self, bytes_so_far: int) -> bool:
        """Whether the upload that has now received ``bytes_so_far`` bytes must be cut."""
        with self.lock:
            limit = self.faults.disconnect_after_bytes
            if limit is None or bytes_so_far < limit or self.disconnects_done >= self.faults.disconnect_times:
                return False
            self.disconnects_done += 1
            return True

    def take_space(self, wanted: int) -> int:
        """Reserve up to ``wanted`` bytes of disk; returns how many fit."""
        with self.lock:
            if self.faults.disk_free_bytes is None:
                return wanted
            granted = max(0, min(wanted, self.faults.disk_free_bytes - self.disk_used))
            self.disk_used += granted
            return granted

    def inject(self, **faults: object) -> None:
        """Turn faults on; the disconnect count and the disk budget start afresh."""
        with self.lock:
            self.faults = replace(self.faults, **faults)  # type: ignore[arg-type]
            self.disconnects_done = 0
            self.disk_used = 0

    def heal(self) -> None:
        """Turn every fault off."""
        with self.lock:
            self.faults = UploadFaults()


class UploadControl:
    """The control-plane methods the FTP and SFTP emulators share."""

    def __init__(self, budget: UploadBudget, home: Callable[[str], Path]) -> None:
        self._budget = budget
        self._home = home

    def inject(self, **faults: object) -> None:
        """Turn faults on, e.g. ``inject(disconnect_after_bytes=1000)`` (see `UploadFaults`)."""
        self._budget.inject(**faults)

    def heal(self) -> None:
        """Turn every fault off."""
        self._budget.heal()

    def files(self, user: str, folder: str = "") -> dict[str, bytes]:
        """The files now lying in ``user``'s home (or a folder in it): name → content."""
        base = self._home(user) / folder
        return {p.name: p.read_bytes() for p in sorted(base.iterdir()) if p.is_file()}
