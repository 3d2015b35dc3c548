"""Validation: every file of a bundle or import read with `syncsystem.bmd` and checked, nothing stored.

`parse_files` reads each file into columns and collects every problem of every file; any problem
refuses the whole set with a `RefusedError` naming file, line and field. A small file goes to
`bmd.clean_columns` first — the row reader's happy path, columns without a record object per line —
and, when that finds anything at all to report, to the row reader `bmd.read`, which names every
problem exactly; from `COLUMNAR_FROM` on a file is read with the columnar `bmd.read_table` and stays
its compact typed frame (`slices.Framed`) — from two pieces of `PIECE_BYTES` on it is validated piece
by piece and stays its bytes (`slices.Pieced`), read again piece by piece when stored. `check_rows`
compares what was read with what the manifest declares, and `prepare_files` turns the columns into
the parameter rows the write transaction stores — all before the database is touched, except the
rows of a frame or of a pieced file: those are prepared slice by slice while they are stored
(`slices.write_files`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polars as pl

from syncsystem import bmd
from syncsystem.bmd import chunked
from syncsystem.bmd.clean_columns import clean_columns
from syncsystem.datacenter.errors import RefusedError
from syncsystem.datacenter.ingest.slices import Framed, Pieced, Sliced, prepare_file, repeated_hashes
from syncsystem.datacenter.rows import SNAPSHOT_KINDS, FieldColumns, Prepared, columns_of
from syncsystem.errors import DataError, Problem
from syncsystem.messages import codes as mc
from syncsystem.protocol.bundle import OpenedBundle
from syncsystem.protocol.manifest import file_key

__all__ = ["COLUMNAR_FROM", "PIECE_BYTES", "ParsedFile", "check_rows", "parse_files", "prepare_files"]

# From this size on a file is read with the columnar `bmd.read_table` (no record objects); below it
# the happy path `bmd.clean_columns` (no record objects either; the row reader for a file with a
# problem) is faster — a kontool bundle's seven files (1-80 KB) 2-3x (12 vs 40 ms per bundle at load
# ~8 on 2 cores, 2026-12-06), measured in benchmarks/datacenter_ingest.py, which prints the happy
# path, the row reader and read_table, so this choice is re-checked on every run.
COLUMNAR_FROM = 1 << 20
# From two pieces on a columnar file is read a piece at a time (`bmd.chunked`); tests force it small.
PIECE_BYTES = chunked.CHUNK_BYTES


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """One validated file: whose, which kind, how many rows, and its fields as columns (or a frame)."""

    mandant: str
    kind: bmd.Kind
    rows: int
    columns: FieldColumns | Framed | Pieced


def _read(
    label: str, kind: bmd.Kind | None, data: bytes
) -> tuple[bmd.Kind, int, FieldColumns | Framed | Pieced | None, list[Problem]]:
    """Read one file with `syncsystem.bmd`; columns only when it has no problem (else it is refused)."""
    if kind is not None and kind not in SNAPSHOT_KINDS and len(data) >= COLUMNAR_FROM:
        try:
            return _framed(label, kind, data)
        except DataError:
            pass  # undecodable bytes or control characters: only the row reader reports them exactly
    clean = clean_columns(data, kind, name=label)
    if clean is not None:  # the row reader's happy path, without a record object per line
        return clean.kind, clean.rows, clean.columns, []
    result = bmd.read(data, kind, name=label)
    problems = list(result.problems)
    return result.kind, result.rows, None if problems else columns_of(result.kind, result), problems


def _framed(
    label: str, kind: bmd.Kind, data: bytes
) -> tuple[bmd.Kind, int, Framed | Pieced | None, list[Problem]]:
    """A columnar file as its typed frame, read whole — or, from two pieces on (`bmd.chunked.layout`),
    validated piece by piece behind its header and kept as its bytes (`slices.Pieced`, read again a
    piece at a time while it is stored): only one piece's cells and frame exist at a time, and of
    the whole file only its bytes and one row hash a line (`slices.Repeats`). A typed frame of the
    whole file cost ~200 bytes a booking on top of its ~75 bytes of text (1.2M lines: ~+250 MiB kept,
    ~+470 MiB while polars splits the cells)."""
    found = chunked.layout(data, kind, name=label, chunk_bytes=PIECE_BYTES)
    if found is None:
        table = bmd.read_table(data, kind, name=label)
        problems = list(table.problems)
        columns = None if problems else Framed(table.frame.drop("line"), table.base)
        return table.kind, table.frame.height, columns, problems
    hashes: list[pl.Series] = []
    problems = []
    base: dict[str, object] = {}
    rows = 0
    for table in chunked.tables(data, found, name=label, chunk_bytes=PIECE_BYTES):
        problems.extend(table.problems)
        rows += table.frame.height
        if not problems:  # refused once a problem is found: then only every problem counts
            hashes.append(table.frame.drop("line").hash_rows())
            base = table.base
    if problems:
        return found.kind, rows, None, problems
    repeated = repeated_hashes(pl.concat(hashes))
    return found.kind, rows, Pieced(data, found, label, PIECE_BYTES, base, repeated), problems


def parse_files(files: Iterable[tuple[str, str, str | None, bytes]]) -> list[ParsedFile]:
    """Read ``(mandant, name, kind or None, data)`` with `syncsystem.bmd`; every problem of every
    file is collected, and any problem refuses the whole set (`RefusedError`). ``files`` is read
    once, in order: a file's bytes are not held here after it is read (a generator handing them
    over lets each go in turn)."""
    parsed: list[ParsedFile] = []
    problems: list[Problem] = []
    for mandant, name, kind_name, data in files:
        label = file_key(mandant, name)
        kind: bmd.Kind | None = None
        if kind_name is not None:
            try:
                kind = bmd.Kind(kind_name)
            except ValueError:
                problems.append(Problem.of(label, 0, "", mc.KIND_UNKNOWN(kind=kind_name)))
                continue
        try:
            found, rows, columns, found_problems = _read(label, kind, data)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        except bmd.BmdFileError as exc:
            said = exc.message
            problems.append(Problem.of(label, 0, "", said) if said else Problem.text(label, 0, "", str(exc)))
            continue
        problems.extend(found_problems)
        if columns is not None:
            parsed.append(ParsedFile(mandant, found, rows, columns))
    if problems:
        raise RefusedError(mc.INGEST_INVALID_DATA(), problems)
    return parsed


def prepare_files(
    parsed: Sequence[ParsedFile], office_id: str, bundle_id: str
) -> list[tuple[str, Prepared | Sliced]]:
    """The executemany parameters of every parsed file, built before the write transaction (a
    frame's: slice by slice during it)."""
    return [(p.mandant, prepare_file(p.kind, p.columns, office_id, p.mandant, bundle_id)) for p in parsed]


def check_rows(opened: OpenedBundle, parsed: list[ParsedFile]) -> None:
    """Each file holds the rows and kind its manifest entry declares, else the bundle is refused."""
    problems = []
    declared = [(m.mandant, f) for m in opened.manifest.mandanten for f in m.files]
    for (mandant, entry), result in zip(declared, parsed, strict=True):
        if result.rows != entry.rows:
            problems.append(
                Problem.of(
                    file_key(mandant, entry.name),
                    0,
                    "",
                    mc.MANIFEST_ROWS(declared=entry.rows, found=result.rows),
                )
            )
        if result.kind.value != entry.kind:
            problems.append(
                Problem.of(
                    file_key(mandant, entry.name),
                    0,
                    "",
                    mc.MANIFEST_KIND(declared=entry.kind, found=result.kind.value),
                )
            )
    if problems:
        raise RefusedError(mc.INGEST_MANIFEST_MISMATCH(), problems)
