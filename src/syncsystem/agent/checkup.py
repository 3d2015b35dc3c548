"""The doctor's checks of one profile, as ``syncsystem agent doctor`` and the office's agent page run them."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from syncsystem.agent import fingerprint
from syncsystem.agent.client import DatacenterClient
from syncsystem.agent.config import load_config, read_token
from syncsystem.agent.doctor import resident_running, run_checks
from syncsystem.agent.exporter import Check
from syncsystem.agent.outbox import Outbox
from syncsystem.agent.worker import OUTBOX_NAME, build_exporter
from syncsystem.errors import RemoteError
from syncsystem.protocol.reports import DoctorCheck, DoctorReport
from syncsystem.protocol.values import sendable

__all__ = ["doctor_checks"]


def doctor_checks(state_dir: Path, now: Callable[[], datetime], profile: str = "") -> list[Check]:
    """Every check of the profile in ``state_dir`` (the datacenter is asked once, with a 10 s timeout,
    and told the result)."""
    config = load_config(state_dir)
    token = read_token(state_dir)
    with Outbox(state_dir / OUTBOX_NAME) as outbox:
        good = (outbox.get_meta(fingerprint.GOOD_HOST) or "", outbox.get_meta(fingerprint.GOOD_BMD) or "")
        problems = {
            k: outbox.get_meta(f"problem.{k}") or ""
            for k in ("poll", "export", "upload", "sync", "transfer", "renewal")
        }  # tasks too
        acked = outbox.acked_cursors()
        set_aside = outbox.set_aside()
    probe_since = acked.get(config.mandanten[0]) if config.mandanten else None
    with DatacenterClient(config.datacenter_url, token, ca_file=config.ca_file, timeout=10) as client:
        checks = run_checks(
            datacenter_url=config.datacenter_url,
            state_dir=state_dir,
            service=resident_running(state_dir),
            poll=client.poll,
            now=now,
            exporter=build_exporter(config, probe_since=probe_since),
            problems=problems,
            set_aside=set_aside,
            profile=profile or config.profile,
        )
        checks += fingerprint.changes(*good, fingerprint.host(), fingerprint.bmd(config))
        report = DoctorReport(tuple(_reported(c) for c in checks))
        with contextlib.suppress(RemoteError):  # best effort: a refused token or no network is a check
            client.report_doctor(report)
    return checks


def _reported(check: Check) -> DoctorCheck:
    """A check as the datacenter gets it: the agent's words, and the messages that said them as codes
    (the office's page words them in German)."""
    codes = {part: said for part, message in check.said.items() if (said := sendable(message)) is not None}
    return DoctorCheck(check.name, check.ok, check.detail, check.hint, codes or None)
