"""Progress bars for long commands, on stderr, only where a person watches.

A command handler opens one :func:`progress_bar` and hands its :class:`Bar` (a plain
``(done, total)`` callable) to the pure core, which reports bytes or rows as it goes and never
imports this module. The bar is drawn with rich, on the runtime's stderr, and only when that is a
terminal and neither ``--json`` nor the global ``--quiet`` was given; otherwise the bar is a no-op,
so scripts, pipes and log files see exactly the command's output. The bar disappears when the work
is done (transient), leaving the result readable.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

__all__ = ["Bar", "enabled", "progress_bar"]


def enabled(args: Any, stream: TextIO) -> bool:
    """Whether a bar may be drawn: a terminal on ``stream``, no ``--json``, no ``--quiet``."""
    if getattr(args, "json", False) or getattr(args, "quiet", False):
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


class Bar:
    """A progress callback: ``bar(done, total)`` sets the position; ``None`` leaves the total."""

    def __init__(self, progress: Any = None, task: Any = None) -> None:
        self._progress = progress
        self._task = task

    @property
    def shown(self) -> bool:
        return self._progress is not None

    @property
    def console(self) -> Any:
        """The rich console the bar draws on (print through it to keep the bar below), or None."""
        return None if self._progress is None else self._progress.console

    def __call__(self, done: float, total: float | None = None) -> None:
        if self._progress is not None:
            self._progress.update(self._task, completed=done, total=total)

    def describe(self, text: str) -> None:
        """Change the label in front of the bar (e.g. the file being read)."""
        if self._progress is not None:
            self._progress.update(self._task, description=text)


@contextmanager
def progress_bar(
    args: Any, stream: TextIO, description: str, *, total: float | None = None, unit: str = ""
) -> Iterator[Bar]:
    """A :class:`Bar` drawn on ``stream`` when :func:`enabled`; else one that draws nothing.

    ``unit="bytes"`` shows sizes (``12.3/45.6 MB``), anything else counts (``3/10``).
    """
    if not enabled(args, stream):
        yield Bar()
        return
    from rich.console import Console  # noqa: PLC0415 - only when a bar is drawn
    from rich.progress import (  # noqa: PLC0415
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    amount = DownloadColumn() if unit == "bytes" else MofNCompleteColumn()
    console = Console(file=stream, force_terminal=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        amount,
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        yield Bar(progress, progress.add_task(description, total=total))
