"""Fixtures for the agent's integration tests: the fake datacenter on loopback TLS, a BMD emulator
office, and agent profiles whose export command is the emulator's CLI."""

from __future__ import annotations

import base64
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from emulators.bmd import Office
from emulators.datacenter import FakeDatacenter, Served, serve

from syncsystem.agent.config import AgentConfig, ExportSettings, save_config, write_token
from syncsystem.clock import SystemClock
from syncsystem.demo.agent import emulator_export_command

__all__ = ["MANDANTEN", "emulator_export_command", "subprocess_env"]

MANDANTEN = ("1001", "1002")


@pytest.fixture(scope="session")
def agent_office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("agent-bmd") / "office"
    Office.create(path, seed=5, mandanten=len(MANDANTEN), profile="kontool", start=date(2026, 3, 2))
    return path


@pytest.fixture
def office(agent_office_template: Path, tmp_path: Path) -> Office:
    """A fresh copy of a two-Mandant kontool office for one test."""
    shutil.copytree(agent_office_template, tmp_path / "office")
    return Office.open(tmp_path / "office")


@pytest.fixture
def fake_dc() -> FakeDatacenter:
    return FakeDatacenter(now=SystemClock().now)


@pytest.fixture
def served(fake_dc: FakeDatacenter) -> Iterator[Served]:
    """The fake datacenter over real HTTPS on 127.0.0.1 (trustme CA); stopped after the test."""
    with serve(fake_dc) as s:
        yield s


def subprocess_env() -> dict[str, str]:
    """Environment for child processes: this interpreter's import path (syncsystem and emulators)."""
    return dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))


@pytest.fixture
def make_profile(tmp_path: Path, fake_dc: FakeDatacenter, office: Office) -> Callable[..., AgentConfig]:
    """Write an enrolled profile ``kanzlei`` under ``tmp_path/home`` talking to ``url``."""

    def make(url: str, ca_file: str, *, command: tuple[str, ...] = (), token: str = "") -> AgentConfig:
        config = AgentConfig(
            profile="kanzlei",
            state_dir=tmp_path / "home" / "kanzlei",
            agent_id=fake_dc.agent_id,
            office_id="office-1",
            datacenter_url=url,
            ca_file=ca_file,
            public_key_b64=base64.b64encode(fake_dc.public_key).decode(),
            mandanten=MANDANTEN,
            export=ExportSettings(kind="command", command=command or emulator_export_command(office)),
        )
        save_config(config)
        write_token(config.state_dir, token or fake_dc.token)
        return config

    return make
