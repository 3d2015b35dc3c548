"""`clearing import` stays readable: invoices now paid are summed up (each with --verbose), unresolved
rows and refused files list at most 20 lines (all with --all, all in --json), counts stay complete.

Expected lines are written by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .conftest import clearing, write_clearings, write_op_list


def _world(tmp_path: Path, name: str) -> tuple[str, Path, Path]:
    """A store with invoices R-1, R-2 (OP list of Mandant 1001), and clearings of them plus 23 unknown."""
    db = f"sqlite:///{tmp_path / (name + '.sqlite')}"
    op = write_op_list(tmp_path / f"{name}-op.csv", [("R-1", "100.00"), ("R-2", "50.00")])
    rows = [clearing("R-1", "100.00", beleg="BK-1"), clearing("R-2", "50.00", beleg="BK-2")]
    rows += [clearing(f"X-{i}", "1.00", beleg=f"BK-X{i}") for i in range(23)]
    return db, op, write_clearings(tmp_path / f"{name}-ausz.csv", rows)


def test_paid_lines_are_a_summary_unless_verbose(tmp_path: Path, cli: Any) -> None:
    """By default one "bezahlt:" line sums the invoices per Mandant; --verbose lists each one;
    the summary is German, English with --lang en."""
    db, op, ausz = _world(tmp_path, "a")
    out = cli("clearing", "import", op, ausz, "--db", db, "--mandant", "1001")
    assert out.exit_code == 1  # 23 rows found no invoice
    paid = [line for line in out.stdout.splitlines() if line.startswith("  bezahlt:")]
    assert paid == ["  bezahlt: Mandant 1001: 2; einzeln mit --verbose"]
    assert out.stdout.splitlines()[:7] == [
        "Dateien: 2",
        "Rechnungen aus OP-Listen angelegt: 2",
        "Zahlungen angelegt: 2",
        "schon vorhanden: 0",
        "mehrdeutig: 0",
        "unbekannt: 23",
        "jetzt bezahlte Rechnungen: 2",
    ]

    db, op, ausz = _world(tmp_path, "b")
    out = cli("clearing", "import", op, ausz, "--db", db, "--mandant", "1001", "--verbose")
    paid = [line for line in out.stdout.splitlines() if line.startswith("  bezahlt:")]
    assert paid == ["  bezahlt: 1001/200001/R-1", "  bezahlt: 1001/200001/R-2"]

    db, op, ausz = _world(tmp_path, "b-en")
    english = cli("--lang", "en", "clearing", "import", op, ausz, "--db", db, "--mandant", "1001")
    assert english.stdout.splitlines()[:8] == [
        "files: 2",
        "invoices registered from OP lists: 2",
        "payments created: 2",
        "already present: 0",
        "ambiguous: 0",
        "unknown: 23",
        "invoices now paid: 2",
        "  paid: Mandant 1001: 2; each one with --verbose",
    ]


def test_unresolved_rows_are_capped_with_complete_counts(tmp_path: Path, cli: Any) -> None:
    """23 unknown invoices: the count says 23, 20 are listed and one line names the 3 others."""
    db, op, ausz = _world(tmp_path, "c")
    out = cli("clearing", "import", op, ausz, "--db", db, "--mandant", "1001")
    lines = out.stdout.splitlines()
    assert "unbekannt: 23" in lines
    assert f"  {ausz}:4:Rng-Nr: X-0: Rechnung zu Konto 200001 in Mandant 1001 unbekannt" in lines
    assert sum("X-" in line for line in lines) == 20
    assert lines[-1] == "… und 3 weitere Zeilen; alle mit --all oder --json"

    db, op, ausz = _world(tmp_path, "d")
    everything = cli("clearing", "import", op, ausz, "--db", db, "--mandant", "1001", "--all")
    assert sum("X-" in line for line in everything.stdout.splitlines()) == 23
    assert "weitere" not in everything.stdout

    db, op, ausz = _world(tmp_path, "e")
    as_json = cli("clearing", "import", op, ausz, "--db", db, "--mandant", "1001", "--json", "--verbose")
    report = json.loads(as_json.stdout)
    assert len(report["unknown"]) == 23 and len(report["now_paid"]) == 2


def test_refused_input_lists_twenty_problems_and_the_rest_as_a_count(tmp_path: Path, cli: Any) -> None:
    """25 refused files (each "not an Auszifferungsliste") give 20 problem lines and "… und 5 weitere"."""
    files = []
    for i in range(25):
        path = tmp_path / f"op-{i}.csv"
        write_op_list(path, [("R-1", "1.00")])
        files.append(path)
    out = cli("clearing", "import", *files, "--db", f"sqlite:///{tmp_path / 'f.sqlite'}")  # no --mandant
    assert out.exit_code == 1
    lines = out.stderr.splitlines()
    assert lines[0] == "Import abgewiesen, nichts importiert: 25 Problem(e)"
    assert len(lines) == 22
    assert lines[-1] == "… und 5 weitere Probleme; alle mit --all oder --json"


def test_import_reports_its_steps_through_the_callback(tmp_path: Path) -> None:
    """Two files: the callback hears file 1 and 2 of 5, then resolving, writing and paid (5 of 5)."""
    from syncsystem.clearing.importer import import_files  # noqa: PLC0415
    from syncsystem.clearing.store import ClearingStore  # noqa: PLC0415

    db, op, ausz = _world(tmp_path, "g")
    heard: list[tuple[int, int]] = []
    with ClearingStore.open(db) as store:
        report = import_files(
            store, [op, ausz], mandant="1001", progress=lambda done, total: heard.append((done, total))
        )
    assert report.created == 2
    assert heard == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
