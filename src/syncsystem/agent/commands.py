"""``syncsystem agent …``: enrol, run, start, stop, install, plan, doctor, status, runs.

Handlers are thin: they read the profile, call the agent's modules and print. ``run`` replaces
the CLI process with the lean resident timer (``python -S resident.py``) so the long-lived process
never carries argparse, requests or this module. ``plan`` prints the schedule the agent would
follow, computed by the same planner the worker runs.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from syncsystem.agent.cmdline import split_command
from syncsystem.agent.config import (
    CONFIG_NAME,
    AgentConfig,
    ExportSettings,
    default_home,
    load_config,
    profile_dir,
    read_token,
    read_token_expiry,
    save_config,
    write_token,
)
from syncsystem.agent.install import resident_command, systemd_unit, unit_name, winsw_xml
from syncsystem.agent.plan import Policies, plan_span
from syncsystem.agent.wording import local_time, planned_time, run_line
from syncsystem.errors import EXIT_OK, EXIT_PROBLEMS, UsageError
from syncsystem.messages import codes as mc
from syncsystem.runtime import Runtime

__all__ = ["register"]


def _profile_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--profile", default="default", help="agent profile (one per office; default: default)")
    p.add_argument(
        "--home",
        type=Path,
        help="folder of all profiles (default: $SYNCSYSTEM_AGENT_HOME or ~/.local/state/syncsystem/agent)",
    )


def _state_dir(args: argparse.Namespace, runtime: Runtime) -> Path:
    home = args.home or default_home(runtime.environ)
    return profile_dir(home if home.is_absolute() else runtime.cwd / home, args.profile)


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _register_enrol(sub)
    _register_service(sub)

    p = sub.add_parser("plan", help="list every poll and nightly sync in a span (nothing is run)")
    _profile_args(p)
    p.add_argument(
        "--from", dest="start", required=True, type=date.fromisoformat, help="first day (YYYY-MM-DD)"
    )
    p.add_argument("--to", dest="end", required=True, type=date.fromisoformat, help="last day (YYYY-MM-DD)")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.set_defaults(handler=_plan)

    _register_checks(sub)


def _register_enrol(sub: Any) -> None:
    p = sub.add_parser("enrol", help="register this host with the datacenter using an enrolment code")
    _profile_args(p)
    p.add_argument(
        "--url", default="", help="datacenter base URL (https://…); enrolling again: the profile's"
    )
    p.add_argument(
        "--code",
        required=True,
        help="one-time enrolment code from the datacenter (page Einstellungen: Neuen Zugang erstellen)",
    )
    p.add_argument("--name", default="", help="name of this agent (default: the profile)")
    p.add_argument("--ca-file", default="", help="CA certificate to trust (private CA only)")
    p.add_argument("--mandant", action="append", default=[], help="a Mandant to sync nightly (repeat)")
    p.add_argument(
        "--export-command",
        default="",
        help="BMD export command line, quoted as on this system's shell or Windows "
        "('\"C:\\Program Files\\BMD\\…\" …'; {out_dir} {mandant} {since} are filled in)",
    )
    p.add_argument("--export-folder", default="", help="folder BMD exports into (instead of a command)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=_enrol)


def _register_service(sub: Any) -> None:
    """run, start, install: the resident service."""
    p = sub.add_parser("run", help="run the resident service in the foreground (Ctrl-C stops it)")
    _profile_args(p)
    p.add_argument("--once", action="store_true", help="do the due work once and exit")
    p.set_defaults(handler=_run)

    p = sub.add_parser(
        "start",
        help="start the resident service: its systemd unit if installed, "
        "else in the background (the doctor's hint when the service is not running)",
    )
    _profile_args(p)
    p.add_argument(
        "--unit-dir",
        type=Path,
        default=Path("/etc/systemd/system"),
        help="where agent install wrote the unit (default: /etc/systemd/system)",
    )
    p.set_defaults(handler=_start)

    p = sub.add_parser("install", help="install the resident service (no reboot, no logout)")
    _profile_args(p)
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--systemd", action="store_true", help="write a systemd unit")
    kind.add_argument("--windows", action="store_true", help="write a WinSW Windows service description")
    p.add_argument("--print", action="store_true", dest="print_only", help="only print, write nothing")
    p.add_argument(
        "--unit-dir",
        type=Path,
        default=Path("/etc/systemd/system"),
        help="where to write the unit (default: /etc/systemd/system)",
    )
    p.add_argument("--user", default="", help="run the service as this user")
    p.set_defaults(handler=_install)


def _register_checks(sub: Any) -> None:
    p = sub.add_parser("doctor", help="check service, clock, network, token, BMD export, licence, file")
    _profile_args(p)
    p.add_argument("--json", action="store_true", help="print the checks as JSON")
    p.set_defaults(handler=_doctor)

    p = sub.add_parser("status", help="outbox, cursors and the next planned wake-up")
    _profile_args(p)
    p.add_argument("--json", action="store_true", help="print the status as JSON")
    p.set_defaults(handler=_status)

    p = sub.add_parser("stop", help="stop the resident service of this profile (started by agent start)")
    _profile_args(p)
    p.set_defaults(handler=_stop)

    p = sub.add_parser("runs", help="the last syncs: counts, bytes, durations, errors")
    _profile_args(p)
    p.add_argument("--limit", type=int, default=20, help="how many (default 20)")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(handler=_runs)


def _absolute(runtime: Runtime, path: str) -> str:
    """``path`` as typed, anchored in the shell's folder: the service runs in the profile folder."""
    return str(runtime.cwd / Path(path).expanduser())


def _enrol(args: argparse.Namespace, runtime: Runtime) -> int:
    """Enrol the profile; a profile enrolled before keeps its agent id, settings and sync state
    (outbox: cursors, bundles not yet sent) and takes only the new token — options given replace
    its settings."""
    from syncsystem.agent.client import DatacenterClient  # noqa: PLC0415 - requests only when needed

    state_dir = _state_dir(args, runtime)
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


def _run(args: argparse.Namespace, runtime: Runtime) -> int:
    state_dir = _state_dir(args, runtime)
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

    state_dir = _state_dir(args, runtime)
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


def _install(args: argparse.Namespace, runtime: Runtime) -> int:
    state_dir = _state_dir(args, runtime)
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


def _plan(args: argparse.Namespace, runtime: Runtime) -> int:
    config = load_config(_state_dir(args, runtime))
    if args.end < args.start:
        raise UsageError(mc.AGENT_PERIOD_ORDER())
    tz = config.tz
    start = datetime.combine(args.start, time(0), tzinfo=tz)
    end = datetime.combine(args.end + timedelta(days=1), time(0), tzinfo=tz)
    events = plan_span(Policies(config.poll_policy(), config.nightly_policy()), start, end)
    payload = {
        "profile": config.profile,
        "agent_id": config.agent_id,
        "timezone": config.timezone,
        "events": [e.to_json() for e in events],
    }

    def text() -> str:
        lines = [
            f"{planned_time(e.at)}  {mc.AG_CLI_POLL() if e.kind == 'poll' else mc.AG_CLI_NIGHTLY()}"
            for e in events
        ]
        polls = sum(e.kind == "poll" for e in events)
        summary = mc.AG_CLI_PLAN_SUM(polls=polls, nightly=len(events) - polls, timezone=config.timezone)
        lines.append(str(summary))
        return "\n".join(lines)

    runtime.emit(args.json, payload, text)
    return EXIT_OK


def _doctor(args: argparse.Namespace, runtime: Runtime) -> int:
    from syncsystem.agent.checkup import doctor_checks  # noqa: PLC0415 - requests only when needed

    checks = doctor_checks(_state_dir(args, runtime), runtime.clock.now, profile=args.profile)
    failed = [c for c in checks if not c.ok]

    def text() -> str:
        lines = []
        for c in checks:
            label = mc.AG_CLI_CHECK_OK() if c.ok else mc.AG_CLI_CHECK_FAILED()
            lines.append(f"{label!s:<6} {c.name}: {c.detail}")
            if not c.ok and c.hint:
                lines.append(f"       → {c.hint}")
        return "\n".join(lines)

    runtime.emit(args.json, {"ok": not failed, "checks": [c.to_json() for c in checks]}, text)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _status(args: argparse.Namespace, runtime: Runtime) -> int:
    from syncsystem.agent.outbox import Outbox  # noqa: PLC0415
    from syncsystem.agent.worker import OUTBOX_NAME  # noqa: PLC0415

    state_dir = _state_dir(args, runtime)
    load_config(state_dir)
    with Outbox(state_dir / OUTBOX_NAME) as outbox:
        schedule = json.loads(outbox.get_meta("schedule") or "{}")
        aside = outbox.set_aside()
        refused = outbox.get_meta("problem.access") or ""
        access = _access_line(state_dir, args.profile, refused, runtime)
        payload = {
            "bundles": outbox.bundle_states(),
            "jobs": outbox.job_states(),
            "cursors": outbox.acked_cursors(),
            "schedule": schedule,
            "set_aside": [
                {
                    "bundle_id": a.bundle_id,
                    "mandanten": list(a.mandanten),
                    "reason": a.reason,
                    "reported": a.reported,
                }
                for a in aside
            ],
            "access": {
                "state": "refused" if refused else "ok",
                "error": refused,
                "next_step": access if refused else "",
            },
        }
    pending = sum(1 for s in payload["bundles"].values() if s == "pending")

    def text() -> str:
        lines = [
            str(
                mc.AG_CLI_STATUS(
                    pending=pending,
                    next_poll=local_time(schedule.get("next_poll_at"), runtime.clock.tz),
                    cursors=", ".join(f"{m}: {c}" for m, c in payload["cursors"].items()) or "–",
                )
            )
        ]
        if access:
            lines.append(access)
        for a in aside:
            shown = mc.AG_CLI_SET_ASIDE if a.reported else mc.AG_CLI_SET_ASIDE_UNREPORTED
            lines.append(
                str(shown(bundle_id=a.bundle_id, mandanten=", ".join(a.mandanten) or "–", reason=a.reason))
            )
        return "\n".join(lines)

    runtime.emit(args.json, payload, text)
    return EXIT_OK


def _stop(args: argparse.Namespace, runtime: Runtime) -> int:
    from syncsystem.agent import service  # noqa: PLC0415 - subprocess only when needed

    runtime.emit(False, None, str(mc.AGENT_STOPPED(pid=service.stop(_state_dir(args, runtime)))))
    return EXIT_OK


def _runs(args: argparse.Namespace, runtime: Runtime) -> int:
    from syncsystem.agent.outbox import Outbox  # noqa: PLC0415
    from syncsystem.agent.worker import OUTBOX_NAME  # noqa: PLC0415

    state_dir = _state_dir(args, runtime)
    load_config(state_dir)
    with Outbox(state_dir / OUTBOX_NAME) as outbox:
        runs = outbox.recent_runs(args.limit)

    def text() -> str:
        return "\n".join(run_line(r, runtime.clock.tz) for r in runs) or "–"

    runtime.emit(args.json, runs, text)
    return EXIT_OK


def _access_line(state_dir: Path, profile: str, refused: str, runtime: Runtime) -> str:
    """The status's line about the token: refused (with the next step), or until when it is valid."""
    from syncsystem.agent.renewal import renew_at  # noqa: PLC0415

    if refused:
        return str(mc.AGENT_ACCESS_REVOKED(profile=profile))
    received, expires = read_token_expiry(state_dir)
    renew = renew_at(received, expires)
    if expires is None or renew is None:
        return ""
    tz = runtime.clock.tz
    return str(
        mc.AGENT_ACCESS_VALID(
            until=f"{expires.astimezone(tz):%d.%m.%Y %H:%M}", renew=f"{renew.astimezone(tz):%d.%m.%Y}"
        )
    )
