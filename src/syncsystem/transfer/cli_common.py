"""What every ``syncsystem transfer`` command shares: the state directory and the services over it.

The state directory comes from ``--state DIR``, else ``SYNCSYSTEM_TRANSFER_STATE``, else
``$XDG_STATE_HOME/syncsystem/transfer`` (``~/.local/state/…``); the office's commands open the same.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from syncsystem.runtime import Runtime
from syncsystem.transfer.jobs import Services
from syncsystem.transfer.secrets import SecretBox
from syncsystem.transfer.store import TransferStore

__all__ = ["services", "state_dir"]


def state_dir(explicit: str | None, runtime: Runtime) -> Path:
    """The state directory: ``explicit``, else the environment's, else the default."""
    if explicit:
        return Path(explicit)
    env = runtime.environ
    if env.get("SYNCSYSTEM_TRANSFER_STATE"):
        return Path(env["SYNCSYSTEM_TRANSFER_STATE"])
    base = env.get("XDG_STATE_HOME") or (f"{env['HOME']}/.local/state" if env.get("HOME") else "")
    return Path(base) / "syncsystem" / "transfer" if base else runtime.cwd / "transfer-state"


@contextmanager
def services(args: argparse.Namespace, runtime: Runtime) -> Iterator[Services]:
    """The store and secret box of ``--state``'s directory, for the commands' clock (and workstation)."""
    root = state_dir(args.state, runtime)
    with TransferStore.open(root) as store:
        box = SecretBox.for_state(root, use_keyring=not runtime.environ.get("SYNCSYSTEM_NO_KEYRING"))
        yield Services(store, box, runtime.clock, workstation=getattr(args, "workstation", None))
