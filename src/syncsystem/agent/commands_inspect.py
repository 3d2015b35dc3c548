"""``syncsystem agent plan|doctor|status|runs``: what a profile would do, how it is, what it did.

They read the profile and its outbox and print; nothing is run. ``plan`` lists the schedule the
agent would follow, computed by the same planner the worker runs.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from syncsystem.agent.cli_common import profile_args, profile_folder
from syncsystem.agent.config import load_config, read_token_expiry
from syncsystem.agent.plan import Policies, plan_span
from syncsystem.agent.wording import local_time, planned_time, run_line
from syncsystem.errors import EXIT_OK, EXIT_PROBLEMS, UsageError
from syncsystem.messages import codes as mc
from syncsystem.runtime import Runtime

__all__ = ["register_inspect"]


def register_inspect(sub: Any) -> None:
    """plan, doctor, status, runs: the profile's schedule, health and history."""
    p = sub.add_parser("plan", help=str(mc.CLI_HELP_AGENT_PLAN()))
    profile_args(p)
    p.add_argument(
        "--from",
        dest="start",
        required=True,
        type=date.fromisoformat,
        help=str(mc.CLI_HELP_AGENT_PLAN_FROM()),
    )
    p.add_argument(
        "--to", dest="end", required=True, type=date.fromisoformat, help=str(mc.CLI_HELP_AGENT_PLAN_TO())
    )
    p.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_AGENT_PLAN_JSON()))
    p.set_defaults(handler=_plan)

    p = sub.add_parser("doctor", help=str(mc.CLI_HELP_AGENT_DOCTOR()))
    profile_args(p)
    p.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_AGENT_DOCTOR_JSON()))
    p.set_defaults(handler=_doctor)

    p = sub.add_parser("status", help=str(mc.CLI_HELP_AGENT_STATUS()))
    profile_args(p)
    p.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_AGENT_STATUS_JSON()))
    p.set_defaults(handler=_status)

    p = sub.add_parser("runs", help=str(mc.CLI_HELP_AGENT_RUNS()))
    profile_args(p)
    p.add_argument("--limit", type=int, default=20, help=str(mc.CLI_HELP_AGENT_RUNS_LIMIT()))
    p.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_AGENT_RUNS_JSON()))
    p.set_defaults(handler=_runs)


def _plan(args: argparse.Namespace, runtime: Runtime) -> int:
    config = load_config(profile_folder(args, runtime))
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

    checks = doctor_checks(profile_folder(args, runtime), runtime.clock.now, profile=args.profile)
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

    state_dir = profile_folder(args, runtime)
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


def _runs(args: argparse.Namespace, runtime: Runtime) -> int:
    from syncsystem.agent.outbox import Outbox  # noqa: PLC0415
    from syncsystem.agent.worker import OUTBOX_NAME  # noqa: PLC0415

    state_dir = profile_folder(args, runtime)
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
