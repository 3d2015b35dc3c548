"""`syncsystem bmd …`: validate BMD files and convert them to the canonical NTCS form.

``validate`` reads every file given, prints each problem as ``file:line:field: message`` (one per
line; the first 20 per file unless ``--all``) and a summary per file with the complete count
(files are read in chunks — `bmd.chunked` — so memory does not grow with the file),
with a progress bar on stderr while large files are read (:mod:`syncsystem.progress`); exit 0
when all files are clean, 1 when any has problems, 2 when a file cannot be read at all.
``convert`` reads a file (any supported kind, dialect and encoding), refuses it if it
has problems (nothing is written), and writes the canonical file of its kind.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from syncsystem.bmd.chunked import Scan, scan
from syncsystem.bmd.kinds import Kind
from syncsystem.bmd.ranges import DEFAULT_RANGES, AccountRanges, parse_range
from syncsystem.bmd.reader import BmdFileError, read
from syncsystem.bmd.result import ReadResult
from syncsystem.bmd.writer import NAMES, write
from syncsystem.capping import DEFAULT_LIMIT, cap
from syncsystem.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, DataError, Problem, UsageError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.progress import Bar, progress_bar
from syncsystem.runtime import Runtime

__all__ = ["register"]

KIND_CHOICES = [k.value for k in Kind] + ["auto"]


def register(parser: argparse.ArgumentParser) -> None:
    """Add ``validate`` and ``convert`` to the ``bmd`` area parser."""
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=type(parser))
    val = sub.add_parser(
        "validate",
        help=str(mc.CLI_HELP_BMD_VALIDATE()),
        description=str(mc.CLI_HELP_BMD_VALIDATE_DESCRIPTION()),
    )
    val.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help=str(mc.CLI_HELP_BMD_VALIDATE_FILES())
    )
    val.add_argument("--kind", choices=KIND_CHOICES, default="auto", help=str(mc.CLI_HELP_BMD_KIND()))
    val.add_argument("--encoding", help=str(mc.CLI_HELP_BMD_VALIDATE_ENCODING()))
    _ranges_options(val)
    val.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_BMD_JSON()))
    val.add_argument("--all", action="store_true", help=str(mc.CLI_HELP_BMD_VALIDATE_ALL()))
    val.set_defaults(handler=validate_command)

    conv = sub.add_parser(
        "convert",
        help=str(mc.CLI_HELP_BMD_CONVERT()),
        description=str(mc.CLI_HELP_BMD_CONVERT_DESCRIPTION()),
    )
    conv.add_argument("input", type=Path, metavar="IN", help=str(mc.CLI_HELP_BMD_CONVERT_INPUT()))
    conv.add_argument("output", type=Path, metavar="OUT", help=str(mc.CLI_HELP_BMD_CONVERT_OUTPUT()))
    conv.add_argument("--kind", choices=KIND_CHOICES, default="auto", help=str(mc.CLI_HELP_BMD_KIND()))
    conv.add_argument("--input-encoding", help=str(mc.CLI_HELP_BMD_CONVERT_INPUT_ENCODING()))
    _ranges_options(conv)
    conv.add_argument("--encoding", default="cp1252", help=str(mc.CLI_HELP_BMD_CONVERT_ENCODING()))
    conv.add_argument("--names", choices=NAMES, default="ntcs", help=str(mc.CLI_HELP_BMD_CONVERT_NAMES()))
    conv.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_BMD_JSON()))
    conv.add_argument("--all", action="store_true", help=str(mc.CLI_HELP_BMD_CONVERT_ALL()))
    conv.set_defaults(handler=convert_command)


def _range(text: str) -> range:
    try:
        return parse_range(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _ranges_options(parser: argparse.ArgumentParser) -> None:
    default = DEFAULT_RANGES
    parser.add_argument(
        "--customers",
        type=_range,
        default=default.customers,
        metavar="FROM-TO",
        help=str(mc.CLI_HELP_BMD_CUSTOMERS(first=default.customers.start, last=default.customers.stop - 1)),
    )
    parser.add_argument(
        "--suppliers",
        type=_range,
        default=default.suppliers,
        metavar="FROM-TO",
        help=str(mc.CLI_HELP_BMD_SUPPLIERS(first=default.suppliers.start, last=default.suppliers.stop - 1)),
    )


def _ranges(args: argparse.Namespace) -> AccountRanges:
    try:
        return AccountRanges(args.customers, args.suppliers)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def _kind(value: str) -> Kind | None:
    return None if value == "auto" else Kind(value)


def _summary(result: ReadResult | Scan) -> dict[str, Any]:
    """A file's JSON entry; a file refused before any row was read claims no kind and no rows."""
    return {
        "file": result.name,
        "kind": None if result.unread else str(result.kind),
        "encoding": result.encoding,
        "rows": None if result.unread else result.rows,
        "lines": None if result.unread else result.lines,
        "lines_with_problems": None if result.unread else result.faulty_lines,
        "ok": result.ok,
        "problems": [p.as_dict() for p in result.problems],
        "ignored_columns": list(result.ignored_columns),
    }


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it will say why


def validate_command(args: argparse.Namespace, runtime: Runtime) -> int:
    """Handler of ``syncsystem bmd validate``."""
    paths = [runtime.cwd / given for given in args.files]  # read there, named as given
    sizes = [_size(path) for path in paths]
    label = str(mc.BMD_CLI_CHECKING(name=paths[0].name))
    with progress_bar(args, runtime.stderr, label, total=sum(sizes), unit="bytes") as bar:
        return _validate(args, runtime, paths, sizes, bar)


def _validate(
    args: argparse.Namespace, runtime: Runtime, paths: list[Path], sizes: list[int], bar: Bar
) -> int:
    names = [str(given) for given in args.files]
    entries: list[dict[str, Any]] = []
    lines: list[str] = []
    exit_code = EXIT_OK
    for index, path in enumerate(paths):
        before = sum(sizes[:index])
        bar.describe(str(mc.BMD_CLI_CHECKING(name=path.name)))

        def advance(done: int, _total: int, before: int = before) -> None:
            bar(before + done)

        try:
            # in chunks: memory bounded by the chunk; the first problems kept, all of them counted
            result = scan(
                path,
                _kind(args.kind),
                name=names[index],
                encoding=args.encoding,
                ranges=_ranges(args),
                keep=None if args.all or args.json else DEFAULT_LIMIT,
                progress=advance,
            )
        except BmdFileError as exc:
            runtime.warn(f"syncsystem: {exc}")
            entries.append({"file": names[index], "ok": False, "error": str(exc)})
            exit_code = EXIT_USAGE
            continue
        except DataError as exc:
            lines.extend(cap(exc.problems, show_all=args.all))
            found = [p.as_dict() for p in exc.problems]
            entries.append({"file": names[index], "ok": False, "problems": found})
            exit_code = max(exit_code, EXIT_PROBLEMS)
            continue
        finally:
            bar(before + sizes[index])
        entries.append(_summary(result))
        lines.extend(cap(result.problems, show_all=args.all, total=result.problem_count))
        state = mc.BMD_CLI_OK() if result.ok else mc.BMD_CLI_PROBLEMS(count=result.problem_count)
        summary = _summary_line(result, state)
        lines.append(str(summary))
        if not result.ok:
            exit_code = max(exit_code, EXIT_PROBLEMS)
    runtime.emit(args.json, {"ok": exit_code == EXIT_OK, "files": entries}, "\n".join(lines))
    return exit_code


def _summary_line(result: Scan, state: Message) -> Message:
    """The file's summary line; a file refused before any row was read names no kind and no rows.

    A clean file names its rows; a file with problems the data lines read and how many of them have
    a problem (its records alone would read "0 Zeile(n)" when every line has a cell problem); when
    only the header or preamble has a problem, the lines read without "davon 0 mit Problemen"."""
    if result.unread:
        return mc.BMD_CLI_SUMMARY_UNREAD(name=result.name, state=state)
    kind, rows, encoding = str(result.kind), result.rows, result.encoding
    if result.ok:
        return mc.BMD_CLI_SUMMARY(name=result.name, kind=kind, rows=rows, encoding=encoding, state=state)
    if not result.faulty_lines:
        return mc.BMD_CLI_SUMMARY_READ(
            name=result.name, kind=kind, lines=result.lines, encoding=encoding, state=state
        )
    return mc.BMD_CLI_SUMMARY_LINES(
        name=result.name,
        kind=kind,
        lines=result.lines,
        faulty=result.faulty_lines,
        encoding=encoding,
        state=state,
    )


def convert_command(args: argparse.Namespace, runtime: Runtime) -> int:
    """Handler of ``syncsystem bmd convert``."""
    source = runtime.cwd / args.input
    try:
        ranges = _ranges(args)
        with progress_bar(
            args, runtime.stderr, str(mc.BMD_CLI_READING(name=source.name)), total=_size(source), unit="bytes"
        ) as bar:
            result = read(source, _kind(args.kind), encoding=args.input_encoding, ranges=ranges, progress=bar)
            if not result.ok:
                raise DataError(result.problems, mc.BMD_CLI_NOT_CONVERTED(name=str(args.input)))
            bar.describe(str(mc.BMD_CLI_WRITING(name=args.output.name)))
            written = write(
                result.records,
                runtime.cwd / args.output,
                result.kind,
                encoding=args.encoding,
                names=args.names,
                as_of=result.as_of,
            )
    except DataError as exc:
        problems: tuple[Problem, ...] = exc.problems
        payload = {"ok": False, "input": str(args.input), "problems": [p.as_dict() for p in problems]}
        text = "\n".join(
            [*cap(problems, show_all=args.all), str(mc.BMD_CLI_NOTHING_WRITTEN(name=str(args.input)))]
        )
        runtime.emit(args.json, payload, text)
        return EXIT_PROBLEMS
    except UsageError as exc:
        runtime.warn(f"syncsystem: {exc}")
        return EXIT_USAGE
    payload = {
        "ok": True,
        "input": str(args.input),
        "output": str(args.output),
        "kind": str(result.kind),
        "rows": written,
        "input_encoding": result.encoding,
        "encoding": args.encoding,
        "ignored_columns": list(result.ignored_columns),
    }
    text = str(
        mc.BMD_CLI_CONVERTED(
            source=str(args.input),
            target=str(args.output),
            rows=written,
            kind=str(result.kind),
            source_encoding=result.encoding,
            target_encoding=args.encoding,
        )
    )
    if result.ignored_columns:
        text += f"\n{mc.BMD_CLI_IGNORED(columns=', '.join(result.ignored_columns))}"
    runtime.emit(args.json, payload, text)
    return EXIT_OK
