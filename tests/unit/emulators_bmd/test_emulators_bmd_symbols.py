"""AR without a person account: every engine of the product and the emulator (a default BMD) agree.

Which account kinds a Buchungssymbol allows is each installation's Buchungsregel (bmd-format.md
§1.1, §1.5, S-APALEO: "configurable per company in NTCS"); BMD's default AR allows revenue,
customer and asset accounts, so a till's "Kassa an Erlös" under AR is accepted.

Without a person account both amount conventions occur (bmd-format.md §1.3: "Brutto oder Netto
richtet sich nach dem führenden Konto", S-NAVAX): net when the revenue account is the one that bears
the tax (NAVAX; BMD's own journal pr10gtest, UB document 17), gross when the cash, bank or a guest
ledger kept on a Sachkonto leads (apaleo's amounts are gross; so are ``interfaces export``'s guest
ledger lines). Which kind of account 2700 is, is the installation's chart, not in the file.

Hand-computed, output tax negative on an ordinary AR line (buchcode 1, betrag > 0):
net 100,00 at 20 % → tax 100,00 × 20 / 100 = 20,00 → steuer −20,00;
gross 100,00 at 20 % → share 100 × 20 / 120 = 16,666… → 16,67 → steuer −16,67;
−18,00 is more than 0,01 from both: refused on its line and field.
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
GROSS = NET.replace("-20,00", "-16,67")
NEITHER = NET.replace("-20,00", "-18,00")
EXPECTED = (
    "{path}:22:steuer: Steuer -18,00 passt zu keiner Konvention einer Zeile ohne Personenkonto "
    "(Konto 2700, Gegenkonto 4000): Nettobetrag 100,00 × 20 % = 20,00 (NAVAX), Steueranteil vom "
    "Brutto 16,67; ±0,01 im Betrag"
)
# the journal postings BMD makes of each accepted line (konto, betrag), by hand
POSTINGS = {
    # net: revenue 100,00 and its tax 20,00; the cash took both
    NET: [(2700, Decimal("120.00")), (3500, Decimal("-20.00")), (4000, Decimal("-100.00"))],
    # gross: the cash took 100,00, of which 16,67 tax and 83,33 revenue
    GROSS: [(2700, Decimal("100.00")), (3500, Decimal("-16.67")), (4000, Decimal("-83.33"))],
}


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


@pytest.mark.parametrize("line", [NET, GROSS], ids=["net", "gross"])
def test_kassa_line_under_ar_is_accepted_everywhere(
    books_office: Office, tmp_path: Path, cli, line: str
) -> None:  # type: ignore[no-untyped-def]
    path = _file(tmp_path, line)
    assert _product_verdicts(path) == [[]] * 5
    assert path.stat().st_size >= 2 * 512  # the scan really went in pieces
    happy = clean_columns(path.read_bytes(), None, name="kassa.csv")
    assert happy is not None and happy.rows == 41  # the happy path proves it clean by itself
    result = cli("bmd", "validate", path)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == f"{path}: bookings, 41 Zeile(n), cp1252: in Ordnung\n"
    assert books_office.import_file("1001", path).documents == 41
    postings = books_office.books("1001").document("AR", "K-1").postings()
    assert sorted((p.konto, p.betrag) for p in postings) == POSTINGS[line]


def test_a_tax_fitting_neither_convention_is_refused_at_its_line_and_field(
    books_office: Office,
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    path = _file(tmp_path, NEITHER)
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
    assert "-20,00 (netto) oder -16,67 (brutto)" in refused.value.problems[0].message
