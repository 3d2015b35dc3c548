"""Line shape and padding checks of the columnar reader, on the file's lines as polars columns.

:func:`survey` asks both questions of the whole file in one parallel pass — does every line have as
many cells as the header, is there padding at all — so that the common file pays for nothing more.
Otherwise :func:`fitting_lines` keeps the lines with as many cells as the header and turns the others
into the row reader's field-count problems, and :func:`strip_columns` finds the cell columns that
carry padding, so that only those pay for stripping (NTCS exports have none). Both work on the frame
:func:`syncsystem.bmd.columnar.read_table` builds: ``line``, the whole line as ``text`` and the cells
as ``c0`` … ``c<width>``.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from syncsystem.bmd.rows import Header, count_problem
from syncsystem.errors import Problem

__all__ = ["fitting_lines", "strip_columns", "survey"]


def _fields(width: int) -> pl.Expr:
    # Fields = separators + 1 = line length − cell lengths + 1, exact up to width + 1 fields (cheaper
    # than counting ';' in every line); lines that seem to have more are counted exactly below.
    cell_bytes = pl.sum_horizontal(pl.col(f"c{i}").str.len_bytes() for i in range(width + 1))  # null: 0
    return (pl.col("text").str.len_bytes() - cell_bytes + 1).cast(pl.Int64)


def _fits(width: int) -> pl.Expr:
    # More cells than captions is fine when the rest is blank (a trailing ';', 5.5's line padding).
    n = _fields(width)
    rest_blank = (pl.col(f"c{width}").str.strip_chars() == "").fill_null(True)
    return (n == width) | ((n == width + 1) & rest_blank)


def _padded() -> pl.Expr:
    text = pl.col("text")
    seams = [text.str.contains(w, literal=True) for w in (" ;", "; ", "\t", "\r")]
    return pl.any_horizontal(*seams, text.str.starts_with(" "), text.str.ends_with(" "))


def survey(
    frame: pl.DataFrame, width: int, unicode_space: bool, probes: Sequence[pl.Expr] = ()
) -> tuple[bool, bool, dict[str, object]]:
    """(every line has as many cells as the header, some cell may carry padding, the caller's
    ``probes``: aggregates by name) — all in one parallel pass over the file.

    ``unicode_space``: the file holds a non-ASCII whitespace character (NBSP …) — then padding is
    assumed rather than searched for.
    """
    checks = [_fits(width).all().alias("_fits"), *probes]
    if not unicode_space:
        checks.append(_padded().any().alias("_padded"))
    found = frame.select(checks).row(0, named=True)
    return bool(found["_fits"]), unicode_space or bool(found["_padded"]), found


def fitting_lines(
    frame: pl.DataFrame, width: int, header: Header, label: str, problems: list[Problem]
) -> pl.DataFrame:
    """The lines with as many cells as the header; the others become problems, blank ones vanish."""
    n, line, text = pl.col("n"), pl.col("line"), pl.col("text")
    shape = frame.select(line.cast(pl.Int64), n=_fields(width), fits=_fits(width))
    fits = pl.col("fits")
    odd = shape.filter(~fits).join(frame.select(line.cast(pl.Int64), "text"), on="line")
    blank = odd.filter((n == 1) & text.str.contains(r"^\s*$"))["line"]
    more = odd.filter(n > width + 1).with_columns(
        n=text.str.count_matches(";", literal=True).cast(pl.Int64) + 1
    )
    padded = more.filter(text.str.contains(rf"^(?:[^;]*;){{{width}}}[\s;]*$"))["line"]
    skip = pl.concat([padded, blank]).implode()
    counts = pl.concat([odd.filter(n <= width + 1).select("line", "n"), more.select("line", "n")])
    for number, count in counts.filter(~line.is_in(skip)).sort("line").iter_rows():
        problems.append(count_problem(label, number, header, count))
    keep = shape.select(fits | line.is_in(padded.implode()))
    return frame.filter(keep.to_series())


def strip_columns(frame: pl.DataFrame, header: Header, unicode_space: bool) -> set[int]:
    """The cell columns that have padding to strip (called when :func:`survey` found some).

    ``unicode_space``: the file holds a non-ASCII whitespace character (NBSP …) — then every column
    is stripped rather than searched for it.
    """
    indices = [index for index, _, _ in header.mapping]
    if unicode_space:
        return set(indices)
    edges = [
        pl.any_horizontal(
            pl.col(f"c{i}").str.starts_with(w) | pl.col(f"c{i}").str.ends_with(w) for w in (" ", "\t", "\r")
        )
        .any()
        .alias(str(i))
        for i in indices
    ]
    row = frame.select(edges).row(0)
    return {i for i, needed in zip(indices, row, strict=True) if needed}
