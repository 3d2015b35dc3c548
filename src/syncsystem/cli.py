"""The one `syncsystem` command: argument parsing and the process edge.

This is the only module that reads the real clock, the environment and ``argv``. Each area of the
product contributes its subcommands through a ``register(parser)`` function in its own
``commands`` module; this module imports only the area that was asked for, so the resident agent
and ``--help`` stay light. Handlers receive ``(args, runtime)`` and return an exit code, and one
rule holds for every command: 0 ok, 1 the data has problems (:class:`DataError`, or a handler's
own finding), 2 usage or environment (every other error: a bad option, an unreadable file, a
database or server that cannot be reached, a bug). An error is said in one line on stderr without
a traceback; ``--debug`` or ``SYNCSYSTEM_DEBUG=1`` adds the traceback. ``syncsystem emulate``
keeps the exit codes of the programs it emulates (they are those programs' contract).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import logging
import os
import random
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from syncsystem import messages
from syncsystem.capping import cap
from syncsystem.clock import DEFAULT_TZ, SystemClock
from syncsystem.errors import EXIT_PROBLEMS, EXIT_USAGE, ConfigError, DataError, SyncsystemError
from syncsystem.logs import LOG_FORMATS, configure_logging
from syncsystem.messages import argparse_words
from syncsystem.messages import codes as mc
from syncsystem.messages.code import Code
from syncsystem.oserrors import os_reason
from syncsystem.runtime import Runtime

__all__ = ["AREAS", "build_parser", "main", "run"]

# area name -> (module with register(parser), one-line help worded by the catalogue)
AREAS: dict[str, tuple[str, Code]] = {
    "demo": ("syncsystem.demo.commands", mc.CLI_HELP_DEMO),
    "agent": ("syncsystem.agent.commands", mc.CLI_HELP_AGENT),
    "datacenter": ("syncsystem.datacenter.commands", mc.CLI_HELP_DATACENTER),
    "bmd": ("syncsystem.bmd.commands", mc.CLI_HELP_BMD),
    "interfaces": ("syncsystem.interfaces.commands", mc.CLI_HELP_INTERFACES),
    "clearing": ("syncsystem.clearing.commands", mc.CLI_HELP_CLEARING),
    "transfer": ("syncsystem.transfer.commands", mc.CLI_HELP_TRANSFER),
    "office": ("syncsystem.office.commands", mc.CLI_HELP_OFFICE),
    "emulate": ("emulators.commands", mc.CLI_HELP_EMULATE),
}

# area -> the pip extra that brings its packages; the base install is the agent host's.
EXTRAS: dict[str, str] = {
    "demo": "all",
    "datacenter": "datacenter",
    "interfaces": "interfaces",
    "clearing": "interfaces",
    "emulate": "emulators",
    "office": "office",
}


def _version() -> str:
    try:
        return importlib.metadata.version("syncsystem")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree without installing
        return str(mc.CLI_VERSION_UNKNOWN())


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        words = argparse_words.gettext("%(prog)s: error: %(message)s\n", messages.language())
        self.exit(EXIT_USAGE, words % {"prog": self.prog, "message": message})


def build_parser(area: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the subcommands of ``area`` (if given) are imported and registered."""
    parser = _Parser(
        prog="syncsystem",
        description=str(mc.CLI_HELP_COMMAND()),
    )
    parser.add_argument(
        "--log-level",
        default="WARNING",
        type=str.upper,
        choices=LOG_LEVELS,
        help=str(mc.CLI_HELP_LOG_LEVEL()),
    )
    parser.add_argument(
        "--log-format",
        default="text",
        choices=LOG_FORMATS,
        help=str(mc.CLI_HELP_LOG_FORMAT()),
    )
    parser.add_argument(
        "--lang",
        choices=messages.LANGUAGES,
        help=str(mc.CLI_HELP_LANG()),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"syncsystem {_version()}",
        help=argparse_words.gettext("show program's version number and exit", messages.language()),
    )
    parser.add_argument("-q", "--quiet", action="store_true", help=str(mc.CLI_HELP_QUIET()))
    parser.add_argument("--debug", action="store_true", help=str(mc.CLI_HELP_DEBUG()))
    sub = parser.add_subparsers(dest="area", metavar="AREA", parser_class=_Parser)
    for name, (module_name, help_code) in AREAS.items():
        help_text = str(help_code())
        area_parser = sub.add_parser(name, help=help_text, description=help_text)
        area_parser.set_defaults(print_help=area_parser.print_help)
        if area == name:
            importlib.import_module(module_name).register(area_parser)
    return parser


# global options that take a value: their value is not the area (``--log-level DEBUG datacenter``)
_VALUED = frozenset({"--log-level", "--log-format", "--lang"})


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
    runtime.warn(str(mc.CLI_EXTRA_MISSING(area=area, package=exc.name.split(".", 1)[0], extra=EXTRAS[area])))
    return EXIT_USAGE


def _requested_lang(argv: Sequence[str]) -> str | None:
    """The ``--lang`` given before the area (the parser checks it; here only a known one counts)."""
    tokens = iter(argv)
    for token in tokens:
        lang = next(tokens, None) if token == "--lang" else token.removeprefix("--lang=")
        if token in AREAS:
            return None
        if token.startswith("--lang") and lang in messages.LANGUAGES:
            return lang
    return None


def run(argv: Sequence[str], runtime: Runtime) -> int:
    """Parse ``argv`` and run the chosen handler against ``runtime``; returns the exit code. Everything
    said — the handler's output, its errors, a missing extra — is in the language chosen by ``--lang``,
    else by the runtime's locale (German unless it is English)."""
    before = messages.chosen()
    messages.set_language(_requested_lang(argv) or messages.language_from(runtime.environ))
    try:
        return _run(argv, runtime)
    finally:
        messages.set_language(before)


def _run(argv: Sequence[str], runtime: Runtime) -> int:
    area = _requested_area(argv)
    with argparse_words.speaking_to_argparse(messages.language()):  # its usage, help and errors
        try:
            parser = build_parser(area)
        except ModuleNotFoundError as exc:
            return _missing_extra(area, exc, runtime)
        args = parser.parse_args(list(argv))
        handler = getattr(args, "handler", None)
        if handler is None:
            getattr(args, "print_help", parser.print_help)(runtime.stderr)
            return EXIT_USAGE
    if args.log_format == "json":
        configure_logging(args.log_level, runtime.stderr, "json")
    else:
        logging.basicConfig(level=args.log_level, stream=runtime.stderr)
    messages.set_language(args.lang or messages.language_from(runtime.environ))
    try:
        return int(handler(args, runtime))
    except BrokenPipeError:
        raise  # the reader went away (`… | head`): `main` ends quietly, this is no error to report
    except ModuleNotFoundError as exc:
        try:
            return _missing_extra(area, exc, runtime)
        except ModuleNotFoundError:
            return _failed(exc, args, runtime, area)
    except Exception as exc:  # the process edge: one line, never a traceback
        return _failed(exc, args, runtime, area)


def one_line(exc: BaseException) -> str:
    """An error as one line: its first line, or its type when it says nothing."""
    text = str(exc).strip()
    if isinstance(exc, OSError) and exc.strerror:
        reason = str(os_reason(exc))
        text = f"{exc.filename}: {reason}" if exc.filename else reason
    return text.splitlines()[0] if text else type(exc).__name__


def _failed(exc: Exception, args: argparse.Namespace, runtime: Runtime, area: str | None) -> int:
    """Say ``exc`` in one line and return its exit code under the one rule (see the docstring)."""
    if getattr(args, "debug", False) or runtime.environ.get("SYNCSYSTEM_DEBUG") == "1":
        runtime.warn("".join(traceback.format_exception(exc)))
    show_all = getattr(args, "all", False) is True
    if isinstance(exc, DataError):  # the data's problems, one per line
        head = str(exc).splitlines()[0] if str(exc).strip() else "problems in input"
        runtime.warn("\n".join([f"syncsystem: {head}", *cap(exc.problems, show_all=show_all)]))
        return EXIT_PROBLEMS
    if isinstance(exc, SyncsystemError):
        # one sentence; a configuration error may name its settings below it, one per line
        _, *details = str(exc).splitlines() if isinstance(exc, ConfigError) else [""]
        runtime.warn("\n".join([f"syncsystem: {one_line(exc)}", *cap(details, show_all=show_all)]))
        return exc.exit_code if area == "emulate" else EXIT_USAGE
    if isinstance(exc, OSError):
        runtime.warn(f"syncsystem: {one_line(exc)}")
        return EXIT_USAGE
    runtime.warn(f"syncsystem: {mc.CLI_UNEXPECTED(kind=type(exc).__name__, error=one_line(exc))}")
    return EXIT_USAGE


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
        code = run(sys.argv[1:] if argv is None else argv, runtime)
        sys.stdout.flush()  # a pipe's buffer goes out here, where a reader gone away is caught
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`syncsystem … | head`): say nothing more, and keep Python's
        # final flush of stdout from raising a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
