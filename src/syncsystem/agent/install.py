"""Installing the resident service: a systemd unit, and a Windows service wrapper description.

Installing writes one file and changes nothing else: no reboot, no logout, no other service
touched (kontool's promise). The service runs the lean resident timer (``python -S resident.py
STATE_DIR``) for one profile, so several offices on one terminal server get one service each.
The Windows description is for WinSW (a widely used service wrapper): it runs the same command
as a Windows service that restarts on failure.
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape

import syncsystem.agent
from syncsystem.messages import codes as mc

__all__ = ["resident_command", "systemd_unit", "unit_name", "winsw_xml"]


def resident_command(state_dir: Path, python: str = sys.executable) -> list[str]:
    """The command line of the resident timer for one profile folder."""
    script = Path(syncsystem.agent.__file__).resolve().parent / "resident.py"
    return [python, "-S", str(script), str(state_dir.resolve())]


def unit_name(profile: str) -> str:
    return f"syncsystem-agent-{profile}.service"


def _quote(arg: str) -> str:
    return f'"{arg}"' if any(c in arg for c in ' "\\') else arg


def systemd_unit(profile: str, state_dir: Path, *, user: str = "", python: str = sys.executable) -> str:
    """A systemd unit running the resident timer of ``profile``."""
    command = " ".join(_quote(a) for a in resident_command(state_dir, python))
    lines = [
        "[Unit]",
        f"Description=syncsystem agent for profile {profile} (polls the datacenter, nightly BMD sync)",
        "After=network-online.target",
        "Wants=network-online.target",
        "",
        "[Service]",
        "Type=simple",
        f"ExecStart={command}",
        f"WorkingDirectory={state_dir.resolve()}",
        "Restart=always",
        "RestartSec=30",
        # The resident needs ~9 MiB; the worker it starts (export, bundle, upload) more for a while.
        "MemoryMax=512M",
        "NoNewPrivileges=true",
    ]
    if user:
        lines.append(f"User={user}")
    lines += ["", "[Install]", "WantedBy=multi-user.target", ""]
    return "\n".join(lines)


def winsw_xml(profile: str, state_dir: Path, *, python: str = sys.executable) -> str:
    """A WinSW service description running the resident timer of ``profile`` as a Windows service."""
    argv = resident_command(state_dir, python)
    arguments = " ".join(_quote(a) for a in argv[1:])
    return "\n".join(
        [
            "<service>",
            f"  <id>syncsystem-agent-{escape(profile)}</id>",
            f"  <name>syncsystem agent ({escape(profile)})</name>",
            f"  <description>{escape(str(mc.AG_SERVICE_DESCRIPTION()))}</description>",
            f"  <executable>{escape(argv[0])}</executable>",
            f"  <arguments>{escape(arguments)}</arguments>",
            f"  <workingdirectory>{escape(str(state_dir.resolve()))}</workingdirectory>",
            "  <startmode>Automatic</startmode>",
            '  <onfailure action="restart" delay="30 sec"/>',
            '  <log mode="roll-by-size"><sizeThreshold>10240</sizeThreshold><keepFiles>8</keepFiles></log>',
            "</service>",
            "",
        ]
    )
