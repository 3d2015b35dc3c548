"""The agent's ``agent.toml`` and ``token.expires`` are replaced atomically and durably: a write
that fails before its rename leaves the old file whole and no temporary file behind, the new content
is on disk (fsync) before it takes the name, and the files keep the mode a new file gets under the
umask (0666 less it), as they had before they were written through `syncsystem.files`."""

from __future__ import annotations

import base64
import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from syncsystem.agent.config import AgentConfig, ExportSettings, save_config, write_token

RECEIVED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
EXPIRES = datetime(2026, 5, 31, 9, 0, tzinfo=UTC)


def _config(tmp_path: Path, mandanten: tuple[str, ...]) -> AgentConfig:
    return AgentConfig(
        profile="kanzlei",
        state_dir=tmp_path / "kanzlei",
        agent_id="agent-1",
        office_id="office-1",
        datacenter_url="https://dc.example",
        public_key_b64=base64.b64encode(bytes(range(32))).decode(),
        mandanten=mandanten,
        export=ExportSettings(kind="folder", folder=str(tmp_path / "bmd")),
    )


@pytest.fixture
def umask_027() -> Iterator[None]:
    before = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(before)


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_the_files_get_the_mode_a_new_file_gets_under_the_umask(tmp_path: Path, umask_027: None) -> None:
    """umask 027: 0666 & ~027 = 0640 for agent.toml and token.expires; the token stays 0600."""
    path = save_config(_config(tmp_path, ("M100",)))
    write_token(path.parent, "tok-1", EXPIRES, RECEIVED)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in path.parent.iterdir()}
    del modes[".agent.toml.checked"]  # the checked-settings cache (not a file a person reads)
    assert modes == {"agent.toml": 0o640, "token.expires": 0o640, "token": 0o600}


def test_a_failed_rename_leaves_the_old_files_whole_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save_config(_config(tmp_path, ("M100",)))
    write_token(path.parent, "tok-1", EXPIRES, RECEIVED)
    before = {p.name: p.read_bytes() for p in path.parent.iterdir()}
    assert b'mandanten = ["M100"]' in before["agent.toml"]

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="No space left"):
        save_config(_config(tmp_path, ("M100", "M200")))
    with pytest.raises(OSError, match="No space left"):
        write_token(path.parent, "tok-1", datetime(2026, 8, 29, 9, 0, tzinfo=UTC), RECEIVED)
    assert {p.name: p.read_bytes() for p in path.parent.iterdir()} == before


def test_the_new_content_is_synced_before_it_takes_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each write syncs its file before the rename: one fsync per file, the order fsync → replace."""
    steps: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        steps.append("fsync")
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        steps.append(f"replace {Path(dst).name}")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    state = save_config(_config(tmp_path, ("M100",))).parent
    write_token(state, "tok-1", EXPIRES, RECEIVED)
    written = [s for s in steps if s != "replace .agent.toml.checked"]  # the cache: best effort
    assert written == [
        "fsync",
        "replace agent.toml",
        "fsync",
        "replace token",
        "fsync",
        "replace token.expires",
    ]
