"""Reading BMD files: source → bytes → lines → header → records and problems.

:func:`read` finds the encoding and the header (and so the kind), then hands the lines to the row
reader (:mod:`syncsystem.bmd.rows`) or, for large files, to the columnar reader
(:mod:`syncsystem.bmd.columnar`), which uses the same schema, the same cell grammar and the same
semantic checks and therefore returns the same records and problems. Everything that
can go wrong in a file is a :class:`~syncsystem.errors.Problem` with file, physical line and the
column as the file spells it; only a file whose kind cannot be determined (or that cannot be read at
all) raises.
"""

from __future__ import annotations

import codecs
import dataclasses
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from syncsystem.bmd import dialect, fixed, transcode, unicode_text
from syncsystem.bmd.kinds import Kind
from syncsystem.bmd.ranges import DEFAULT_RANGES, AccountRanges
from syncsystem.bmd.result import ReadResult
from syncsystem.bmd.rows import Header, read_rows
from syncsystem.bmd.schema import SCHEMAS, detect_kind, kind_without_account, looks_like_data
from syncsystem.errors import DataError, Problem, UsageError
from syncsystem.messages import Value
from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason

if TYPE_CHECKING:
    from syncsystem.bmd.columnar import Table

__all__ = [
    "COLUMNAR_THRESHOLD",
    "TABLE_FROM_ROWS_BELOW",
    "BmdFileError",
    "Header",
    "Source",
    "load",
    "read",
    "read_table",
]

Source = Path | str | bytes | BinaryIO
Engine = Literal["auto", "rows", "columns"]
COLUMNAR_THRESHOLD = 1 << 20  # bytes; below this the row reader is faster than starting polars
# Bytes; below this read_table builds its frame from the row reader's records. Measured: a 43 KB
# bookings file (500 dense rows) 5.9 ms by rows vs 6.7 ms columnar, 173 KB 21 vs 7 ms; a 63 KB
# kontool journal ~3 vs ~7 ms (benchmarks/bmd_small_files.py prints read_table per bundle).
TABLE_FROM_ROWS_BELOW = 64 << 10
MAX_PREAMBLE = 3


class BmdFileError(UsageError):
    """A BMD file could not be opened or read at all (missing, a directory, no permission)."""


def load(source: Source, name: str | None) -> tuple[bytes, str]:
    """The bytes of ``source`` and the name problems will carry."""
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), name or "<bytes>"
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            return path.read_bytes(), name or str(path)
        except OSError as exc:
            raise BmdFileError(mc.BMD_CANNOT_READ(name=str(path), reason=os_reason(exc))) from exc
    try:
        data = source.read()
    except OSError as exc:
        raise BmdFileError(mc.BMD_CANNOT_READ(name=name or "<stream>", reason=str(exc))) from exc
    return bytes(data), name or str(getattr(source, "name", "<stream>"))


def read(
    source: Source,
    kind: Kind | None = None,
    *,
    name: str | None = None,
    encoding: str | None = None,
    strict: bool = False,
    engine: Engine = "auto",
    ranges: AccountRanges = DEFAULT_RANGES,
    columnar_threshold: int = COLUMNAR_THRESHOLD,
    progress: Callable[[int, int], None] | None = None,
) -> ReadResult:
    """Read a BMD file of ``kind`` (``None``: detect it from the header) into records and problems.

    ``strict=True`` raises :class:`DataError` on any problem. ``engine`` chooses the row reader,
    the columnar reader (kinds without preamble) or, by default, the columnar one from
    ``columnar_threshold`` bytes on (``COLUMNAR_THRESHOLD``; tests inject a small one); both give
    the same records and problems. ``ranges``: the customer and supplier account ranges.
    UTF-16 (BOM or ``encoding``) is decoded first, Excel's tab-separated "Unicode-Text" included;
    a BMD 5.5 fixed-length booking file is read as bookings.
    Raises :class:`DataError` when ``kind`` is ``None`` and the
    header matches no kind, :class:`BmdFileError` when the source cannot be read.
    ``progress(done, total)``, if given, hears the bytes loaded and the bytes checked.
    """
    if progress is not None:
        return _reporting(
            progress,
            source,
            name,
            kind=kind,
            encoding=encoding,
            strict=strict,
            engine=engine,
            ranges=ranges,
            columnar_threshold=columnar_threshold,
        )
    data, label = load(source, name)
    decoded = _decode(data, kind, label, encoding)
    if isinstance(decoded, ReadResult):
        return decoded
    data, encoding, shown_override = decoded
    bulk = engine == "columns" or (engine == "auto" and len(data) >= columnar_threshold)
    odd = transcode.odd_bytes(data) if bulk else None  # shared by detection and transcoding
    enc = encoding or dialect.detect_encoding(data, odd)
    shown_enc = _shown(enc, shown_override)
    head = _head(data, enc)
    if head and isinstance(head[0][1], str) and fixed.is_fixed(head[0][1]):
        result = fixed.read_file(data, kind, head[0][0], enc, label, shown=shown_enc, ranges=ranges)
    else:
        found = _locate_header(head, kind, label, enc)
        if isinstance(found, Problem):
            result = _refused(found, kind, label, shown_enc)
        elif bulk:
            result = _read_bulk(data, found, head, label, enc, shown=shown_override, odd=odd, ranges=ranges)
        else:
            result = _read_by_rows(data, found, label=label, enc=enc, shown_enc=shown_enc, ranges=ranges)
    if strict:
        result.raise_for_problems()
    return result


def _decode(
    data: bytes, kind: Kind | None, label: str, encoding: str | None
) -> ReadResult | tuple[bytes, str | None, str | None]:
    """``data`` with UTF-16 turned into UTF-8: the bytes, the encoding to read them in (``None``:
    detect it) and the encoding to show (``None``: the one read); or the result refusing it."""
    if encoding is not None:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError as exc:
            raise UsageError(mc.BMD_UNKNOWN_ENCODING(encoding=encoding)) from exc
    if not unicode_text.is_utf16(data, encoding):
        return data, encoding, None
    converted = unicode_text.to_utf8(data, encoding, label)
    if isinstance(converted, Problem):
        return _refused(converted, kind, label, encoding or "utf-16")
    return converted, "utf-8", encoding or "utf-16"


def _refused(problem: Problem, kind: Kind | None, label: str, shown: str) -> ReadResult:
    """A problem that stops reading before any record: raised when the kind was to be detected
    (there is no kind to report it under), else the kind's unread result."""
    if kind is None:
        raise DataError([problem], mc.BMD_UNREADABLE(name=label))
    return ReadResult(kind, (), (problem,), shown, label, unread=True)


def _read_by_rows(
    data: bytes, found: tuple[Kind, int], *, label: str, enc: str, shown_enc: str, ranges: AccountRanges
) -> ReadResult:
    kind, index = found
    return read_rows(SCHEMAS[kind], dialect.decode_lines(data, enc), index, label, shown_enc, ranges=ranges)


def _read_bulk(
    data: bytes,
    found: tuple[Kind, int],
    head: list[tuple[int, str | bytes]],
    label: str,
    enc: str,
    *,
    shown: str | None,
    odd: bytes | None,
    ranges: AccountRanges,
) -> ReadResult:
    """The columnar reader (polars); it falls back to the row reader where it cannot vouch.
    ``shown``: the encoding to report instead of the one read, if any (UTF-16 read as UTF-8)."""
    from syncsystem.bmd import columnar  # noqa: PLC0415 - polars loads only for bulk reads

    kind, index = found
    number, text = head[index]
    assert isinstance(text, str)
    shown_enc = _shown(enc, shown)
    result = columnar.read_columns(
        data,
        SCHEMAS[kind],
        header_line=number,
        header_text=text,
        label=label,
        encoding=enc,
        fallback=lambda: _read_by_rows(data, found, label=label, enc=enc, shown_enc=shown_enc, ranges=ranges),
        odd=odd,
        preamble=head[:index],
        ranges=ranges,
    )
    return result.with_encoding(shown_enc) if shown else result


def _shown(enc: str, override: str | None) -> str:
    """The encoding a result reports: ``override`` if given (UTF-16 read as UTF-8), else the one
    read, without the BOM's ``-sig``."""
    return override or ("utf-8" if enc == "utf-8-sig" else enc)


def _reporting(
    progress: Callable[[int, int], None], source: Source, name: str | None, **options: Any
) -> ReadResult:
    """:func:`read` telling ``progress`` the bytes loaded, then the bytes checked."""
    data, label = load(source, name)
    progress(0, len(data))
    result = read(data, name=label, **options)
    progress(len(data), len(data))
    return result


def read_table(
    source: Source,
    kind: Kind | None = None,
    *,
    name: str | None = None,
    encoding: str | None = None,
    timer: Callable[[], float] | None = None,
    ranges: AccountRanges = DEFAULT_RANGES,
) -> Table:
    """A file as one typed polars frame (``line`` + one column per field) and its problems.

    For bulk consumers (ingest, clearing import): nothing is materialised per row, except that a file
    below ``TABLE_FROM_ROWS_BELOW`` bytes is read by rows and its records become the identical frame
    (:mod:`syncsystem.bmd.rows_table`: polars' fixed cost is larger than such a file). Rows with cell
    problems are not in the frame; semantic problems are reported like :func:`read` does; an OP
    list's date is ``Table.as_of``. A file only the row reader can report exactly (undecodable
    bytes, control characters) raises :class:`DataError` with the row reader's problems. ``timer``
    (e.g. ``time.perf_counter``) makes ``Table.stages`` list each stage's duration.
    """
    from syncsystem.bmd import columnar  # noqa: PLC0415 - polars loads only for bulk reads

    start = timer() if timer else 0.0
    data, label = load(source, name)
    decoded = _decode(data, None, label, encoding)  # kind None: a refusal raises, never returns
    assert not isinstance(decoded, ReadResult)
    data, encoding, shown_override = decoded
    odd = transcode.odd_bytes(data)
    enc = codecs.lookup(encoding).name if encoding else dialect.detect_encoding(data, odd)
    head = _head(data, enc)
    if head and isinstance(head[0][1], str) and fixed.is_fixed(head[0][1]) and kind in (None, Kind.BOOKINGS):
        return fixed.read_table(data, enc, label, shown_override or enc, ranges)
    found = _locate_header(head, kind, label, enc)
    if isinstance(found, Problem):
        raise DataError([found], mc.BMD_UNREADABLE(name=label))
    src = _TableSource(data, found, label, enc, odd, shown_override, ranges, timer, start)
    try:
        if len(data) < TABLE_FROM_ROWS_BELOW:
            return _small_table(src)
        return _columnar_table(src, head)
    except columnar.FallbackError:
        raise _refused_by_rows(data, found, label=label, enc=enc, ranges=ranges) from None


@dataclasses.dataclass(frozen=True)
class _TableSource:
    """What :func:`read_table` found out about a delimited file before building its frame."""

    data: bytes
    found: tuple[Kind, int]  # the kind and the header's index among the head's lines
    label: str
    enc: str
    odd: bytes
    shown_override: str | None  # the encoding to show instead of ``enc`` (UTF-16 read as UTF-8)
    ranges: AccountRanges
    timer: Callable[[], float] | None
    start: float  # the timer's reading before the file was loaded


def _small_table(src: _TableSource) -> Table:
    """A file below ``TABLE_FROM_ROWS_BELOW`` bytes: its frame from the row reader's records."""
    from syncsystem.bmd import columnar  # noqa: PLC0415 - polars loads only for bulk reads

    # What the columnar reader refuses (undecodable bytes, control characters) is refused here
    # too, so the size of a file never changes whether read_table accepts it.
    try:
        transcode.to_utf8(src.data, src.enc, src.odd)
    except transcode.UntranscodableError as exc:
        raise columnar.FallbackError from exc
    return _table_by_rows(src)


def _table_by_rows(src: _TableSource) -> Table:
    """The frame built from the row reader's records; with a timer, one stage for all of it."""
    from syncsystem.bmd.rows_table import table_from_rows  # noqa: PLC0415 - polars loads only here

    kind, index = src.found
    shown = _shown(src.enc, src.shown_override)
    lines = dialect.decode_lines(src.data, src.enc)
    table = table_from_rows(SCHEMAS[kind], lines, index, src.label, shown, ranges=src.ranges)
    if src.timer is not None:
        table = dataclasses.replace(table, stages=(("load+detect+rows", src.timer() - src.start),))
    return table


def _columnar_table(src: _TableSource, head: list[tuple[int, str | bytes]]) -> Table:
    """The frame from the columnar reader, or by rows where only the row reader splits exactly."""
    from syncsystem.bmd import columnar  # noqa: PLC0415 - polars loads only for bulk reads

    kind, index = src.found
    number, text = head[index]
    assert isinstance(text, str)
    try:
        table = columnar.read_table(
            src.data,
            SCHEMAS[kind],
            header_line=number,
            header_text=text,
            label=src.label,
            encoding=src.enc,
            odd=src.odd,
            preamble=head[:index],
            timer=src.timer,
            ranges=src.ranges,
        )
    except columnar.RowsOnlyError:  # quotes or a CR inside a line: the row reader splits exactly
        return _table_by_rows(src)
    if src.timer is not None:  # loading and detection happened before the columnar stages
        first = ("load+detect", (src.timer() - src.start) - sum(t for _, t in table.stages))
        table = dataclasses.replace(table, stages=(first, *table.stages))
    return dataclasses.replace(table, encoding=src.shown_override) if src.shown_override else table


def _refused_by_rows(
    data: bytes, found: tuple[Kind, int], *, label: str, enc: str, ranges: AccountRanges
) -> DataError:
    """What only the row reader can report exactly, as the error refusing the file for a table."""
    kind, index = found
    rows = read_rows(SCHEMAS[kind], dialect.decode_lines(data, enc), index, label, enc, ranges=ranges)
    problems = rows.problems or (Problem.of(label, 0, "", mc.COLUMNAR_CONTROL()),)
    return DataError(problems, mc.BMD_NOT_TABLE(name=label))


def delimited_header(
    data: bytes, kind: Kind | None, label: str, encoding: str
) -> tuple[list[tuple[int, str | bytes]], Kind, int] | None:
    """The first lines of ``data``, its kind and the header's index among them, for a delimited file
    whose header is found; None for a BMD 5.5 fixed-length file or a header problem (which `read`
    reports) — what the readers that take only the plain case (`chunked`, `clean_columns`) ask first."""
    head = _head(data, encoding)
    if head and isinstance(head[0][1], str) and fixed.is_fixed(head[0][1]):
        return None
    found = _locate_header(head, kind, label, encoding)
    if isinstance(found, Problem):
        return None
    return head, found[0], found[1]


def _head(data: bytes, encoding: str) -> list[tuple[int, str | bytes]]:
    """The first few non-blank lines (enough to find a header after a preamble). Blank lines and
    lines of only separators before the header are allowed, however many (Excel writes a formatted
    empty title block so): the window of lines decoded doubles until it holds enough of the others."""
    want, window, cut = MAX_PREAMBLE + 1, MAX_PREAMBLE + 20, 0
    while True:
        for _ in range(window):
            nxt = data.find(b"\n", cut)
            if nxt < 0:
                cut = len(data)
                break
            cut = nxt + 1
        lines = dialect.decode_lines(data[:cut], encoding)
        if len(lines) >= want or cut == len(data):
            return lines[:want]
        window *= 2


def _locate_header(
    lines: Sequence[tuple[int, str | bytes]], kind: Kind | None, label: str, encoding: str
) -> tuple[Kind, int] | Problem:
    """Where the header is and which kind it names, or the one problem that stops reading."""
    if not lines:
        return Problem.of(label, 0, "", mc.FILE_EMPTY())
    first_no, first = lines[0]
    if isinstance(first, bytes):
        _, message = dialect.undecodable_cell(first, encoding)
        return Problem.of(label, first_no, "", mc.HEADER_UNDECODABLE(reason=message))
    # NTCS exports put a "NTCS_CONSTID_INFO%<n>%<id>%…" line (the columns' ids) above the header.
    start = 1 if first.startswith(unicode_text.NTCS_CONSTID) and len(lines) > 1 else 0
    first_no, first = lines[start]
    if isinstance(first, bytes):
        _, message = dialect.undecodable_cell(first, encoding)
        return Problem.of(label, first_no, "", mc.HEADER_UNDECODABLE(reason=message))
    if "\r" in first:  # lines split at LF only: a CR left inside the header means CR-only line ends
        return Problem.of(label, first_no, "", mc.LINES_CR_ONLY())
    may_have_preamble = kind is None or SCHEMAS[kind].preamble
    candidates = lines[: MAX_PREAMBLE + 1] if may_have_preamble else lines[: start + 1]
    for index, (_, text) in enumerate(candidates):
        if index < start:
            continue
        if not isinstance(text, str):
            break
        found = detect_kind(text)
        at_header = index == start or (found is not None and SCHEMAS[found].preamble)
        if found is not None and (kind is None or found is kind) and at_header:
            return found, index
    if ";" not in first:
        named: tuple[tuple[str, Value], ...] = ((",", "','"), ("\t", mc.SEPARATOR_TABS()), ("|", "'|'"))
        for sep, label_sep in named:
            if sep in first:
                return Problem.of(label, first_no, "", mc.HEADER_SEPARATOR(separator=label_sep))
    if looks_like_data(first):  # a header-less export: not "no kind" nor five missing columns
        return Problem.of(label, first_no, "", mc.HEADER_IS_DATA(start=first[:80]))
    if kind is None:
        nearly = kind_without_account(first)
        if nearly is not None:  # its kind's header but for konto: rows.py names the missing column
            return nearly, start
        return Problem.of(label, first_no, "", mc.HEADER_NO_KIND(start=first[:80]))
    return kind, start
