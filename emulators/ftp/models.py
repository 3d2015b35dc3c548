"""State of the FTP emulator: users, permissions, faults, and the record of what was received.

All mutation happens under one lock because the server thread and the test thread both touch it.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["FtpFaults", "FtpUser", "FtpWorld", "Received"]

FULL_PERMS = "elradfmwMT"
READ_ONLY_PERMS = "elr"


@dataclass(frozen=True, slots=True)
class FtpUser:
    name: str
    password: str
    home: str = ""  # relative to the emulator root; default: the user name
    read_only: tuple[str, ...] = ()  # directories (relative to home) without write permission


@dataclass(frozen=True, slots=True)
class FtpFaults:
    """Faults for the next uploads. ``None`` means: this fault is off."""

    disconnect_after_bytes: int | None = None  # drop the connections mid-STOR
    disconnect_times: int = 1  # how many uploads are cut before the fault heals
    disk_free_bytes: int | None = None  # 552 once this many bytes were written
    throttle_bytes_per_second: int | None = None  # slow link


@dataclass(frozen=True, slots=True)
class Received:
    """One upload as the server saw it end."""

    user: str
    path: str  # relative to the user's home
    size: int
    sha256: str
    complete: bool


@dataclass
class FtpWorld:
    root: Path
    users: dict[str, FtpUser] = field(default_factory=dict)
    faults: FtpFaults = field(default_factory=FtpFaults)
    received: list[Received] = field(default_factory=list)
    disconnects_done: int = 0
    disk_used: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def home(self, user: str) -> Path:
        return self.root / (self.users[user].home or user)

    def record(self, user: str, path: str, complete: bool) -> None:
        home = self.home(user)
        file = Path(path)
        data = file.read_bytes() if file.is_file() else b""
        rel = str(file.relative_to(home)) if file.is_relative_to(home) else str(file)
        with self.lock:
            self.received.append(Received(user, rel, len(data), hashlib.sha256(data).hexdigest(), complete))

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
