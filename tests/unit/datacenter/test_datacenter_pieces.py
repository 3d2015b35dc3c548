"""A large bundle file read piece by piece (`validate.PIECE_BYTES`, `bmd.chunked`): the same stored
rows and the same problems — at the same physical lines — as one read of the whole file.

The pieces are forced to 64 bytes, so the hand-written file of seven bookings (`HAND_MADE`, ~70
bytes a line) is cut into a piece per line or two; the expected rows are the hand-written table of
`test_datacenter_slices`, the expected problems are counted by hand (the header is line 1).
"""

from __future__ import annotations

import pytest

from syncsystem import bmd
from syncsystem.bmd import chunked
from syncsystem.datacenter.errors import RefusedError
from syncsystem.datacenter.ingest import slices, validate

from .conftest import World  # type: ignore[import-not-found]
from .test_datacenter_slices import (  # type: ignore[import-not-found]
    EVERY_COLUMN,
    EXPECTED,
    HAND_MADE,
    _hand_table,
    _put,
    _stored,
    assert_bad_last_line_refused,
)

# Line 3 (R2) has a three-decimal amount, line 8 (R7, the last) a date that does not exist.
BAD = HAND_MADE.replace(b";55,00;", b";55,001;").replace(b"06.01.2026", b"31.02.2026")
BAD_AT = [("M1/buchungen.csv", 3, "betrag"), ("M1/buchungen.csv", 8, "belegdatum")]


@pytest.fixture
def pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file read columnar, in pieces of 64 bytes, stored two lines per slice."""
    monkeypatch.setattr(validate, "COLUMNAR_FROM", 0)
    monkeypatch.setattr(validate, "PIECE_BYTES", 64)
    monkeypatch.setattr(slices, "SLICE_ROWS", 2)


def _problems(data: bytes) -> list[tuple[str, int, str]]:
    with pytest.raises(RefusedError) as refused:
        validate.parse_files([("M1", "buchungen.csv", "bookings", data)])
    return [(p.file, p.line, p.field) for p in refused.value.problems]


def test_pieces_store_the_rows_of_one_read(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read in seven pieces, the file stores exactly the hand-written rows, identical (line_key and
    its occurrence numbers over the whole file included) to the row reader's and one whole read's."""
    found = chunked.layout(HAND_MADE, bmd.Kind.BOOKINGS, chunk_bytes=64)
    assert found is not None
    assert len(list(chunked.tables(HAND_MADE, found, chunk_bytes=64))) == 7  # one piece a booking
    assert _put(world, "b-rows", "M1") == 200  # a small file: the row reader
    monkeypatch.setattr(validate, "COLUMNAR_FROM", 0)
    assert _put(world, "b-whole", "M2") == 200  # columnar, one read of the whole file
    monkeypatch.setattr(validate, "PIECE_BYTES", 64)
    monkeypatch.setattr(slices, "SLICE_ROWS", 2)
    assert _put(world, "b-pieces", "M3") == 200  # columnar, seven pieces, four slices
    assert _hand_table(world, "M3") == EXPECTED
    by_pieces = _stored(world, "M3", EVERY_COLUMN)
    assert by_pieces == _stored(world, "M2", EVERY_COLUMN) == _stored(world, "M1", EVERY_COLUMN)


def test_pieces_report_the_problems_of_one_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """The problems of a file read in pieces are those of one read, at the hand-counted lines."""
    monkeypatch.setattr(validate, "COLUMNAR_FROM", 0)
    whole = _problems(BAD)
    monkeypatch.setattr(validate, "PIECE_BYTES", 64)
    assert _problems(BAD) == whole == BAD_AT


def test_a_bad_last_piece_refuses_the_whole_bundle(world: World, pieces: None) -> None:
    """Only the last piece (line 8) is bad: refused naming file, line and field; nothing stored."""
    assert_bad_last_line_refused(world)
