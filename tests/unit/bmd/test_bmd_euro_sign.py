"""The € sign: Windows-1252 writes it as byte 0x80, ISO-8859-15 as 0xA4 (which Windows-1252 reads
as ``¤``, the generic currency sign). BMD NTCS exchanges "ANSI" files, which on a German Windows is
Windows-1252 (``shared/reference/bmd-format.md`` §4 "Encoding" and §7.3), so a file without a byte
order mark or valid UTF-8 is read as Windows-1252 by every engine: 0x80 is ``€``, 0xA4 stays ``¤``
as BMD would show it — a legal character, so ``bmd validate`` finds nothing wrong — and writing the
record back gives the same byte. A file known to be ISO-8859-15 is read with ``--encoding``.

Expected characters are the code page tables' (Windows-1252: 0x80 = U+20AC, 0xA4 = U+00A4;
ISO-8859-15: 0xA4 = U+20AC), written here by hand; the file is written by hand too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from syncsystem import bmd
from syncsystem.bmd.chunked import scan
from syncsystem.bmd.clean_columns import clean_columns

EURO, CURRENCY = "\u20ac", "\u00a4"
HEADER = b"satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;prozent;steuercode;betrag;steuer;text"


def _file(sign: bytes) -> bytes:
    """One booking whose text is ``Miete 100 <sign> März`` (``ä`` = 0xE4 in both code pages)."""
    row = b"0;200100;4000;1;02.03.2026;AR;1;20;1;120,00;-20,00;Miete 100 " + sign + b" M\xe4rz"
    return HEADER + b"\r\n" + row + b"\r\n"


CASES = {"cp1252-0x80": (b"\x80", EURO), "iso8859-15-0xA4": (b"\xa4", CURRENCY)}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("engine", ["rows", "columns"])
def test_every_engine_reads_the_sign_as_windows_1252(case: str, engine: str) -> None:
    sign, expected = CASES[case]
    result = bmd.read(_file(sign), name="euro.csv", engine=engine)  # type: ignore[arg-type]
    assert result.encoding == "cp1252"
    assert result.problems == ()
    assert [r.text for r in result.records] == [f"Miete 100 {expected} März"]  # type: ignore[union-attr]


@pytest.mark.parametrize("case", CASES)
def test_the_table_and_the_fast_path_read_the_same(case: str, tmp_path: Path) -> None:
    sign, expected = CASES[case]
    table = bmd.read_table(_file(sign), name="euro.csv")
    assert table.frame["text"].to_list() == [f"Miete 100 {expected} März"] and table.problems == ()
    clean = clean_columns(_file(sign), None, name="euro.csv")
    assert clean is not None and list(clean.columns["text"]) == [f"Miete 100 {expected} März"]
    path = tmp_path / "euro.csv"
    path.write_bytes(_file(sign))
    found = scan(path)
    assert found.encoding == "cp1252" and found.problems == ()


@pytest.mark.parametrize("case", CASES)
def test_writing_the_record_back_gives_the_same_byte(case: str, tmp_path: Path) -> None:
    sign, _ = CASES[case]
    result = bmd.read(_file(sign), name="euro.csv")
    out = tmp_path / "out.csv"
    bmd.write(result.records, out, bmd.Kind.BOOKINGS)
    assert b"Miete 100 " + sign + b" M\xe4rz" in out.read_bytes()


def test_bmd_validate_finds_nothing_wrong_with_0xa4(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "euro.csv"
    path.write_bytes(_file(b"\xa4"))
    result = cli("bmd", "validate", path)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == f"{path}: bookings, 1 Zeile(n), cp1252: in Ordnung\n"


def test_a_file_known_to_be_iso_8859_15_is_read_with_its_encoding(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = bmd.read(_file(b"\xa4"), name="euro.csv", encoding="iso-8859-15")
    assert [r.text for r in result.records] == [f"Miete 100 {EURO} März"]  # type: ignore[union-attr]
    path = tmp_path / "euro.csv"
    path.write_bytes(_file(b"\xa4"))
    assert cli("bmd", "validate", path, "--encoding", "iso-8859-15").exit_code == 0
