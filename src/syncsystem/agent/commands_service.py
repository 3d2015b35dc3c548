"""``syncsystem agent run|start|stop|install``: the resident service of a profile.

``run`` replaces the CLI process with the lean resident timer (``python -S resident.py``) so the
long-lived process never carries argparse, requests or these modules; ``start`` and ``stop`` run it
in the background (or its systemd unit); ``install`` writes the systemd unit or WinSW description.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from syncsystem.agent.cli_common import profile_args, profile_folder
from syncsystem.agent.config import load_config, read_token
from syncsystem.agent.install import resident_command, systemd_unit, unit_name, winsw_xml
from syncsystem.errors import EXIT_OK, UsageError
from syncsystem.messages import codes as mc
from syncsystem.runtime import Runtime

__all__ = ["register_service"]


def register_service(sub: Any) -> None:
    """run, start, stop, install: the resident service."""
    p = sub.add_parser("run", help=str(mc.CLI_HELP_AGENT_RUN()))
    profile_args(p)
    p.add_argument("--once", action="store_true", help=str(mc.CLI_HELP_AGENT_RUN_ONCE()))
    p.set_defaults(handler=_run)

    p = sub.add_parser(
        "start",
        help=str(mc.CLI_HELP_AGENT_START()),
    )
    profile_args(p)
    p.add_argument(
        "--unit-dir",
        type=Path,
        default=Path("/etc/systemd/system"),
        help=str(mc.CLI_HELP_AGENT_START_UNIT_DIR()),
    )
    p.set_defaults(handler=_start)

    p = sub.add_parser("stop", help=str(mc.CLI_HELP_AGENT_STOP()))
    profile_args(p)
    p.set_defaults(handler=_stop)

    p = sub.add_parser("install", help=str(mc.CLI_HELP_AGENT_INSTALL()))
    profile_args(p)
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--systemd", action="store_true", help=str(mc.CLI_HELP_AGENT_SYSTEMD()))
    kind.add_argument("--windows", action="store_true", help=str(mc.CLI_HELP_AGENT_WINDOWS()))
    p.add_argument(
        "--print", action="store_true", dest="print_only", help=str(mc.CLI_HELP_AGENT_INSTALL_PRINT())
    )
    p.add_argument(
        "--unit-dir",
        type=Path,
        default=Path("/etc/systemd/system"),
        help=str(mc.CLI_HELP_AGENT_INSTALL_UNIT_DIR()),
    )
    p.add_argument("--user", default="", help=str(mc.CLI_HELP_AGENT_INSTALL_USER()))
    p.set_defaults(handler=_install)


def _run(args: argparse.Namespace, runtime: Runtime) -> int:
    state_dir = profile_folder(args, runtime)
    load_config(state_dir)  # refuse to start a service that cannot work
    read_token(state_dir)
    argv = resident_command(state_dir)
    if args.once:
        argv.append("--once")
    env = dict(os.environ)
    if getattr(args, "log_format", "text") == "json":  # the worker child logs as the CLI was told
        env["SYNCSYSTEM_LOG_FORMAT"] = "json"
    # -S skips site-packages: point the interpreter at our package (and its dependencies) directly.
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(argv[0], argv, env)
    return EXIT_OK  # pragma: no cover - execve does not return


def _start(args: argparse.Namespace, runtime: Runtime) -> int:
    """Start the service of a profile: ``systemctl start`` when its unit is installed, otherwise
    the resident timer detached in the background (its messages go to ``resident.log``)."""
    import subprocess  # noqa: PLC0415

    from syncsystem.agent import service  # noqa: PLC0415 - subprocess only when needed
    from syncsystem.agent.doctor import resident_running  # noqa: PLC0415

    state_dir = profile_folder(args, runtime)
    load_config(state_dir)
    read_token(state_dir)
    running, detail = resident_running(state_dir)
    if running:
        runtime.emit(False, None, str(mc.AGENT_START_RUNNING(detail=detail)))
        return EXIT_OK
    unit = args.unit_dir / unit_name(args.profile)
    if unit.exists():
        done = subprocess.run(["systemctl", "start", unit.name], check=False, capture_output=True, text=True)
        if done.returncode != 0:
            raise UsageError(
                mc.AGENT_START_UNIT_FAILED(unit=unit.name, error=done.stderr.strip() or str(done.returncode))
            )
        runtime.emit(False, None, str(mc.AGENT_START_UNIT(unit=unit.name)))
        return EXIT_OK
    pid = service.start(state_dir)
    service.detach(pid)  # it outlives this command
    runtime.emit(False, None, str(mc.AGENT_START_BACKGROUND(pid=pid, log=str(state_dir / service.LOG_NAME))))
    return EXIT_OK


def _stop(args: argparse.Namespace, runtime: Runtime) -> int:
    from syncsystem.agent import service  # noqa: PLC0415 - subprocess only when needed

    runtime.emit(False, None, str(mc.AGENT_STOPPED(pid=service.stop(profile_folder(args, runtime)))))
    return EXIT_OK


def _install(args: argparse.Namespace, runtime: Runtime) -> int:
    state_dir = profile_folder(args, runtime)
    load_config(state_dir)
    if args.systemd:
        text = systemd_unit(args.profile, state_dir, user=args.user)
        target = args.unit_dir / unit_name(args.profile)
        after = mc.AG_CLI_SYSTEMD_AFTER(unit=unit_name(args.profile))
    else:
        text, target = winsw_xml(args.profile, state_dir), state_dir / f"syncsystem-agent-{args.profile}.xml"
        after = mc.AG_CLI_WINSW_AFTER(target=str(target))
    if args.print_only:
        runtime.stdout.write(text)
        return EXIT_OK
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    runtime.emit(False, None, f"{mc.AG_CLI_WRITTEN(target=str(target))}\n{after}")
    return EXIT_OK
