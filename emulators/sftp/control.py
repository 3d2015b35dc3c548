"""The SFTP emulator's control plane: users, faults, reset and read-only inspection."""

from __future__ import annotations

import shutil

from emulators._faults import UploadControl
from emulators.sftp.models import SftpUser, SftpWorld, Written

__all__ = ["SftpControl"]


class SftpControl(UploadControl):
    def __init__(self, world: SftpWorld) -> None:
        super().__init__(world, world.home)
        self._world = world

    def add_user(
        self,
        name: str,
        password: str | None = None,
        *,
        authorized_key: str | None = None,
        read_only: tuple[str, ...] = (),
    ) -> SftpUser:
        user = SftpUser(name, password, authorized_key, read_only)
        self._world.users[name] = user
        home = self._world.home(name)
        for sub in ("", *read_only):
            (home / sub).mkdir(parents=True, exist_ok=True)
        return user

    def reset(self) -> None:
        """Faults off, history cleared, files deleted (users stay)."""
        self.heal()
        with self._world.lock:
            self._world.written.clear()
        for name, user in self._world.users.items():
            shutil.rmtree(self._world.home(name), ignore_errors=True)
            self.add_user(name, user.password, authorized_key=user.authorized_key, read_only=user.read_only)

    def written(self) -> list[Written]:
        with self._world.lock:
            return list(self._world.written)
