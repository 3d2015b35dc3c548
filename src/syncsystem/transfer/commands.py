"""``syncsystem transfer …``: the command tree, and the jobs themselves — add, list, next, show,
enable, disable, delete.

Thin handlers over the store and `slots`. A job's connection, mail and runs (test, test-mail,
run-due, run, runs) are in `commands_runs`; its secrets (admin-password, reveal, and how a job file
carries them) in `commands_secrets`; the state directory and the services over it in `cli_common`.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from syncsystem import messages
from syncsystem.errors import EXIT_OK, UsageError
from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason
from syncsystem.runtime import Runtime, subcommands
from syncsystem.schedule.recurrence import describe, occurrences
from syncsystem.transfer.cli_common import services
from syncsystem.transfer.commands_runs import register_runs
from syncsystem.transfer.commands_secrets import masked, read_secrets, register_secrets
from syncsystem.transfer.config import TransferProtocol, parse_job, to_mapping
from syncsystem.transfer.jobs import load_job
from syncsystem.transfer.slots import coming_runs

__all__ = ["register"]


def _add(args: argparse.Namespace, runtime: Runtime) -> int:
    path = Path(args.config)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(mc.TX_CLI_UNREADABLE(path=str(path), reason=os_reason(exc))) from exc
    except json.JSONDecodeError as exc:
        raise UsageError(mc.TX_CLI_BAD_JSON(path=str(path), line=exc.lineno, reason=exc.msg)) from exc
    if not isinstance(data, dict):
        raise UsageError(mc.TX_CLI_JSON_OBJECT(path=str(path)))
    read_secrets(data, runtime)
    with services(args, runtime) as svc:
        job = parse_job(data, svc.box.seal, runtime.clock.tz, origin=str(path), saving=True)
        svc.store.add_job(job.name, to_mapping(job), runtime.clock.now(), replace=args.replace)
        first = next(
            occurrences(
                job.schedule,
                max(runtime.clock.now(), job.scope.start or runtime.clock.now()),
                runtime.clock.tz,
            )
        )
    payload = {"job": job.name, "schedule": describe(job.schedule), "next_run": first.isoformat()}
    saved = mc.TX_CLI_SAVED(job=job.name, schedule=describe(job.schedule), next=f"{first:%d.%m.%Y %H:%M %z}")
    runtime.emit(args.json, payload, lambda: str(saved))
    return EXIT_OK


def _list(args: argparse.Namespace, runtime: Runtime) -> int:
    rows = []
    with services(args, runtime) as svc:
        for name in svc.store.job_names():
            job, created = load_job(svc.store, svc.box, name, runtime.clock)
            state = svc.store.state(name)
            after = max(runtime.clock.now(), job.scope.start or created)
            nxt = next(occurrences(job.schedule, after, runtime.clock.tz))
            t = job.target
            rows.append(
                {
                    "job": name,
                    "protocol": t.protocol.value,
                    "target": t.directory
                    if t.protocol is TransferProtocol.FOLDER
                    else f"{t.host}:{t.effective_port}/{t.directory}",
                    "schedule": describe(job.schedule),
                    "next_run": nxt.isoformat(),
                    "delivered_until": state.delivered_until.isoformat() if state.delivered_until else None,
                    "failures": state.failures,
                }
            )
    runtime.emit(
        args.json,
        rows,
        lambda: (
            "\n".join(
                f"{r['job']:<20} {_protocol(r):<6} {r['target']:<40} {r['schedule']:<32} "
                f"{mc.TX_CLI_NEXT_RUN(when=_local(datetime.fromisoformat(str(r['next_run']))))}"
                + (f"  {mc.TX_CLI_FAILURES(count=r['failures'])}" if r["failures"] else "")
                for r in rows
            )
            or str(mc.TX_CLI_NO_JOBS())
        ),
    )
    return EXIT_OK


def _protocol(row: dict[str, Any]) -> str:
    """A listed job's protocol by its name ("Ordner"); ``--json`` keeps the stored word."""
    return TransferProtocol(row["protocol"]).shown()


def _local(moment: datetime) -> str:
    """``Di 03.03.2026 07:00 (UTC+01:00)``: day, local time and its distance to UTC."""
    return f"{messages.short_day(moment)} {moment:%H:%M} (UTC{messages.utc_offset(moment)})"


def _next(args: argparse.Namespace, runtime: Runtime) -> int:
    tz = runtime.clock.tz
    with services(args, runtime) as svc:
        job, created = load_job(svc.store, svc.box, args.job, runtime.clock)
        state = svc.store.state(args.job)
    if args.from_:
        try:
            after = datetime.combine(date.fromisoformat(args.from_), time(0), tzinfo=tz) - _EPS
        except ValueError as exc:
            raise UsageError(mc.TX_CLI_FROM_DATE(value=args.from_)) from exc
    else:
        after = None
    runs = coming_runs(
        job, created, state.last_slot, now=runtime.clock.now(), tz=tz, count=args.count, after=after
    )
    payload = [
        {
            "local": f"{r:%Y-%m-%d %H:%M}",
            "utc_offset": messages.utc_offset(r),
            "iso": r.isoformat(),
        }
        for r in runs
    ]
    runtime.emit(
        args.json,
        payload,
        lambda: "\n".join(_local(r) for r in runs),
    )
    return EXIT_OK


def _show(args: argparse.Namespace, runtime: Runtime) -> int:
    with services(args, runtime) as svc:
        data, created = svc.store.job_config(args.job)
        enabled = svc.store.is_enabled(args.job)
    payload = {
        "job": args.job,
        "enabled": enabled,
        "created_at": created.isoformat(),
        "config": masked(data),
    }
    runtime.emit(
        args.json,
        payload,
        lambda: (
            f"{args.job} ({mc.OFFICE_CLI_ACTIVE() if enabled else mc.OFFICE_CLI_INACTIVE()})\n"
            + json.dumps(payload["config"], ensure_ascii=False, indent=2)
        ),
    )
    return EXIT_OK


def _enable(args: argparse.Namespace, runtime: Runtime) -> int:
    enabled = args.command == "enable"
    with services(args, runtime) as svc:
        svc.store.set_enabled(args.job, enabled)
    runtime.emit(
        args.json,
        {"job": args.job, "enabled": enabled},
        lambda: str((mc.TX_CLI_ENABLED if enabled else mc.TX_CLI_DISABLED)(job=args.job)),
    )
    return EXIT_OK


def _delete(args: argparse.Namespace, runtime: Runtime) -> int:
    if not args.yes:
        raise UsageError(mc.TX_CLI_DELETE_CONFIRM(job=args.job))
    with services(args, runtime) as svc:
        svc.store.delete_job(args.job)
    runtime.emit(args.json, {"job": args.job, "deleted": True}, lambda: str(mc.TX_CLI_DELETED(job=args.job)))
    return EXIT_OK


_EPS = datetime.resolution


def register(parser: argparse.ArgumentParser) -> None:
    """Add the ``transfer`` subcommands to ``parser``."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--state", metavar="DIR", help=str(mc.CLI_HELP_TRANSFER_STATE()))
    common.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_TRANSFER_JSON()))
    add = subcommands(parser, common)

    p = add("add", _add, str(mc.CLI_HELP_TRANSFER_ADD()))
    p.add_argument("--config", required=True, metavar="FILE", help=str(mc.CLI_HELP_TRANSFER_ADD_CONFIG()))
    p.add_argument("--replace", action="store_true", help=str(mc.CLI_HELP_TRANSFER_ADD_REPLACE()))
    add("list", _list, str(mc.CLI_HELP_TRANSFER_LIST()))
    p = add("next", _next, str(mc.CLI_HELP_TRANSFER_NEXT()))
    p.add_argument("job", help=str(mc.CLI_HELP_TRANSFER_JOB()))
    p.add_argument("--from", dest="from_", metavar="DATE", help=str(mc.CLI_HELP_TRANSFER_NEXT_FROM()))
    p.add_argument("--count", type=int, default=10, help=str(mc.CLI_HELP_TRANSFER_NEXT_COUNT()))
    register_runs(add)
    p = add("show", _show, str(mc.CLI_HELP_TRANSFER_SHOW()))
    p.add_argument("job", help=str(mc.CLI_HELP_TRANSFER_JOB()))
    for name, text in (
        ("enable", mc.CLI_HELP_TRANSFER_ENABLE),
        ("disable", mc.CLI_HELP_TRANSFER_DISABLE),
    ):
        p = add(name, _enable, str(text()))
        p.add_argument("job", help=str(mc.CLI_HELP_TRANSFER_JOB()))
    p = add("delete", _delete, str(mc.CLI_HELP_TRANSFER_DELETE()))
    p.add_argument("job", help=str(mc.CLI_HELP_TRANSFER_JOB()))
    p.add_argument("--yes", action="store_true", help=str(mc.CLI_HELP_TRANSFER_DELETE_YES()))
    register_secrets(add)
