"""``syncsystem transfer test|test-mail|run-due|run|runs``: try a job's target and mail, run jobs,
read their run journal.

Thin handlers over `jobs`, `slots`, `targets` and `mail`; a run's outcome is printed the same way
whether one job ran (``run``) or every due one (``run-due``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from syncsystem.errors import EXIT_OK, EXIT_PROBLEMS
from syncsystem.messages import codes as mc
from syncsystem.progress import progress_bar
from syncsystem.runtime import Handler, Runtime
from syncsystem.transfer.cli_common import services
from syncsystem.transfer.jobs import connection_test, load_job, run_job
from syncsystem.transfer.mail import MailError, MailKind, compose, send_mail
from syncsystem.transfer.office_options import effective_mail, load_smtp
from syncsystem.transfer.runs import RunJournal
from syncsystem.transfer.slots import run_due

__all__ = ["register_runs"]


def register_runs(add: Callable[[str, Handler, str], argparse.ArgumentParser]) -> None:
    """test, test-mail, run-due, run, runs: a job's connection, mail and runs."""
    p = add("test", _test, str(mc.CLI_HELP_TRANSFER_TEST()))
    p.add_argument("job", help=str(mc.CLI_HELP_TRANSFER_JOB()))
    p = add("test-mail", _test_mail, str(mc.CLI_HELP_TRANSFER_TEST_MAIL()))
    p.add_argument("job", help=str(mc.CLI_HELP_TRANSFER_JOB()))
    p = add("run-due", _run_due, str(mc.CLI_HELP_TRANSFER_RUN_DUE()))
    p.add_argument("--workstation", help=str(mc.CLI_HELP_TRANSFER_RUN_DUE_WORKSTATION()))
    p = add("run", _run, str(mc.CLI_HELP_TRANSFER_RUN()))
    p.add_argument("job", help=str(mc.CLI_HELP_TRANSFER_JOB()))
    p = add("runs", _runs, str(mc.CLI_HELP_TRANSFER_RUNS()))
    p.add_argument("job", help=str(mc.CLI_HELP_TRANSFER_JOB()))
    p.add_argument("--limit", type=int, default=20, help=str(mc.CLI_HELP_TRANSFER_RUNS_LIMIT()))


def _test(args: argparse.Namespace, runtime: Runtime) -> int:
    with services(args, runtime) as svc:
        job, _ = load_job(svc.store, svc.box, args.job, runtime.clock)
        result, seen = connection_test(svc, job, runtime.rng)
    if seen:
        notes = (str(mc.TX_CLI_HOST_KEY(seen=seen)),)
        result = type(result)(result.steps, notes)
    runtime.emit(args.json, result.as_dict(), result.text)
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def _test_mail(args: argparse.Namespace, runtime: Runtime) -> int:
    with services(args, runtime) as svc:
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
    with services(args, runtime) as svc:
        with progress_bar(args, runtime.stderr, str(mc.TX_CLI_TRANSFERRING()), unit="bytes") as bar:
            outcomes = run_due(svc, progress=bar)
        return _show_outcomes(args, runtime, outcomes)


def _run(args: argparse.Namespace, runtime: Runtime) -> int:
    with services(args, runtime) as svc:
        label = str(mc.TX_CLI_TRANSFERRING_JOB(job=args.job))
        with progress_bar(args, runtime.stderr, label, unit="bytes") as bar:
            outcome = run_job(svc, args.job, progress=bar)
        return _show_outcomes(args, runtime, [outcome])


def _runs(args: argparse.Namespace, runtime: Runtime) -> int:
    with services(args, runtime) as svc:
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
