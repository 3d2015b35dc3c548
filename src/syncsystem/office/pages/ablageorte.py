"""Ablageorte (Administrator): where the pages Debitoren, BMD-Konfiguration, Zahlungsabgleich and
Agent find the files, the database and the agent profile the CLI works on (see `_places`)."""

from __future__ import annotations

from dataclasses import asdict

from starlette.responses import Response

from syncsystem.messages import codes as mc
from syncsystem.office.accounts import Role
from syncsystem.office.pages._places import LABELS, check_places, load_places, save_places
from syncsystem.office.web import Form, NavEntry, Req, page_route, render, see_other

__all__ = ["NAV", "NOTICES", "routes"]

BASE = "/ablageorte"
NAV = NavEntry("Ablageorte", BASE, Role.ADMIN, order=90)
NOTICES = {"ablage_gespeichert": mc.OFFICE_PLACES_SAVED()}


def _page(req: Req, form: Form, status: int = 200) -> Response:
    return render(req, "ablageorte.html", status=status, form=form, labels=LABELS, base=BASE)


def _show(req: Req) -> Response:
    values = {k: str(v) for k, v in asdict(load_places(req.office)).items()}
    return _page(req, Form(values))


def _save(req: Req) -> Response:
    values = {name: req.field(name) for name in LABELS}
    errors = check_places(values)
    if errors:
        return _page(req, Form(values, errors), 400)
    save_places(req.office, values)
    return see_other(BASE, "ablage_gespeichert")


routes = [
    page_route(BASE, _show, Role.ADMIN),
    page_route(BASE, _save, Role.ADMIN, methods=("POST",)),
]
