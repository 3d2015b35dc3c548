"""The doctor's checks of one profile, as ``syncsystem agent doctor`` and the office's agent page run them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from syncsystem.agent.client import DatacenterClient
from syncsystem.agent.config import load_config, read_token
from syncsystem.agent.doctor import resident_running, run_checks
from syncsystem.agent.exporter import Check
from syncsystem.agent.outbox import Outbox
from syncsystem.agent.worker import OUTBOX_NAME, build_exporter

__all__ = ["doctor_checks"]


def doctor_checks(state_dir: Path, now: Callable[[], datetime]) -> list[Check]:
    """Every check of the profile in ``state_dir`` (the datacenter is asked once, with a 10 s timeout)."""
    config = load_config(state_dir)
    token = read_token(state_dir)
    with Outbox(state_dir / OUTBOX_NAME) as outbox:
        problems = {k: outbox.get_meta(f"problem.{k}") or ""
                    for k in ("poll", "export", "upload", "sync", "transfer")}  # sync, transfer: tasks
        acked = outbox.acked_cursors()
        set_aside = outbox.set_aside()
    probe_since = acked.get(config.mandanten[0]) if config.mandanten else None
    with DatacenterClient(config.datacenter_url, token, ca_file=config.ca_file, timeout=10) as client:
        return run_checks(datacenter_url=config.datacenter_url, state_dir=state_dir,
                          service=resident_running(state_dir), poll=client.poll, now=now,
                          exporter=build_exporter(config, probe_since=probe_since),
                          problems=problems, set_aside=set_aside)
