"""AR without a person account: the product's engines agree with each other and with the emulator.

Which account kinds a Buchungssymbol allows is each installation's Buchungsregel (bmd-format.md
§1.1, §1.5, S-APALEO: "configurable per company in NTCS"); BMD's default AR allows revenue,
customer and asset accounts, so a till's "Kassa an Erlös" under AR is accepted.

"Buchungsbetrag – Brutto oder Netto – richtet sich nach dem führenden Konto" (bmd-format.md §1.3,
S-NAVAX): BMD knows its chart. Cash 2700 leading (Kontenart Bestand in the emulator's chart, as in
pr10gtest) → the amount is gross and the tax is the revenue's; revenue 4000 leading → net (NAVAX)
or gross (HeliumV). The product's validator has no chart: it cannot tell whether 2700 is a till or
a revenue account, so on a line without a person account it accepts net or gross. Where the two
disagree, it is only because of the chart, and the tests below say so.

Hand-computed, output tax negative on an ordinary AR line:
Kassa 2700 an Erlös 4000, buchcode 1, betrag 100,00 gross at 20 % → share 100 × 20 / 120 = 16,666…
→ steuer −16,67, revenue 100,00 − 16,67 = 83,33; posted 2700 +100,00 / 4000 −83,33 / 3500 −16,67.
Steuer −20,00 (20 % of 100,00 as if net) is 3,33 from 16,67: the emulator refuses it. Steuer empty:
the emulator computes −16,67. Erlös 4000 an Kassa 2700, buchcode 2, betrag −100,00 net → tax 20,00,
steuer −20,00; posted 4000 −100,00 / 3500 −20,00 / 2700 +120,00. −18,00 on the Kassa line is more
than 0,01 from both 16,67 and 20,00: refused by both, each naming what it expects.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from emulators.bmd import ImportRefusedError, Office

from syncsystem import bmd
from syncsystem.bmd.chunked import scan
from syncsystem.bmd.clean_columns import clean_columns

HEADER = "satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;prozent;steuercode;betrag;steuer;text"
# Person-led AR invoices around the line under test, so the chunked scan cuts the file into pieces.
PADDING = [f"0;209001;4000;P-{n};03.03.2026;AR;1;20;1;120,00;-20,00;Zimmer" for n in range(40)]
LINE = 22  # header, 20 padding lines, the Kassa line, 20 more
GROSS = "0;2700;4000;K-1;03.03.2026;AR;1;20;1;100,00;-16,67;Kassa an Erlös"
NET = GROSS.replace("-16,67", "-20,00")
NO_TAX = GROSS.replace("-16,67", "")
NEITHER = GROSS.replace("-16,67", "-18,00")
REVENUE_LED = "0;4000;2700;K-1;03.03.2026;AR;2;20;1;-100,00;-20,00;Erlös an Kassa"
EXPECTED = (
    "{path}:22:steuer: Steuer -18,00 passt zu keiner Konvention einer Zeile ohne Personenkonto "
    "(Konto 2700, Gegenkonto 4000): Nettobetrag 100,00 × 20 % = 20,00 (NAVAX), Steueranteil vom "
    "Brutto 16,67; ±0,01 im Betrag"
)
# the emulator's refusal when the cash leads: only the gross share is right
EMULATOR_GROSS_ONLY = "(Konto führt brutto; erwartet -16,67 (brutto))"
# the journal postings BMD makes of each accepted line (konto, betrag), by hand
CASH_GROSS = [(2700, Decimal("100.00")), (3500, Decimal("-16.67")), (4000, Decimal("-83.33"))]
POSTINGS = {
    GROSS: CASH_GROSS,  # the cash took 100,00, of which 16,67 tax and 83,33 revenue
    NO_TAX: CASH_GROSS,  # BMD computes the tax from prozent: the same
    REVENUE_LED: [(2700, Decimal("120.00")), (3500, Decimal("-20.00")), (4000, Decimal("-100.00"))],
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


@pytest.mark.parametrize(
    "line", [GROSS, NO_TAX, REVENUE_LED], ids=["cash-gross", "cash-no-tax", "revenue-net"]
)
def test_kassa_line_under_ar_is_accepted_everywhere(
    books_office: Office, tmp_path: Path, cli, line: str
) -> None:  # type: ignore[no-untyped-def]
    path = _file(tmp_path, line)
    assert _product_verdicts(path) == [[]] * 5
    assert path.stat().st_size >= 2 * 512  # the scan really went in pieces
    _validates_clean(path, cli)
    assert books_office.import_file("1001", path).documents == 41
    postings = books_office.books("1001").document("AR", "K-1").postings()
    assert sorted((p.konto, p.betrag) for p in postings) == POSTINGS[line]


def test_net_amount_with_the_cash_leading_is_refused_by_the_emulator_only(
    books_office: Office,
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    """Kassa 2700 leads, so BMD takes 100,00 as gross: −20,00 is not its tax. The validator accepts
    the line because it cannot see the chart (2700 could be a revenue account elsewhere)."""
    path = _file(tmp_path, NET)
    assert _product_verdicts(path) == [[]] * 5  # no chart: net or gross
    _validates_clean(path, cli)
    with pytest.raises(ImportRefusedError) as refused:
        books_office.import_file("1001", path)
    assert [(p.line, p.field) for p in refused.value.problems] == [(LINE, "steuer")]
    assert refused.value.problems[0].message.endswith(EMULATOR_GROSS_ONLY)


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
        EXPECTED.format(path=path),  # the validator names both: it cannot see the chart
        f"{path}: bookings, 41 Zeile(n) gelesen, davon 1 mit Problemen, cp1252: 1 Problem(e)",
    ]
    with pytest.raises(ImportRefusedError) as refused:
        books_office.import_file("1001", path)
    assert [(p.line, p.field) for p in refused.value.problems] == [(LINE, "steuer")]
    assert refused.value.problems[0].message.endswith(EMULATOR_GROSS_ONLY)  # the emulator knows 2700


def _validates_clean(path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    happy = clean_columns(path.read_bytes(), None, name="kassa.csv")
    assert happy is not None and happy.rows == 41  # the happy path proves it clean by itself
    result = cli("bmd", "validate", path)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == f"{path}: bookings, 41 Zeile(n), cp1252: in Ordnung\n"
