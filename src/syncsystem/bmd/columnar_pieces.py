"""A large file read by the columnar reader in a few pieces at once, so that its steps overlap.

Half of a one-piece read runs on one core holding the GIL — the file's transcoding to UTF-8 (CPython's
codec) and the Python between polars' calls — while polars releases the GIL for the split and the
checks. :func:`read` cuts the file behind its header into pieces of whole lines, reads each behind the
file's own lines up to and including the header (the preamble, as the whole file would be read) with
the one-piece reader on two threads — one transcodes while polars splits and checks the other — and
joins them: the frames one after the other (not copied), every row's ``line`` and every problem moved
to the file's physical lines, the header's and the preamble's problems from the first piece only.

The result is the one-piece read's: cells never span lines, and every check the columnar reader runs
looks at one line (the journal's balance over documents may cross any cut: a journal is read in one
piece). What a piece cannot read exactly (the one-piece reader raises ``FallbackError``) is decided by
reading the whole file in one piece again, so the file's answer — which error, which reader — is the
one-piece read's too.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

import polars as pl

from syncsystem.bmd.kinds import Kind
from syncsystem.errors import Problem

if TYPE_CHECKING:
    from syncsystem.bmd.columnar import Table

__all__ = ["PIECE_BYTES", "count", "cut", "read"]

# ~12 MiB of a 93 MB file of 1M bookings: 7 pieces. Measured on 2 cores (docs/scaling.md): smaller
# pieces overlap better at the start and the end of a read; a piece's fixed cost is a few ms.
PIECE_BYTES = 12 << 20
WORKERS = 2  # one piece in the codec (GIL) while polars works on the other


def count(size: int, kind: Kind) -> int:
    """How many pieces a file of ``size`` bytes is read in (1: whole)."""
    if kind is Kind.JOURNAL:  # the balance over documents may cross any cut
        return 1
    return max(1, size // PIECE_BYTES)


def cut(data: bytes, header_line: int, pieces: int) -> tuple[int, list[tuple[int, int]]]:
    """(where the lines after the header start, the pieces' byte ranges after it): ``pieces`` ranges
    of about equal size that end at a line end (fewer when the file has fewer lines)."""
    start = 0
    for _ in range(header_line):
        found = data.find(b"\n", start)
        if found < 0:
            return len(data), []
        start = found + 1
    bounds = [start]
    for k in range(1, pieces):
        end = data.find(b"\n", max(bounds[-1], start + k * (len(data) - start) // pieces)) + 1
        if end in (0, len(data)):
            break
        bounds.append(end)
    bounds.append(len(data))
    return start, [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def read(
    data: bytes,
    header_line: int,
    pieces: int,
    read_one: Callable[[bytes], Table],
    fallback: type[Exception],
) -> Table | None:
    """The table of ``data`` read in ``pieces`` pieces by ``read_one`` (the one-piece reader), or None
    when the file is to be read in one piece: it is too short to cut, or a piece raised ``fallback``."""
    head, ranges = cut(data, header_line, pieces)
    if len(ranges) < 2:
        return None

    def one(a: int, b: int) -> tuple[Table, int]:
        return read_one(data[:head] + data[a:b]), data.count(b"\n", a, b)

    with ThreadPoolExecutor(WORKERS, thread_name_prefix="bmd-piece") as pool:
        futures = [pool.submit(one, a, b) for a, b in ranges]
        try:
            found = [future.result() for future in futures]
        except fallback:
            return None
        finally:
            _cancel(futures)
    return _join(found, header_line)


def _cancel(futures: Sequence[Future[tuple[Table, int]]]) -> None:
    for future in futures:
        future.cancel()


def _join(found: Sequence[tuple[Table, int]], header_line: int) -> Table:
    """The pieces' tables as the whole file's: rows and problems at the file's physical lines."""
    frames, problems = [], []
    whole_file: set[Problem] = set()
    shift = 0
    for index, (table, lines) in enumerate(found):
        frames.append(table.frame.with_columns(pl.col("line") + shift) if shift else table.frame)
        for problem in table.problems:
            if problem.line > header_line:
                problems.append(dataclasses.replace(problem, line=problem.line + shift))
            elif index == 0 and problem.line > 0:  # the header's and the preamble's
                problems.append(problem)
            elif problem.line == 0 and problem not in whole_file:
                whole_file.add(problem)
                problems.append(problem)
        shift += lines
    problems.sort(key=lambda p: p.line)
    frame = pl.concat(frames, rechunk=False)
    return dataclasses.replace(found[0][0], frame=frame, problems=tuple(problems), stages=())
