"""AR without a person account: every engine of the product and the emulator (a default BMD) agree.

Which account kinds a Buchungssymbol allows is each installation's Buchungsregel (bmd-format.md
§1.1, §1.5, S-APALEO: "configurable per company in NTCS"); BMD's default AR allows revenue,
customer and asset accounts, so a till's "Kassa an Erlös" under AR is accepted. Led by a Sachkonto
the line is net (S-NAVAX "Brutto oder Netto richtet sich nach dem führenden Konto", §1.3).

Hand-computed: net 100,00 at 20 % carries the tax 100,00 × 20 / 100 = 20,00, output tax on an
ordinary AR line (buchcode 1, betrag > 0) is negative: steuer −20,00 is right. −16,67 is the share a
gross 100,00 would contain (100 × 20 / 120 = 16,666… → 16,67): wrong on a net line, more than
0,01 away from 20,00, so refused on its line and field.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from emulators.bmd import ImportRefusedError, Office

from syncsystem import bmd
from syncsystem.bmd.chunked import scan
from syncsystem.bmd.clean_columns import clean_columns
from syncsystem.clock import DEFAULT_TZ

HEADER = "satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;prozent;steuercode;betrag;steuer;text"
PERSONS = "konto;nachname;land\r\n209001;Hotel Alpenblick GmbH;AT\r\n"
# Person-led AR invoices around the line under test, so the chunked scan cuts the file into pieces.
PADDING = [f"0;209001;4000;P-{n};03.03.2026;AR;1;20;1;120,00;-20,00;Zimmer" for n in range(40)]
LINE = 22  # header, 20 padding lines, the Kassa line, 20 more
NET = "0;2700;4000;K-1;03.03.2026;AR;1;20;1;100,00;-20,00;Kassa an Erlös"
GROSS_SHARE = NET.replace("-20,00", "-16,67")
EXPECTED = (
    "{path}:22:steuer: Steuer -16,67 passt nicht zu 20 % vom Nettobetrag 100,00: eine Buchung ohne "
    "Personenkonto (Konto 2700, Gegenkonto 4000) wird vom führenden Sachkonto netto gebucht "
    "(erwartet 20,00 ±0,01 im Betrag)"
)


def _file(tmp_path: Path, line: str) -> Path:
    path = tmp_path / "kassa.csv"
    lines = [HEADER, *PADDING]
    lines.insert(LINE - 1, line)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def _product_verdicts(path: Path) -> list[list[tuple[int, str]]]:
    """(line, field) of every problem, by the row reader, the columnar reader, the automatic switch,
    read_table and the chunked scan (cut into 512-byte pieces)."""
    data = path.read_bytes()
    results = [
        bmd.read(data, name="kassa.csv", engine="rows"),
        bmd.read(data, name="kassa.csv", engine="columns"),
        bmd.read(data, name="kassa.csv", columnar_threshold=0),
    ]
    found = [[(p.line, p.field) for p in r.problems] for r in results]
    found.append([(p.line, p.field) for p in bmd.read_table(data, name="kassa.csv").problems])
    pieces = scan(path, name="kassa.csv", chunk_bytes=512)
    found.append([(p.line, p.field) for p in pieces.problems])
    return found


@pytest.fixture
def books_office(office: Office, tmp_path: Path) -> Office:
    office.advance_to(datetime(2026, 3, 3, 9, tzinfo=DEFAULT_TZ))
    (tmp_path / "p.csv").write_bytes(PERSONS.encode("cp1252"))
    office.import_file("1001", tmp_path / "p.csv")
    return office


def test_net_kassa_line_under_ar_is_accepted_everywhere(books_office: Office, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = _file(tmp_path, NET)
    assert _product_verdicts(path) == [[]] * 5
    assert path.stat().st_size >= 2 * 512  # the scan really went in pieces
    happy = clean_columns(path.read_bytes(), None, name="kassa.csv")
    assert happy is not None and happy.rows == 41  # the happy path proves it clean by itself
    result = cli("bmd", "validate", path)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == f"{path}: bookings, 41 Zeile(n), cp1252: in Ordnung\n"
    assert books_office.import_file("1001", path).documents == 41
    postings = books_office.books("1001").document("AR", "K-1").postings()
    assert sorted((p.konto, p.betrag) for p in postings) == [
        (2700, Decimal("120.00")),  # the cash takes net plus tax
        (3500, Decimal("-20.00")),
        (4000, Decimal("-100.00")),
    ]


def test_gross_share_on_a_kassa_line_is_refused_at_its_line_and_field(
    books_office: Office,
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    path = _file(tmp_path, GROSS_SHARE)
    assert _product_verdicts(path) == [[(LINE, "steuer")]] * 5
    assert clean_columns(path.read_bytes(), None, name="kassa.csv") is None  # left to the exact reader
    result = cli("bmd", "validate", path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        EXPECTED.format(path=path),
        f"{path}: bookings, 41 Zeile(n), cp1252: 1 Problem(e)",
    ]
    with pytest.raises(ImportRefusedError) as refused:
        books_office.import_file("1001", path)
    assert [(p.line, p.field) for p in refused.value.problems] == [(LINE, "steuer")]
    assert "-20,00 (netto)" in refused.value.problems[0].message
