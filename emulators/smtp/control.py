"""The SMTP emulator's control plane: users, faults, reset and read-only inspection."""

from __future__ import annotations

from dataclasses import replace

from emulators.smtp.models import Mail, SmtpFaults, SmtpWorld

__all__ = ["SmtpControl"]


class SmtpControl:
    def __init__(self, world: SmtpWorld) -> None:
        self._world = world

    def add_user(self, name: str, password: str) -> None:
        with self._world.lock:
            self._world.users[name] = password

    def inject(self, **faults: object) -> None:
        """Turn faults on, e.g. ``inject(reject_with="451 4.3.0 later", reject_times=2)``."""
        with self._world.lock:
            self._world.faults = replace(self._world.faults, **faults)  # type: ignore[arg-type]
            self._world.rejected = 0

    def heal(self) -> None:
        with self._world.lock:
            self._world.faults = SmtpFaults()

    def reset(self) -> None:
        self.heal()
        with self._world.lock:
            self._world.mails.clear()

    def mails(self) -> list[Mail]:
        with self._world.lock:
            return list(self._world.mails)
