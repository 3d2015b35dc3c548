"""Page 1, "Automatischer Buchhaltungsexport" (seed 001): the list of jobs, and creating and editing one.

The jobs are the ones ``syncsystem transfer`` keeps (same state directory, same `parse_job`
validation, saving=True as ``transfer add`` does): the form is turned into a job mapping
(`jobform.mapping_from_form`), validated, and stored in one transaction — or, with any problem,
shown again with each message at its field and nothing saved. The dialog's buttons are in
`pages.buchhaltungsexport_aktionen`.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from syncsystem.errors import StoreError
from syncsystem.messages import codes as mc
from syncsystem.office.accounts import Role
from syncsystem.office.exportdialog import BASE, dialog, stored_dialog
from syncsystem.office.jobform import field_errors, mapping_from_form
from syncsystem.office.web import PAGE, Form, NavEntry, Req, page_route, render, see_other
from syncsystem.schedule.recurrence import describe
from syncsystem.transfer.config import JobConfigError, TransferProtocol, parse_job, to_mapping
from syncsystem.transfer.jobs import load_job
from syncsystem.transfer.slots import coming_runs

__all__ = ["NAV", "NOTICES", "routes"]

NAV = NavEntry("Automatischer Buchhaltungsexport", BASE, Role.USER, order=10)
NOTICES = {"saved": mc.OFFICE_JOB_SAVED()}
NEW_DEFAULTS: dict[str, Any] = {
    "scope.serverside": ["on"],
    "source.kind": "transactions",
    "target.protocol": "sftp",
    "execution.format": "bmd-einzelbuchungen",
    "schedule.interval": "daily",
    "schedule.at": "06:00",
    "mail.reminder_after": "3",
}


def _rows(req: Req, workplace_only: bool) -> list[dict[str, Any]]:
    rows = []
    clock = req.office.clock
    with req.office.transfer() as svc:
        for name in svc.store.job_names():
            job, created = load_job(svc.store, svc.box, name, clock)
            if workplace_only and not job.scope.workstation:
                continue
            state = svc.store.state(name)
            t = job.target
            rows.append(
                {
                    "name": name,
                    "enabled": svc.store.is_enabled(name),
                    "filiale": job.scope.filiale or "alle",
                    "workstation": job.scope.workstation or "serverseitig",
                    "protocol": t.protocol.shown(),  # worded in German: the request speaks it
                    "target": t.directory if t.protocol is TransferProtocol.FOLDER else t.host,
                    "schedule": describe(job.schedule),
                    "next": coming_runs(job, created, state.last_slot, now=clock.now(), tz=clock.tz, count=1)[
                        0
                    ],
                    "failures": state.failures,
                }
            )
    return rows


def _list(req: Req) -> Response:
    workplace_only = req.request.query_params.get("arbeitsplatz") == "1"
    return render(
        req,
        "buchhaltungsexport_liste.html",
        jobs=_rows(req, workplace_only),
        workplace_only=workplace_only,
        base=BASE,
    )


def _new(req: Req) -> Response:
    return dialog(req, None, Form(dict(NEW_DEFAULTS)), set())


def _store(req: Req, name: str | None) -> Response:
    """Validate the submitted dialog and save it whole, or show it again with every problem at its field."""
    creating = name is None
    job_name = req.field("name") if creating else str(name)
    stored: dict[str, Any] | None = None
    with req.office.transfer() as svc:
        if not creating:
            stored, _ = svc.store.job_config(job_name)
        mapping, own = mapping_from_form(req.form, job_name, stored)
        problems: list[Any] = []
        try:
            job = parse_job(mapping, svc.box.seal, req.office.clock.tz, origin="formular", saving=True)
        except JobConfigError as exc:
            problems = list(exc.problems)
        errors = field_errors(problems, own)
        if not errors:
            try:
                svc.store.add_job(job.name, to_mapping(job), req.office.clock.now(), replace=not creating)
            except StoreError:
                errors = {"name": mc.OFFICE_NAME_TAKEN(name=job_name).text(PAGE)}
    if errors:
        values = {k: v if len(v) > 1 or k == "schedule.days" else v[0] for k, v in req.form.items()}
        kept = {
            k
            for k in ("target.password", "target.key", "mail.smtp_password")
            if stored and (stored.get(k.split(".")[0]) or {}).get(k.split(".")[1])
        }
        typed = {s for s in ("target.password", "target.key", "mail.smtp_password") if req.field(s)}
        for secret in ("target.password", "target.key", "mail.smtp_password"):
            values.pop(secret, None)  # never sent back to the browser: the field says so
        return dialog(req, name, Form(values, errors), kept, status=400, not_sent=typed)
    return see_other(f"{BASE}/{job_name}", "saved")


def _create(req: Req) -> Response:
    return _store(req, None)


def _show(req: Req) -> Response:
    return stored_dialog(req, req.params["name"])


def _save(req: Req) -> Response:
    return _store(req, req.params["name"])


routes = [
    page_route(BASE, _list, Role.USER),
    page_route(f"{BASE}/neu", _new, Role.USER),
    page_route(f"{BASE}/neu", _create, Role.USER, methods=["POST"]),
    page_route(BASE + "/{name}", _show, Role.USER),
    page_route(BASE + "/{name}", _save, Role.USER, methods=["POST"]),
]
