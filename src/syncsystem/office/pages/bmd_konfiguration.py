"""Page 3, "BMD-Konfiguration" (seed 003): account mapping, Buchsymbol per account type, field sources,
cost centres; an export for a month, a day or a period with single and aggregated files and the
person accounts; the history "Vorherige BMD-Importe".

The configuration is the file ``interfaces export --config`` reads, changed only through
`interfaces.bmd_config` (checked whole by the exporter's own reader, written atomically); exports
are `interfaces.range_export` — what ``syncsystem interfaces export-range`` runs. Roles: a Benutzer
sees the configuration, exports and downloads; changing the configuration is the Administrator's.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from starlette.responses import Response

from syncsystem.errors import DataError, StoreError, UsageError
from syncsystem.interfaces.bmd_config import read_doc, remove_account, set_account, set_fields, wants_persons
from syncsystem.interfaces.export_formats import AccountType, Source
from syncsystem.interfaces.picklists import PickList, read_picklist
from syncsystem.interfaces.range_export import export_history, export_range, period_range
from syncsystem.messages import codes as mc
from syncsystem.office.accounts import Role
from syncsystem.office.pages._forms import download, field_errors, german, problem_lines
from syncsystem.office.pages._places import Places, load_places
from syncsystem.office.web import PAGE, Form, NavEntry, Req, page_route, render, see_other

__all__ = ["NAV", "NOTICES", "routes"]

BASE = "/bmd-konfiguration"
NAV = NavEntry("BMD-Konfiguration", BASE, Role.USER, order=30)
NOTICES = {
    "bmd_konto": mc.OFFICE_BMD_ACCOUNT_SAVED(),
    "bmd_entfernt": mc.OFFICE_BMD_ACCOUNT_REMOVED(),
    "bmd_felder": mc.OFFICE_BMD_FIELDS_SAVED(),
    "bmd_export": mc.OFFICE_BMD_EXPORTED(),
}
_TYPE_LABELS = (
    "Erlöse",
    "Forderungen",
    "Firmen (Personenkonten)",
    "Zahlungen",
    "Verbindlichkeiten",
    "Sonstige",
)
_SOURCE_LABELS = (
    "leer",
    "Belegnummer",
    "Reservierungsnummer",
    "PSP-Nummer",
    "Rechnungsnummer",
    "Leistungstext",
)
TYPES = [(t.value, label) for t, label in zip(AccountType, _TYPE_LABELS, strict=True)]
SOURCES = [(s.value, label) for s, label in zip(Source, _SOURCE_LABELS, strict=True)]
PERIODS = [("month", "Monat"), ("day", "Tag"), ("custom", "Zeitraum")]
_NAME = re.compile(r"^\d{8}_\d{6}_\d{8}_\d{8}$")
_FILES = ("Personenkonten.csv", "Buchungen.csv", "Buchungen_verdichtet.csv", "export.json")


def _stored(doc: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {f"symbol_{k}": v for k, v in dict(doc.get("buchsymbole", {})).items()}
    values.update(
        belegnr=doc.get("belegnr", "belegnr"),
        text=doc.get("text", "service"),
        extbelegnr=doc.get("extbelegnr", "invoice"),
        aggregate_belegnr=doc.get("aggregate_belegnr", "Apaleo"),
        persons="on" if wants_persons(doc) else "",
        type="revenue",
        period="month",
    )
    return values


def _page(
    req: Req,
    places: Places,
    *,
    form: Form | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> Response:
    problems = list(problems or [])
    try:
        doc = read_doc(places.bmd_config)
    except (DataError, UsageError) as exc:
        doc, problems = (
            {},
            [*problems, german(exc), *(problem_lines(exc.problems) if isinstance(exc, DataError) else [])],
        )
    stored = _stored(doc)
    form = Form({**stored, **(form.values if form else {})}, form.errors if form else {})
    try:
        centres = read_picklist(places.export_path, PickList.COSTCENTRES)
    except DataError:
        centres = []
    return render(
        req,
        "bmd_konfiguration.html",
        status=status,
        base=BASE,
        form=form,
        places=places,
        admin=req.user.role is Role.ADMIN,
        accounts=dict(doc.get("accounts", {})),
        companies=dict(doc.get("companies", {})),
        types=TYPES,
        type_names=dict(TYPES),
        sources=SOURCES,
        periods=PERIODS,
        centres=centres,
        history=export_history(places.exports_dir),
        problems=problems,
    )


def _show(req: Req) -> Response:
    return _page(req, load_places(req.office))


def _submitted(req: Req) -> dict[str, str]:
    return {k: v[0] for k, v in req.form.items() if k != "csrf"}


def _account(req: Req) -> Response:
    places = load_places(req.office)
    values = _submitted(req)
    centres = {i.number for i in read_picklist(places.export_path, PickList.COSTCENTRES)}
    try:
        set_account(places.bmd_config, values, centres)
    except DataError as exc:
        return _page(req, places, form=Form(values, field_errors(exc.problems)), status=400)
    return see_other(BASE, "bmd_konto")


def _remove(req: Req) -> Response:
    remove_account(load_places(req.office).bmd_config, req.field("source"))
    return see_other(BASE, "bmd_entfernt")


def _fields(req: Req) -> Response:
    places = load_places(req.office)
    values = _submitted(req)
    try:
        set_fields(places.bmd_config, values)
    except DataError as exc:
        return _page(req, places, form=Form(values, field_errors(exc.problems)), status=400)
    return see_other(BASE, "bmd_felder")


_PERIOD_FIELDS = {"month": ("month",), "day": ("day",), "custom": ("start", "end")}


def _period(values: dict[str, str]) -> tuple[date, date] | dict[str, str]:
    """The chosen period, or its problems by field: an empty one is required, a bad one named in
    the page's words (Monat, Tag, Zeitraum), not by the form's internal names."""
    kind = values.get("period", "")
    fields = _PERIOD_FIELDS.get(kind, ("period",))
    empty = {f: mc.PG_REQUIRED().text(PAGE) for f in fields if not values.get(f, "").strip()}
    if empty:
        return empty
    try:
        return period_range(kind, values[fields[0]], values.get("end", ""))
    except UsageError as exc:
        wrong = exc.message
        if wrong is not None and wrong.code == mc.PG_PERIOD.name:
            said = mc.PG_PERIOD(kind=dict(PERIODS)[kind], value=wrong.value_map()["value"])
            return {fields[0]: said.text(PAGE)}
        return {fields[0]: german(exc)}


def _export(req: Req) -> Response:
    places = load_places(req.office)
    values = _submitted(req)
    period = _period(values)
    if isinstance(period, dict):
        return _page(req, places, form=Form(values, period), status=400)
    start, end = period
    try:
        export_range(
            places.bmd_config,
            places.transactions_dir,
            places.exports_dir,
            start=start,
            end=end,
            now=req.office.clock.now(),
            mandant=values.get("mandant", ""),
        )
    except DataError as exc:
        return _page(req, places, form=Form(values), problems=problem_lines(exc.problems), status=400)
    return see_other(BASE, "bmd_export")


def _file(req: Req) -> Response:
    folder, name = str(req.params["ordner"]), str(req.params["datei"])
    path = load_places(req.office).exports_dir / folder / name
    if not _NAME.match(folder) or name not in _FILES or not path.is_file():
        raise StoreError(mc.OFFICE_BMD_NO_FILE(file=f"{folder}/{name}"))
    return download(path)


routes = [
    page_route(BASE, _show, Role.USER),
    page_route(f"{BASE}/konto", _account, Role.ADMIN, methods=("POST",)),
    page_route(f"{BASE}/konto-entfernen", _remove, Role.ADMIN, methods=("POST",)),
    page_route(f"{BASE}/felder", _fields, Role.ADMIN, methods=("POST",)),
    page_route(f"{BASE}/export", _export, Role.USER, methods=("POST",)),
    page_route(f"{BASE}/export/{{ordner}}/{{datei}}", _file, Role.USER),
]
