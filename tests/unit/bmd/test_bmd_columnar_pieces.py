"""A file read by the columnar reader in pieces at once gives exactly the one-piece read's table.

The files are hand tables: one good booking repeated (fixed width, so every piece boundary is known)
with bad rows written in where two pieces meet; the problems expected are listed by hand.
"""

from __future__ import annotations

import pytest
from polars.testing import assert_frame_equal

from syncsystem import bmd
from syncsystem.bmd import Kind, columnar_pieces
from syncsystem.bmd.columnar import Table
from syncsystem.errors import DataError

from .test_bmd_bad_input import GOOD, HEADER

ROWS = 1200  # 1201 lines, 78,099 bytes: above read_table's size for reading by rows (64 KiB)
PIECE = 19_000  # bytes: four pieces of the file


def booking(number: int) -> str:
    return GOOD.replace(";R1;", f";R{number:04d};")


def hand_file(changes: dict[int, tuple[str, str]], *, header: str = HEADER, lead: str = "") -> bytes:
    """``lead`` + header + ``ROWS`` bookings; ``changes``: physical line → (text, its replacement)."""
    lines = [*lead.splitlines(), header] + [booking(n) for n in range(1, ROWS + 1)]
    for line, (old, new) in changes.items():
        assert old in lines[line - 1]
        lines[line - 1] = lines[line - 1].replace(old, new)
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def firsts(data: bytes, header_line: int = 1) -> list[int]:
    """The physical line each piece starts with."""
    _, ranges = columnar_pieces.cut(data, header_line, len(data) // PIECE)
    return [data[:a].count(b"\n") + 1 for a, _ in ranges]


def both(data: bytes, monkeypatch: pytest.MonkeyPatch, kind: Kind = Kind.BOOKINGS) -> tuple[Table, Table]:
    """read_table in pieces of ``PIECE`` bytes, and in one piece."""
    monkeypatch.setattr(columnar_pieces, "PIECE_BYTES", PIECE)
    pieces = bmd.read_table(data, kind, name="f.csv")
    monkeypatch.setattr(columnar_pieces, "PIECE_BYTES", 1 << 40)
    return pieces, bmd.read_table(data, kind, name="f.csv")


def assert_same(pieces: Table, whole: Table) -> None:
    assert_frame_equal(pieces.frame, whole.frame)
    assert pieces.problems == whole.problems
    assert (pieces.kind, pieces.encoding, pieces.ignored_columns, pieces.base, pieces.as_of) == (
        whole.kind, whole.encoding, whole.ignored_columns, whole.base, whole.as_of
    )


def test_the_hand_file_is_cut_into_four_pieces_at_known_lines() -> None:
    """65 bytes a line (booking 63 + CRLF), the header 99: the 78,000 bytes of bookings cut at every
    19,500 bytes, i.e. at the start of bookings 301, 601 and 901 (lines 302, 602, 902), and from there
    to the next line end: pieces start at lines 2, 303, 603 and 903."""
    data = hand_file({})
    assert len(booking(1)) == 63 and len(HEADER) == 97 and len(data) == 99 + ROWS * 65
    assert firsts(data) == [2, 303, 603, 903]


def test_bad_rows_where_pieces_meet_are_reported_at_their_physical_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A cell problem on the last line of one piece and the first of the next, a line with a field
    too many starting a piece, a semantic problem (account 0) and padding in one piece only."""
    changes = {
        302: ("120,00", "12,345"),  # last line of piece 1
        303: ("200001", "20000x"),  # first line of piece 2
        603: ("Rechnung", "Rech;ung"),  # first line of piece 3: 13 fields
        902: (";200001;", ";     0;"),  # last line of piece 3: account 0 (padded)
        1201: ("-20,00", "-20,0x"),  # the file's last line
    }
    data = hand_file(changes)
    assert firsts(data) == [2, 303, 603, 903]
    pieces, whole = both(data, monkeypatch)
    assert [(p.line, p.field) for p in pieces.problems] == [
        (302, "betrag"), (303, "konto"), (603, ""),
        (902, "konto"), (902, "konto"),  # no account at all, so AR has no person account either
        (1201, "steuer"),
    ]
    assert pieces.frame.height == ROWS - 4  # account 0 is a semantic problem: the row stays
    assert pieces.frame["line"].to_list()[299:302] == [301, 304, 305]
    assert_same(pieces, whole)


def test_an_op_list_keeps_its_preamble_and_date_in_every_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    """The OP list's date line is read before every piece; its problem is reported once, at line 1."""
    header = "Kto-Nr;Rng-Nr;Rng-Dat;Rng-Betrag;OP-Betrag;BS;Text"
    rows = [f"2{n:05d};R{n:04d};05.01.2026;120,00;120,00;AR;Müller Gebühr" for n in range(1, ROWS + 1)]
    rows[700] = rows[700].replace("05.01.2026", "31.02.2026")
    for lead, problems in (("Offene Posten;;per 31. Jänner 2026", [(703, "Rng-Dat")]),
                           ("Offene Posten;;per 31. Foo 2026", [(1, ""), (703, "Rng-Dat")])):
        data = "\r\n".join([lead, header, *rows, ""]).encode("cp1252")
        assert len(firsts(data, 2)) == len(data) // PIECE > 2
        pieces, whole = both(data, monkeypatch, Kind.OPENITEMS)
        assert [(p.line, p.field) for p in pieces.problems] == problems
        assert_same(pieces, whole)


def test_what_only_the_row_reader_reads_is_decided_as_for_the_whole_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Quotes in the first piece make the file one for the row reader; a UTF-8 file whose last piece
    does not decode (a lead byte ending line 1000, its continuation starting line 1001: together
    they decode, apart they do not) is refused — though the first piece alone would be read by rows."""
    quoted = hand_file({3: ("Rechnung", '"Rechnung"')})
    pieces, whole = both(quoted, monkeypatch)  # read by rows: identical frames
    assert_same(pieces, whole)
    torn = quoted.replace(b"R1000;", b"R1000\xc3;")
    torn = torn.replace(b"0;200001;4000;R1001;", b"\xa4;200001;4000;R1001;")
    for size in (PIECE, 1 << 40):
        monkeypatch.setattr(columnar_pieces, "PIECE_BYTES", size)
        with pytest.raises(DataError) as refused:
            bmd.read_table(torn, Kind.BOOKINGS, name="f.csv", encoding="utf-8")
        assert [(p.line, p.field) for p in refused.value.problems] == [(1001, "belegnr"), (1002, "satzart")]


def test_a_journal_is_read_in_one_piece() -> None:
    """Its balance over documents may cross any cut."""
    assert columnar_pieces.count(100 << 20, Kind.JOURNAL) == 1
    assert columnar_pieces.count(100 << 20, Kind.BOOKINGS) == 100 // 12
