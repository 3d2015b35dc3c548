"""`syncsystem agent doctor`: the checklist a support call starts with (budget123's, seed 004).

Is the service running? Is the clock right? Can we reach the datacenter's port? Is the token
valid? Is BMD's export interface reachable, its licence valid, the accounting file neither locked
nor password-protected? Did the last runs leave a problem, or a bundle set aside? Each check says
ok or not, what it saw, and how to fix it. Checks are built from injected parts so tests run them
against fakes.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from syncsystem.agent.exporter import Check, Exporter
from syncsystem.agent.outbox import SetAside
from syncsystem.errors import RemoteError, SyncsystemError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason
from syncsystem.protocol.messages import PollResponse
from syncsystem.schedule.poll import SKEW_LIMIT, clock_skew, skew_is_problem

__all__ = ["resident_running", "run_checks"]


def resident_running(state_dir: Path) -> tuple[bool, Message]:
    """Whether the resident timer of this profile runs (pid file + live process), and what says so."""
    import psutil  # noqa: PLC0415 - only the doctor needs it

    try:
        pid = int((state_dir / "resident.pid").read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return False, mc.AGENT_NO_PID()
    try:
        cmdline = " ".join(psutil.Process(pid).cmdline())
    except psutil.Error:
        return False, mc.AGENT_NOT_RUNNING(pid=pid)
    if "resident" not in cmdline:
        return False, mc.AGENT_NOT_AGENT(pid=pid, cmdline=cmdline[:60])
    return True, mc.AGENT_PID(pid=pid)


def _port_check(url: str, timeout: float) -> Check:
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 443
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as exc:
        return Check.of(mc.DOC_PORT(), False, f"{host}:{port}: {exc}", mc.DOC_PORT_HINT(host=host, port=port))
    return Check.of(mc.DOC_PORT(), True, f"{host}:{port}")


def run_checks(
    *,
    datacenter_url: str,
    state_dir: Path,
    service: tuple[bool, Message | str],
    poll: Callable[[], PollResponse] | None,
    now: Callable[[], datetime],
    exporter: Exporter | None,
    problems: dict[str, str],
    set_aside: Sequence[SetAside] = (),
    timeout: float = 5.0,
    profile: str = "default",
    files: Sequence[Check] = (),
) -> list[Check]:
    """Every doctor check, in the order a person would go through them. ``files`` are the checks of
    the profile's own files (CA file, token, outbox), reported after the port; without ``poll`` (the
    CA file or the token cannot be read) the datacenter is not asked and token and clock go unchecked."""
    ok, detail = service
    checks = [Check.of(mc.DOC_SERVICE(), ok, detail, "" if ok else mc.DOC_SERVICE_HINT(profile=profile))]
    port = _port_check(datacenter_url, timeout)
    checks.append(port)
    checks.extend(files)
    if port.ok and poll is not None:
        checks.extend(_token_and_clock(poll, now, profile))
    if exporter is not None:
        try:
            checks.extend(exporter.checks())
        except (SyncsystemError, OSError) as exc:
            said = _export_failure(exc)
            checks.append(Check.of(mc.DOC_EXPORT(), False, said, mc.DOC_EXPORT_HINT()))
    for key, message in sorted(problems.items()):
        if message:
            # the run's problem itself stays in the agent's words (`worker`: local problems)
            checks.append(Check.of(mc.DOC_LAST_RUN(task=key), False, message, mc.DOC_LAST_RUN_HINT()))
    for item in set_aside:
        told = mc.DOC_SET_ASIDE_REPORTED if item.reported else mc.DOC_SET_ASIDE_UNREPORTED
        about = told(mandanten=", ".join(item.mandanten) or "–", reason=item.reason)
        checks.append(
            Check.of(mc.DOC_SET_ASIDE(bundle_id=item.bundle_id), False, about, mc.DOC_SET_ASIDE_HINT())
        )
    writable = os.access(state_dir, os.W_OK)
    checks.append(
        Check.of(mc.DOC_WRITABLE(), writable, str(state_dir), "" if writable else mc.DOC_WRITABLE_HINT())
    )
    return checks


def _export_failure(exc: SyncsystemError | OSError) -> Message | str:
    """Why the export checks could not run: the error's message, else the OS's reason and its file."""
    if isinstance(exc, SyncsystemError):
        return exc.message or str(exc)
    if exc.filename:
        return mc.DOC_UNREADABLE(path=str(exc.filename), reason=os_reason(exc))
    return os_reason(exc)


def _token_and_clock(
    poll: Callable[[], PollResponse], now: Callable[[], datetime], profile: str
) -> list[Check]:
    """The token check and the clock check, both from one poll of the datacenter (the clock is
    compared with the answer's server time; without an answer it cannot be measured)."""
    try:
        answer = poll()
    except RemoteError as exc:
        bad_token = exc.status == 401
        bad_token = bad_token or exc.status == 403
        fix = mc.AGENT_ACCESS_REVOKED(profile=profile) if bad_token else mc.DOC_TOKEN_LATER()
        return [
            Check.of(mc.DOC_TOKEN(), not bad_token and exc.retryable, exc.message or str(exc), fix),
            Check.of(mc.DOC_CLOCK(), False, mc.DOC_CLOCK_UNMEASURED(), mc.DOC_CLOCK_CONNECT_FIRST()),
        ]
    token = Check.of(mc.DOC_TOKEN(), True, mc.DOC_POLL_ANSWERED())
    skew = clock_skew(now(), answer.server_time)
    bad = skew_is_problem(skew)
    seen = mc.DOC_CLOCK_SEEN(seconds=f"{skew.total_seconds():+.0f}")
    hint = mc.DOC_CLOCK_HINT(minutes=SKEW_LIMIT.seconds // 60)
    return [token, Check.of(mc.DOC_CLOCK(), not bad, seen, hint if bad else "")]
