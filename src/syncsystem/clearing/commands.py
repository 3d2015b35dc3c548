"""`syncsystem clearing …`: import Auszifferungslisten exactly once, and show invoices' paid status.

Exit codes: 0 every row found its invoice; 1 rows were left for a person (unknown or ambiguous
invoices) or the input was refused; 2 usage or database errors. ``import`` shows a progress bar on
a terminal, lists at most 20 problems or unresolved rows (all with ``--all``) and sums up the
invoices now paid (each one with ``--verbose``). ``invoices`` prints a table with a
header, numbers in natural order and amounts as Austrians write them (1.234,56);
``unattached`` lists payments whose invoice is not known (exit 1 if any).
"""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from syncsystem.capping import DEFAULT_LIMIT, cap, german_count
from syncsystem.clearing.importer import ImportReport, import_files
from syncsystem.clearing.queries import STATUSES, invoice_rows, natural_key  # noqa: F401 - natural_key: public here
from syncsystem.clearing.store import ClearingStore, InvoiceKey, default_url
from syncsystem.errors import EXIT_OK, EXIT_PROBLEMS, DataError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.progress import progress_bar
from syncsystem.runtime import Runtime

__all__ = ["register"]


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    imp = sub.add_parser(
        "import",
        help=str(mc.CLI_HELP_CLEARING_IMPORT()),
        description=(str(mc.CLI_HELP_CLEARING_IMPORT_DESCRIPTION())),
    )
    imp.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help=str(mc.CLI_HELP_CLEARING_IMPORT_FILES()),
    )
    _db_option(imp)
    imp.add_argument("--mandant", help=str(mc.CLI_HELP_CLEARING_IMPORT_MANDANT()))
    imp.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_CLEARING_IMPORT_JSON()))
    imp.add_argument("--all", action="store_true", help=str(mc.CLI_HELP_CLEARING_IMPORT_ALL()))
    imp.add_argument("-v", "--verbose", action="store_true", help=str(mc.CLI_HELP_CLEARING_IMPORT_VERBOSE()))
    imp.set_defaults(handler=_import)

    inv = sub.add_parser("invoices", help=str(mc.CLI_HELP_CLEARING_INVOICES()))
    _db_option(inv)
    inv.add_argument("--mandant", help=str(mc.CLI_HELP_CLEARING_MANDANT()))
    inv.add_argument("--konto", type=int, help=str(mc.CLI_HELP_CLEARING_INVOICES_KONTO()))
    inv.add_argument("--status", choices=STATUSES, help=str(mc.CLI_HELP_CLEARING_INVOICES_STATUS()))
    inv.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_CLEARING_JSON()))
    inv.set_defaults(handler=_invoices)

    una = sub.add_parser(
        "unattached",
        help=str(mc.CLI_HELP_CLEARING_UNATTACHED()),
    )
    _db_option(una)
    una.add_argument("--mandant", help=str(mc.CLI_HELP_CLEARING_MANDANT()))
    una.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_CLEARING_JSON()))
    una.set_defaults(handler=_unattached)


def _db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="URL",
        help=str(mc.CLI_HELP_CLEARING_DB()),
    )


def _text(report: ImportReport, *, verbose: bool = False, show_all: bool = False) -> str:
    out = [
        mc.CLEARING_SUM_FILES(count=len(report.files)),
        mc.CLEARING_SUM_CREATED(count=report.created),
        mc.CLEARING_SUM_PRESENT(count=report.already_present),
        mc.CLEARING_SUM_AMBIGUOUS(count=len(report.ambiguous)),
        mc.CLEARING_SUM_UNKNOWN(count=len(report.unknown)),
        mc.CLEARING_SUM_NOW_PAID(count=len(report.now_paid)),
    ]
    if report.invoices_registered:
        out.insert(1, mc.CLEARING_SUM_REGISTERED(count=report.invoices_registered))
    lines = [str(m) for m in out]
    if verbose:
        lines += [f"  {mc.CLEARING_PAID(mandant=m, konto=k, number=n)}" for m, k, n in report.now_paid]
    elif report.now_paid:
        lines.append(f"  {mc.CLEARING_PAID_SUMMARY(per_mandant=_paid_summary(report.now_paid))}")
    unresolved = [
        f"  {u}" + (f" ({', '.join(u.mandanten)})" if len(u.mandanten) > 1 else "") for u in report.ambiguous
    ] + [f"  {u}" for u in report.unknown]
    lines += cap(unresolved, show_all=show_all, noun="lines")
    return "\n".join(lines)


def _paid_summary(keys: tuple[InvoiceKey, ...]) -> tuple[Message, ...]:
    """``Mandant 1001: 3, Mandant 1002: 1``: how many invoices became paid, per Mandant."""
    per: dict[str, int] = {}
    for mandant, _konto, _number in keys:
        per[str(mandant)] = per.get(str(mandant), 0) + 1
    return tuple(mc.CLEARING_PAID_MANDANT(mandant=m, count=german_count(n)) for m, n in sorted(per.items()))


def _notices(store: ClearingStore, runtime: Runtime) -> None:
    """What migrating the store found on this open (e.g. payments the old key misattached)."""
    for notice in store.notices:
        runtime.warn(f"clearing store migrated: {notice}")  # the finding is the migration's English


def _import(args: Any, runtime: Runtime) -> int:
    url = args.db or default_url(runtime.cwd, runtime.environ)
    paths = [p if p.is_absolute() else runtime.cwd / p for p in args.files]
    with ClearingStore.open(url) as store:
        _notices(store, runtime)
        try:
            with progress_bar(args, runtime.stderr, str(mc.CLEARING_IMPORTING())) as bar:
                # the problems beyond the first 20 are counted, not kept, unless all are shown
                report = import_files(
                    store,
                    paths,
                    mandant=args.mandant,
                    progress=bar,
                    keep=None if args.all or args.json else DEFAULT_LIMIT,
                )
        except DataError as exc:
            head = str(exc).splitlines()[0]
            runtime.emit(args.json, {"error": head, "problems": [p.as_dict() for p in exc.problems]}, "")
            runtime.warn("\n".join([head, *cap(exc.problems, show_all=args.all, total=exc.total)]))
            return EXIT_PROBLEMS
    # the JSON form of every invoice paid now is built only when it is printed (250,000 dicts: ~60 MB)
    runtime.emit(
        args.json,
        report.as_dict() if args.json else None,
        _text(report, verbose=args.verbose, show_all=args.all),
    )
    return EXIT_OK if report.clean else EXIT_PROBLEMS


def austrian(amount: Decimal) -> str:
    """``Decimal("-1234.5")`` → ``-1.234,50`` (thousands point, decimal comma)."""
    return f"{amount:,.2f}".replace(",", "\0").replace(".", ",").replace("\0", ".")


_HEADER = ("Mandant", "Konto", "Rechnungsnr", "Datum", "Betrag", "Bezahlt", "Status", "Bezahlt am")


def _invoices(args: Any, runtime: Runtime) -> int:
    url = args.db or default_url(runtime.cwd, runtime.environ)
    with ClearingStore.open(url) as store:
        _notices(store, runtime)
        rows = invoice_rows(store, mandant=args.mandant, konto=args.konto, status=args.status)
    runtime.emit(args.json, rows, lambda: _invoice_table(rows))
    return EXIT_OK


def _invoice_table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return str(mc.CLEARING_NO_INVOICES())
    cells = [_HEADER] + [
        (
            r["mandant"],
            str(r["konto"]),
            r["rechnungsnr"],
            _day(r["datum"]),
            austrian(Decimal(r["betrag"])),
            austrian(Decimal(r["bezahlt"])),
            r["status"],
            _day(r["paid_on"]) if r["paid_on"] else "",
        )
        for r in rows
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(len(_HEADER))]
    right = {4, 5}  # amounts align right
    lines = []
    for row in cells:
        padded = (
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines)


def _day(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d.%m.%Y")


def _unattached(args: Any, runtime: Runtime) -> int:
    url = args.db or default_url(runtime.cwd, runtime.environ)
    with ClearingStore.open(url) as store:
        _notices(store, runtime)
        rows = store.unattached()
    if args.mandant:
        rows = [r for r in rows if r["mandant"] == args.mandant]
    runtime.emit(
        args.json,
        rows,
        lambda: (
            "\n".join(
                f"{r['mandant']} {r['konto']} {r['rechnungsnr']} {_day(r['datum'])} "
                f"{austrian(Decimal(r['betrag_cents']).scaleb(-2))} {r['zahlungsbelegnr']}"
                + (f" — {r['message']}" if r["message"] else "")
                for r in rows
            )
            or str(mc.CLEARING_NO_UNATTACHED())
        ),
    )
    return EXIT_OK if not rows else EXIT_PROBLEMS
