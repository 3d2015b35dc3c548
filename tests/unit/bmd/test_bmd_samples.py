"""Golden tests: every real BMD sample parses cleanly and converts to a stored canonical file.

Regenerate the golden files after an intended format change, by hand, with
``python -m pytest --regen-golden tests/unit/bmd/test_bmd_samples.py`` (refused under CI and tox).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from syncsystem import bmd
from syncsystem.bmd import Booking, Buchcode, JournalLine, Kind, PersonAccount

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "bmd"
SAMPLES = {
    "fdoo_buerf.var": (Kind.BOOKINGS, 20),
    "fdoo_pr10gtest.csv": (Kind.JOURNAL, 138),
    "fdoo_stamerf_var_EXCERPT.txt": (Kind.PERSONS, 1),
    "qimy_Klienten_csv_EXCERPT.csv": (Kind.PERSONS, 2),
}


def test_every_sample_is_covered(samples_dir: Path) -> None:
    """No sample file in the reference folder escapes the golden tests."""
    present = {p.name for p in samples_dir.iterdir() if p.name != "PROVENANCE.md"}
    assert present == set(SAMPLES)


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_sample_parses_without_problems(samples_dir: Path, sample: str) -> None:
    """Each sample is detected as its kind and read completely, with no problem."""
    kind, rows = SAMPLES[sample]
    result = bmd.read(samples_dir / sample, strict=True)
    assert (result.kind, result.rows, len(result.records)) == (kind, rows, rows)
    assert result.ok


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_sample_converts_to_golden_file(samples_dir: Path, sample: str, golden) -> None:  # type: ignore[no-untyped-def]
    """The canonical NTCS rendering of each sample equals its golden file byte for byte."""
    result = bmd.read(samples_dir / sample)
    produced = bmd.dumps(result.records, result.kind, as_of=result.as_of)
    golden.check(GOLDEN / f"{sample}.ntcs.csv", produced)
    assert bmd.read(produced, result.kind).records == result.records


def test_buerf_55_fields_map_to_ntcs(samples_dir: Path) -> None:
    """The 5.5 names, JJMMTT dates and zero-padded signed amounts become typed NTCS fields."""
    first = bmd.read(samples_dir / "fdoo_buerf.var").records[0]
    assert first == Booking(
        konto=222224,
        belegnr="47401",
        belegdatum=date(1998, 10, 28),
        buchcode=Buchcode.SOLL,
        betrag=Decimal("19.20"),
        gkonto=4051,
        buchdatum=date(1998, 10, 28),
        buchsymbol="AR",
        prozent=Decimal(20),
        steuer=Decimal("-3.20"),
        zziel=0,
        skontopz=Decimal(0),
        skontotage=0,
        opbetrag=Decimal("19.20"),
    )


def test_journal_reproduces_the_pr10g_shape(samples_dir: Path) -> None:
    """Writing the journal sample gives back BMD's fixed-width, trailing-';' file exactly."""
    original = (samples_dir / "fdoo_pr10gtest.csv").read_bytes()
    assert bmd.dumps(bmd.read(original).records, Kind.JOURNAL) == original


def test_journal_documents_sum_to_zero(samples_dir: Path) -> None:
    """Every journal document's Sachkonto postings sum to zero; person lines mirror their Sammelkonto.

    The one exception in the sample is BMD's collective posting: documents AR 14 and 15 of
    28.02.2005 share one tax and one Sammelkonto line, so they balance together.
    """
    lines = [r for r in bmd.read(samples_dir / "fdoo_pr10gtest.csv").records if isinstance(r, JournalLine)]
    totals: dict[tuple[str, str, date], Decimal] = defaultdict(Decimal)
    for line in lines:
        if not 200000 <= line.konto <= 399999:
            totals[(line.buchsymbol, line.belegnr, line.belegdatum)] += line.betrag
    unbalanced = {key for key, total in totals.items() if total != 0}
    shared = {("AR", "14", date(2005, 2, 28)), ("AR", "15", date(2005, 2, 28))}
    assert unbalanced == shared
    assert sum(totals[key] for key in shared) == 0
    # Each person posting equals its Sammelkonto posting across the whole journal.
    person = sum(x.betrag for x in lines if 200000 <= x.konto <= 399999)
    collective = sum(x.betrag for x in lines if x.konto in (2000, 3300))
    assert person == collective


def test_stamerf_and_ntcs_list_captions_read_as_person_accounts(samples_dir: Path) -> None:
    """The 5.5 STAMERF header and the NTCS list captions both map onto PersonAccount fields."""
    stamerf = bmd.read(samples_dir / "fdoo_stamerf_var_EXCERPT.txt")
    assert stamerf.records == (PersonAccount(konto=200000, nachname="A diverse", matchcode="A DIVERSE"),)
    assert stamerf.ignored_columns == ("Branche",)
    klienten = bmd.read(samples_dir / "qimy_Klienten_csv_EXCERPT.csv")
    first = klienten.records[0]
    assert isinstance(first, PersonAccount)
    assert (first.konto, first.waehrung, first.zahlungsziel, first.skonto) == (200000, "EUR", 0, Decimal(0))
    assert "Land-Nr" in klienten.ignored_columns
