"""The one `syncsystem` command: argument parsing and the process edge.

This is the only module that reads the real clock, the environment and ``argv``. Each area of the
product contributes its subcommands through a ``register(parser)`` function in its own
``commands`` module; this module imports only the area that was asked for, so the resident agent
and ``--help`` stay light. Handlers receive ``(args, runtime)`` and return an exit code:
0 ok, 1 the work found problems, 2 usage or environment error.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import logging
import os
import random
import sys
from collections.abc import Sequence
from pathlib import Path

from syncsystem import messages
from syncsystem.clock import DEFAULT_TZ, SystemClock
from syncsystem.errors import EXIT_USAGE, SyncsystemError
from syncsystem.runtime import Runtime

__all__ = ["AREAS", "build_parser", "main", "run"]

# area name -> (module with register(parser), one-line help)
AREAS: dict[str, tuple[str, str]] = {
    "demo": ("syncsystem.demo.commands", "play a working week end to end at high speed"),
    "agent": ("syncsystem.agent.commands", "on-prem agent: enrol, run, install, plan, doctor, status"),
    "datacenter": ("syncsystem.datacenter.commands", "datacenter: init, serve, import, request a sync"),
    "bmd": ("syncsystem.bmd.commands", "BMD files: validate and convert"),
    "interfaces": ("syncsystem.interfaces.commands", "source systems: debtor files, bookings, formats"),
    "clearing": ("syncsystem.clearing.commands", "payment clearing: import Auszifferungslisten once"),
    "transfer": ("syncsystem.transfer.commands", "scheduled export to folder/FTP/FTPS/SFTP, failure mail"),
    "emulate": ("emulators.commands", "emulators of the outside world: BMD and more"),
}

# area -> the pip extra that brings its packages; the base install is the agent host's.
EXTRAS: dict[str, str] = {
    "demo": "all",
    "datacenter": "datacenter",
    "interfaces": "interfaces",
    "clearing": "interfaces",
    "emulate": "emulators",
}


def _version() -> str:
    try:
        return importlib.metadata.version("syncsystem")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree without installing
        return "unbekannt (nicht installiert)"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser(area: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the subcommands of ``area`` (if given) are imported and registered."""
    parser = _Parser(
        prog="syncsystem",
        description="Accounting-data synchronisation for tax advisors on BMD NTCS.",
    )
    parser.add_argument("--log-level", default="WARNING", help="logging level (default: WARNING)")
    parser.add_argument(
        "--lang",
        choices=messages.LANGUAGES,
        help="language of messages (default: German; English when LC_ALL/LC_MESSAGES/LANG starts with en)",
    )
    parser.add_argument("--version", action="version", version=f"syncsystem {_version()}")
    sub = parser.add_subparsers(dest="area", metavar="AREA", parser_class=_Parser)
    for name, (module_name, help_text) in AREAS.items():
        area_parser = sub.add_parser(name, help=help_text, description=help_text)
        area_parser.set_defaults(print_help=area_parser.print_help)
        if area == name:
            importlib.import_module(module_name).register(area_parser)
    return parser


_VALUED = frozenset({"--log-level", "--lang"})  # global options that take a value


def _requested_area(argv: Sequence[str]) -> str | None:
    tokens = iter(argv)
    for token in tokens:
        if token in AREAS:
            return token
        if token in _VALUED:
            next(tokens, None)
        elif not token.startswith("-"):
            return None
    return None


def _missing_extra(area: str | None, exc: ModuleNotFoundError, runtime: Runtime) -> int:
    """An area whose extra is not installed: say which one, instead of a traceback."""
    if area not in EXTRAS or not exc.name or exc.name.split(".", 1)[0] == "syncsystem":
        raise exc
    runtime.warn(
        f"syncsystem {area}: das Paket {exc.name.split('.', 1)[0]!r} ist nicht installiert; "
        f"dieser Teil braucht: pip install 'syncsystem[{EXTRAS[area]}]'"
    )
    return EXIT_USAGE


def run(argv: Sequence[str], runtime: Runtime) -> int:
    """Parse ``argv`` and run the chosen handler against ``runtime``; returns the exit code."""
    area = _requested_area(argv)
    try:
        parser = build_parser(area)
    except ModuleNotFoundError as exc:
        return _missing_extra(area, exc, runtime)
    args = parser.parse_args(list(argv))
    handler = getattr(args, "handler", None)
    if handler is None:
        getattr(args, "print_help", parser.print_help)(runtime.stderr)
        return EXIT_USAGE
    logging.basicConfig(level=args.log_level.upper(), stream=runtime.stderr)
    before = messages.chosen()
    messages.set_language(args.lang or messages.language_from(runtime.environ))
    try:
        return int(handler(args, runtime))
    except SyncsystemError as exc:
        runtime.warn(f"syncsystem: {exc}")
        return exc.exit_code
    except ModuleNotFoundError as exc:
        return _missing_extra(area, exc, runtime)
    finally:
        messages.set_language(before)


def main(argv: Sequence[str] | None = None) -> int:
    runtime = Runtime(
        clock=SystemClock(DEFAULT_TZ),
        environ=os.environ,
        stdout=sys.stdout,
        stderr=sys.stderr,
        cwd=Path.cwd(),
        rng=random.Random(),
    )
    try:
        return run(sys.argv[1:] if argv is None else argv, runtime)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`syncsystem … | head`): say nothing more, and keep Python's
        # final flush of stdout from raising a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
