"""The export interface: valid files, determinism, cursor semantics, drafts, OP/clearing consistency."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from emulators.bmd import CURSOR_FILE, FILES, Office

from syncsystem import bmd
from syncsystem.bmd.records import Booking, Clearing, JournalLine, OpenItem
from syncsystem.clock import DEFAULT_TZ, SimulatedClock

from .conftest import START


def _read(directory: Path, name: str) -> list[object]:
    result = bmd.read(directory / name)
    assert result.problems == (), result.problems
    return list(result.records)


def _tree(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*.csv"))}


def test_full_export_files_are_valid_bmd_files(office: Office, tmp_path: Path) -> None:
    """A full export writes every BMD file per Mandant plus cursor.json; each reads without problems."""
    result = office.export(tmp_path / "out")
    assert [m.mandant for m in result.mandanten] == ["1001", "1002", "1003"]
    for m in result.mandanten:
        assert sorted(p.name for p in m.directory.iterdir()) == sorted([n for n, _ in FILES] + [CURSOR_FILE])
        for name, kind in FILES:
            read = bmd.read(m.directory / name)
            assert read.kind is kind and read.problems == (), (name, read.problems)
        cursor = json.loads((m.directory / CURSOR_FILE).read_text("utf-8"))
        assert cursor["cursor_to"] == m.cursor_to == office.books(m.mandant).seq
        assert cursor["mode"] == "full" and m.rows > 100


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    """Two offices built from the same seed and profile export byte-identical files; another seed differs."""
    trees = []
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        office = Office.create(tmp_path / name, seed=seed, mandanten=2, profile="small", start=START)
        office.advance_to(datetime(2026, 3, 4, 20, tzinfo=DEFAULT_TZ))
        office.export(tmp_path / f"out-{name}")
        trees.append(_tree(tmp_path / f"out-{name}"))
    assert trees[0] == trees[1]
    assert trees[0] != trees[2]


def test_advancing_in_steps_equals_one_jump(office: Office, pristine_office: Path, tmp_path: Path) -> None:
    """Simulating day by day gives the same books as one jump to the same moment."""
    shutil.copytree(pristine_office, tmp_path / "other")
    other = Office.open(tmp_path / "other")
    for day in (2, 3, 4, 5, 6):
        office.advance_to(datetime(2026, 3, day, 19, tzinfo=DEFAULT_TZ))
    other.advance_to(datetime(2026, 3, 6, 19, tzinfo=DEFAULT_TZ))
    office.export(tmp_path / "x")
    other.export(tmp_path / "y")
    assert _tree(tmp_path / "x") == _tree(tmp_path / "y")


def test_export_since_cursor_twice_second_is_empty(office: Office, tmp_path: Path) -> None:
    """After a day of work, since C returns that day's changes; the same export again returns nothing."""
    full = office.export(tmp_path / "full")
    office.advance_to(datetime(2026, 3, 2, 18, tzinfo=DEFAULT_TZ))
    first = office.export(tmp_path / "inc1", since=full.cursors)
    second = office.export(tmp_path / "inc2", since=first.cursors)
    for nr in office.mandanten:
        assert first[nr].cursor_from == full[nr].cursor_to < first[nr].cursor_to
        assert first[nr].rows > 0
        assert second[nr].rows == 0 and second[nr].cursor_to == first[nr].cursor_to
        for name, _ in FILES:  # empty exports are still valid files (header only)
            _read(second[nr].directory, name)


def test_future_cursor_returns_nothing(office: Office, tmp_path: Path) -> None:
    """A cursor beyond the Mandant's journal exports nothing and does not move backwards."""
    result = office.export(tmp_path / "out", mandanten=["1002"], since={"1002": 10_000})
    assert result["1002"].rows == 0 and result["1002"].cursor_to == 10_000


def test_incremental_exports_add_up_to_the_full_export(office: Office, tmp_path: Path) -> None:
    """Journal lines of full(t0) plus since-cursor exports equal full(t1), numbered without gaps."""
    first = office.export(tmp_path / "f0", mandanten=["1001"])
    office.advance_to(datetime(2026, 3, 6, 19, tzinfo=DEFAULT_TZ))
    inc = office.export(tmp_path / "i1", mandanten=["1001"], since=first.cursors)
    full = office.export(tmp_path / "f1", mandanten=["1001"])
    pieces = _read(first["1001"].directory, "journal.csv") + _read(inc["1001"].directory, "journal.csv")
    assert pieces == _read(full["1001"].directory, "journal.csv")
    numbers = [line.journalnr for line in pieces if isinstance(line, JournalLine)]
    assert numbers == list(range(1, len(numbers) + 1))
    persons = _read(inc["1001"].directory, "personenkonten.csv")
    assert len(persons) < len(_read(full["1001"].directory, "personenkonten.csv"))


def test_op_list_and_clearings_agree(office: Office, tmp_path: Path) -> None:
    """For every invoice: open amount = invoice amount − Σ cleared; fully cleared ones leave the OP list."""
    office.advance_to(datetime(2026, 3, 31, 19, tzinfo=DEFAULT_TZ))
    result = office.export(tmp_path / "out")
    partial = fully_paid = 0
    for nr in office.mandanten:
        books, directory = office.books(nr), result[nr].directory
        cleared: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
        for clearing in _read(directory, "auszifferungen.csv"):
            assert isinstance(clearing, Clearing)
            cleared[(clearing.konto, clearing.rechnungsnr)] += clearing.betrag
        listed = {}
        for item in _read(directory, "op-liste.csv"):
            assert isinstance(item, OpenItem)
            assert item.offener_betrag == item.rechnungsbetrag - cleared[(item.konto, item.rechnungsnr)]
            listed[(item.konto, item.rechnungsnr)] = item
            partial += item.offener_betrag != item.rechnungsbetrag
        for key, state in books.items.items():
            assert (key in listed) == (state.open != 0)
            fully_paid += state.open == 0 and state.cleared != 0
    assert partial and fully_paid, "some invoices are partly paid, some fully"


def test_drafts_are_never_exported_until_posted(office: Office, tmp_path: Path) -> None:
    """Vorerfassung documents are in no export file; once posted the next day, they are."""
    drafts = {nr: office.books(nr).drafts for nr in office.mandanten}
    assert any(drafts.values()), "the history ends with drafts"
    result = office.export(tmp_path / "out")
    for nr, pending in drafts.items():
        numbers = {
            (b.buchsymbol, b.belegnr)
            for b in _read(result[nr].directory, "buchungen.csv")
            if isinstance(b, Booking)
        }
        for draft in pending:
            assert (draft.symbol, draft.belegnr) not in numbers
    office.advance_to(datetime(2026, 3, 2, 18, tzinfo=DEFAULT_TZ))
    posted = {(d.symbol, d.belegnr) for nr in office.mandanten for _, d in office.books(nr).documents}
    finalised = [d for pending in drafts.values() for d in pending if (d.symbol, d.belegnr) in posted]
    assert finalised, "yesterday's drafts are posted today"


def test_export_waits_the_modelled_duration_on_the_clock(office: Office, tmp_path: Path) -> None:
    """With a simulated clock the export takes its modelled time; the result reports it."""
    clock = SimulatedClock(datetime(2026, 3, 2, 21, tzinfo=DEFAULT_TZ))
    before = clock.now()
    result = office.export(tmp_path / "out", clock=clock)
    assert (clock.now() - before).total_seconds() == result.duration_seconds > 0
    assert result.mandanten[-1].exported_at == clock.now()


def test_kontool_profile_is_about_a_minute_per_mandant(tmp_path: Path) -> None:
    """A kontool-sized full export is modelled at roughly 60 s (kontool: ~10 min per 10 Mandanten)."""
    office = Office.create(tmp_path / "k", seed=1, mandanten=1, start=date(2026, 3, 2))
    modelled = office.export(tmp_path / "out").duration_seconds  # simulated time, not wall time
    assert 40 <= modelled <= 80
