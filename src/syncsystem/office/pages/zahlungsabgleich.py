"""Page 4, "Zahlungsabgleich": upload Auszifferungslisten (and OP lists), see the result as the CLI
reports it, and the invoices with paid sum, status and paid date, filtered by Mandant, account, status.

Uploads go through `clearing.importer.import_files` exactly as ``syncsystem clearing import`` does
(validated whole first: a bad file refuses the upload with ``datei:zeile:feld``, nothing imported);
the list is `clearing.queries.invoice_rows`, as ``clearing invoices``. The files keep the names they
were sent with, so every message names the file the bookkeeper chose. Both are a Benutzer's work.
"""

from __future__ import annotations

import re
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from starlette.responses import Response

from syncsystem.bmd.unicode_text import is_utf16
from syncsystem.clearing.commands import austrian
from syncsystem.clearing.importer import ImportReport, import_files
from syncsystem.clearing.queries import STATUSES, invoice_rows, mandanten
from syncsystem.clearing.store import ClearingStore
from syncsystem.errors import DataError, Problem
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.numerals import whole
from syncsystem.office.accounts import Role
from syncsystem.office.pages._forms import german, problem_lines
from syncsystem.office.pages._places import load_places
from syncsystem.office.web import PAGE, Form, NavEntry, Req, page_route, render, uploads

__all__ = ["NAV", "NOTICES", "routes"]

BASE = "/zahlungsabgleich"
NAV = NavEntry("Zahlungsabgleich", BASE, Role.USER, order=40)
NOTICES: dict[str, Message] = {}
_SAFE = re.compile(r"[^\w. -]")  # letters of any script (März) stay: messages name the file as chosen


def _filters(req: Req) -> tuple[dict[str, str], dict[str, str]]:
    query = req.request.query_params
    values = {k: query.get(k, "").strip() for k in ("mandant", "konto", "status")}
    errors = {}
    if values["konto"] and whole(values["konto"]) is None:
        errors["konto"] = mc.OFFICE_CLEARING_NOT_KONTO(konto=repr(values["konto"])).text(PAGE)
    if values["status"] and values["status"] not in STATUSES:
        errors["status"] = mc.OFFICE_CLEARING_STATUS(statuses=", ".join(STATUSES)).text(PAGE)
    return values, errors


def _page(
    req: Req,
    *,
    report: dict[str, Any] | None = None,
    problems: list[str] | None = None,
    upload_form: Form | None = None,
    status: int = 200,
) -> Response:
    values, errors = _filters(req)
    with ClearingStore.open(load_places(req.office).clearing_db) as store:
        rows = (
            []
            if errors
            else invoice_rows(
                store,
                mandant=values["mandant"] or None,
                konto=int(values["konto"]) if values["konto"] else None,
                status=values["status"] or None,
            )
        )
        known = mandanten(store)
    for row in rows:
        row["betrag_text"] = austrian(Decimal(row["betrag"]))
        row["bezahlt_text"] = austrian(Decimal(row["bezahlt"]))
    return render(
        req,
        "zahlungsabgleich.html",
        status=400 if errors else status,
        base=BASE,
        filters=Form(values, errors),
        rows=rows,
        mandanten=known,
        statuses=STATUSES,
        report=report,
        problems=problems or [],
        upload=upload_form or Form({"mandant": ""}),
    )


def _show(req: Req) -> Response:
    return _page(req)


def _report(report: ImportReport) -> dict[str, Any]:
    def where(u: Any) -> str:
        return f"{Path(u.source).name}:{u.line}:{u.field}"

    return {
        "files": [Path(f).name for f in report.files],
        "created": report.created,
        "present": report.already_present,
        "registered": report.invoices_registered,
        "ambiguous": [
            {
                "where": where(u),
                "number": u.rechnungsnr,
                "reason": german(u.reason),
                "mandanten": ", ".join(u.mandanten),
            }
            for u in report.ambiguous
        ],
        "unknown": [
            {"where": where(u), "number": u.rechnungsnr, "reason": german(u.reason)} for u in report.unknown
        ],
        "paid": [{"mandant": m, "konto": k, "number": n} for m, k, n in report.now_paid],
        "empty": [mc.OFFICE_CLEARING_NO_ROWS(file=Path(f).name).text(PAGE) for f in report.empty],
    }


def _not_text(files: list[tuple[str, bytes]]) -> str:
    """A German sentence naming the uploaded files that are binary (Excel, ZIP, images), or "".
    UTF-16 text holds NUL bytes too: with a byte-order mark or without (`is_utf16`) it is text."""
    binary = [Path(name).name for name, data in files if b"\x00" in data and not is_utf16(data, None)]
    if not binary:
        return ""
    return mc.OFFICE_CLEARING_BINARY(files=", ".join(binary)).text(PAGE)


def _in_page_words(problem: Problem) -> Problem:
    """The importer's problem, but an OP list without Mandant points to the field, not to ``--mandant``."""
    if problem.code != mc.CLEARING_NO_MANDANT.name:
        return problem
    return Problem.of(problem.file, problem.line, problem.field, mc.OFFICE_CLEARING_OP_NO_MANDANT())


def _upload(req: Req) -> Response:
    files = uploads(req, "dateien")
    mandant = req.field("mandant")
    form = Form({"mandant": mandant})
    if not files:
        form.errors["dateien"] = mc.OFFICE_CLEARING_NO_FILES().text(PAGE)
        return _page(req, upload_form=form, status=400)
    if _not_text(files):
        form.errors["dateien"] = _not_text(files)
        return _page(req, upload_form=form, status=400)
    with tempfile.TemporaryDirectory(prefix="zahlungsabgleich-") as tmp:
        paths = []
        for index, (name, data) in enumerate(files):
            safe = _SAFE.sub("_", Path(name).name) or "datei.csv"
            folder = Path(tmp) / str(index)  # two uploads may share a name: one folder each
            folder.mkdir()
            (folder / safe).write_bytes(data)
            paths.append(folder / safe)
        try:
            with ClearingStore.open(load_places(req.office).clearing_db) as store:
                report = import_files(store, paths, mandant=mandant or None)
        except DataError as exc:
            problems = [_in_page_words(p) for p in exc.problems]
            if any(p.code == mc.CLEARING_NO_MANDANT.name for p in exc.problems):
                form.errors["mandant"] = mc.OFFICE_CLEARING_MANDANT_NEEDED().text(PAGE)
            return _page(req, problems=problem_lines(problems), upload_form=form, status=400)
    return _page(req, report=_report(report), upload_form=form)


routes = [
    page_route(BASE, _show, Role.USER),
    page_route(f"{BASE}/hochladen", _upload, Role.USER, methods=("POST",)),
]
