"""``syncsystem transfer …``: add, list, next, test, test-mail, run-due, run, runs, admin-password, reveal.

Thin handlers over `jobs`, `targets`, `mail` and the store. The state directory comes from
``--state DIR``, else ``SYNCSYSTEM_TRANSFER_STATE``, else ``$XDG_STATE_HOME/syncsystem/transfer``
(``~/.local/state/…``). Passwords never appear on the command line: a job file names the
environment variable that holds them (``"password_env": "FTP_PASSWORD"``) or carries them once,
in which case they are sealed at once and only the sealed token is stored.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from syncsystem import messages
from syncsystem.errors import EXIT_OK, EXIT_PROBLEMS, UsageError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason
from syncsystem.progress import progress_bar
from syncsystem.runtime import Runtime, subcommands
from syncsystem.schedule.recurrence import describe, occurrences
from syncsystem.transfer.config import TransferProtocol, parse_job, to_mapping
from syncsystem.transfer.jobs import Services, connection_test, load_job, run_job
from syncsystem.transfer.mail import MailError, MailKind, compose, send_mail
from syncsystem.transfer.office_options import effective_mail, load_smtp
from syncsystem.transfer.secrets import AdminGate, SecretBox
from syncsystem.transfer.slots import coming_runs, run_due
from syncsystem.transfer.store import TransferStore

__all__ = ["register", "state_dir"]

_SECRET_FIELDS = {("target", "password"), ("target", "key"), ("mail", "smtp_password")}


def state_dir(explicit: str | None, runtime: Runtime) -> Path:
    if explicit:
        return Path(explicit)
    env = runtime.environ
    if env.get("SYNCSYSTEM_TRANSFER_STATE"):
        return Path(env["SYNCSYSTEM_TRANSFER_STATE"])
    base = env.get("XDG_STATE_HOME") or (f"{env['HOME']}/.local/state" if env.get("HOME") else "")
    return Path(base) / "syncsystem" / "transfer" if base else runtime.cwd / "transfer-state"


@contextmanager
def _services(args: argparse.Namespace, runtime: Runtime) -> Iterator[Services]:
    root = state_dir(args.state, runtime)
    with TransferStore.open(root) as store:
        box = SecretBox.for_state(root, use_keyring=not runtime.environ.get("SYNCSYSTEM_NO_KEYRING"))
        yield Services(store, box, runtime.clock, workstation=getattr(args, "workstation", None))


def _resolve_env_secrets(data: dict[str, Any], runtime: Runtime) -> None:
    """Replace ``"<field>_env": "VAR"`` by the variable's value (sealed later by `parse_job`)."""
    for section, key in _SECRET_FIELDS:
        block = data.get(section)
        if isinstance(block, dict) and f"{key}_env" in block:
            var = block.pop(f"{key}_env")
            if var not in runtime.environ:
                raise UsageError(mc.TX_CLI_FIELD_ENV_UNSET(field=f"{section}.{key}_env", var=var))
            block[key] = runtime.environ[var]
        if isinstance(block, dict) and f"{key}_file" in block:
            path = Path(block.pop(f"{key}_file"))
            try:
                block[key] = path.read_text(encoding="utf-8")
            except OSError as exc:
                field = f"{section}.{key}_file"
                reason = os_reason(exc)
                raise UsageError(mc.TX_CLI_SECRET_FILE(field=field, path=str(path), reason=reason)) from exc


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
    _resolve_env_secrets(data, runtime)
    with _services(args, runtime) as svc:
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
    with _services(args, runtime) as svc:
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
    with _services(args, runtime) as svc:
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


def _test(args: argparse.Namespace, runtime: Runtime) -> int:
    with _services(args, runtime) as svc:
        job, _ = load_job(svc.store, svc.box, args.job, runtime.clock)
        result, seen = connection_test(svc, job, runtime.rng)
    if seen:
        notes = (str(mc.TX_CLI_HOST_KEY(seen=seen)),)
        result = type(result)(result.steps, notes)
    runtime.emit(args.json, result.as_dict(), result.text)
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def _test_mail(args: argparse.Namespace, runtime: Runtime) -> int:
    with _services(args, runtime) as svc:
        job, _ = load_job(svc.store, svc.box, args.job, runtime.clock)
        mail = effective_mail(job.mail, load_smtp(svc.store))
        password = svc.box.open(mail.smtp_password) if mail.smtp_password else None
        try:
            send_mail(mail, password, compose(MailKind.TEST, mail, job.name, runtime.clock.now()))
        except MailError as exc:
            failed = mc.TX_CLI_MAIL_FAILED(error=str(exc))
            runtime.emit(args.json, {"ok": False, "error": str(exc)}, str(failed))
            return EXIT_PROBLEMS
    runtime.emit(args.json, {"ok": True, "to": job.mail.to}, str(mc.TX_CLI_MAIL_SENT(to=str(job.mail.to))))
    return EXIT_OK


def _show_outcomes(args: argparse.Namespace, runtime: Runtime, outcomes: list[Any]) -> int:
    def text() -> str:
        lines = []
        for o in outcomes:
            if o.ok:
                lines.append(
                    str(
                        mc.TX_CLI_DELIVERED(
                            job=o.job, files=len(o.delivered), size=o.bytes, run_id=str(o.run_id)
                        )
                    )
                )
            else:
                lines.append(str(mc.TX_CLI_FAILED(job=o.job, error=str(o.error))))
            if o.note:
                lines.append(f"  {mc.TX_CLI_NOTE(note=str(o.note))}")
            if o.mail:
                lines.append(f"  {mc.TX_CLI_MAIL_OUT(mail=str(o.mail))}")
            if o.mail_error:
                lines.append(f"  {mc.TX_CLI_MAIL_NOT(error=str(o.mail_error))}")
        return "\n".join(lines) or str(mc.TX_CLI_NOTHING_DUE())

    runtime.emit(args.json, [o.as_dict() for o in outcomes], text)
    return EXIT_OK if all(o.ok for o in outcomes) else EXIT_PROBLEMS


def _run_due(args: argparse.Namespace, runtime: Runtime) -> int:
    with _services(args, runtime) as svc:
        with progress_bar(args, runtime.stderr, str(mc.TX_CLI_TRANSFERRING()), unit="bytes") as bar:
            outcomes = run_due(svc, progress=bar)
        return _show_outcomes(args, runtime, outcomes)


def _run(args: argparse.Namespace, runtime: Runtime) -> int:
    with _services(args, runtime) as svc:
        label = str(mc.TX_CLI_TRANSFERRING_JOB(job=args.job))
        with progress_bar(args, runtime.stderr, label, unit="bytes") as bar:
            outcome = run_job(svc, args.job, progress=bar)
        return _show_outcomes(args, runtime, [outcome])


def _runs(args: argparse.Namespace, runtime: Runtime) -> int:
    from syncsystem.transfer.jobs import load_job  # noqa: PLC0415
    from syncsystem.transfer.runs import RunJournal  # noqa: PLC0415

    with _services(args, runtime) as svc:
        svc.store.job_config(args.job)
        records = RunJournal(svc.store).runs(args.job, args.limit)
        job, created = load_job(svc.store, svc.box, args.job, runtime.clock)
        source = svc.source(job)
        closed_before = getattr(source, "closed_before", None)
        early: list[str] = closed_before(job.scope.start or created, job) if closed_before else []
    listed: list[dict[str, object]] = [r.as_dict() for r in records]
    before_start = str(mc.TX_CLI_BEFORE_START())
    listed += [{"run_id": None, "file": name, "status": before_start} for name in early]
    runtime.emit(
        args.json,
        listed,
        lambda: (
            "\n".join(
                [
                    f"{r.run_id} {r.status_in():<14} "
                    f"{r.period.start:%d.%m. %H:%M}–{r.period.end:%d.%m. %H:%M} "
                    f"{mc.TX_CLI_FILES(count=len(r.files))} {r.error_in()}"
                    f"{'  ' + str(mc.TX_CLI_NOTE(note=r.note)) if r.note else ''}"
                    for r in records
                ]
                + [f"{name}  {before_start}" for name in early]
            )
            or str(mc.TX_CLI_NO_RUNS())
        ),
    )
    return EXIT_OK


def _hidden(data: dict[str, Any]) -> dict[str, Any]:
    """A job mapping fit to print: stored secrets say only that they are set."""
    shown: dict[str, Any] = json.loads(json.dumps(data))
    for section, key in _SECRET_FIELDS:
        if shown.get(section, {}).get(key):
            shown[section][key] = "(gespeichert)"
    return shown


def _show(args: argparse.Namespace, runtime: Runtime) -> int:
    with _services(args, runtime) as svc:
        data, created = svc.store.job_config(args.job)
        enabled = svc.store.is_enabled(args.job)
    payload = {
        "job": args.job,
        "enabled": enabled,
        "created_at": created.isoformat(),
        "config": _hidden(data),
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
    with _services(args, runtime) as svc:
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
    with _services(args, runtime) as svc:
        svc.store.delete_job(args.job)
    runtime.emit(args.json, {"job": args.job, "deleted": True}, lambda: str(mc.TX_CLI_DELETED(job=args.job)))
    return EXIT_OK


def _admin_password(args: argparse.Namespace, runtime: Runtime) -> int:
    with _services(args, runtime) as svc:
        gate = AdminGate(svc.store, svc.box)
        changing = gate.is_set()
        old = (
            _ask(runtime, args.old_password_env, mc.TX_CLI_ASK_OLD(), "--old-password-env")
            if changing
            else None
        )
        password = _ask(runtime, args.password_env, mc.TX_CLI_ASK_NEW())
        gate.set_password(password, old=old)
    text = mc.TX_CLI_ADMIN_CHANGED() if changing else mc.TX_CLI_ADMIN_SET()
    runtime.emit(args.json, {"ok": True}, str(text))
    return EXIT_OK


def _reveal(args: argparse.Namespace, runtime: Runtime) -> int:
    section, _, key = args.field.partition(".")
    if (section, key) not in _SECRET_FIELDS:
        raise UsageError(mc.TX_CLI_FIELD_CHOICE(field=args.field))
    admin = _ask(runtime, args.admin_password_env, mc.TX_CLI_ASK_ADMIN(), "--admin-password-env")
    with _services(args, runtime) as svc:
        data, _ = svc.store.job_config(args.job)
        token = data.get(section, {}).get(key)
        if not token:
            raise UsageError(mc.TX_CLI_FIELD_UNSET(job=args.job, field=args.field))
        clear = AdminGate(svc.store, svc.box).reveal(token, admin)
    runtime.emit(args.json, {"job": args.job, "field": args.field, "value": clear}, clear)
    return EXIT_OK


def _ask(runtime: Runtime, env_name: str | None, prompt: Message, option: str = "--password-env") -> str:
    if env_name:
        if env_name not in runtime.environ:
            raise UsageError(mc.TX_CLI_ENV_UNSET(var=env_name))
        return runtime.environ[env_name]
    if not sys.stdin.isatty():  # no terminal to ask on (a service, a pipe): say which option helps
        raise UsageError(mc.TX_CLI_NO_TERMINAL(what=prompt, option=option))
    try:
        return getpass.getpass(f"{prompt}: ")
    except EOFError as exc:  # a terminal that closed its input
        raise UsageError(mc.TX_CLI_NO_PASSWORD(option=option)) from exc


_EPS = datetime.resolution


def register(parser: argparse.ArgumentParser) -> None:
    """Add the ``transfer`` subcommands to ``parser``."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--state", metavar="DIR", help="state directory (default: $SYNCSYSTEM_TRANSFER_STATE)"
    )
    common.add_argument("--json", action="store_true", help="print the result as JSON")
    add = subcommands(parser, common)

    p = add("add", _add, "add (or with --replace, change) a transfer job from a JSON job file")
    p.add_argument("--config", required=True, metavar="FILE", help="job file (JSON), see docs/buchhaltung.md")
    p.add_argument("--replace", action="store_true", help="replace an existing job of that name")
    add("list", _list, "list the transfer jobs with their next run")
    p = add("next", _next, "list the coming runs of a job in local time with UTC offsets")
    p.add_argument("job", help="name of the job (see transfer list)")
    p.add_argument("--from", dest="from_", metavar="DATE", help="start at this date (YYYY-MM-DD)")
    p.add_argument("--count", type=int, default=10, help="how many runs (default 10)")
    p = add("test", _test, "test the connection: login, write, read back, delete; names the failing step")
    p.add_argument("job", help="name of the job (see transfer list)")
    p = add("test-mail", _test_mail, "send a test mail to the job's notification address")
    p.add_argument("job", help="name of the job (see transfer list)")
    p = add("run-due", _run_due, "run every job whose scheduled time has come (for the resident service)")
    p.add_argument("--workstation", help="this workstation's name (jobs restricted to others are skipped)")
    p = add("run", _run, "run a job now for everything not yet delivered")
    p.add_argument("job", help="name of the job (see transfer list)")
    p = add("runs", _runs, "show the run journal of a job (files, sizes, sha256)")
    p.add_argument("job", help="name of the job (see transfer list)")
    p.add_argument("--limit", type=int, default=20, help="how many runs, newest first (default 20)")
    p = add("show", _show, "show a job's settings (stored passwords masked)")
    p.add_argument("job", help="name of the job (see transfer list)")
    for name, text in (
        ("enable", "activate a job (it runs on its schedule again)"),
        ("disable", "deactivate a job (kept, but never run)"),
    ):
        p = add(name, _enable, text)
        p.add_argument("job", help="name of the job (see transfer list)")
    p = add("delete", _delete, "delete a job with its schedule state and run journal")
    p.add_argument("job", help="name of the job (see transfer list)")
    p.add_argument("--yes", action="store_true", help="confirm the deletion")
    p = add(
        "admin-password",
        _admin_password,
        "set the admin password that guards revealing secrets; changing it asks for the current one",
    )
    p.add_argument("--password-env", metavar="VAR", help="read the new one from this environment variable")
    p.add_argument("--old-password-env", metavar="VAR", help="read the current one from this variable")
    p = add("reveal", _reveal, "show a stored password again (asks for the admin password)")
    p.add_argument("job", help="name of the job (see transfer list)")
    p.add_argument("--field", default="target.password", help="which secret (default target.password)")
    p.add_argument("--admin-password-env", metavar="VAR", help="read the admin password from this variable")
