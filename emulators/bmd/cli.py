"""``syncsystem emulate bmd …``: the emulated BMD NTCS on the command line.

Commands: ``init`` (create an office), ``export`` (BMD's export interface), ``import`` (its import
interface), ``advance`` (let simulated working days pass), ``fault`` (inject, list, clear and
reseed faults), ``reset`` and ``inspect`` (read-only). Everything lives in the office directory,
so a separate process (the agent) sees what these commands did. Messages to accountants are
German, like BMD's. Exit codes follow the agent's export command contract (each error class in
``errors.py`` carries its code): 0 ok, 2 usage (also an unknown Firma), 3 licence expired,
4 database locked, 5 password-protected, 6 BMD host clock off, 1 any other refusal (export aborted
half way, timeout, refused import).
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path
from typing import Any

from syncsystem.clock import DEFAULT_TZ
from syncsystem.errors import EXIT_OK, UsageError
from syncsystem.messages import codes as mc
from syncsystem.runtime import Runtime

from .control import FAULT_KINDS
from .office import END_OF_WORKDAY, Office
from .profiles import PROFILES

__all__ = ["register"]


def register(parser: argparse.ArgumentParser) -> None:
    """Add the BMD emulator's subcommands to ``parser`` (``syncsystem emulate bmd``)."""
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in (_add_init, _add_export, _add_import, _add_advance, _add_fault, _add_reset, _add_inspect):
        add(sub)


def _command(
    sub: Any,
    name: str,
    handler: Any,
    *,
    help: str,
    description: str,
    json: bool = True,
    office_help: str = "",
) -> argparse.ArgumentParser:
    """A subcommand with what every one of them has: ``--office``, ``--json`` (unless not) and its handler."""
    cmd: argparse.ArgumentParser = sub.add_parser(name, help=help, description=description)
    cmd.add_argument(
        "--office", type=Path, required=True, help=office_help or str(mc.CLI_HELP_EMULATE_OFFICE())
    )
    if json:
        cmd.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_EMULATE_JSON()))
    cmd.set_defaults(handler=handler)
    return cmd


def _add_init(sub: Any) -> None:
    init = _command(
        sub,
        "init",
        _init,
        help=str(mc.CLI_HELP_EMULATE_INIT()),
        description=str(mc.CLI_HELP_EMULATE_INIT_DESCRIPTION()),
        office_help=str(mc.CLI_HELP_EMULATE_INIT_OFFICE()),
    )
    init.add_argument("--seed", type=int, required=True, help=str(mc.CLI_HELP_EMULATE_INIT_SEED()))
    init.add_argument("--mandanten", type=int, required=True, help=str(mc.CLI_HELP_EMULATE_INIT_MANDANTEN()))
    init.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        default="kontool",
        help=str(mc.CLI_HELP_EMULATE_INIT_PROFILE()),
    )
    init.add_argument("--start", type=date.fromisoformat, help=str(mc.CLI_HELP_EMULATE_INIT_START()))


def _add_export(sub: Any) -> None:
    exp = _command(
        sub,
        "export",
        _export,
        help=str(mc.CLI_HELP_EMULATE_EXPORT()),
        description=str(mc.CLI_HELP_EMULATE_EXPORT_DESCRIPTION()),
    )
    who = exp.add_mutually_exclusive_group(required=True)
    who.add_argument("--mandant", action="append", metavar="M", help=str(mc.CLI_HELP_EMULATE_MANDANT()))
    who.add_argument("--all", action="store_true", help=str(mc.CLI_HELP_EMULATE_ALL()))
    exp.add_argument(
        "--since",
        action="append",
        metavar="CURSOR",
        help=str(mc.CLI_HELP_EMULATE_EXPORT_SINCE()),
    )
    exp.add_argument("--out", type=Path, required=True, help=str(mc.CLI_HELP_EMULATE_EXPORT_OUT()))
    exp.add_argument("--password", default="", help=str(mc.CLI_HELP_EMULATE_PASSWORD()))
    exp.add_argument("--timeout", type=float, help=str(mc.CLI_HELP_EMULATE_EXPORT_TIMEOUT()))
    exp.add_argument("--wait", action="store_true", help=str(mc.CLI_HELP_EMULATE_EXPORT_WAIT()))
    exp.add_argument("--flat", action="store_true", help=str(mc.CLI_HELP_EMULATE_EXPORT_FLAT()))


def _add_import(sub: Any) -> None:
    imp = _command(
        sub,
        "import",
        _import,
        help=str(mc.CLI_HELP_EMULATE_IMPORT()),
        description=str(mc.CLI_HELP_EMULATE_IMPORT_DESCRIPTION()),
    )
    imp.add_argument("--mandant", required=True, help=str(mc.CLI_HELP_EMULATE_IMPORT_MANDANT()))
    imp.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help=str(mc.CLI_HELP_EMULATE_IMPORT_FILES())
    )
    imp.add_argument("--password", default="", help=str(mc.CLI_HELP_EMULATE_PASSWORD()))


def _add_advance(sub: Any) -> None:
    adv = _command(
        sub,
        "advance",
        _advance,
        help=str(mc.CLI_HELP_EMULATE_ADVANCE()),
        description=str(mc.CLI_HELP_EMULATE_ADVANCE_DESCRIPTION()),
    )
    adv.add_argument("--to", required=True, type=_moment, help=str(mc.CLI_HELP_EMULATE_ADVANCE_TO()))


def _add_fault(sub: Any) -> None:
    flt = _command(
        sub,
        "fault",
        _fault,
        help=str(mc.CLI_HELP_EMULATE_FAULT()),
        description=str(mc.CLI_HELP_EMULATE_FAULT_DESCRIPTION(kinds=", ".join(FAULT_KINDS))),
    )
    flt.add_argument("kind", nargs="?", choices=FAULT_KINDS, help=str(mc.CLI_HELP_EMULATE_FAULT_KIND()))
    flt.add_argument("--times", type=int, default=1, help=str(mc.CLI_HELP_EMULATE_FAULT_TIMES()))
    flt.add_argument("--always", action="store_true", help=str(mc.CLI_HELP_EMULATE_FAULT_ALWAYS()))
    flt.add_argument(
        "--probability", type=float, default=1.0, help=str(mc.CLI_HELP_EMULATE_FAULT_PROBABILITY())
    )
    flt.add_argument("--mandant", help=str(mc.CLI_HELP_EMULATE_FAULT_MANDANT()))
    flt.add_argument("--minutes", type=float, default=0.0, help=str(mc.CLI_HELP_EMULATE_FAULT_MINUTES()))
    flt.add_argument("--factor", type=float, default=10.0, help=str(mc.CLI_HELP_EMULATE_FAULT_FACTOR()))
    flt.add_argument("--fault-password", default="", help=str(mc.CLI_HELP_EMULATE_FAULT_FAULT_PASSWORD()))
    flt.add_argument("--user", default="", help=str(mc.CLI_HELP_EMULATE_FAULT_USER()))
    flt.add_argument("--clear", action="store_true", help=str(mc.CLI_HELP_EMULATE_FAULT_CLEAR()))
    flt.add_argument("--list", action="store_true", help=str(mc.CLI_HELP_EMULATE_FAULT_LIST()))
    flt.add_argument("--seed", type=int, help=str(mc.CLI_HELP_EMULATE_FAULT_SEED()))


def _add_reset(sub: Any) -> None:
    _command(
        sub,
        "reset",
        _reset,
        json=False,
        help=str(mc.CLI_HELP_EMULATE_RESET()),
        description=str(mc.CLI_HELP_EMULATE_RESET_DESCRIPTION()),
    )


def _add_inspect(sub: Any) -> None:
    ins = _command(
        sub,
        "inspect",
        _inspect,
        help=str(mc.CLI_HELP_EMULATE_INSPECT()),
        description=str(mc.CLI_HELP_EMULATE_INSPECT_DESCRIPTION()),
    )
    ins.add_argument("--mandant", help=str(mc.CLI_HELP_EMULATE_INSPECT_MANDANT()))


def _moment(text: str) -> datetime:
    try:
        if "T" in text or " " in text:
            moment = datetime.fromisoformat(text)
            return moment if moment.tzinfo else moment.replace(tzinfo=DEFAULT_TZ)
        return datetime.combine(date.fromisoformat(text), END_OF_WORKDAY, DEFAULT_TZ)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date or date-time: {text!r}") from exc


def _init(args: argparse.Namespace, runtime: Runtime) -> int:
    start = args.start or runtime.clock.now().date()
    office = Office.create(
        args.office, seed=args.seed, mandanten=args.mandanten, profile=args.profile, start=start
    )
    report = office.control.inspect()
    runtime.emit(
        args.json,
        report,
        lambda: "\n".join(
            [
                f"BMD-Emulator in {office.path}: {len(report['mandanten'])} Mandanten, Profil "
                f"{office.profile.name}, Start {start:%d.%m.%Y}"
            ]
            + [f"  {m['nr']} {m['name']} ({m['uid']}) Cursor {m['cursor']}" for m in report["mandanten"]]
        ),
    )
    return EXIT_OK


def _since(values: list[str] | None, mandanten: list[str]) -> dict[str, int]:
    cursors: dict[str, int] = {}
    for value in values or []:
        mandant, sep, cursor = value.rpartition("=")
        if not cursor:
            continue  # "--since=" (an agent's empty {since}): full export
        try:
            number = int(cursor)
        except ValueError:
            raise UsageError(f"--since {value!r}: expected CURSOR or MANDANT=CURSOR") from None
        if sep:
            cursors[mandant] = number
        else:
            cursors.update(dict.fromkeys(mandanten, number))
    return cursors


def _export(args: argparse.Namespace, runtime: Runtime) -> int:
    office = Office.open(args.office)
    chosen = list(office.mandanten) if args.all else list(args.mandant)
    result = office.export(
        args.out,
        mandanten=chosen,
        since=_since(args.since, chosen),
        clock=runtime.clock if args.wait else None,
        password=args.password,
        timeout=args.timeout,
        flat=args.flat,
    )
    runtime.emit(
        args.json,
        result.as_dict(),
        lambda: "\n".join(
            f"Firma {m.mandant}: {m.mode}, {m.rows} Zeilen, Cursor {m.cursor_from} → {m.cursor_to}, "
            f"{m.duration_seconds:.0f} s → {m.directory}"
            for m in result.mandanten
        ),
    )
    return EXIT_OK


def _import(args: argparse.Namespace, runtime: Runtime) -> int:
    office = Office.open(args.office)
    done: list[dict[str, Any]] = []
    for path in args.files:
        result = office.import_file(args.mandant, path, password=args.password)
        done.append(result.as_dict())
        if not args.json:
            runtime.emit(
                False,
                None,
                f"{path}: {result.rows} Zeilen importiert ({result.kind}), "
                f"{result.documents} Belege, {result.persons_created} Konten neu, "
                f"{result.persons_changed} geändert; Cursor {result.cursor_to}",
            )
    if args.json:
        runtime.emit(True, {"imports": done}, "")
    return EXIT_OK


def _advance(args: argparse.Namespace, runtime: Runtime) -> int:
    result = Office.open(args.office).advance_to(args.to)
    runtime.emit(
        args.json,
        result.as_dict(),
        lambda: (
            f"{len(result.days)} Arbeitstage simuliert bis {result.now:%d.%m.%Y %H:%M}; Änderungen: "
            + ", ".join(f"{m} +{n}" for m, n in result.changes.items())
        ),
    )
    return EXIT_OK


def _fault(args: argparse.Namespace, runtime: Runtime) -> int:
    control = Office.open(args.office).control
    if args.seed is not None:
        control.seed(args.seed)
    if args.clear:
        removed = control.clear(args.kind)
        runtime.emit(args.json, {"removed": removed}, f"{removed} Fehler entfernt")
        return EXIT_OK
    if args.kind is not None:
        if not 0.0 <= args.probability <= 1.0:
            raise UsageError("--probability must be between 0 and 1")
        fault = control.inject(
            args.kind,
            probability=args.probability,
            times=None if args.always else args.times,
            mandant=args.mandant,
            minutes=args.minutes,
            factor=args.factor,
            password=args.fault_password,
            user=args.user,
        )
        runtime.emit(
            args.json and not args.list, {"injected": _fault_dict(fault)}, f"Fehler gesetzt: {fault.kind}"
        )
    elif not (args.list or args.seed is not None):
        raise UsageError("fault: give KIND, --list, --clear or --seed")
    if args.list:
        faults = [_fault_dict(f) for f in control.faults]
        runtime.emit(
            args.json, {"faults": faults}, "\n".join(str(f) for f in faults) or "keine Fehler gesetzt"
        )
    return EXIT_OK


def _fault_dict(fault: Any) -> dict[str, Any]:
    return {name: getattr(fault, name) for name in fault.__slots__}


def _reset(args: argparse.Namespace, runtime: Runtime) -> int:
    Office.open(args.office).control.reset()
    runtime.emit(False, None, f"{args.office}: zurückgesetzt auf den Stand nach init")
    return EXIT_OK


def _inspect(args: argparse.Namespace, runtime: Runtime) -> int:
    report = Office.open(args.office).control.inspect(args.mandant)

    def text() -> str:
        lines = [
            f"Kanzlei {report['office']} (Seed {report['seed']}, Profil {report['profile']}, "
            f"jetzt {report['now']})"
        ]
        for m in report["mandanten"]:
            lines.append(
                f"  {m['nr']} {m['name']}, {m['address']}, UID {m['uid']}, Sperrdatum "
                f"{m['lock_date']}, Cursor {m['cursor']}, {m['documents']} Belege, "
                f"{m['drafts']} Vorerfassung, {m['open_items']} OP, {m['persons']} Personenkonten"
            )
        lines += [f"  Fehler: {f}" for f in report["faults"]]
        return "\n".join(lines)

    runtime.emit(args.json, report, text)
    return EXIT_OK
