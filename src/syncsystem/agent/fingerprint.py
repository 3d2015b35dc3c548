"""What the agent remembers of its last good run: the host it ran on and BMD's installation.

budget123's troubleshooting (seed 004) asks first "neuer Server?" and "BMD verschoben?": after
every run that went through, the worker child records `host()` and `bmd(config)` in the outbox
(``good.host``, ``good.bmd``); `agent doctor` compares them with now (`changes`). The BMD
fingerprint is the export program (or the export folder) — path, size and modification time — so a
moved or updated installation, or a moved database folder, shows up before the next export fails.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path

from syncsystem.agent.config import AgentConfig
from syncsystem.agent.exporter import Check
from syncsystem.messages import Message
from syncsystem.messages import codes as mc

__all__ = ["GOOD_BMD", "GOOD_HOST", "bmd", "changes", "host", "record"]

GOOD_HOST, GOOD_BMD = "good.host", "good.bmd"


def host() -> str:
    """This machine's name (the same the service runs on)."""
    return socket.gethostname()


def bmd(config: AgentConfig) -> str:
    """BMD's installation as the profile reaches it: the export program or folder, with size and time."""
    target = (
        config.export.folder
        if config.export.kind == "folder"
        else (config.export.command[0] if config.export.command else "")
    )
    if not target:
        return json.dumps({"path": ""})
    path = Path(target)
    try:
        stat = path.stat()
    except OSError:
        return json.dumps({"path": str(path), "missing": True})
    size = 0 if path.is_dir() else stat.st_size
    return json.dumps({"path": str(path), "size": size, "mtime_ns": stat.st_mtime_ns})


def _describe(raw: str) -> Message | str:
    try:
        data = json.loads(raw)
    except ValueError:
        return raw
    if data.get("missing"):
        return mc.AG_CHECK_MISSING(path=str(data.get("path")))
    return str(data.get("path") or "–")


def changes(good_host: str, good_bmd: str, now_host: str, now_bmd: str) -> list[Check]:
    """The doctor's two checks against the last good run (no record yet: both ok)."""
    checks = []
    host, bmd = mc.AG_CHECK_SAME_HOST(), mc.AG_CHECK_SAME_BMD()
    if good_host and good_host != now_host:
        before = mc.AG_CHECK_BEFORE_NOW(before=good_host, now=now_host)
        checks.append(Check.of(host, False, before, mc.AG_CHECK_NEW_HOST()))
    else:
        checks.append(Check.of(host, True, now_host))
    if good_bmd and good_bmd != now_bmd:
        moved = mc.AG_CHECK_BEFORE_NOW(before=_describe(good_bmd), now=_describe(now_bmd))
        checks.append(Check.of(bmd, False, moved, mc.AG_CHECK_BMD_MOVED()))
    else:
        checks.append(Check.of(bmd, True, _describe(now_bmd)))
    return checks


def record(set_meta: Callable[[str, str], None], config: AgentConfig, host_name: str) -> None:
    """After a good run: remember the host and BMD's installation (``set_meta`` is the outbox's)."""
    set_meta(GOOD_HOST, host_name)
    set_meta(GOOD_BMD, bmd(config))
