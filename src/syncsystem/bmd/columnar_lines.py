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

import itertools
from collections.abc import Sequence

import polars as pl

from syncsystem.bmd.rows import Header, count_problem
from syncsystem.errors import Problem

__all__ = ["fitting_lines", "strip_columns", "survey"]


def _fields(width: int, parts: int = 1) -> list[pl.Expr]:
    # Fields = separators + 1 = line length − cell lengths + 1, exact up to width + 1 fields (cheaper
    # than counting ';' in every line); lines that seem to have more are counted exactly below.
    # ``parts``: the cell lengths summed in that many expressions (which polars runs side by side).
    bounds = [round(k * (width + 1) / parts) for k in range(parts + 1)]
    sums = [
        pl.sum_horizontal(pl.col(f"c{i}").str.len_bytes() for i in range(a, b)).alias(f"_cells{k}")
        for k, (a, b) in enumerate(itertools.pairwise(bounds))
    ]
    return [pl.col("text").str.len_bytes().alias("_text"), *sums]


def _fits(width: int, fields: pl.Expr) -> pl.Expr:
    # More cells than captions is fine when the rest is blank (a trailing ';', 5.5's line padding).
    rest_blank = (pl.col(f"c{width}").str.strip_chars() == "").fill_null(True)
    return (fields == width) | ((fields == width + 1) & rest_blank)


def _count(parts: int) -> pl.Expr:
    return (pl.col("_text") - pl.sum_horizontal(f"_cells{k}" for k in range(parts)) + 1).cast(pl.Int64)


_PARTS = 2  # the survey's cell-length sums: one per core


def survey(
    frame: pl.DataFrame, width: int, unicode_space: bool, probes: Sequence[pl.Expr] = ()
) -> tuple[bool, bool, dict[str, object]]:
    """(every line has as many cells as the header, some cell may carry padding, the caller's
    ``probes`` and ``_cr`` — a CR inside some line: aggregates by name) — in one pass of small
    expressions that polars runs in parallel.

    ``unicode_space``: the file holds a non-ASCII whitespace character (NBSP …) — then padding is
    assumed rather than searched for.
    """
    text = pl.col("text")
    lengths = frame.lazy().select(*_fields(width, _PARTS), pl.col(f"c{width}"))
    shape = lengths.select(_fits(width, _count(_PARTS)).all().alias("_fits"))
    # A CR inside a line (polars strips CRLF's): padding to strip, and asked for by name (``_cr``).
    checks = [*probes, text.str.contains("\r", literal=True).any().alias("_cr")]
    if not unicode_space:
        seams = [text.str.contains(w, literal=True) for w in (" ;", "; ", "\t")]
        edges = [text.str.starts_with(" "), text.str.ends_with(" ")]
        checks += [c.any().alias(f"_padded{i}") for i, c in enumerate([*seams, *edges])]
    fits, found = pl.collect_all([shape, frame.lazy().select(checks)])
    answers: dict[str, object] = found.row(0, named=True)
    padded = (
        unicode_space or bool(answers["_cr"]) or any(v for k, v in answers.items() if k.startswith("_padded"))
    )
    return bool(fits.item()), padded, answers


def fitting_lines(
    frame: pl.DataFrame, width: int, header: Header, label: str, problems: list[Problem]
) -> pl.DataFrame:
    """The lines with as many cells as the header; the others become problems, blank ones vanish."""
    n, line, text = pl.col("n"), pl.col("line"), pl.col("text")
    lengths = frame.select(line.cast(pl.Int64), *_fields(width), pl.col(f"c{width}"))
    shape = lengths.select("line", n=_count(1), fits=_fits(width, _count(1)))
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
