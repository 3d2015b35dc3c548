"""What the CLI hands every command: the edge's clock, environment and output streams.

Only `syncsystem.cli` builds a `Runtime` from the real process (system clock, `os.environ`,
`sys.stdout`); tests build one with a `SimulatedClock`, a dict and `io.StringIO`. Command handlers
take ``(args, runtime)`` and return an exit code, so the same handler serves both.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from syncsystem.clock import Clock

__all__ = ["Handler", "Runtime", "subcommands"]


@dataclass(frozen=True)
class Runtime:
    """The process edge as values: time, randomness, environment, working directory, streams."""

    clock: Clock
    environ: Mapping[str, str]
    stdout: TextIO
    stderr: TextIO
    cwd: Path
    rng: random.Random = field(default_factory=lambda: random.Random(0))

    def emit(self, as_json: bool, payload: Any, text: str | Callable[[], str]) -> None:
        """Print a command's result: ``payload`` as JSON, or ``text`` for people."""
        if as_json:
            json.dump(payload, self.stdout, ensure_ascii=False, indent=2, default=str)
            self.stdout.write("\n")
        else:
            body = text() if callable(text) else text
            if body:
                self.stdout.write(body if body.endswith("\n") else body + "\n")

    def warn(self, message: str) -> None:
        self.stderr.write(message if message.endswith("\n") else message + "\n")


Handler = Callable[[Any, Runtime], int]


def subcommands(
    parser: argparse.ArgumentParser, common: argparse.ArgumentParser
) -> Callable[[str, Handler, str], argparse.ArgumentParser]:
    """``add(name, handler, help)``: a subcommand of ``parser`` that takes ``common``'s options and
    runs ``handler``; the help text is also its description."""
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=type(parser))

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    return add
