"""Kanzlei-Einstellungen (administrators): the office's SMTP server and the password-view option.

The same values as ``syncsystem office smtp`` and ``syncsystem office options`` (the ``options``
table of ``transfer.sqlite``): jobs without a server of their own mail through this one. The SMTP
password is stored sealed; left empty it keeps the stored one. The SMTP fields' labels and hints are
the catalogue's words, named by `SmtpSection` (``labels`` in the template).
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from syncsystem.declared import labels
from syncsystem.errors import Problem
from syncsystem.messages import codes as mc
from syncsystem.messages import render as wording
from syncsystem.office.accounts import Role
from syncsystem.office.web import PAGE, Form, NavEntry, Req, page_route, render, see_other
from syncsystem.transfer.config import JobConfigError
from syncsystem.transfer.office_options import (
    SmtpSection,
    admins_may_reveal,
    load_smtp,
    parse_smtp,
    save_smtp,
    set_admins_may_reveal,
)

__all__ = ["NAV", "NOTICES", "routes"]

BASE = "/einstellungen"
NAV = NavEntry("Kanzlei-Einstellungen", BASE, Role.ADMIN, order=90)
NOTICES = {"settings_saved": mc.OFFICE_SETTINGS_SAVED()}


def _page(
    req: Req, form: Form, *, stored_password: bool, status: int = 200, not_sent: bool = False
) -> Response:
    return render(
        req,
        "einstellungen.html",
        form=form,
        stored_password=stored_password,
        base=BASE,
        status=status,
        not_sent=not_sent,
        labels=labels(SmtpSection, PAGE),
    )


def _show(req: Req) -> Response:
    with req.office.transfer() as svc:
        smtp, reveal = load_smtp(svc.store), admins_may_reveal(svc.store)
    values: dict[str, Any] = {
        "admins_may_reveal": ["on"] if reveal else [],
        "smtp.port": "587",
        "smtp.starttls": ["on"],
    }
    if smtp is not None:
        values.update(
            {
                "smtp.host": smtp.host,
                "smtp.port": str(smtp.port),
                "smtp.user": smtp.user,
                "smtp.sender": smtp.sender,
                "smtp.starttls": ["on"] if smtp.starttls else [],
                "smtp.ca_file": smtp.ca_file or "",
            }
        )
    return _page(req, Form(values), stored_password=bool(smtp and smtp.password))


def _errors(problems: tuple[Problem, ...]) -> dict[str, str]:
    return {p.field: wording(p.code, p.value_map, PAGE) for p in problems}


def _save(req: Req) -> Response:
    """Save both settings together, or neither: an SMTP problem is shown at its field."""
    with req.office.transfer() as svc:
        current = load_smtp(svc.store)
        smtp = None
        if req.field("smtp.host") or req.field("smtp.user"):
            data = {k: req.field(f"smtp.{k}") for k in ("host", "port", "user", "sender", "ca_file")}
            password = (req.form.get("smtp.password") or [""])[0]
            data_any: dict[str, Any] = {
                **data,
                "starttls": req.field("smtp.starttls") == "on",
                "password": password or (current.password if current else None),
            }
            try:
                smtp = parse_smtp(data_any, svc.box.seal, origin="einstellungen")
            except JobConfigError as exc:
                values = {k: v[0] if len(v) == 1 else v for k, v in req.form.items()}
                values.pop("smtp.password", None)
                return _page(
                    req,
                    Form(values, _errors(exc.problems)),
                    not_sent=bool(password),
                    stored_password=bool(current and current.password),
                    status=400,
                )
        save_smtp(svc.store, smtp)
        set_admins_may_reveal(svc.store, req.field("admins_may_reveal") == "on")
    return see_other(BASE, "settings_saved")


routes = [
    page_route(BASE, _show, Role.ADMIN),
    page_route(BASE, _save, Role.ADMIN, methods=["POST"]),
]
