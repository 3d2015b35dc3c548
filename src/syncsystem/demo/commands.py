"""``syncsystem demo``: a working week end to end at high speed, checked by the demo itself.

Builds a `DemoWorld` in a state folder (a temporary one unless ``--state``), prints the timeline
live (with a bar of the simulated days on a terminal), then the summary and the advisor page's
URL; ``--json`` prints the summary as JSON instead.
Exit code 0 when every claim holds (every bundle arrived exactly once, …), 1 otherwise.
``--keep-running`` leaves the datacenter up for a browser until Ctrl-C.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from syncsystem import messages
from syncsystem.clock import DEFAULT_TZ
from syncsystem.errors import EXIT_OK, EXIT_PROBLEMS, UsageError
from syncsystem.messages import codes as mc
from syncsystem.progress import Bar, progress_bar
from syncsystem.runtime import Runtime

__all__ = ["register"]

_QUIET = ("syncsystem.agent", "syncsystem.datacenter", "uvicorn", "uvicorn.error")


def _start(text: str | None, today: date) -> date:
    """The ``--start`` day (a Monday is checked by the options), else Monday of ``today``'s week."""
    if text is None:
        return today - timedelta(days=today.weekday())
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(mc.DEMO_OPT_START_DATE(start=text)) from None


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = str(mc.CLI_HELP_DEMO_DESCRIPTION())
    parser.add_argument("--seed", type=int, default=7, help=str(mc.CLI_HELP_DEMO_SEED()))
    parser.add_argument(
        "--mandanten", type=int, default=8, metavar="N", help=str(mc.CLI_HELP_DEMO_MANDANTEN())
    )
    parser.add_argument(
        "--days",
        type=int,
        default=7,
        metavar="N",
        help=str(mc.CLI_HELP_DEMO_DAYS()),
    )
    parser.add_argument(
        "--start",
        metavar="YYYY-MM-DD",
        help=str(mc.CLI_HELP_DEMO_START()),
    )
    parser.add_argument(
        "--state",
        type=Path,
        metavar="DIR",
        help=str(mc.CLI_HELP_DEMO_STATE()),
    )
    parser.add_argument(
        "--keep-running",
        action="store_true",
        help=str(mc.CLI_HELP_DEMO_KEEP_RUNNING()),
    )
    parser.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_DEMO_JSON()))
    parser.set_defaults(handler=run_demo)


def _state_dir(args: argparse.Namespace, runtime: Runtime) -> tuple[Path, bool]:
    if args.state is None:
        return Path(tempfile.mkdtemp(prefix="syncsystem-demo-")), True
    folder = args.state if args.state.is_absolute() else runtime.cwd / args.state
    if folder.exists() and any(folder.iterdir()):
        raise UsageError(mc.DEMO_STATE_NOT_EMPTY(folder=str(folder)))
    folder.mkdir(parents=True, exist_ok=True)
    return folder, False


def run_demo(args: argparse.Namespace, runtime: Runtime) -> int:
    # Imported here so `syncsystem --help` does not load uvicorn, the emulator or rich.
    from syncsystem.demo.week import DemoOptions  # noqa: PLC0415

    today = runtime.clock.now().date()
    options = DemoOptions(
        monday=_start(args.start, today),
        seed=args.seed,
        mandanten=args.mandanten,
        days=args.days,
        lang=messages.language(),
    ).validate()
    state, temporary = _state_dir(args, runtime)
    label = str(mc.DEMO_LABEL_WEEK() if options.days == 7 else mc.DEMO_LABEL_DAYS(days=options.days))
    with progress_bar(args, runtime.stderr, label, total=options.days) as bar:
        return _play(args, runtime, options, state, temporary=temporary, bar=bar)


def _play(
    args: argparse.Namespace, runtime: Runtime, options: Any, state: Path, *, temporary: bool, bar: Bar
) -> int:
    from syncsystem.demo.summary import summarise  # noqa: PLC0415
    from syncsystem.demo.timeline import TimelinePrinter, console_for, lines_of, print_summary  # noqa: PLC0415
    from syncsystem.demo.week import DemoWorld, Event, span_name  # noqa: PLC0415

    # On one terminal the timeline prints above the bar (through its console), not across it.
    console = bar.console if bar.shown and _isatty(runtime.stdout) else console_for(runtime.stdout)
    printer = None if args.json else TimelinePrinter(console, options.lang)

    def on_event(event: Event) -> None:
        bar(min((event.at.astimezone(DEFAULT_TZ).date() - options.monday).days, options.days))
        if printer is not None:
            printer(event)

    levels = {name: logging.getLogger(name).level for name in _QUIET}
    for name in _QUIET:  # the timeline tells the outage's story; the loggers would tell it twice
        logging.getLogger(name).setLevel(logging.CRITICAL)
    started = runtime.clock.monotonic()
    keep = False
    try:
        settings = None
        if args.keep_running:
            from syncsystem.demo.live_demo import LIVE_SETTINGS  # noqa: PLC0415

            settings = LIVE_SETTINGS
        with DemoWorld(state, options, on_event=on_event, settings=settings) as world:
            record = world.play()
            if printer is not None:
                printer.finish()
            summary: dict[str, Any] = summarise(world, record)
            wall = runtime.clock.monotonic() - started
            link = ""
            if args.keep_running:
                from syncsystem.demo.live_demo import login_link  # noqa: PLC0415

                link = login_link(world)
            summary["wall_seconds"] = round(wall, 2)
            summary["span"] = span_name(options.days, options.lang)
            summary["state_dir"] = str(state) if (args.keep_running or not temporary) else None
            if args.json:
                summary["timeline"] = [line.to_json() for line in lines_of(record.events, options.lang)]
                if link:
                    summary["login_link"] = link
                runtime.emit(True, summary, "")
            else:
                print_summary(console, summary, wall_seconds=wall, link=link, lang=options.lang)
            if args.keep_running:
                keep = True
                _keep_running(runtime, world, state)
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        if temporary and not keep:
            shutil.rmtree(state, ignore_errors=True)
    return EXIT_OK if summary["ok"] else EXIT_PROBLEMS


def _isatty(stream: Any) -> bool:
    return bool(getattr(stream, "isatty", None) and stream.isatty())


def _keep_running(runtime: Runtime, world: Any, state: Path) -> None:
    """The datacenter stays up and simulated time moves on (one working hour in ten seconds); the
    advisor's page opens with the one-time link the summary's last line names (plain HTTP on loopback,
    no certificate warning), right above this."""
    from syncsystem.demo.live_demo import keep_running  # noqa: PLC0415

    runtime.warn(str(mc.DEMO_TIME_RUNS(state=str(state))))
    try:
        keep_running(world)
    except KeyboardInterrupt:
        runtime.warn(str(mc.DEMO_STOPPED()))
