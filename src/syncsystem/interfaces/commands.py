"""`syncsystem interfaces …`: the debtor file interface and the booking export formats on the CLI.

Designed to be called by a real source system: every command takes its input from files (JSON or
CSV), works in the export folder (``--dir``, default ``$SYNCSYSTEM_EXPORT_PATH`` or the working
directory), prints a short report or ``--json``, and exits 0 on success, 1 when the input was
refused (every problem named ``file:line:field``, nothing written), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from syncsystem import bmd
from syncsystem.clearing.rules import Invoice
from syncsystem.clearing.store import ClearingStore
from syncsystem.errors import EXIT_OK, DataError, Problem, UsageError
from syncsystem.interfaces.closing import close_working_files
from syncsystem.interfaces.commands_callback import register_callback, report_created
from syncsystem.interfaces.commands_office import register_office
from syncsystem.interfaces.debtors import create_debtors, update_debtors
from syncsystem.interfaces.export_formats import aggregated_bookings, person_accounts, single_bookings
from syncsystem.interfaces.export_io import load_config, load_transactions
from syncsystem.interfaces.inputs import debtor_refs, parse_debtors, parse_invoices
from syncsystem.interfaces.model import SourceInvoice
from syncsystem.interfaces.picklists import PickList, read_customers, read_picklist
from syncsystem.interfaces.posting import book_invoices, cancel_invoice
from syncsystem.interfaces.settings import InterfaceSettings, folder_lock, load_settings, save_settings
from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason
from syncsystem.runtime import Runtime

__all__ = ["register"]


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    st = sub.add_parser("settings", help=str(mc.CLI_HELP_INTERFACES_SETTINGS()))
    _common(st)
    st.add_argument("--next-customer", type=int, help=str(mc.CLI_HELP_INTERFACES_SETTINGS_NEXT_CUSTOMER()))
    st.add_argument("--lock-date", help=str(mc.CLI_HELP_INTERFACES_SETTINGS_LOCK_DATE()))
    st.add_argument(
        "--auto-update-debtor",
        choices=("yes", "no"),
        help=str(mc.CLI_HELP_INTERFACES_SETTINGS_AUTO_UPDATE_DEBTOR()),
    )
    st.set_defaults(handler=_settings)

    dsub = _register_debtors(sub)

    pick = sub.add_parser("picklist", help=str(mc.CLI_HELP_INTERFACES_PICKLIST()))
    _common(pick)
    pick.add_argument(
        "which",
        choices=("customers", "accounts", "costcentres"),
        help=str(mc.CLI_HELP_INTERFACES_PICKLIST_WHICH()),
    )
    pick.set_defaults(handler=_picklist)

    _register_export(sub)
    register_office(sub, dsub, _common, _folder)
    register_callback(sub, _common, _folder)


def _register_debtors(sub: Any) -> Any:
    """``debtors`` create, update, book, cancel, close; its sub-parsers (the office commands join them)."""
    deb = sub.add_parser("debtors", help=str(mc.CLI_HELP_INTERFACES_DEBTORS()))
    dsub = deb.add_subparsers(dest="action", metavar="ACTION")
    for action, text, handler in (
        ("create", mc.CLI_HELP_INTERFACES_CREATE, _create),
        ("update", mc.CLI_HELP_INTERFACES_UPDATE, _update),
        ("book", mc.CLI_HELP_INTERFACES_BOOK, _book),
    ):
        p = dsub.add_parser(action, help=str(text()), description=str(text()))
        _common(p)
        p.add_argument(
            "--input",
            type=Path,
            required=True,
            metavar="FILE",
            help=str(mc.CLI_HELP_INTERFACES_INPUT()),
        )
        if action == "book":
            p.add_argument("--mandant", help=str(mc.CLI_HELP_INTERFACES_MANDANT()))
            p.add_argument("--db", metavar="URL", help=str(mc.CLI_HELP_INTERFACES_DB()))
        p.set_defaults(handler=handler)
    can = dsub.add_parser("cancel", help=str(mc.CLI_HELP_INTERFACES_CANCEL()))
    _common(can)
    can.add_argument("--mandant", required=True, help=str(mc.CLI_HELP_INTERFACES_CANCEL_MANDANT()))
    can.add_argument(
        "--invoice", required=True, metavar="RECHNUNGSNR", help=str(mc.CLI_HELP_INTERFACES_CANCEL_INVOICE())
    )
    can.add_argument("--date", help=str(mc.CLI_HELP_INTERFACES_CANCEL_DATE()))
    can.add_argument(
        "--db",
        metavar="URL",
        help=str(mc.CLI_HELP_INTERFACES_CANCEL_DB()),
    )
    can.set_defaults(handler=_cancel)
    close = dsub.add_parser("close", help=str(mc.CLI_HELP_INTERFACES_CLOSE()))
    _common(close)
    close.set_defaults(handler=_close)
    return dsub


def _register_export(sub: Any) -> None:
    exp = sub.add_parser("export", help=str(mc.CLI_HELP_INTERFACES_EXPORT()))
    exp.add_argument(
        "--transactions",
        type=Path,
        required=True,
        metavar="FILE",
        help=str(mc.CLI_HELP_INTERFACES_EXPORT_TRANSACTIONS()),
    )
    exp.add_argument(
        "--config",
        type=Path,
        required=True,
        metavar="FILE",
        help=str(mc.CLI_HELP_INTERFACES_EXPORT_CONFIG()),
    )
    exp.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help=str(mc.CLI_HELP_INTERFACES_EXPORT_OUT())
    )
    exp.add_argument(
        "--aggregated", action="store_true", help=str(mc.CLI_HELP_INTERFACES_EXPORT_AGGREGATED())
    )
    exp.add_argument(
        "--incoming",
        action="store_true",
        help=str(mc.CLI_HELP_INTERFACES_EXPORT_INCOMING()),
    )
    exp.add_argument("--persons", action="store_true", help=str(mc.CLI_HELP_INTERFACES_EXPORT_PERSONS()))
    exp.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_INTERFACES_JSON()))
    exp.set_defaults(handler=_export)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--dir",
        type=Path,
        metavar="DIR",
        help=str(mc.CLI_HELP_INTERFACES_DIR()),
    )
    p.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_INTERFACES_JSON()))


def _folder(args: Any, runtime: Runtime) -> Path:
    folder = args.dir or Path(runtime.environ.get("SYNCSYSTEM_EXPORT_PATH", "") or runtime.cwd)
    folder = folder if folder.is_absolute() else runtime.cwd / folder
    if folder.exists() and not folder.is_dir():
        raise UsageError(mc.IN_CLI_NOT_FOLDER(folder=str(folder)))
    return folder


def _path(runtime: Runtime, path: Path) -> Path:
    return path if path.is_absolute() else runtime.cwd / path


def _read_input(runtime: Runtime, path: Path) -> bytes:
    try:
        return _path(runtime, path).read_bytes()
    except OSError as exc:
        raise UsageError(mc.BMD_CANNOT_READ(name=str(path), reason=os_reason(exc))) from exc


def _settings(args: Any, runtime: Runtime) -> int:
    folder = _folder(args, runtime)
    with folder_lock(folder):
        settings = load_settings(folder)
        if args.next_customer is not None:
            settings = settings.with_next(args.next_customer)
        if args.lock_date is not None:
            lock = None if args.lock_date.lower() == "none" else _date(args.lock_date, "--lock-date")
            settings = replace(settings, lock_date=lock)
        if args.auto_update_debtor is not None:
            settings = replace(settings, auto_update_debtor=args.auto_update_debtor == "yes")
        if args.next_customer is not None or args.lock_date is not None or args.auto_update_debtor:
            save_settings(settings)
    runtime.emit(args.json, settings.to_json(), lambda: _settings_text(settings))
    return EXIT_OK


def _settings_text(settings: InterfaceSettings) -> str:
    """The settings as the office reads them (the roles are `interfaces roles`' to show)."""
    low, high = settings.customer_range
    shown = {
        "export_path": settings.export_path,
        "next_customer_number": settings.next_customer_number,
        "auto_update_debtor": mc.CLI_YES() if settings.auto_update_debtor else mc.CLI_NO(),
        "lock_date": f"{settings.lock_date:%d.%m.%Y}" if settings.lock_date else "–",
        "customer_range": f"{low}–{high}",
        "buchsymbol": settings.buchsymbol,
    }
    return "\n".join(f"{key}: {value}" for key, value in shown.items())


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(mc.IN_CLI_NOT_DATE(option=option, text=text)) from exc


def _create(args: Any, runtime: Runtime) -> int:
    data = _read_input(runtime, args.input)
    debtors, problems = parse_debtors(data, str(args.input))
    if problems:
        raise DataError(problems, mc.IN_REFUSED_DEBTORS())
    refs = debtor_refs(data, str(args.input))
    created = create_debtors(_folder(args, runtime), debtors, refs)
    rows = [{"konto": d.konto, "nachname": d.nachname} for d in created]
    runtime.emit(
        args.json, rows, "\n".join(str(mc.IN_CLI_CREATED(konto=d.konto, name=d.nachname)) for d in created)
    )
    reported = report_created(_folder(args, runtime), created, refs)  # a refusal: exit 2, numbers kept
    if reported and not args.json:
        runtime.emit(False, None, reported)
    return EXIT_OK


def _update(args: Any, runtime: Runtime) -> int:
    debtors, problems = parse_debtors(_read_input(runtime, args.input), str(args.input))
    problems += [
        Problem.of(str(args.input), 0, "konto", mc.IN_KONTO_MISSING(name=d.nachname))
        for d in debtors
        if not d.konto
    ]
    if problems:
        raise DataError(problems, mc.IN_REFUSED_UPDATE())
    updated = update_debtors(_folder(args, runtime), debtors, str(args.input))
    runtime.emit(args.json, [d.konto for d in updated], str(mc.IN_CLI_UPDATED(count=len(updated))))
    return EXIT_OK


def _book(args: Any, runtime: Runtime) -> int:
    roles = load_settings(_folder(args, runtime)).roles
    data = _read_input(runtime, args.input)
    invoices, problems = parse_invoices(data, str(args.input), args.mandant, roles)
    if problems:
        raise DataError(problems, mc.IN_REFUSED_BOOKING())
    # the clearing store is opened first: a wrong URL refuses the booking before anything is written
    with _clearing_store(args.db) as store:
        booked = book_invoices(
            _folder(args, runtime), invoices, str(args.input), in_clearing=store is not None
        )
        if store is not None:
            with store.transaction() as conn:
                store.register_invoices(conn, [_clearing_invoice(i) for i in booked])
    rows = [
        {"mandant": i.mandant, "rechnungsnr": i.rechnungsnr, "betrag": str(i.total), "lines": len(i.lines)}
        for i in booked
    ]
    runtime.emit(
        args.json,
        rows,
        "\n".join(
            str(mc.IN_CLI_BOOKED(mandant=i.mandant, number=i.rechnungsnr, amount=i.total)) for i in booked
        ),
    )
    return EXIT_OK


def _cancel(args: Any, runtime: Runtime) -> int:
    on = _date(args.date, "--date") if args.date else runtime.clock.now().date()
    with _clearing_store(args.db) as store:
        inv = cancel_invoice(
            _folder(args, runtime), args.mandant, args.invoice, on, in_clearing=store is not None
        )
        if store is not None:
            with store.transaction() as conn:
                store.cancel_invoice(conn, _clearing_invoice(inv), on)
    payload = {
        "mandant": inv.mandant,
        "rechnungsnr": inv.rechnungsnr,
        "storno": str(-inv.total),
        "datum": on.isoformat(),
    }
    runtime.emit(
        args.json,
        payload,
        str(mc.IN_CLI_CANCELLED(mandant=inv.mandant, number=inv.rechnungsnr, day=f"{on:%d.%m.%Y}")),
    )
    return EXIT_OK


@contextlib.contextmanager
def _clearing_store(url: str | None) -> Iterator[ClearingStore | None]:
    if not url:
        yield None
        return
    with ClearingStore.open(url) as store:
        yield store


def _clearing_invoice(inv: SourceInvoice) -> Invoice:
    """A booked invoice as the payment clearing knows it: Mandant, the debtor's account, number."""
    return Invoice(inv.mandant, inv.rechnungsnr, inv.debitor, inv.datum, inv.total)


def _close(args: Any, runtime: Runtime) -> int:
    closed = close_working_files(_folder(args, runtime), runtime.clock.now())
    if closed is None:
        runtime.emit(args.json, {"closed": None}, str(mc.IN_CLI_NOTHING_TO_CLOSE()))
        return EXIT_OK
    payload = {
        "stamp": closed.stamp,
        "import_order": [p.name for p in closed.files],
        "manifest": closed.manifest.name,
    }
    runtime.emit(
        args.json,
        payload,
        "\n".join([str(mc.IN_CLI_CLOSED(stamp=closed.stamp))] + [f"  {p.name}" for p in closed.files]),
    )
    return EXIT_OK


def _picklist(args: Any, runtime: Runtime) -> int:
    which = {
        "customers": PickList.CUSTOMERS,
        "accounts": PickList.ACCOUNTS,
        "costcentres": PickList.COSTCENTRES,
    }[args.which]
    if which is PickList.CUSTOMERS:  # one list per Mandant possible: say which
        entries = read_customers(_folder(args, runtime))
    else:
        entries = [("", i) for i in read_picklist(_folder(args, runtime), which)]
    runtime.emit(
        args.json,
        [
            {"number": i.number, "designation": i.designation, **({"mandant": m} if m else {})}
            for m, i in entries
        ],
        "\n".join(f"{i.number:>10}  {i.designation}" + (f"  (Mandant {m})" if m else "") for m, i in entries)
        or str(mc.IN_CLI_NO_PICKLIST(file=which.value, folder=str(_folder(args, runtime)))),
    )
    return EXIT_OK


def _export(args: Any, runtime: Runtime) -> int:
    config = load_config(_path(runtime, args.config))
    transactions = load_transactions(_path(runtime, args.transactions))
    build = aggregated_bookings if args.aggregated else single_bookings
    bookings, problems = build(transactions, config, str(args.transactions), incoming=args.incoming)
    if problems:
        raise DataError(problems, mc.IN_REFUSED_EXPORT())
    out = _path(runtime, args.out)
    out.mkdir(parents=True, exist_ok=True)
    name = "Eingangsrechnungen.csv" if args.incoming else "Buchungen.csv"
    written = {name: bmd.write(bookings, out / name, bmd.Kind.BOOKINGS)}
    if args.persons:
        persons = person_accounts(transactions, config)
        written["Personenkonten.csv"] = bmd.write(persons, out / "Personenkonten.csv", bmd.Kind.PERSONS)
    runtime.emit(
        args.json,
        {"files": written},
        "\n".join(str(mc.IN_CLI_WROTE(path=str(out / n), rows=rows)) for n, rows in written.items()),
    )
    return EXIT_OK
