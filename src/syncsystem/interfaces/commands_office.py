"""`syncsystem interfaces …` commands behind the office pages (CLI parity): roles, closes, BMD
configuration, date-range exports and their history. Same functions as the pages, same state."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from syncsystem.errors import EXIT_OK, UsageError
from syncsystem.interfaces.bmd_config import read_doc as read_config_doc
from syncsystem.interfaces.bmd_config import remove_account, set_account, set_fields
from syncsystem.interfaces.debtors import resync_next_customer
from syncsystem.interfaces.export_formats import AccountType
from syncsystem.interfaces.overview import closed_set_views, working_tables
from syncsystem.interfaces.picklists import PickList, read_picklist
from syncsystem.interfaces.range_export import export_history, export_range, period_range
from syncsystem.interfaces.settings import load_settings
from syncsystem.interfaces.settings_form import apply_settings_form, form_values
from syncsystem.messages import codes as mc
from syncsystem.runtime import Runtime

__all__ = ["register_office"]

Folder = Callable[[Any, Runtime], Path]


def register_office(
    sub: Any, dsub: Any, common: Callable[[argparse.ArgumentParser], None], folder: Folder
) -> None:
    """Add the commands to the ``interfaces`` and ``interfaces debtors`` sub-parsers."""
    roles = sub.add_parser("roles", help=str(mc.CLI_HELP_INTERFACES_ROLES()))
    common(roles)
    roles.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help=str(mc.CLI_HELP_INTERFACES_ROLES_SET()),
    )
    roles.add_argument(
        "--resync-next-customer",
        action="store_true",
        help=str(mc.CLI_HELP_INTERFACES_ROLES_RESYNC_NEXT_CUSTOMER()),
    )
    roles.set_defaults(handler=lambda a, r: _roles(a, r, folder(a, r)))
    for name, text, handler in (
        ("closed", mc.CLI_HELP_INTERFACES_CLOSED, _closed),
        ("working", mc.CLI_HELP_INTERFACES_WORKING, _working),
    ):
        p = dsub.add_parser(name, help=str(text()))
        common(p)
        p.set_defaults(handler=lambda a, r, h=handler: h(a, r, folder(a, r)))
    _register_config(sub)
    _register_exports(sub)


def _register_config(sub: Any) -> None:
    cfg = sub.add_parser("config", help=str(mc.CLI_HELP_INTERFACES_CONFIG()))
    cfg.add_argument(
        "--config",
        type=Path,
        required=True,
        metavar="FILE",
        help=str(mc.CLI_HELP_INTERFACES_CONFIG_CONFIG()),
    )
    cfg.add_argument("--dir", type=Path, help=str(mc.CLI_HELP_INTERFACES_CONFIG_DIR()))
    cfg.add_argument(
        "--account",
        action="append",
        default=[],
        metavar="SRC=KONTO[:TYPE[:KOST]]",
        help=str(mc.CLI_HELP_INTERFACES_CONFIG_ACCOUNT()),
    )
    cfg.add_argument(
        "--remove-account",
        action="append",
        default=[],
        metavar="SRC",
        help=str(mc.CLI_HELP_INTERFACES_CONFIG_REMOVE_ACCOUNT()),
    )
    cfg.add_argument(
        "--symbol",
        action="append",
        default=[],
        metavar="TYPE=SYMBOL",
        help=str(mc.CLI_HELP_INTERFACES_CONFIG_SYMBOL(types=", ".join(t.value for t in AccountType))),
    )
    for name in ("belegnr", "text", "extbelegnr"):
        cfg.add_argument(f"--{name}", help=str(mc.CLI_HELP_INTERFACES_CONFIG_SOURCE(field=name)))
    cfg.add_argument("--aggregate-text", help=str(mc.CLI_HELP_INTERFACES_CONFIG_AGGREGATE_TEXT()))
    cfg.add_argument("--persons", choices=("yes", "no"), help=str(mc.CLI_HELP_INTERFACES_CONFIG_PERSONS()))
    cfg.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_INTERFACES_CONFIG_JSON()))
    cfg.set_defaults(handler=_config)


def _register_exports(sub: Any) -> None:
    """``export-range`` (a month, a day or a period) and ``exports`` (the history of them)."""
    rng = sub.add_parser("export-range", help=str(mc.CLI_HELP_INTERFACES_EXPORT_RANGE()))
    rng.add_argument(
        "--config",
        type=Path,
        required=True,
        metavar="FILE",
        help=str(mc.CLI_HELP_INTERFACES_EXPORT_RANGE_CONFIG()),
    )
    rng.add_argument(
        "--transactions-dir",
        type=Path,
        required=True,
        metavar="DIR",
        help=str(mc.CLI_HELP_INTERFACES_EXPORT_RANGE_TRANSACTIONS_DIR()),
    )
    rng.add_argument(
        "--out-dir",
        type=Path,
        required=True,
        metavar="DIR",
        help=str(mc.CLI_HELP_INTERFACES_EXPORT_RANGE_OUT_DIR()),
    )
    period = rng.add_mutually_exclusive_group(required=True)
    period.add_argument("--month", metavar="JJJJ-MM", help=str(mc.CLI_HELP_INTERFACES_MONTH()))
    period.add_argument("--day", metavar="JJJJ-MM-TT", help=str(mc.CLI_HELP_INTERFACES_DAY()))
    period.add_argument("--from", dest="start", metavar="JJJJ-MM-TT", help=str(mc.CLI_HELP_INTERFACES_FROM()))
    rng.add_argument(
        "--to", dest="end", metavar="JJJJ-MM-TT", help=str(mc.CLI_HELP_INTERFACES_EXPORT_RANGE_TO())
    )
    rng.add_argument("--mandant", default="", help=str(mc.CLI_HELP_INTERFACES_EXPORT_RANGE_MANDANT()))
    rng.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_INTERFACES_JSON()))
    rng.set_defaults(handler=_export_range)

    hist = sub.add_parser("exports", help=str(mc.CLI_HELP_INTERFACES_EXPORTS()))
    hist.add_argument(
        "--out-dir",
        type=Path,
        required=True,
        metavar="DIR",
        help=str(mc.CLI_HELP_INTERFACES_EXPORTS_OUT_DIR()),
    )
    hist.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_INTERFACES_EXPORTS_JSON()))
    hist.set_defaults(handler=_history)


def _abs(runtime: Runtime, path: Path) -> Path:
    return path if path.is_absolute() else runtime.cwd / path


def _pairs(items: list[str], option: str) -> list[tuple[str, str]]:
    pairs = []
    for item in items:
        key, eq, value = item.partition("=")
        if not eq or not key:
            raise UsageError(mc.IN_CLI_PAIR(option=option, text=item))
        pairs.append((key.strip(), value.strip()))
    return pairs


def _roles(args: Any, runtime: Runtime, folder: Path) -> int:
    if args.resync_next_customer:
        old, new = resync_next_customer(folder)
        runtime.emit(args.json, {"old": old, "new": new}, str(mc.IN_CLI_RESYNCED(old=old, new=new)))
        return EXIT_OK
    settings = load_settings(folder)
    if args.set:
        form = form_values(settings)
        for key, value in _pairs(args.set, "--set"):
            if key not in form:
                raise UsageError(mc.IN_CLI_SET_UNKNOWN(key=key, allowed=", ".join(sorted(form))))
            form[key] = value
        settings = apply_settings_form(folder, form)
    values = form_values(settings)
    runtime.emit(args.json, values, "\n".join(f"{k}: {v}" for k, v in values.items()))
    return EXIT_OK


def _closed(args: Any, runtime: Runtime, folder: Path) -> int:
    views = closed_set_views(folder)
    payload = [
        {
            "stamp": v.stamp,
            "closed_at": v.closed_at,
            "files": [{"name": f.name, "rows": f.rows, "sha256": f.sha256} for f in v.files],
        }
        for v in views
    ]
    runtime.emit(
        args.json,
        payload,
        "\n".join(f"{v.stamp}: " + ", ".join(f"{f.name} ({f.rows})" for f in v.files) for v in views)
        or str(mc.IN_CLI_EMPTY()),
    )
    return EXIT_OK


def _working(args: Any, runtime: Runtime, folder: Path) -> int:
    tables = working_tables(folder)
    payload = [
        {"name": t.name, "columns": list(t.columns), "rows": [list(r) for r in t.rows]} for t in tables
    ]
    runtime.emit(
        args.json,
        payload,
        "\n".join(
            f"{t.name}: {len(t.rows)}\n" + "\n".join("  " + ";".join(r) for r in t.rows) for t in tables
        )
        or str(mc.IN_CLI_EMPTY()),
    )
    return EXIT_OK


def _config(args: Any, runtime: Runtime) -> int:
    path = _abs(runtime, args.config)
    centres: set[str] = set()
    if args.dir:
        centres = {i.number for i in read_picklist(_abs(runtime, args.dir), PickList.COSTCENTRES)}
    for source, spec in _pairs(args.account, "--account"):
        konto, _, rest = spec.partition(":")
        kind, _, kost = rest.partition(":")
        form = {"source": source, "konto": konto, "type": kind or "other", "kost": kost}
        set_account(path, form, centres)
    for source in args.remove_account:
        remove_account(path, source)
    if args.symbol or args.belegnr or args.text or args.extbelegnr or args.aggregate_text or args.persons:
        doc = read_config_doc(path)
        form = {f"symbol_{k}": str(v) for k, v in dict(doc.get("buchsymbole", {})).items()}
        form.update(
            {
                k: str(doc.get(k, d))
                for k, d in (
                    ("belegnr", "belegnr"),
                    ("text", "service"),
                    ("extbelegnr", "invoice"),
                    ("aggregate_belegnr", "Apaleo"),
                )
            }
        )
        form["persons"] = "on" if doc.get("persons", True) else ""
        form.update({f"symbol_{k}": v for k, v in _pairs(args.symbol, "--symbol")})
        for key in ("belegnr", "text", "extbelegnr"):
            if getattr(args, key):
                form[key] = getattr(args, key)
        if args.aggregate_text is not None:
            form["aggregate_belegnr"] = args.aggregate_text
        if args.persons:
            form["persons"] = "on" if args.persons == "yes" else ""
        set_fields(path, form)
    doc = read_config_doc(path)
    runtime.emit(args.json, doc, lambda: _config_text(doc))
    return EXIT_OK


def _config_text(doc: dict[str, Any]) -> str:
    lines = [
        f"{src} → {m.get('konto')} ({m.get('type', 'other')})"
        + (f", Kost {m['kost']}" if m.get("kost") else "")
        for src, m in dict(doc.get("accounts", {})).items()
    ]
    lines += [f"Buchsymbol {k}: {v}" for k, v in dict(doc.get("buchsymbole", {})).items()]
    lines += [
        f"{k}: {doc[k]}"
        for k in ("belegnr", "text", "extbelegnr", "aggregate_belegnr", "persons")
        if k in doc
    ]
    return "\n".join(lines) or str(mc.IN_CLI_EMPTY())


def _export_range(args: Any, runtime: Runtime) -> int:
    if args.month:
        start, end = period_range("month", args.month)
    elif args.day:
        start, end = period_range("day", args.day)
    else:
        start, end = period_range("custom", args.start, args.end or args.start)
    record = export_range(
        _abs(runtime, args.config),
        _abs(runtime, args.transactions_dir),
        _abs(runtime, args.out_dir),
        start=start,
        end=end,
        now=runtime.clock.now(),
        mandant=args.mandant,
    )
    payload = {
        "folder": record.folder,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "transactions": record.transactions,
        "files": [{"name": n, "rows": r, "size": s, "sha256": h} for n, r, s, h in record.files],
    }
    runtime.emit(
        args.json,
        payload,
        "\n".join(
            [str(mc.IN_CLI_EXPORTED(folder=record.folder, count=record.transactions))]
            + [f"  {n}: {r}" for n, r, _, _ in record.files]
        ),
    )
    return EXIT_OK


def _history(args: Any, runtime: Runtime) -> int:
    folder = _abs(runtime, args.out_dir)
    if folder.exists() and not folder.is_dir():
        raise UsageError(mc.IN_CLI_NOT_FOLDER(folder=str(folder)))
    records = export_history(folder)
    payload = [
        {
            "folder": r.folder,
            "created_at": r.created_at,
            "start": r.start.isoformat(),
            "end": r.end.isoformat(),
            "transactions": r.transactions,
            "files": [n for n, _, _, _ in r.files],
        }
        for r in records
    ]
    runtime.emit(
        args.json,
        payload,
        "\n".join(f"{r.folder}  {r.start:%d.%m.%Y}–{r.end:%d.%m.%Y}  {r.transactions}" for r in records)
        or str(mc.IN_CLI_NO_EXPORTS()),
    )
    return EXIT_OK
