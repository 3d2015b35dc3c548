"""Agent profiles for tests: one enrolled at the in-process fake datacenter, for the worker tests of
the agent (unit and acceptance): profile ``kanzlei`` of office-1, with the agent id and bundle key the
`FakeDatacenter` made, exporting from a folder BMD writes to; and a saved profile that no datacenter
answers, for the CLI's local commands (``agent status``, ``agent runs``); and an agent enrolled straight
into a datacenter store, for commands that need the office to have one (``datacenter request``)."""

from __future__ import annotations

import base64
from datetime import datetime
from pathlib import Path
from typing import Any

from emulators.datacenter import FakeDatacenter

from syncsystem.agent.config import AgentConfig, ExportSettings, save_config
from syncsystem.datacenter.store import tenancy
from syncsystem.datacenter.store.engine import Store

__all__ = ["enrol_in_store", "enrolled_config", "saved_local_profile"]


def enrol_in_store(db: str, code: str, now: datetime) -> None:
    """The office's agent enrols with ``code`` in the datacenter store at ``db`` (as ``agent enrol``
    would), so the office's requests can be answered."""
    store = Store.open(db, run_migrations=False, pool_size=1)
    try:
        with store.write() as conn:
            tenancy.enrol(conn, code, "BMD-Server", now)
    finally:
        store.engine.dispose()


def enrolled_config(
    dc: FakeDatacenter, state_dir: Path, mandanten: tuple[str, ...], bmd_folder: Path, **settings: Any
) -> AgentConfig:
    """Profile ``kanzlei`` (state in ``state_dir``) of ``dc``'s agent for ``mandanten``, BMD's export
    read from ``bmd_folder``; ``settings`` are further `AgentConfig` fields."""
    return AgentConfig(
        profile="kanzlei",
        state_dir=state_dir,
        agent_id=dc.agent_id,
        office_id="office-1",
        datacenter_url="https://dc.example",
        public_key_b64=base64.b64encode(dc.public_key).decode(),
        mandanten=mandanten,
        export=ExportSettings(kind="folder", folder=str(bmd_folder)),
        **settings,
    )


def saved_local_profile(state_dir: Path) -> None:
    """Save profile ``kanzlei`` (agent a-1 of office o-1) in ``state_dir``, its datacenter a port
    nobody answers: for commands that read only the profile and its outbox."""
    save_config(
        AgentConfig(
            profile="kanzlei",
            state_dir=state_dir,
            agent_id="a-1",
            office_id="o-1",
            datacenter_url="https://127.0.0.1:9",
            public_key_b64="AAAA",
        )
    )
