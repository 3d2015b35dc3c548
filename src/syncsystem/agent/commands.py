"""``syncsystem agent …``: the command tree, and ``enrol``.

Handlers are thin: they read the profile, call the agent's modules and print. Here is ``enrol``,
which registers the host with the datacenter. The resident service's commands (run, start, stop,
install) are in `commands_service`, the looks at a profile (plan, doctor, status, runs) in
`commands_inspect`, and the ``--profile``/``--home`` options they share in `cli_common`.
"""

from __future__ import annotations

import argparse
import base64
from dataclasses import replace
from pathlib import Path
from typing import Any

from syncsystem.agent.cli_common import profile_args, profile_folder
from syncsystem.agent.cmdline import split_command
from syncsystem.agent.commands_inspect import register_inspect
from syncsystem.agent.commands_service import register_service
from syncsystem.agent.config import (
    CONFIG_NAME,
    AgentConfig,
    ExportSettings,
    load_config,
    save_config,
    write_token,
)
from syncsystem.errors import EXIT_OK, UsageError
from syncsystem.messages import codes as mc
from syncsystem.runtime import Runtime

__all__ = ["register"]


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _register_enrol(sub)
    register_service(sub)
    register_inspect(sub)


def _register_enrol(sub: Any) -> None:
    p = sub.add_parser("enrol", help=str(mc.CLI_HELP_AGENT_ENROL()))
    profile_args(p)
    p.add_argument("--url", default="", help=str(mc.CLI_HELP_AGENT_ENROL_URL()))
    p.add_argument(
        "--code",
        required=True,
        help=str(mc.CLI_HELP_AGENT_ENROL_CODE()),
    )
    p.add_argument("--name", default="", help=str(mc.CLI_HELP_AGENT_ENROL_NAME()))
    p.add_argument("--ca-file", default="", help=str(mc.CLI_HELP_AGENT_ENROL_CA_FILE()))
    p.add_argument("--mandant", action="append", default=[], help=str(mc.CLI_HELP_AGENT_ENROL_MANDANT()))
    p.add_argument(
        "--export-command",
        default="",
        # the fields of the command line the agent fills in, named as agent.toml names them
        help=str(
            mc.CLI_HELP_AGENT_ENROL_EXPORT_COMMAND(out_dir="{out_dir}", mandant="{mandant}", since="{since}")
        ),
    )
    p.add_argument("--export-folder", default="", help=str(mc.CLI_HELP_AGENT_ENROL_EXPORT_FOLDER()))
    p.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_AGENT_ENROL_JSON()))
    p.set_defaults(handler=_enrol)


def _absolute(runtime: Runtime, path: str) -> str:
    """``path`` as typed, anchored in the shell's folder: the service runs in the profile folder."""
    return str(runtime.cwd / Path(path).expanduser())


def _enrol(args: argparse.Namespace, runtime: Runtime) -> int:
    """Enrol the profile; a profile enrolled before keeps its agent id, settings and sync state
    (outbox: cursors, bundles not yet sent) and takes only the new token — options given replace
    its settings."""
    from syncsystem.agent.client import DatacenterClient  # noqa: PLC0415 - requests only when needed

    state_dir = profile_folder(args, runtime)
    before = load_config(state_dir) if (state_dir / CONFIG_NAME).exists() else None
    if args.export_command and args.export_folder:
        raise UsageError(mc.AGENT_EXPORT_BOTH())
    url = (args.url or (before.datacenter_url if before else "")).rstrip("/")
    if not url:
        raise UsageError(mc.AGENT_NO_URL())
    export = _export_settings(args, before, runtime)  # before enrolling: a bad quote must not use up the code
    ca_file = _absolute(runtime, args.ca_file) if args.ca_file else (before.ca_file if before else "")
    with DatacenterClient(url, ca_file=ca_file) as client:
        answer = client.enrol(
            args.code,
            args.name or args.profile,
            before.agent_id if before else None,
            tuple(args.mandant) or (before.mandanten if before else ()),
        )
    fresh = AgentConfig(
        profile=args.profile,
        state_dir=state_dir,
        agent_id=answer.agent_id,
        office_id=answer.office_id,
        datacenter_url=url,
        public_key_b64=base64.b64encode(answer.public_key).decode("ascii"),
        ca_file=ca_file,
        mandanten=tuple(args.mandant),
        export=export,
    )
    config = (
        fresh
        if before is None
        else replace(
            before,
            agent_id=fresh.agent_id,
            office_id=fresh.office_id,
            datacenter_url=url,
            public_key_b64=fresh.public_key_b64,
            ca_file=ca_file,
            export=export,
            mandanten=tuple(args.mandant) or before.mandanten,
        )
    )
    config.validate()
    write_token(state_dir, answer.token, answer.token_expires_at, received_at=runtime.clock.now())
    path = save_config(config)
    again = before is not None and before.agent_id == answer.agent_id
    runtime.emit(
        args.json,
        {"profile": args.profile, "agent_id": answer.agent_id, "config": str(path), "kept_state": again},
        str(mc.AGENT_REENROLLED(agent_id=answer.agent_id, profile=args.profile))
        if again
        else str(mc.AG_CLI_ENROLLED(agent_id=answer.agent_id, profile=args.profile, path=str(path))),
    )
    return EXIT_OK


def _export_settings(
    args: argparse.Namespace, before: AgentConfig | None, runtime: Runtime
) -> ExportSettings:
    """How BMD exports: the folder (a full path) or command given, else the profile's (a new one: the
    command)."""
    if args.export_folder:
        return ExportSettings(kind="folder", folder=_absolute(runtime, args.export_folder))
    if args.export_command or before is None:
        return ExportSettings(kind="command", command=split_command(args.export_command))
    return before.export
