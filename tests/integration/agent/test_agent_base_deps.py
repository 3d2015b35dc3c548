"""The agent runs on a host with only the base install: no datacenter, emulator or clearing packages.

The worker and the CLI run in a child process behind ``tools/agent_only.py``, which makes every
package of the extras unimportable (as on a host where only ``pip install syncsystem`` ran); BMD's
export command, a separate program, is the emulator and keeps its packages.
"""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from emulators.datacenter import FakeDatacenter, Served

from syncsystem.agent.config import AgentConfig
from syncsystem.agent.outbox import Outbox
from syncsystem.agent.worker import OUTBOX_NAME

from .conftest import MANDANTEN, subprocess_env

AGENT_ONLY = Path(__file__).resolve().parents[3] / "tools" / "agent_only.py"
SAMPLES = Path(__file__).resolve().parents[4] / "shared" / "reference" / "bmd-samples"


def _agent_only(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(AGENT_ONLY), *argv],
        env=subprocess_env(),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_worker_polls_exports_and_uploads_with_base_packages_only(
    served: Served, fake_dc: FakeDatacenter, make_profile: Callable[..., AgentConfig]
) -> None:
    """A requested sync runs end to end in a worker that cannot import any package of the extras."""
    config = make_profile(served.url, served.ca_file)
    with Outbox(config.state_dir / OUTBOX_NAME) as outbox:  # poll at once, not at the grid slot
        due = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
        outbox.set_meta("schedule", json.dumps({"next_poll_at": due, "last_nightly_day": None}))
    fake_dc.add_request(MANDANTEN)
    loaded = config.state_dir / "modules.txt"
    done = _agent_only(
        "--modules", str(loaded), "-m", "syncsystem.agent.tasks", "--state-dir", str(config.state_dir)
    )
    assert done.returncode == 0, done.stderr
    assert "not on an agent host" not in done.stderr
    assert len(fake_dc.arrivals) == 1 and fake_dc.arrivals[0].mandanten == MANDANTEN
    modules = set(loaded.read_text().split())
    # sealing compresses with zstd and encrypts in the libcrypto ssl has loaded: no second OpenSSL
    assert {"zstandard", "ctypes"} <= modules
    assert "cryptography" not in modules
    assert "pydantic" not in modules  # agent.toml was checked when it was saved


def test_a_poll_that_finds_nothing_loads_no_cryptography_compression_or_http_package(
    served: Served, fake_dc: FakeDatacenter, make_profile: Callable[..., AgentConfig]
) -> None:
    """The common run (no request waiting) polls over TLS without loading what sealing needs."""
    config = make_profile(served.url, served.ca_file)
    with Outbox(config.state_dir / OUTBOX_NAME) as outbox:
        due = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
        outbox.set_meta("schedule", json.dumps({"next_poll_at": due, "last_nightly_day": None}))
    loaded = config.state_dir / "modules.txt"
    done = _agent_only(
        "--modules", str(loaded), "-m", "syncsystem.agent.tasks", "--state-dir", str(config.state_dir)
    )
    assert done.returncode == 0, done.stderr
    assert len(fake_dc.polls()) == 1 and fake_dc.arrivals == []
    modules = set(loaded.read_text().split())
    assert {"ssl", "http", "sqlite3", "syncsystem"} <= modules
    assert not modules & {"cryptography", "zstandard", "requests", "urllib3", "holidays", "pydantic"}


def test_the_agent_host_cli_works_and_other_areas_name_their_extra(tmp_path: Path) -> None:
    """agent, transfer and bmd run with the base install; datacenter says which extra it needs."""
    version = _agent_only("-m", "syncsystem.cli", "--version")
    assert version.returncode == 0 and version.stdout.strip() == (
        f"syncsystem {importlib.metadata.version('syncsystem')}"
    )
    assert _agent_only("-m", "syncsystem.cli", "agent", "--help").returncode == 0
    listed = _agent_only("-m", "syncsystem.cli", "transfer", "list", "--state", str(tmp_path / "t"))
    assert listed.returncode == 0, listed.stderr
    checked = _agent_only("-m", "syncsystem.cli", "bmd", "validate", str(SAMPLES / "fdoo_pr10gtest.csv"))
    assert checked.returncode == 0, checked.stderr
    refused = _agent_only("-m", "syncsystem.cli", "datacenter", "--help")
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        "syncsystem datacenter: das Paket 'sqlalchemy' ist nicht installiert; "
        "dieser Teil braucht: pip install 'syncsystem[datacenter]'"
    )
