"""Validating a large BMD file in chunks: memory bounded by the chunk, not by the file.

:func:`scan` reads a file from disk piece by piece (``CHUNK_BYTES`` of whole lines at a time), reads
each piece with :func:`~syncsystem.bmd.reader.read` behind the file's own preamble and header (by the
columnar reader, the short last piece too, as the whole file would be read), and moves the
problems' line numbers back to the file's physical lines — the same problems, in the same order, as
one :func:`read` of the whole file, while only one piece's rows exist at a time. No record is kept: a
`Scan` says what ``bmd validate`` reports (kind, encoding, rows, problems, ignored columns).
Problems are counted in full; ``keep`` bounds how many are kept to be shown.

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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from syncsystem.bmd import dialect, fixed, unicode_text
from syncsystem.bmd.kinds import Kind
from syncsystem.bmd.ranges import DEFAULT_RANGES, AccountRanges
from syncsystem.bmd.reader import BmdFileError, _head, _locate_header, read
from syncsystem.errors import Problem
from syncsystem.messages import codes as mc

__all__ = ["CHUNK_BYTES", "Scan", "scan"]

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
    cut = 0
    for _ in range(header_line):  # the prefix: every line up to and including the header
        cut = first.index(b"\n", cut) + 1
    prefix = first[:cut]
    stream.seek(cut)
    before = header_line  # physical lines of the file before the current piece
    kept: list[Problem] = []
    whole_file: set[Problem] = set()
    count = rows = 0
    encoding = enc
    ignored: tuple[str, ...] = ()
    for index, piece in enumerate(_lines(stream, chunk_bytes)):
        # Columnar, as the whole file would be read: the last, short piece (below the columnar
        # threshold) read by rows cost a fifth of a 1M-row scan (~10,000 rows of the row reader).
        result = read(prefix + piece, kind, name=label, encoding=enc, ranges=ranges, engine="columns")
        if index == 0:
            encoding, ignored = result.encoding, result.ignored_columns
        shift = before - header_line
        for found_problem in result.problems:
            problem = found_problem
            if problem.line > header_line:
                problem = dataclasses.replace(problem, line=problem.line + shift)
            elif index > 0 or problem.line == 0:  # the header's problems once; a whole-file one once
                if problem.line > 0 or problem in whole_file:
                    continue
                whole_file.add(problem)
            count += 1
            if keep is None or len(kept) < keep:
                kept.append(problem)
        rows += result.rows
        before += piece.count(b"\n")
        if progress is not None:
            progress(min(stream.tell(), size), size)
    return Scan(kind, label, encoding, rows, tuple(kept), count, ignored)


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
