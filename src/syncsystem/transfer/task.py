"""The scheduled transfer as a `syncsystem.tasks.Task`: the due jobs of one transfer state folder.

`TransferTask` opens the state (store and secret box) for each call, runs `slots.run_due` and answers
the earliest coming slot (`slots.next_wakeup`) as its next wake-up, so whoever runs it — the agent's
resident service when the profile's ``[transfer] state`` names the folder — wakes for the slots too.
A missing folder is a `ConfigError`; the runner keeps it as the task's problem and goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from syncsystem.clock import Clock
from syncsystem.errors import ConfigError
from syncsystem.messages import codes as mc
from syncsystem.tasks import TaskResult
from syncsystem.transfer.jobs import Services
from syncsystem.transfer.secrets import SecretBox
from syncsystem.transfer.slots import next_wakeup, run_due
from syncsystem.transfer.store import TransferStore

__all__ = ["TransferTask"]


class TransferTask:
    """Run the due jobs of the transfer state ``root`` (those of ``workstation``, "" = the server)."""

    name = "transfer"

    def __init__(self, root: Path, clock: Clock, *, workstation: str = "", keyring: bool = True) -> None:
        self.root, self.clock, self.workstation, self.keyring = root, clock, workstation, keyring

    @contextmanager
    def _services(self) -> Iterator[Services]:
        if not self.root.is_dir():
            raise ConfigError(mc.AG_NO_TRANSFER_STATE(folder=str(self.root)))
        with TransferStore.open(self.root) as store:
            yield Services(
                store,
                SecretBox.for_state(self.root, use_keyring=self.keyring),
                self.clock,
                workstation=self.workstation or None,
            )

    def due(self, now: datetime) -> datetime | None:
        with self._services() as services:
            return next_wakeup(services)

    def run(self, now: datetime) -> TaskResult:
        with self._services() as services:
            outcomes = run_due(services)
            wake = next_wakeup(services)
        return TaskResult(
            self.name, all(o.ok for o in outcomes), wake, events=tuple(o.event() for o in outcomes)
        )
