"""`bmd.chunked.scan`: a file read in small chunks reports what one whole `bmd.read` reports.

The files are written by hand with bad cells at known physical lines (the expected lines below are
counted by hand: header = line 1, or line 2 after an OP list's preamble); the chunks are a few
hundred bytes, so every file is cut many times, also through the bad lines' neighbourhood.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from syncsystem import bmd
from syncsystem.bmd import reader
from syncsystem.bmd.chunked import layout, scan, tables

BOOKING_HEAD = "satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;betrag;text\r\n"
BAD_BOOKINGS = {5, 40, 77}  # physical lines with a three-decimal amount


def _bookings(path: Path, rows: int, text: str = "Miete", encoding: str = "cp1252") -> None:
    lines = [BOOKING_HEAD]
    for line in range(2, rows + 2):
        amount = "12,345" if line in BAD_BOOKINGS else f"{line},50"
        lines.append(f"0;4000;2800;{line};01.02.2026;SO;1;{amount};{text} {line}\r\n")
    path.write_bytes("".join(lines).encode(encoding))


def test_bookings_in_chunks_report_the_problems_at_their_physical_lines(tmp_path: Path) -> None:
    path = tmp_path / "buchungen.csv"
    _bookings(path, 120)
    found = scan(path, chunk_bytes=300)
    assert (found.kind, found.rows, found.encoding) == (bmd.Kind.BOOKINGS, 117, "cp1252")
    assert [(p.line, p.field) for p in found.problems] == [(5, "betrag"), (40, "betrag"), (77, "betrag")]
    whole = bmd.read(path)
    assert found.problems == whole.problems and found.rows == whole.rows


def test_problems_are_counted_in_full_and_kept_up_to_keep(tmp_path: Path) -> None:
    path = tmp_path / "buchungen.csv"
    _bookings(path, 120)
    found = scan(path, chunk_bytes=300, keep=2)
    assert [p.line for p in found.problems] == [5, 40]
    assert found.problem_count == 3 and not found.ok


def test_op_list_keeps_its_preamble_in_every_chunk(tmp_path: Path) -> None:
    path = tmp_path / "op.csv"
    lines = ["Offene Posten;;per 2. März 2026\r\n", "Kto-Nr;Rng-Nr;Rng-Dat;Rng-Betrag;OP-Betrag;BS\r\n"]
    for line in range(3, 103):
        konto = 4000 if line == 60 else 200001  # line 60: not a customer or supplier account
        lines.append(f"{konto};{line};01.02.2026;100,00;50,00;AR\r\n")
    path.write_bytes("".join(lines).encode("cp1252"))
    found = scan(path, chunk_bytes=256)
    assert found.kind is bmd.Kind.OPENITEMS and found.rows == 100
    assert [(p.line, p.field) for p in found.problems] == [(60, "Kto-Nr")]
    assert found.problems == bmd.read(path).problems


def test_encoding_is_detected_over_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "buchungen.csv"
    _bookings(path, 120, text="Straße", encoding="utf-8")  # the first ß only after the first chunk
    text = path.read_bytes().replace("Straße".encode(), b"Strasse", 30)
    path.write_bytes(text)
    found = scan(path, chunk_bytes=300)
    assert found.encoding == "utf-8" == bmd.read(path).encoding


def test_journal_is_read_whole_for_its_balance_over_documents(tmp_path: Path) -> None:
    head = "Bu-Konto;Buch-Dat;Bel-Dat;BelegNr;GegenKto;B;Buch-Betrag;Steuer-Betrag;Sy;JournalNr\r\n"
    rows = []
    for doc in range(40):  # each document balances: Soll 2800, Haben 4000 — except document 17
        haben = "-99,00" if doc == 17 else "-100,00"
        rows.append(f"2800;20260201;20260201;{doc};4000;1;100,00;0,00;ER;{2 * doc + 1}\r\n")
        rows.append(f"4000;20260201;20260201;{doc};2800;2;{haben};0,00;ER;{2 * doc + 2}\r\n")
    path = tmp_path / "journal.csv"
    path.write_bytes((head + "".join(rows)).encode("cp1252"))
    found = scan(path, chunk_bytes=200)
    assert [p.line for p in found.problems] == [36]  # document 17 starts at line 2 + 2 * 17
    assert found.problems == bmd.read(path).problems


def test_op_list_tables_in_chunks_are_the_whole_files_table(tmp_path: Path) -> None:
    """`tables` of an OP list: the chunks' frames, one after another, are the frame of one `bmd.read_table`
    (lines at the file's physical lines), and line 60's account is reported once, at line 60."""
    import polars as pl  # noqa: PLC0415 - as the reader: polars only for bulk reads

    path = tmp_path / "op.csv"
    lines = ["Offene Posten;;per 2. März 2026\r\n", "Kto-Nr;Rng-Nr;Rng-Dat;Rng-Betrag;OP-Betrag;BS\r\n"]
    for line in range(3, 103):
        konto = 4000 if line == 60 else 200001 + line % 7
        lines.append(f"{konto};R{line};01.02.2026;{line},25;1,00;AR\r\n")
    path.write_bytes("".join(lines).encode("cp1252"))
    found = layout(path, chunk_bytes=256)
    assert found is not None and found.kind is bmd.Kind.OPENITEMS and found.header_line == 2
    parts = list(tables(path, found, chunk_bytes=256))
    assert len(parts) > 5
    frame = pl.concat([t.frame for t in parts])
    assert frame["line"].to_list() == list(range(3, 103))  # a semantic problem keeps its row
    assert frame["rechnungsnr"].to_list() == [f"R{n}" for n in range(3, 103)]
    assert [(p.line, p.field) for t in parts for p in t.problems] == [(60, "Kto-Nr")]
    whole = bmd.read_table(path)
    assert frame.equals(whole.frame.select(frame.columns).cast(frame.schema))  # type: ignore[arg-type]
    assert layout(path) is None  # smaller than two default chunks: read whole


def test_op_list_tables_report_a_preamble_problem_once(tmp_path: Path) -> None:
    """A preamble without its "per" date is one problem at line 1, not one per chunk."""
    path = tmp_path / "op.csv"
    lines = ["Offene Posten;;\r\n", "Kto-Nr;Rng-Nr;Rng-Dat;Rng-Betrag;OP-Betrag;BS\r\n"]
    lines += [f"200001;R{line};01.02.2026;{line},25;1,00;AR\r\n" for line in range(3, 103)]
    path.write_bytes("".join(lines).encode("cp1252"))
    found = layout(path, chunk_bytes=256)
    assert found is not None
    pieces = tables(path, found, chunk_bytes=256)
    assert [(p.line, p.code) for t in pieces for p in t.problems] == [(1, "bmd.preamble.no_date")]


def test_every_piece_is_read_columnar_the_short_last_one_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The whole file would be read columnar; a piece read by rows (the last one is usually below the
    # columnar threshold) is the same result at a row reader's pace. Bad line 77 lies in a short piece.
    path = tmp_path / "buchungen.csv"
    _bookings(path, 120)
    by_rows: list[str] = []
    real = reader.read_rows
    monkeypatch.setattr(reader, "read_rows", lambda *a, **k: by_rows.append(a[3]) or real(*a, **k))
    found = scan(path, chunk_bytes=300)
    assert by_rows == []
    assert [(p.line, p.field) for p in found.problems] == [(5, "betrag"), (40, "betrag"), (77, "betrag")]


def test_tables_in_chunks_are_the_whole_table_piece_by_piece(tmp_path: Path) -> None:
    """`tables` yields the rows and problems of one `read_table`, lines at the file's physical lines."""
    import polars as pl  # noqa: PLC0415 - the bulk reader's frames

    path = tmp_path / "buchungen.csv"
    _bookings(path, 120)
    found = layout(path, chunk_bytes=300)
    assert found is not None and found.kind is bmd.Kind.BOOKINGS and found.header_line == 1
    pieces = list(tables(path, found, chunk_bytes=300))
    assert len(pieces) > 10
    problems = [(p.line, p.field) for t in pieces for p in t.problems]
    assert problems == [(5, "betrag"), (40, "betrag"), (77, "betrag")]  # BAD_BOOKINGS, by hand
    whole = bmd.read_table(path)
    assert pl.concat([t.frame for t in pieces]).equals(whole.frame)
    assert [p for t in pieces for p in t.problems] == list(whole.problems)
    assert layout(path) is None  # smaller than two default chunks: read whole


def test_bytes_are_cut_as_the_file_on_disk(tmp_path: Path) -> None:
    """A file in memory (a bundle's) is cut exactly as the same file on disk: the same layout, the
    same pieces, rows and problems at the same physical lines (BAD_BOOKINGS, by hand)."""
    path = tmp_path / "buchungen.csv"
    _bookings(path, 120)
    data = path.read_bytes()
    found = layout(data, name="mem.csv", chunk_bytes=300)
    assert found == layout(path, chunk_bytes=300)
    assert found is not None
    from_bytes = list(tables(data, found, name="mem.csv", chunk_bytes=300))
    from_disk = list(tables(path, found, name="mem.csv", chunk_bytes=300))
    assert len(from_bytes) == len(from_disk) > 10
    assert [p.line for t in from_bytes for p in t.problems] == sorted(BAD_BOOKINGS)
    assert {p.file for t in from_bytes for p in t.problems} == {"mem.csv"}
    for mem, disk in zip(from_bytes, from_disk, strict=True):
        assert mem.frame.equals(disk.frame) and mem.problems == disk.problems
    assert layout(data) is None  # smaller than two default chunks: read whole
