"""Integration tests: the real resident process's memory, the CLI plan, TLS against the fake datacenter."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from emulators.datacenter import FakeDatacenter, serve

from syncsystem.agent.client import DatacenterClient
from syncsystem.agent.config import AgentConfig, save_config, write_token
from syncsystem.agent.install import resident_command
from syncsystem.clock import SystemClock
from syncsystem.errors import RemoteError


def _profile(tmp_path: Path, url: str = "https://127.0.0.1:1", ca_file: str = "") -> AgentConfig:
    dc = FakeDatacenter(now=SystemClock().now)
    config = AgentConfig(
        profile="kanzlei",
        state_dir=tmp_path / "kanzlei",
        agent_id="agent-1",
        office_id="office-1",
        datacenter_url=url,
        ca_file=ca_file,
        public_key_b64=base64.b64encode(dc.public_key).decode(),
        mandanten=("1001",),
    )
    save_config(config)
    write_token(config.state_dir, "token-1")
    return config


def test_resident_service_stays_under_10_mib(tmp_path: Path) -> None:
    """The resident timer of a profile, a real process, idles at ≤ 10 MiB RSS."""
    config = _profile(tmp_path)
    (config.state_dir / "agenda").write_text(f"{time.time() + 3600:.3f}\n")  # nothing due: idle
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    proc = subprocess.Popen(resident_command(config.state_dir), env=env, stderr=subprocess.PIPE)
    try:
        time.sleep(1.0)
        rss = psutil.Process(proc.pid).memory_info().rss
        assert proc.poll() is None
        assert rss <= 10 * 1024 * 1024, f"resident RSS {rss / 1048576:.1f} MiB"
    finally:
        proc.terminate()
        proc.wait(10)
        assert proc.stderr is not None
        proc.stderr.close()


def _plan(home: Path, start: str, end: str) -> tuple[object, ...]:
    """The command line of `agent plan` for profile kanzlei under ``home`` from ``start`` to ``end``."""
    return ("agent", "plan", "--home", home, "--profile", "kanzlei", "--from", start, "--to", end)


def test_plan_lists_polls_and_nightly_with_utc_offsets(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`agent plan` over a DST weekend shows 48 polls a day and nightly runs only on working days."""
    _profile(tmp_path)
    result = cli(*_plan(tmp_path, "2026-03-27", "2026-03-30"), "--json")
    assert result.exit_code == 0, result.stderr
    events = json.loads(result.stdout)["events"]
    nightly = [e for e in events if e["kind"] == "nightly"]
    assert [e["at"][:10] for e in nightly] == ["2026-03-27", "2026-03-30"]
    assert [e["utc_offset"] for e in nightly] == ["+0100", "+0200"]
    assert sum(e["kind"] == "poll" for e in events) == 4 * 48 - 2  # the spring-forward day has 23 h


def test_plan_refuses_a_period_that_ends_before_it_starts(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """--to before --from is a usage error (exit 2), worded in German, in English with --lang en."""
    _profile(tmp_path)
    args = _plan(tmp_path, "2026-03-30", "2026-03-27")
    german = cli(*args)
    assert (german.exit_code, german.stderr.strip()) == (2, "syncsystem: --to darf nicht vor --from liegen")
    english = cli("--lang", "en", *args)
    assert (english.exit_code, english.stderr.strip()) == (2, "syncsystem: --to must not be before --from")


def test_tls_poll_and_untrusted_certificate() -> None:
    """Over real TLS a poll answers; a certificate from an unknown CA is a non-retryable TLS error."""
    dc = FakeDatacenter(now=SystemClock().now)
    dc.add_request(("1001",))
    with serve(dc) as served, DatacenterClient(served.url, dc.token, ca_file=served.ca_file) as client:
        answer = client.poll()
        assert [r.request_id for r in answer.requests] == ["req-0001"]
    with (
        serve(dc, tls="untrusted") as served,
        DatacenterClient(served.url, dc.token, ca_file=served.ca_file) as client,
    ):
        with pytest.raises(RemoteError) as err:
            client.poll()
        assert "TLS" in str(err.value) and not err.value.retryable
