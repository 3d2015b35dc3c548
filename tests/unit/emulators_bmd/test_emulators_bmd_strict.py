"""The emulator's own strict reader against the reference, and where the product's reader disagrees.

Expected values are the reference's (bmd-format.md §1, §4) — never the product's reader. A case
is read by `syncsystem.bmd.read` too: the two readers must agree with the reference on every case
(the quoted separator, §4 "Quoting", was the last one on which the product's reader was wrong).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from emulators.bmd import strict

from syncsystem import bmd

H = b"satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;prozent;steuercode;betrag;steuer;text\r\n"

# name -> (file, expected (betrag, steuer, text) of line 2, or the refused field)
CASES: dict[str, tuple[bytes, tuple[Decimal, Decimal, str] | str]] = {
    "plain": (
        H + b"0;200100;4000;1;02.03.2026;AR;1;20;1;120,00;-20,00;x\r\n",
        (Decimal(120), Decimal(-20), "x"),
    ),
    # §4: one writer (G-DATENPOL) quotes minimally with '"'; RFC 4180 (issue 10 §2)
    "quoted-separator": (
        H + b'0;200100;4000;1;02.03.2026;AR;1;20;1;120,00;-20,00;"Foo; Bar GmbH"\r\n',
        (Decimal(120), Decimal(-20), "Foo; Bar GmbH"),
    ),
    # §4: trailing ';' present in 5.5 samples and G-FDOO output: accept both
    "trailing-separator": (
        H + b"0;200100;4000;1;02.03.2026;AR;1;20;1;120,00;-20,00;x;\r\n",
        (Decimal(120), Decimal(-20), "x"),
    ),
    # §1.2 dates: JJJJMMTT is sent to NTCS by HeliumV and G-FDOO
    "date-yyyymmdd": (
        H + b"0;200100;4000;1;20260302;AR;1;20;1;120,00;-20,00;x\r\n",
        (Decimal(120), Decimal(-20), "x"),
    ),
    # §4 decimal separator: comma; no thousands separator
    "dot-decimal": (H + b"0;200100;4000;1;02.03.2026;AR;1;20;1;120.00;-20,00;x\r\n", "betrag"),
    "thousands": (H + b"0;200100;4000;1;02.03.2026;AR;1;20;1;1.200,00;-200,00;x\r\n", "betrag"),
    # §1.2 buchcode: 1 = Soll, 2 = Haben
    "buchcode-3": (H + b"0;200100;4000;1;02.03.2026;AR;3;20;1;120,00;-20,00;x\r\n", "buchcode"),
    # a stray carriage return ends a line (CRLF files): the rest is a line of its own, refused
    "stray-cr": (H + b"0;200100;4000;1;02.03.2026;AR;1;20;1;120,00;-20\r,00;x\r\n", ""),
}


Answer = tuple[Decimal, Decimal, str] | frozenset[str]


def _agrees(answer: Answer, expected: tuple[Decimal, Decimal, str] | str) -> bool:
    """A value must be equal; a refusal must name the expected field ("" = any refusal)."""
    if isinstance(expected, str):
        return isinstance(answer, frozenset) and (not expected or expected in answer)
    return answer == expected


def _strict_answer(data: bytes) -> Answer:
    read = strict.parse(data, "t.csv")
    if read.problems:
        return frozenset(p.field for p in read.problems)
    (_, rec), *_ = read.records
    assert isinstance(rec, bmd.Booking)
    return (rec.betrag, rec.steuer or Decimal(0), rec.text)


def _product_answer(data: bytes) -> Answer:
    read = bmd.read(data, name="t.csv")
    if read.problems:
        return frozenset(p.field for p in read.problems)
    rec = read.records[0]
    assert isinstance(rec, bmd.Booking)
    return (rec.betrag, rec.steuer or Decimal(0), rec.text)


@pytest.mark.parametrize("case", sorted(CASES))
def test_strict_reader_follows_the_reference(case: str) -> None:
    """The emulator's reader gives the reference's answer for each file (value read, or the field refused)."""
    data, expected = CASES[case]
    assert _agrees(_strict_answer(data), expected)


@pytest.mark.parametrize("case", sorted(CASES))
def test_product_reader_against_the_same_reference(case: str) -> None:
    """The product's reader on the same files; a disagreement is the product's (xfail names the passage)."""
    data, expected = CASES[case]
    assert _agrees(_product_answer(data), expected)


def test_strict_reader_reads_bmds_own_sample_like_the_reference_says(samples_dir: Path) -> None:
    """buerf.var (BMD 5.5 variable, 5.5 names, JJMMTT, zero-padded amounts): 20 lines, first 19,20 / −3,20."""
    read = strict.parse((samples_dir / "fdoo_buerf.var").read_bytes(), "buerf.var")
    assert read.problems == () and read.rows == 20
    _, first = read.records[0]
    assert isinstance(first, bmd.Booking)
    assert (first.konto, first.gkonto, first.belegnr, str(first.belegdatum), first.betrag, first.steuer) == (
        222224,
        4051,
        "47401",
        "1998-10-28",
        Decimal("19.20"),
        Decimal("-3.20"),
    )


def test_ntcs_constid_line_and_utf16_bom_are_read() -> None:
    """An NTCS export's first line NTCS_CONSTID_INFO%… is skipped; UTF-16 with BOM (Excel Unicode-Text)
    is read."""
    text = (
        "NTCS_CONSTID_INFO%1%2\r\n"
        + H.decode()
        + "0;200100;4000;1;02.03.2026;AR;1;20;1;120,00;-20,00;Größe\r\n"
    )
    for data in (text.encode("cp1252"), text.encode("utf-16")):
        read = strict.parse(data, "t.csv")
        assert read.problems == ()
        assert [(line, rec.text) for line, rec in read.records] == [(3, "Größe")]
