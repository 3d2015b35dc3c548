"""State of the SFTP emulator: users, faults and the record of written files (thread-safe).

The fault budget (disconnects, disk space) is the one the FTP emulator shares (`emulators._faults`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from emulators._faults import UploadBudget, UploadFaults

__all__ = ["SftpFaults", "SftpUser", "SftpWorld", "Written"]

SftpFaults = UploadFaults  # the SFTP name of the shared settings


@dataclass(frozen=True, slots=True)
class SftpUser:
    name: str
    password: str | None = None
    authorized_key: str | None = None  # OpenSSH public key line
    read_only: tuple[str, ...] = ()  # folders (relative to home) the user may only read


@dataclass(frozen=True, slots=True)
class Written:
    """A file handle opened for writing, as it ended."""

    user: str
    path: str  # relative to the user's home
    size: int
    complete: bool  # closed normally (False: connection lost while open)


@dataclass
class SftpWorld(UploadBudget):
    root: Path
    users: dict[str, SftpUser] = field(default_factory=dict)
    written: list[Written] = field(default_factory=list)

    def home(self, user: str) -> Path:
        return self.root / user

    def is_read_only(self, user: str, local: Path) -> bool:
        home = self.home(user)
        return any(local.is_relative_to(home / sub) for sub in self.users[user].read_only)

    def record(self, entry: Written) -> None:
        with self.lock:
            self.written.append(entry)
