"""The FTP emulator's control plane: users, permissions, faults, reset and read-only inspection."""

from __future__ import annotations

import shutil
from collections.abc import Callable

from emulators._faults import UploadControl
from emulators.ftp.models import FtpUser, FtpWorld, Received

__all__ = ["FtpControl"]


class FtpControl(UploadControl):
    def __init__(self, world: FtpWorld, register: Callable[[FtpUser], None]) -> None:
        super().__init__(world, world.home)
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
