"""The export dialog's page: the form with every seed-001 field, the job's next runs and run history.

Shared by the page's routes (`pages.buchhaltungsexport`) and its buttons
(`pages.buchhaltungsexport_aktionen`): each renders the dialog again with what it adds — a
connection test's four steps, a host key to confirm, a revealed password, field errors.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from starlette.responses import Response

from syncsystem import messages
from syncsystem.declared import labels
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.messages.code import Code
from syncsystem.office.accounts import Role
from syncsystem.office.jobform import WEEKDAYS, form_from_mapping, is_folder_source
from syncsystem.office.web import PAGE, Captions, Form, Req, render
from syncsystem.transfer.job_model import (
    ExecutionSection,
    JobFile,
    MailSection,
    ScopeSection,
    SourceSection,
    TargetSection,
    TransferProtocol,
)
from syncsystem.transfer.jobs import load_job
from syncsystem.transfer.mail import MailKind
from syncsystem.transfer.office_options import admins_may_reveal, load_smtp
from syncsystem.transfer.runs import RunJournal, RunRecord
from syncsystem.transfer.schedule_model import ScheduleSection
from syncsystem.transfer.slots import coming_runs

__all__ = ["BASE", "CHOICES", "dialog", "failure_lines", "run_mail", "stored_dialog"]

BASE = "/buchhaltungsexport"
# each choice's options: (form value, caption); a catalogue message is worded in `PAGE` by the template
CHOICES: Captions[list[tuple[str, str | Message]]] = {
    "protocol": [  # the folder's word is the job list's (`TransferProtocol.shown`)
        ("ftp", "FTP"),
        ("ftps", mc.TX_PROTOCOL_FTPS()),
        ("sftp", mc.TX_PROTOCOL_SFTP()),
        ("folder", mc.TX_PROTOCOL_FOLDER()),
    ],
    "source": [
        ("transactions", mc.TX_SOURCE_TRANSACTIONS()),
        ("folder", mc.TX_SOURCE_CLOSED()),
    ],
    "format": [
        ("", "—"),
        ("bmd-einzelbuchungen", mc.TX_FORMAT_SINGLE()),
        ("bmd-verdichtet", mc.TX_FORMAT_AGGREGATED()),
    ],
    "interval": [
        ("hourly", mc.TX_INTERVAL_HOURLY()),
        ("minutes", mc.TX_INTERVAL_MINUTES()),
        ("daily", mc.TX_INTERVAL_DAILY()),
        ("weekly", mc.TX_INTERVAL_WEEKLY()),
        ("monthly", mc.TX_INTERVAL_MONTHLY()),
    ],
    "weekdays": list(WEEKDAYS),
    "language": [("", mc.TX_MAIL_LANGUAGE_DE()), ("en", mc.TX_MAIL_LANGUAGE_EN())],  # empty is German
}
# the mail a run sent, as the run history names it (a mail that could not be sent says why instead)
_MAILS: dict[str, Code] = {
    MailKind.FAILURE: mc.TX_MAIL_KIND_FAILURE,
    MailKind.REMINDER: mc.TX_MAIL_KIND_REMINDER,
    MailKind.ALL_CLEAR: mc.TX_MAIL_KIND_ALL_CLEAR,
}
STEPS = ("Anmelden", "Schreiben", "Zurücklesen", "Löschen")
# the models whose fields the dialog shows, by the name the template reads their labels under
_LABELLED: dict[str, type[BaseModel]] = {
    "job": JobFile,
    "scope": ScopeSection,
    "source": SourceSection,
    "target": TargetSection,
    "execution": ExecutionSection,
    "schedule": ScheduleSection,
    "mail": MailSection,
}


def failure_lines(text: str) -> dict[str, Any]:
    """A run's failure as its head (``error``) and one entry per problem below it (``problems``:
    ``file:line:field: …`` and the count of those not kept), for the history's list and the result
    of "Jetzt ausführen"."""
    head, *problems = text.splitlines() or [""]
    return {"error": head, "problems": [line.strip() for line in problems if line.strip()]}


def run_mail(run: RunRecord, lang: str) -> str:
    """The mail ``run`` sent (Fehler-Mail, Erinnerung, Entwarnung), why none could be sent, or none."""
    kind = _MAILS.get(run.mail)
    if kind is not None:
        return kind().text(lang)
    return run.mail_in(lang) or mc.TX_MAIL_KIND_NONE().text(lang)


def _runs_view(req: Req, name: str) -> dict[str, Any]:
    """The next five runs (local time with UTC offset) and the run history of job ``name``."""
    clock = req.office.clock
    with req.office.transfer() as svc:
        job, created = load_job(svc.store, svc.box, name, clock)
        state = svc.store.state(name)
        coming = coming_runs(job, created, state.last_slot, now=clock.now(), tz=clock.tz, count=5)
        records = RunJournal(svc.store).runs(name, 20)
        enabled = svc.store.is_enabled(name)
    history = [
        {
            "started": r.started_at.astimezone(clock.tz),
            "status": r.status_in(PAGE),
            "ok": r.status == "delivered",
            **failure_lines(r.error_in(PAGE)),
            "note": r.note,
            "mail": run_mail(r, PAGE),
            "files": r.files,
        }
        for r in records
    ]
    upcoming = [
        {
            "day": messages.short_day(slot, PAGE),
            "time": f"{slot:%H:%M}",
            "offset": f"UTC{messages.utc_offset(slot)}",
        }
        for slot in coming
    ]
    return {"coming": upcoming, "history": history, "enabled": enabled, "failures": state.failures}


def dialog(
    req: Req, name: str | None, form: Form, stored: set[str], *, status: int = 200, **extra: Any
) -> Response:
    """The dialog for a new job (``name`` None) or for ``name``, with ``extra`` (test result, …)."""
    with req.office.transfer() as svc:
        may_reveal = admins_may_reveal(svc.store)
        office_smtp = load_smtp(svc.store)
    context: dict[str, Any] = {"coming": [], "history": [], "enabled": False, "failures": 0}
    if name is not None:
        context.update(_runs_view(req, name))
    eye = req.user.role is Role.ADMIN and may_reveal
    return render(
        req,
        "buchhaltungsexport_dialog.html",
        status=status,
        form=form,
        name=name,
        stored=stored,
        choices=CHOICES,
        base=BASE,
        eye=eye,
        office_smtp=office_smtp,
        steps=STEPS,
        labels={key: labels(model, PAGE) for key, model in _LABELLED.items()},
        is_admin=req.user.role is Role.ADMIN,
        folder_target=form.value("target.protocol") == TransferProtocol.FOLDER,
        folder_source=is_folder_source(form.value("source.kind")),
        **context,
        **extra,
    )


def stored_dialog(
    req: Req, name: str, *, status: int = 200, errors: dict[str, str] | None = None, **extra: Any
) -> Response:
    """The dialog of job ``name`` as stored (with ``errors`` at their fields, if any)."""
    with req.office.transfer() as svc:
        data, _ = svc.store.job_config(name)
    values, stored = form_from_mapping(data)
    return dialog(req, name, Form(values, errors or {}), stored, status=status, **extra)
