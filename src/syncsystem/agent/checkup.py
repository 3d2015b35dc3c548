"""The doctor's checks of one profile, as ``syncsystem agent doctor`` and the office's agent page run them.

Only a missing or invalid ``agent.toml`` stops the doctor (without it there is no profile to check).
Every other file of the profile it reads — the datacenter's CA file, the token, the outbox — that
cannot be read is one failed check among the others, naming file and reason: the doctor lists
everything wrong at once.
"""

from __future__ import annotations

import contextlib
import sqlite3
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from syncsystem.agent import fingerprint
from syncsystem.agent.client import DatacenterClient, tls_context
from syncsystem.agent.config import TOKEN_NAME, AgentConfig, load_config, read_token
from syncsystem.agent.doctor import resident_running, run_checks
from syncsystem.agent.exporter import Check
from syncsystem.agent.outbox import Outbox, SetAside
from syncsystem.agent.worker import OUTBOX_NAME, build_exporter
from syncsystem.errors import ConfigError, RemoteError, StoreError, SyncsystemError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason
from syncsystem.protocol.reports import DoctorCheck, DoctorReport
from syncsystem.protocol.values import sendable

__all__ = ["doctor_checks"]

_TASKS = ("poll", "export", "upload", "sync", "transfer", "renewal")


@dataclass(frozen=True)
class _Kept:
    """What the outbox remembers for the doctor (empty when it cannot be read)."""

    good: tuple[str, str] = ("", "")
    problems: dict[str, str] = field(default_factory=dict)
    acked: dict[str, int] = field(default_factory=dict)
    set_aside: tuple[SetAside, ...] = ()


def doctor_checks(state_dir: Path, now: Callable[[], datetime], profile: str = "") -> list[Check]:
    """Every check of the profile in ``state_dir`` (the datacenter is asked once, with a 10 s timeout,
    and told the result — unless the CA file or the token cannot be read)."""
    config = load_config(state_dir)
    profile = profile or config.profile
    context, files = _ca_context(config)
    token, token_check = _token(state_dir, profile)
    files += token_check
    kept, outbox_check = _kept(state_dir)
    files += outbox_check
    probe_since = kept.acked.get(config.mandanten[0]) if config.mandanten else None
    client = None
    if context is not None and token is not None:
        client = DatacenterClient(config.datacenter_url, token, context=context, timeout=10)
    with client or contextlib.nullcontext():
        checks = run_checks(
            datacenter_url=config.datacenter_url,
            state_dir=state_dir,
            service=resident_running(state_dir),
            poll=client.poll if client is not None else None,
            now=now,
            exporter=build_exporter(config, probe_since=probe_since),
            problems=kept.problems,
            set_aside=kept.set_aside,
            profile=profile,
            files=files,
        )
        checks += fingerprint.changes(*kept.good, fingerprint.host(), fingerprint.bmd(config))
        if client is not None:
            report = DoctorReport(tuple(_reported(c) for c in checks))
            with contextlib.suppress(RemoteError):  # best effort: a refused token or no network is a check
                client.report_doctor(report)
    return checks


def _ca_context(config: AgentConfig) -> tuple[ssl.SSLContext | None, list[Check]]:
    """The TLS settings of the profile, and the CA file's check when one is configured (a file that
    cannot be read fails it, and the datacenter is not asked)."""
    try:
        context = tls_context(config.ca_file)
    except ConfigError as exc:
        said = exc.message or str(exc)
        return None, [Check.of(mc.DOC_CA_FILE(), False, said, mc.DOC_CA_FILE_HINT())]
    if not config.ca_file:
        return context, []
    return context, [Check.of(mc.DOC_CA_FILE(), True, config.ca_file)]


def _token(state_dir: Path, profile: str) -> tuple[str | None, list[Check]]:
    """The stored token, or the failed token check saying why it cannot be read."""
    try:
        return read_token(state_dir), []
    except (ConfigError, OSError) as exc:
        said: Message | str = _said(exc, state_dir / TOKEN_NAME)
        return None, [Check.of(mc.DOC_TOKEN(), False, said, mc.AGENT_ACCESS_REVOKED(profile=profile))]


def _kept(state_dir: Path) -> tuple[_Kept, list[Check]]:
    """What the outbox remembers, or nothing and the failed outbox check saying why."""
    path = state_dir / OUTBOX_NAME
    try:
        with Outbox(path) as outbox:
            good = (outbox.get_meta(fingerprint.GOOD_HOST) or "", outbox.get_meta(fingerprint.GOOD_BMD) or "")
            problems = {k: outbox.get_meta(f"problem.{k}") or "" for k in _TASKS}
            return _Kept(good, problems, dict(outbox.acked_cursors()), tuple(outbox.set_aside())), []
    except (StoreError, sqlite3.Error, OSError) as exc:
        return _Kept(), [Check.of(mc.DOC_OUTBOX(), False, _said(exc, path), mc.DOC_OUTBOX_HINT())]


def _said(exc: Exception, path: Path) -> Message | str:
    """Why a file of the profile cannot be read: the error's own message, else the OS's reason."""
    if isinstance(exc, SyncsystemError):
        return exc.message or str(exc)
    return mc.DOC_UNREADABLE(path=str(path), reason=os_reason(exc))


def _reported(check: Check) -> DoctorCheck:
    """A check as the datacenter gets it: the agent's words, and the messages that said them as codes
    (the office's page words them in German)."""
    codes = {part: said for part, message in check.said.items() if (said := sendable(message)) is not None}
    return DoctorCheck(check.name, check.ok, check.detail, check.hint, codes or None)
