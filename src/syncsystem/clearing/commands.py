"""`syncsystem clearing …`: import Auszifferungslisten exactly once, and show invoices' paid status.

Exit codes: 0 every row found its invoice; 1 rows were left for a person (unknown or ambiguous
invoice numbers) or the input was refused; 2 usage or database errors.
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from syncsystem.clearing.importer import ImportReport, import_files
from syncsystem.clearing.rules import invoice_status
from syncsystem.clearing.store import ClearingStore, default_url, invoices
from syncsystem.errors import EXIT_OK, EXIT_PROBLEMS, DataError
from syncsystem.runtime import Runtime

__all__ = ["register"]


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    imp = sub.add_parser(
        "import",
        help="import Auszifferungsliste.csv / OP lists; each payment is created exactly once",
        description=(
            "Validate every FILE, then import all of them in one transaction. Each clearing row "
            "becomes one payment attached to its invoice; rows already imported are skipped; "
            "invoice numbers that are unknown or exist in several Mandanten are reported, not "
            "guessed. An OP list (Offene Posten) registers the invoices of --mandant."
        ),
    )
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    _db_option(imp)
    imp.add_argument("--mandant", help="the files come from this Mandant (required for OP lists)")
    imp.add_argument("--json", action="store_true", help="print the report as JSON")
    imp.set_defaults(handler=_import)

    inv = sub.add_parser("invoices", help="list known invoices with their payments and paid status")
    _db_option(inv)
    inv.add_argument("--mandant", help="only this Mandant")
    inv.add_argument("--json", action="store_true", help="print as JSON")
    inv.set_defaults(handler=_invoices)


def _db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="URL",
        help="database URL (sqlite:///file or postgresql+psycopg://…); "
        "default $SYNCSYSTEM_DB or sqlite:///./syncsystem.sqlite",
    )


def _text(report: ImportReport) -> str:
    out = [
        f"files: {len(report.files)}",
        f"payments created: {report.created}",
        f"already present: {report.already_present}",
        f"ambiguous: {len(report.ambiguous)}",
        f"unknown: {len(report.unknown)}",
        f"invoices now paid: {len(report.now_paid)}",
    ]
    if report.invoices_registered:
        out.insert(1, f"invoices registered from OP lists: {report.invoices_registered}")
    out += [f"  paid: {m}/{n}" for m, n in report.now_paid]
    out += [f"  {u.source}:{u.line}: {u.rechnungsnr}: {u.reason} ({', '.join(u.mandanten)})"
            for u in report.ambiguous]
    out += [f"  {u.source}:{u.line}: {u.rechnungsnr}: {u.reason}" for u in report.unknown]
    return "\n".join(out)


def _import(args: Any, runtime: Runtime) -> int:
    url = args.db or default_url(runtime.cwd, runtime.environ)
    paths = [p if p.is_absolute() else runtime.cwd / p for p in args.files]
    with ClearingStore.open(url) as store:
        try:
            report = import_files(store, paths, today=runtime.clock.now().date(), mandant=args.mandant)
        except DataError as exc:
            runtime.emit(
                args.json,
                {"error": "input refused, nothing imported",
                 "problems": [p.as_dict() for p in exc.problems]},
                "",
            )
            runtime.warn(str(exc))
            return EXIT_PROBLEMS
    runtime.emit(args.json, report.as_dict(), _text(report))
    return EXIT_OK if report.clean else EXIT_PROBLEMS


def _invoices(args: Any, runtime: Runtime) -> int:
    url = args.db or default_url(runtime.cwd, runtime.environ)
    with ClearingStore.open(url) as store, store.engine.connect() as conn:
        query = sa.select(invoices).order_by(invoices.c.mandant, invoices.c.rechnungsnr)
        if args.mandant:
            query = query.where(invoices.c.mandant == args.mandant)
        rows = [
            {
                "mandant": r.mandant,
                "rechnungsnr": r.rechnungsnr,
                "konto": r.konto,
                "datum": r.datum.isoformat(),
                "betrag": str(Decimal(r.betrag_cents).scaleb(-2)),
                "bezahlt": str(Decimal(r.paid_cents).scaleb(-2)),
                "status": invoice_status(r.betrag_cents, r.paid_cents).value,
                "paid_on": r.paid_on.isoformat() if r.paid_on else None,
            }
            for r in conn.execute(query)
        ]
    runtime.emit(
        args.json,
        rows,
        lambda: "\n".join(
            f"{r['mandant']:>6} {r['rechnungsnr']:<20} {r['betrag']:>12} {r['bezahlt']:>12} {r['status']}"
            for r in rows
        ) or "no invoices",
    )
    return EXIT_OK
