"""File bytes → the frame of raw cells and whole lines that the columnar reader works on.

The bytes reach polars as UTF-8 through :mod:`syncsystem.bmd.transcode` and are read twice: into
``c0`` … ``c<width>`` (one cell beyond the header, to tell over-long lines) with the physical line
number ``line`` from the reader itself — chunked like the cells, so later steps need not re-align a
single-chunk column with many-chunk ones (a hidden full copy) — and as whole lines into ``text``
(for the line shape and padding checks). Cutting the file in halves to transcode one while polars
reads the other was measured and is slower: polars already keeps both cores busy.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from syncsystem.bmd import transcode

__all__ = ["MisreadError", "raw_frame"]

_OPTIONS: dict[str, Any] = {"has_header": False, "quote_char": None, "infer_schema": False}


class MisreadError(Exception):
    """polars' line count disagrees with the file's: only the row reader numbers lines exactly."""


def raw_frame(data: bytes, encoding: str, odd: bytes | None, width: int) -> tuple[pl.DataFrame, bool, bool]:
    """(the frame of every physical line, the file holds non-ASCII whitespace, it holds quotes).

    Raises :class:`~syncsystem.bmd.transcode.UntranscodableError` for bytes only the row reader
    reports exactly, :class:`MisreadError` when polars' rows are not the file's lines.
    """
    utf8, unicode_space = transcode.to_utf8(data, encoding, odd)
    quotes = b'"' in utf8
    if not utf8 or utf8.isspace():  # not ``strip()``: that copies the whole file
        return pl.DataFrame(), unicode_space, quotes
    return _read(utf8, width), unicode_space, quotes


def _read(utf8: bytes, width: int) -> pl.DataFrame:
    """The cells and lines of ``utf8``, numbered from 1 (both reads at once: polars interleaves them)."""
    cells = pl.scan_csv(
        utf8,
        separator=";",
        schema={f"c{i}": pl.String for i in range(width + 1)},
        truncate_ragged_lines=True,
        extra_columns="ignore",
        missing_columns="insert",
        row_index_name="line",
        row_index_offset=1,
        **_OPTIONS,
    )
    lines = pl.scan_csv(utf8, separator="\x1f", schema={"text": pl.String}, **_OPTIONS)
    cell_frame, line_frame = pl.collect_all([cells, lines])
    if line_frame.height != cell_frame.height:
        raise MisreadError
    return pl.concat([cell_frame, line_frame], how="horizontal")
