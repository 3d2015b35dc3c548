"""Validating a large BMD file in chunks: memory bounded by the chunk, not by the file.

:func:`scan` reads a file from disk piece by piece (``CHUNK_BYTES`` of whole lines at a time), reads
each piece with :func:`~syncsystem.bmd.reader.read` behind the file's own preamble and header (by the
columnar reader, the short last piece too, as the whole file would be read), and moves the
problems' line numbers back to the file's physical lines — the same problems, in the same order, as
one :func:`read` of the whole file, while only one piece's rows exist at a time. No record is kept: a
`Scan` says what ``bmd validate`` reports (kind, encoding, rows, problems, ignored columns).
Problems are counted in full; ``keep`` bounds how many are kept to be shown. :func:`read_tables`
cuts a large file the same way for a bulk consumer (the clearing import's OP lists): one typed
`bmd.read_table` frame per chunk, lines and problems moved back the same way.

Cells never span lines (lines are split at ``\\n`` before any quoting is looked at), and every check
looks at one row — except the journal's balance over documents, which may cross any cut, and the
special forms (UTF-16, BMD 5.5 fixed-length): those files, and files smaller than two chunks, are
read whole. The encoding is detected over the whole file in a first streaming pass, with the rules of
:func:`~syncsystem.bmd.dialect.detect_encoding`.
"""

from __future__ import annotations

import codecs
import dataclasses
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from syncsystem.bmd import dialect, fixed, unicode_text
from syncsystem.bmd.kinds import Kind
from syncsystem.bmd.ranges import DEFAULT_RANGES, AccountRanges
from syncsystem.bmd.reader import BmdFileError, _head, _locate_header, read
from syncsystem.errors import Problem
from syncsystem.messages import codes as mc

if TYPE_CHECKING:
    from syncsystem.bmd.columnar import Table

__all__ = ["CHUNK_BYTES", "Scan", "read_tables", "scan"]

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
    try:
        size = os.path.getsize(path)
        stream = path.open("rb")
    except OSError as exc:
        raise BmdFileError(mc.BMD_CANNOT_READ(name=str(path), reason=str(exc.strerror or exc))) from exc
    with stream:
        first = stream.read(max(chunk_bytes, dialect.SAMPLE_BYTES))
        whole = size < 2 * chunk_bytes or unicode_text.is_utf16(first, encoding)
        enc = _encoding(stream, first, encoding) if not whole else None
        found = None if enc is None else _header(first, kind, label, enc)
        if enc is None or found is None:
            result = read(path, kind, name=label, encoding=encoding, ranges=ranges, progress=progress)
            kept = result.problems if keep is None else result.problems[:keep]
            return Scan(result.kind, result.name, result.encoding, result.rows, kept, len(result.problems),
                        result.ignored_columns)
        stream.seek(0)
        return _pieces(stream, first, found, label=label, enc=enc, ranges=ranges, keep=keep,
                       chunk_bytes=chunk_bytes, progress=progress, size=size)


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
    head = _head(first, enc)
    if head and isinstance(head[0][1], str) and fixed.is_fixed(head[0][1]):
        return None
    found = _locate_header(head, kind, label, enc)
    if isinstance(found, Problem) or found[0] is Kind.JOURNAL:
        return None
    return found[0], head[found[1]][0]


def _pieces(stream: BinaryIO, first: bytes, found: tuple[Kind, int], *, label: str, enc: str,
            ranges: AccountRanges, keep: int | None, chunk_bytes: int,
            progress: Callable[[int, int], None] | None, size: int) -> Scan:
    kind, header_line = found
    kept: list[Problem] = []
    whole_file: set[Problem] = set()
    count = rows = 0
    encoding = enc
    ignored: tuple[str, ...] = ()
    for index, data, shift in _cut(stream, first, header_line, chunk_bytes):
        # Columnar, as the whole file would be read: the last, short piece (below the columnar
        # threshold) read by rows cost a fifth of a 1M-row scan (~10,000 rows of the row reader).
        result = read(data, kind, name=label, encoding=enc, ranges=ranges, engine="columns")
        if index == 0:
            encoding, ignored = result.encoding, result.ignored_columns
        for problem in _shifted(result.problems, index, header_line, shift, whole_file):
            count += 1
            if keep is None or len(kept) < keep:
                kept.append(problem)
        rows += result.rows
        if progress is not None:
            progress(min(stream.tell(), size), size)
    return Scan(kind, label, encoding, rows, tuple(kept), count, ignored)


def read_tables(path: Path, only: Kind, *, name: str | None = None,
                chunk_bytes: int = CHUNK_BYTES) -> Generator[Table, None, None] | None:
    """A large file of kind ``only`` as `bmd.read_table` tables, one per chunk, or None (read it whole).

    Each table is read behind the file's own preamble and header; its ``line`` column and its
    problems are at the file's physical lines (the header's problems in the first table only, a
    whole-file one once), so the tables together say what one `bmd.read_table` of the file says,
    while only one chunk's intermediate columns exist at a time. None for a file of another kind,
    smaller than two chunks, in UTF-16, or whose header is not found (the whole-file read reports
    it). Iterating raises what `bmd.read_table` raises for a chunk (`DataError`: a file only the row
    reader reports exactly — read it whole).
    """
    label = name or str(path)
    try:
        size = os.path.getsize(path)
        stream = path.open("rb")
    except OSError:
        return None  # the whole-file read reports it
    first = stream.read(max(chunk_bytes, dialect.SAMPLE_BYTES))
    found, enc = None, ""
    if size >= 2 * chunk_bytes and not unicode_text.is_utf16(first, None):
        # the kind from the first chunk's encoding, before a pass over a file of another kind
        sample = _header(first, None, label, dialect.detect_encoding(first))
        if sample is not None and sample[0] is only:
            enc = _encoding(stream, first, None)
            found = _header(first, None, label, enc)
    if found is None or found[0] is not only:
        stream.close()
        return None
    stream.seek(0)
    return _tables(stream, first, found, label=label, enc=enc, chunk_bytes=chunk_bytes)


def _tables(stream: BinaryIO, first: bytes, found: tuple[Kind, int], *, label: str, enc: str,
            chunk_bytes: int) -> Generator[Table, None, None]:
    import polars as pl  # noqa: PLC0415 - polars loads only for bulk reads

    from syncsystem.bmd.reader import read_table  # noqa: PLC0415 - the same reader, per chunk

    kind, header_line = found
    whole_file: set[Problem] = set()
    with stream:
        for index, data, shift in _cut(stream, first, header_line, chunk_bytes):
            table = read_table(data, kind, name=label, encoding=enc)
            problems = tuple(_shifted(table.problems, index, header_line, shift, whole_file))
            yield dataclasses.replace(table, frame=table.frame.with_columns(pl.col("line") + shift),
                                      problems=problems)


def _cut(stream: BinaryIO, first: bytes, header_line: int,
         chunk_bytes: int) -> Iterator[tuple[int, bytes, int]]:
    """``(index, prefix + piece, shift)`` per piece: the prefix is every line up to and including the
    header, ``shift`` what moves a line number of the piece's input to the file's physical line."""
    cut = 0
    for _ in range(header_line):
        cut = first.index(b"\n", cut) + 1
    prefix = first[:cut]
    stream.seek(cut)
    before = header_line  # physical lines of the file before the current piece
    for index, piece in enumerate(_lines(stream, chunk_bytes)):
        yield index, prefix + piece, before - header_line
        before += piece.count(b"\n")


def _shifted(problems: Iterable[Problem], index: int, header_line: int, shift: int,
             whole_file: set[Problem]) -> Iterator[Problem]:
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
