"""The office pages 2–5 served live for Chromium, with an agent profile and a transactions folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.office_live import login, make_office, serve

from syncsystem.agent.config import AgentConfig, ExportSettings, save_config, write_token
from syncsystem.clock import SimulatedClock
from syncsystem.office.pages._places import save_places


@dataclass
class Pages:
    url: str
    state: Path
    agent_dir: Path
    browser: Any

    def page_as(self, name: str) -> Any:
        page = self.browser.new_context(locale="de-AT").new_page()
        login(page, self.url, name)
        return page


@pytest.fixture
def pages(tmp_path: Path, sim_clock: SimulatedClock, browser: Any) -> Iterator[Pages]:
    state = tmp_path / "state"
    office = make_office(state, sim_clock)
    places = {
        "export_path": tmp_path / "export",
        "transactions_dir": tmp_path / "tx",
        "exports_dir": tmp_path / "exporte",
        "agent_dir": tmp_path / "agent" / "kanzlei",
    }
    for folder in places.values():
        folder.mkdir(parents=True)
    agent = places["agent_dir"]
    (tmp_path / "bmd-out").mkdir()
    config = AgentConfig(
        profile="kanzlei",
        state_dir=agent,
        agent_id="agent-1",
        office_id="office-1",
        datacenter_url="https://127.0.0.1:9",
        public_key_b64="AAAA",
        mandanten=("1001",),
        export=ExportSettings(kind="folder", folder=str(tmp_path / "bmd-out")),
    )
    save_config(config)
    write_token(agent, "token-1")
    save_places(
        office,
        {
            **{k: str(v) for k, v in places.items()},
            "bmd_config": str(tmp_path / "bmd.json"),
            "clearing_db": f"sqlite:///{tmp_path / 'clearing.sqlite'}",
        },
    )
    with serve(office) as url:
        yield Pages(url, state, agent, browser)
