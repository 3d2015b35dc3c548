"""Validating a large BMD file in chunks: memory bounded by the chunk, not by the file.

:func:`scan` reads a file from disk piece by piece (``CHUNK_BYTES`` of whole lines at a time), reads
each piece with :func:`~syncsystem.bmd.reader.read` behind the file's own preamble and header (by the
columnar reader, the short last piece too, as the whole file would be read), and moves the problems'
line numbers back to the file's physical lines — the same problems, in the same
order, as one :func:`read` of the whole file, while only one piece's rows exist at a time. No record
is kept: a `Scan` says what ``bmd validate`` reports (kind, encoding, rows, data lines read and those
with problems, problems, ignored columns).
Problems are counted in full; ``keep`` bounds how many are kept to be shown. :func:`tables` cuts a
file the same way (`layout` says how) for the bulk consumers: each piece as the columnar reader's
`Table`, with its ``line`` column and problems at the file's physical lines (the clearing import:
payments and OP lists, from disk; the datacenter's ingest, a bundle's file already in memory — the
same cutting for a path and for bytes: bytes are read through a `BytesIO`, which shares them).

Cells never span lines (lines are split at ``\\n`` before any quoting is looked at), and every check
looks at one row — except the journal's balance over documents, which may cross any cut, and the
special forms (UTF-16, BMD 5.5 fixed-length): those files, and files smaller than two chunks, are
read whole. The encoding is detected over the whole file in a first streaming pass, with the rules of
:func:`~syncsystem.bmd.dialect.detect_encoding`.
"""

from __future__ import annotations

import codecs
import dataclasses
import io
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from syncsystem.bmd import dialect, unicode_text
from syncsystem.bmd.kinds import Kind
from syncsystem.bmd.ranges import DEFAULT_RANGES, AccountRanges
from syncsystem.bmd.reader import BmdFileError, delimited_header, read
from syncsystem.errors import Problem
from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason

if TYPE_CHECKING:
    from syncsystem.bmd.columnar import Table

__all__ = ["CHUNK_BYTES", "Layout", "Scan", "layout", "scan", "tables"]

# What is cut: a file on disk, or one already in memory (a bundle's file; never copied whole).
Source = Path | bytes

CHUNK_BYTES = 4 << 20  # ~45,000 bookings: bmd validate of 1M bookings peaks at ~200 MB
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Scan:
    """What validating a file found: ``problems`` (the first ``keep``, by line) of ``problem_count``."""

    kind: Kind
    name: str
    encoding: str
    rows: int
    problems: tuple[Problem, ...]
    problem_count: int
    ignored_columns: tuple[str, ...]
    unread: bool = False  # the file was refused before any row was read (`ReadResult.unread`)
    lines: int = 0  # data lines read and those with a problem (`ReadResult.lines`, `.faulty_lines`)
    faulty_lines: int = 0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


def scan(
    path: Path,
    kind: Kind | None = None,
    *,
    name: str | None = None,
    encoding: str | None = None,
    ranges: AccountRanges = DEFAULT_RANGES,
    keep: int | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    progress: Callable[[int, int], None] | None = None,
) -> Scan:
    """Validate the file at ``path`` like :func:`read` would, a chunk at a time (see the module doc).

    Raises what :func:`read` raises (`BmdFileError`, `DataError` for an unknown kind).
    """
    label = name or str(path)
    size, stream = _open(path, label)
    with stream:
        found = _layout(stream, size, kind=kind, label=label, encoding=encoding, chunk_bytes=chunk_bytes)
        if found is None:
            result = read(path, kind, name=label, encoding=encoding, ranges=ranges, progress=progress)
            kept = result.problems if keep is None else result.problems[:keep]
            return Scan(
                result.kind,
                result.name,
                result.encoding,
                result.rows,
                kept,
                len(result.problems),
                result.ignored_columns,
                result.unread,
                result.lines,
                result.faulty_lines,
            )
        return _pieces(
            stream,
            found,
            label=label,
            ranges=ranges,
            keep=keep,
            chunk_bytes=chunk_bytes,
            progress=progress,
            size=size,
        )


@dataclass(frozen=True, slots=True)
class Layout:
    """How a large file is cut: its kind, its encoding (detected over the whole file), the bytes up to
    and including its header (read again before every piece) and the header's physical line."""

    kind: Kind
    encoding: str
    prefix: bytes
    header_line: int


def layout(
    source: Source,
    kind: Kind | None = None,
    *,
    name: str | None = None,
    encoding: str | None = None,
    chunk_bytes: int = CHUNK_BYTES,
) -> Layout | None:
    """How the file (at a path, or its bytes) is read in pieces, or None when it is read whole (smaller
    than two chunks, UTF-16, fixed-length, the journal, a header that is not found). Raises
    `BmdFileError`."""
    size, stream = _open(source)
    with stream:
        return _layout(
            stream, size, kind=kind, label=_label(source, name), encoding=encoding, chunk_bytes=chunk_bytes
        )


def tables(
    source: Source,
    found: Layout,
    *,
    name: str | None = None,
    ranges: AccountRanges = DEFAULT_RANGES,
    chunk_bytes: int = CHUNK_BYTES,
) -> Generator[Table, None, None]:
    """`bmd.read_table` of each piece of the file (a path, or its bytes; cut as `layout` found), read
    behind the file's header: each table's ``line`` column and problems at the file's physical lines, the
    header's problems in the first table only, a whole-file problem (line 0) once — one
    `read_table` of the whole file, a piece at a time, for the bulk consumers (the clearing import).

    Raises `BmdFileError`, and what `read_table` raises for a piece (`DataError`: a piece only the
    row reader can read exactly).
    """
    import polars as pl  # noqa: PLC0415 - polars loads only for bulk reads

    from syncsystem.bmd.reader import read_table  # noqa: PLC0415 - the columnar reader loads polars

    label = _label(source, name)
    whole_file: set[Problem] = set()
    _size, stream = _open(source)
    with stream:
        stream.seek(len(found.prefix))
        for index, shift, piece in _cut(stream, found, chunk_bytes):
            table = read_table(
                found.prefix + piece, found.kind, name=label, encoding=found.encoding, ranges=ranges
            )
            problems = tuple(_shifted(table.problems, index, found.header_line, shift, whole_file))
            frame = table.frame.with_columns(pl.col("line") + shift)
            yield dataclasses.replace(table, frame=frame, problems=problems)


def _label(source: Source, name: str | None) -> str:
    return name or (str(source) if isinstance(source, Path) else "<bytes>")


def _open(source: Source, label: str | None = None) -> tuple[int, BinaryIO]:
    """The size and a stream of ``source``: bytes through a `BytesIO` (which shares them, no copy);
    a path that cannot be opened is named ``label`` (default: the path)."""
    if isinstance(source, bytes):
        return len(source), io.BytesIO(source)
    path = source
    try:
        return os.path.getsize(path), path.open("rb")
    except OSError as exc:
        raise BmdFileError(mc.BMD_CANNOT_READ(name=label or str(path), reason=os_reason(exc))) from exc


def _layout(
    stream: BinaryIO, size: int, *, kind: Kind | None, label: str, encoding: str | None, chunk_bytes: int
) -> Layout | None:
    first = stream.read(max(chunk_bytes, dialect.SAMPLE_BYTES))
    if size < 2 * chunk_bytes or unicode_text.is_utf16(first, encoding):
        return None
    enc = _encoding(stream, first, encoding)
    found = _header(first, kind, label, enc)
    if found is None:
        return None
    cut = 0
    for _ in range(found[1]):  # the prefix: every line up to and including the header
        cut = first.index(b"\n", cut) + 1
    return Layout(found[0], enc, first[:cut], found[1])


def _encoding(stream: BinaryIO, first: bytes, given: str | None) -> str:
    """``given`` (normalised), or the encoding `dialect.detect_encoding` would find for the whole file."""
    if given is not None:
        return codecs.lookup(given).name
    if first.startswith(_BOM):
        return "utf-8-sig"
    ascii_only, highs = True, []
    utf8: codecs.IncrementalDecoder | None = codecs.getincrementaldecoder("utf-8")()
    block = first
    while block:
        if not block.isascii():
            ascii_only = False
            high = dialect.high_bytes(block)
            highs.append(high)
            if utf8 is not None:
                try:
                    utf8.decode(block)
                except UnicodeDecodeError:
                    utf8 = None
        elif utf8 is not None:
            utf8.decode(block)
        block = stream.read(len(first))
    if ascii_only:
        return "cp1252"
    if utf8 is not None:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            pass
        else:
            return "utf-8"
    sample = first[: dialect.SAMPLE_BYTES]
    return dialect.encoding_by_bytes(sample, dialect.high_bytes(sample), b"".join(highs))


def _header(first: bytes, kind: Kind | None, label: str, enc: str) -> tuple[Kind, int] | None:
    """The kind and the header's physical line, or None when the file is read whole (the journal,
    a fixed-length file, a header problem)."""
    found = delimited_header(first, kind, label, enc)
    if found is None or found[1] is Kind.JOURNAL:
        return None
    head, kind_found, index = found
    return kind_found, head[index][0]


def _pieces(
    stream: BinaryIO,
    found: Layout,
    *,
    label: str,
    ranges: AccountRanges,
    keep: int | None,
    chunk_bytes: int,
    progress: Callable[[int, int], None] | None,
    size: int,
) -> Scan:
    stream.seek(len(found.prefix))
    kept: list[Problem] = []
    whole_file: set[Problem] = set()
    count = rows = lines = faulty = 0
    encoding = found.encoding
    ignored: tuple[str, ...] = ()
    for index, shift, piece in _cut(stream, found, chunk_bytes):
        # Columnar, as the whole file would be read: the last, short piece (below the columnar
        # threshold) read by rows cost a fifth of a 1M-row scan (~10,000 rows of the row reader).
        result = read(
            found.prefix + piece,
            found.kind,
            name=label,
            encoding=found.encoding,
            ranges=ranges,
            engine="columns",
        )
        if index == 0:
            encoding, ignored = result.encoding, result.ignored_columns
        for problem in _shifted(result.problems, index, found.header_line, shift, whole_file):
            count += 1
            if keep is None or len(kept) < keep:
                kept.append(problem)
        rows, lines, faulty = rows + result.rows, lines + result.lines, faulty + result.faulty_lines
        if progress is not None:
            progress(min(stream.tell(), size), size)
    return Scan(found.kind, label, encoding, rows, tuple(kept), count, ignored, False, lines, faulty)


def _cut(stream: BinaryIO, found: Layout, chunk_bytes: int) -> Iterator[tuple[int, int, bytes]]:
    """``(index, shift, piece)``: the pieces after the header, each with how many physical lines its
    rows' numbers (counted behind the prefix) must move to be the file's."""
    before = found.header_line  # physical lines of the file before the current piece
    for index, piece in enumerate(_lines(stream, chunk_bytes)):
        yield index, before - found.header_line, piece
        before += piece.count(b"\n")


def _shifted(
    problems: Iterable[Problem], index: int, header_line: int, shift: int, whole_file: set[Problem]
) -> Iterator[Problem]:
    """Piece ``index``'s problems at the file's physical lines: rows moved by ``shift``, the header's
    problems from the first piece only, a whole-file problem (line 0) once."""
    for problem in problems:
        if problem.line > header_line:
            yield dataclasses.replace(problem, line=problem.line + shift)
        elif index == 0 and problem.line > 0:
            yield problem
        elif problem.line == 0 and problem not in whole_file:
            whole_file.add(problem)
            yield problem


def _lines(stream: BinaryIO, chunk_bytes: int) -> Iterator[bytes]:
    """The rest of ``stream`` in pieces of about ``chunk_bytes`` that end at a line end."""
    rest = b""
    while True:
        block = stream.read(chunk_bytes)
        if not block:
            if rest:
                yield rest
            return
        data = rest + block
        end = data.rfind(b"\n") + 1
        if end == 0:
            rest = data
            continue
        rest = data[end:]
        yield data[:end]
