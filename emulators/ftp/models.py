"""State of the FTP emulator: users, permissions, faults, and the record of what was received.

All mutation happens under one lock because the server thread and the test thread both touch it;
the fault budget (disconnects, disk space) is the one the SFTP emulator shares (`emulators._faults`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from emulators._faults import UploadBudget, UploadFaults

__all__ = ["FtpFaults", "FtpUser", "FtpWorld", "Received"]

FULL_PERMS = "elradfmwMT"
READ_ONLY_PERMS = "elr"

FtpFaults = UploadFaults  # the FTP name of the shared settings; 552 when the disk budget runs out


@dataclass(frozen=True, slots=True)
class FtpUser:
    name: str
    password: str
    home: str = ""  # relative to the emulator root; default: the user name
    read_only: tuple[str, ...] = ()  # directories (relative to home) without write permission


@dataclass(frozen=True, slots=True)
class Received:
    """One upload as the server saw it end."""

    user: str
    path: str  # relative to the user's home
    size: int
    sha256: str
    complete: bool


@dataclass
class FtpWorld(UploadBudget):
    root: Path
    users: dict[str, FtpUser] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)

    def home(self, user: str) -> Path:
        return self.root / (self.users[user].home or user)

    def record(self, user: str, path: str, complete: bool) -> None:
        home = self.home(user)
        file = Path(path)
        data = file.read_bytes() if file.is_file() else b""
        rel = str(file.relative_to(home)) if file.is_relative_to(home) else str(file)
        with self.lock:
            self.received.append(Received(user, rel, len(data), hashlib.sha256(data).hexdigest(), complete))
