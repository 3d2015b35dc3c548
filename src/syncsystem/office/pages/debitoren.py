"""Page 2, "Debitoren-Schnittstelle" (seed 002): settings, debtor roles, working files, closing, pick lists.

Everything works on the export folder the CLI's ``interfaces --dir`` names (`_places`): the settings
through `interfaces.settings_form` (checked whole, saved whole, under the folder lock), closing
through `interfaces.closing` — the same functions ``syncsystem interfaces …`` calls. Roles:
a Benutzer sees everything and closes the booking files (daily work); settings, debtor roles, the
export path and the re-sync of the next customer number are the Administrator's.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from starlette.responses import Response

from syncsystem.declared import labels
from syncsystem.errors import DataError, StoreError
from syncsystem.interfaces.callback import (
    Callback,
    CallbackError,
    callback_errors,
    deliver_pending,
    load_callback,
    pending,
    save_callback,
)
from syncsystem.interfaces.closing import close_working_files
from syncsystem.interfaces.debtors import WRITEBACK_FILE, resync_next_customer
from syncsystem.interfaces.overview import closed_set_views, working_tables
from syncsystem.interfaces.picklists import PickList, read_customers, read_picklist
from syncsystem.interfaces.settings import load_settings
from syncsystem.interfaces.settings_form import apply_settings_form, form_values
from syncsystem.interfaces.settings_model import InterfaceSettingsFile
from syncsystem.messages import codes as mc
from syncsystem.office.accounts import Role
from syncsystem.office.pages._forms import download, field_errors, german, problem_lines
from syncsystem.office.pages._places import export_path_errors, load_places
from syncsystem.office.web import PAGE, Form, NavEntry, Req, page_route, render, see_other

__all__ = ["NAV", "NOTICES", "routes"]

BASE = "/debitoren"
NAV = NavEntry("Debitoren-Schnittstelle", BASE, Role.USER, order=20)
NOTICES = {
    "deb_gespeichert": mc.OFFICE_SETTINGS_SAVED(),
    "deb_abgeschlossen": mc.OFFICE_DEB_CLOSED(),
    "deb_nichts": mc.OFFICE_DEB_NOTHING(),
    "deb_abgeglichen": mc.OFFICE_DEB_RESYNCED(),
    "deb_callback": mc.OFFICE_DEB_CALLBACK_SAVED(),
    "deb_gesendet": mc.OFFICE_DEB_CALLBACK_SENT(),
}
_FILE = re.compile(
    r"^(\d{8}_\d{4}_)?(Stammdaten|Buchungen_[A-Za-z0-9-]+|Abschluss)\.(csv|json)$|^Kundennummern\.csv$"
)


def _picklists(folder: Path) -> tuple[dict[str, Any], str]:
    try:
        return {
            "customers": read_customers(folder),
            "accounts": read_picklist(folder, PickList.ACCOUNTS),
            "costcentres": read_picklist(folder, PickList.COSTCENTRES),
        }, ""
    except DataError as exc:
        return {"customers": [], "accounts": [], "costcentres": []}, "; ".join(
            [german(exc), *problem_lines(exc.problems)]
        )


def _writeback(folder: Path) -> list[list[str]]:
    path = folder / WRITEBACK_FILE
    if not path.exists():
        return []
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8")), delimiter=";"))[1:]


def _page(
    req: Req,
    form: Form | None = None,
    status: int = 200,
    *,
    callback_form: Form | None = None,
    callback_error: str = "",
) -> Response:
    folder = load_places(req.office).export_path
    if form is None:
        form = Form({**form_values(load_settings(folder)), "export_path": str(folder)})
    callback = load_callback(folder)
    if callback_form is None:
        callback_form = Form(
            {
                "callback_url": callback.url if callback else "",
                "callback_ca_file": callback.ca_file if callback else "",
            }
        )
    lists, list_error = _picklists(folder)
    return render(
        req,
        "debitoren.html",
        status=status,
        base=BASE,
        form=form,
        admin=req.user.role is Role.ADMIN,
        callback=callback,
        callback_form=callback_form,
        callback_error=callback_error,
        queued=sum(len(b["rows"]) for b in pending(folder)),
        tables=working_tables(folder),
        closed=closed_set_views(folder),
        writeback=_writeback(folder),
        writeback_file=(folder / WRITEBACK_FILE).is_file(),  # linked only once there is one to open
        lists=lists,
        list_error=list_error,
        labels=labels(InterfaceSettingsFile, PAGE),
        several=len({m for m, _ in lists["customers"]}) > 1 or any(m for m, _ in lists["customers"]),
    )


def _show(req: Req) -> Response:
    return _page(req)


def _save(req: Req) -> Response:
    """Export path, settings and roles: every field checked, then all saved — or nothing."""
    current = load_places(req.office).export_path
    values = {k: req.field(k) for k in form_values(load_settings(current))}
    values["export_path"] = req.field("export_path")
    errors = export_path_errors(values["export_path"])
    folder = current if errors else Path(values["export_path"])
    try:
        apply_settings_form(folder, values, save=False)
    except DataError as exc:
        errors.update(field_errors(exc.problems))
    if errors:
        return _page(req, Form(values, errors), 400)
    if folder != current:
        with req.office.transfer() as svc:
            svc.store.set_option("ablage.export_path", str(folder))
    apply_settings_form(folder, values)
    return see_other(BASE, "deb_gespeichert")


def _save_callback(req: Req) -> Response:
    """The callback URL (and CA file) of the write-back; empty URL: only ``Kundennummern.csv``."""
    folder = load_places(req.office).export_path
    url, ca_file = req.field("callback_url"), req.field("callback_ca_file")
    errors = {k: german(m) for k, m in callback_errors(url, ca_file).items()} if url else {}
    if errors:
        form = Form({"callback_url": url, "callback_ca_file": ca_file}, errors)
        return _page(req, status=400, callback_form=form)
    save_callback(folder, Callback(url, ca_file) if url else None)
    return see_other(BASE, "deb_callback")


def _send_callback(req: Req) -> Response:
    """Send the queued write-backs again (same idempotency keys); a refusal is shown in German."""
    folder = load_places(req.office).export_path
    callback = load_callback(folder)
    if callback is None:
        return _page(req, status=400, callback_error=mc.OFFICE_DEB_NO_CALLBACK().text(PAGE))
    try:
        deliver_pending(folder, callback)
    except CallbackError as exc:
        return _page(req, status=400, callback_error=german(exc))
    return see_other(BASE, "deb_gesendet")


def _resync(req: Req) -> Response:
    resync_next_customer(load_places(req.office).export_path)
    return see_other(BASE, "deb_abgeglichen")


def _close(req: Req) -> Response:
    closed = close_working_files(load_places(req.office).export_path, req.office.clock.now())
    return see_other(BASE, "deb_abgeschlossen" if closed else "deb_nichts")


def _file(req: Req) -> Response:
    name = str(req.params["datei"])
    path = load_places(req.office).export_path / name
    if not _FILE.match(name) or not path.is_file():
        raise StoreError(mc.OFFICE_DEB_NO_FILE(file=name))
    return download(path)


routes = [
    page_route(BASE, _show, Role.USER),
    page_route(f"{BASE}/einstellungen", _save, Role.ADMIN, methods=("POST",)),
    page_route(f"{BASE}/kundennummer-abgleichen", _resync, Role.ADMIN, methods=("POST",)),
    page_route(f"{BASE}/rueckmeldung", _save_callback, Role.ADMIN, methods=("POST",)),
    page_route(f"{BASE}/rueckmeldung-senden", _send_callback, Role.USER, methods=("POST",)),
    page_route(f"{BASE}/abschliessen", _close, Role.USER, methods=("POST",)),
    page_route(f"{BASE}/datei/{{datei}}", _file, Role.USER),
]
