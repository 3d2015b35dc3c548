"""State of the SFTP emulator: users, faults and the record of written files (thread-safe)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SftpFaults", "SftpUser", "SftpWorld", "Written"]


@dataclass(frozen=True, slots=True)
class SftpUser:
    name: str
    password: str | None = None
    authorized_key: str | None = None  # OpenSSH public key line
    read_only: tuple[str, ...] = ()  # folders (relative to home) the user may only read


@dataclass(frozen=True, slots=True)
class SftpFaults:
    disconnect_after_bytes: int | None = None
    disconnect_times: int = 1
    disk_free_bytes: int | None = None
    throttle_bytes_per_second: int | None = None


@dataclass(frozen=True, slots=True)
class Written:
    """A file handle opened for writing, as it ended."""

    user: str
    path: str  # relative to the user's home
    size: int
    complete: bool  # closed normally (False: connection lost while open)


@dataclass
class SftpWorld:
    root: Path
    users: dict[str, SftpUser] = field(default_factory=dict)
    faults: SftpFaults = field(default_factory=SftpFaults)
    written: list[Written] = field(default_factory=list)
    disconnects_done: int = 0
    disk_used: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def home(self, user: str) -> Path:
        return self.root / user

    def is_read_only(self, user: str, local: Path) -> bool:
        home = self.home(user)
        return any(local.is_relative_to(home / sub) for sub in self.users[user].read_only)

    def take_space(self, wanted: int) -> int:
        with self.lock:
            if self.faults.disk_free_bytes is None:
                return wanted
            granted = max(0, min(wanted, self.faults.disk_free_bytes - self.disk_used))
            self.disk_used += granted
            return granted

    def take_disconnect(self, total: int) -> bool:
        with self.lock:
            limit = self.faults.disconnect_after_bytes
            if limit is None or total < limit or self.disconnects_done >= self.faults.disconnect_times:
                return False
            self.disconnects_done += 1
            return True

    def record(self, entry: Written) -> None:
        with self.lock:
            self.written.append(entry)
