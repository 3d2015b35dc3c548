"""The FTP emulator's control plane: users, permissions, faults, reset and read-only inspection."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace

from emulators.ftp.models import FtpFaults, FtpUser, FtpWorld, Received

__all__ = ["FtpControl"]


class FtpControl:
    def __init__(self, world: FtpWorld, register: Callable[[FtpUser], None]) -> None:
        self._world = world
        self._register = register

    def add_user(
        self, name: str, password: str, *, read_only: tuple[str, ...] = (), home: str = ""
    ) -> FtpUser:
        """Add (or replace) a user with full rights in its home, except the ``read_only`` folders."""
        user = FtpUser(name, password, home, read_only)
        self._world.users[name] = user
        self._register(user)
        return user

    def inject(self, **faults: object) -> None:
        """Turn faults on, e.g. ``inject(disconnect_after_bytes=1000)`` (see `FtpFaults`)."""
        with self._world.lock:
            self._world.faults = replace(self._world.faults, **faults)  # type: ignore[arg-type]
            self._world.disconnects_done = 0
            self._world.disk_used = 0

    def heal(self) -> None:
        """Turn every fault off."""
        with self._world.lock:
            self._world.faults = FtpFaults()

    def reset(self) -> None:
        """Faults off, history cleared, every user's files deleted (users stay)."""
        self.heal()
        with self._world.lock:
            self._world.received.clear()
        for name in self._world.users:
            home = self._world.home(name)
            shutil.rmtree(home, ignore_errors=True)
            self._register(self._world.users[name])

    def received(self) -> list[Received]:
        """Every upload as it ended, complete or not, in order."""
        with self._world.lock:
            return list(self._world.received)

    def files(self, user: str, folder: str = "") -> dict[str, bytes]:
        """The files now lying in ``user``'s home (or a folder in it): name → content."""
        base = self._world.home(user) / folder
        return {p.name: p.read_bytes() for p in sorted(base.iterdir()) if p.is_file()}
