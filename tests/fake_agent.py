"""The profile of an agent enrolled at the in-process fake datacenter, for the worker tests of the
agent (unit and acceptance): profile ``kanzlei`` of office-1, with the agent id and bundle key the
`FakeDatacenter` made, exporting from a folder BMD writes to."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from emulators.datacenter import FakeDatacenter

from syncsystem.agent.config import AgentConfig, ExportSettings

__all__ = ["enrolled_config"]


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
