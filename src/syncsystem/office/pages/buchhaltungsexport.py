"""Page 1, "Automatischer Buchhaltungsexport" (seed 001): the transfer jobs, their dialog and actions.

The jobs are the ones ``syncsystem transfer`` keeps (same state directory, same `parse_job`
validation); the form's fields are named as the job file spells them (``target.host``), so a
problem of `parse_job` lands at its field (`syncsystem.office.jobform.field_errors`).
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from syncsystem.office.accounts import Role
from syncsystem.office.web import NavEntry, Req, page_route, render
from syncsystem.schedule.recurrence import describe, occurrences
from syncsystem.transfer.config import TransferProtocol
from syncsystem.transfer.jobs import load_job

__all__ = ["NAV", "NOTICES", "routes"]

BASE = "/buchhaltungsexport"
NAV = NavEntry("Automatischer Buchhaltungsexport", BASE, Role.USER, order=10)
NOTICES: dict[str, str] = {}

PROTOCOLS = {"ftp": "FTP", "ftps": "FTPS", "sftp": "SFTP", "folder": "Ordner"}


def _rows(req: Req, workplace_only: bool) -> list[dict[str, Any]]:
    rows = []
    clock = req.office.clock
    with req.office.transfer() as svc:
        for name in svc.store.job_names():
            job, created = load_job(svc.store, svc.box, name, clock)
            if workplace_only and not job.scope.workstation:
                continue
            after = max(clock.now(), job.scope.start or created)
            t = job.target
            rows.append(
                {
                    "name": name,
                    "enabled": svc.store.is_enabled(name),
                    "filiale": job.scope.filiale or "alle",
                    "workstation": job.scope.workstation or "serverseitig",
                    "protocol": PROTOCOLS[t.protocol.value],
                    "target": t.directory if t.protocol is TransferProtocol.FOLDER else t.host,
                    "schedule": describe(job.schedule),
                    "next": next(occurrences(job.schedule, after, clock.tz)),
                    "failures": svc.store.state(name).failures,
                }
            )
    return rows


def _list(req: Req) -> Response:
    workplace_only = req.request.query_params.get("arbeitsplatz") == "1"
    return render(req, "buchhaltungsexport_liste.html", jobs=_rows(req, workplace_only),
                  workplace_only=workplace_only, base=BASE)


routes = [
    page_route(BASE, _list, Role.USER),
]
