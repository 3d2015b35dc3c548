"""The SFTP emulator's control plane: users, faults, reset and read-only inspection."""

from __future__ import annotations

import shutil
from dataclasses import replace

from emulators.sftp.models import SftpFaults, SftpUser, SftpWorld, Written

__all__ = ["SftpControl"]


class SftpControl:
    def __init__(self, world: SftpWorld) -> None:
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

    def inject(self, **faults: object) -> None:
        """Turn faults on, e.g. ``inject(disk_free_bytes=0)`` (see `SftpFaults`)."""
        with self._world.lock:
            self._world.faults = replace(self._world.faults, **faults)  # type: ignore[arg-type]
            self._world.disconnects_done = 0
            self._world.disk_used = 0

    def heal(self) -> None:
        with self._world.lock:
            self._world.faults = SftpFaults()

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

    def files(self, user: str, folder: str = "") -> dict[str, bytes]:
        base = self._world.home(user) / folder
        return {p.name: p.read_bytes() for p in sorted(base.iterdir()) if p.is_file()}
