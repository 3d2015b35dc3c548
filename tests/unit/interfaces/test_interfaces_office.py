"""The functions behind the office pages that the page tests do not reach: periods, refused exports,
refused configuration edits, closes as the page lists them, the outbox's run summaries."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from syncsystem import bmd
from syncsystem.agent.outbox import RUNS_KEPT, Outbox
from syncsystem.bmd.records import PersonAccount
from syncsystem.clock import DEFAULT_TZ
from syncsystem.errors import DataError, UsageError
from syncsystem.interfaces.bmd_config import remove_account, set_account, set_fields
from syncsystem.interfaces.closing import close_working_files
from syncsystem.interfaces.overview import closed_set_views, working_tables
from syncsystem.interfaces.range_export import export_history, export_range, period_range

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=DEFAULT_TZ)


@pytest.mark.parametrize(
    ("kind", "value", "end", "expected"),
    [
        ("month", "2028-02", "", (date(2028, 2, 1), date(2028, 2, 29))),  # a leap year
        ("month", "2026-12", "", (date(2026, 12, 1), date(2026, 12, 31))),
        ("day", "2026-03-05", "", (date(2026, 3, 5), date(2026, 3, 5))),
        ("custom", "2026-03-01", "2026-03-15", (date(2026, 3, 1), date(2026, 3, 15))),
    ],
)
def test_periods(kind: str, value: str, end: str, expected: tuple[date, date]) -> None:
    assert period_range(kind, value, end) == expected


@pytest.mark.parametrize(
    ("kind", "value", "end"),
    [
        ("month", "2026-13", ""),
        ("day", "05.03.2026", ""),
        ("custom", "2026-03-15", "2026-03-01"),
        ("week", "2026-03-01", ""),
    ],
)
def test_bad_periods_are_usage_errors(kind: str, value: str, end: str) -> None:
    with pytest.raises(UsageError):
        period_range(kind, value, end)


def test_an_unmapped_account_refuses_the_export_and_writes_nothing(tmp_path: Path) -> None:
    """Transaction 2 books on an account without mapping: refused naming it, no export folder."""
    config = tmp_path / "bmd.json"
    config.write_text(
        json.dumps(
            {
                "accounts": {
                    "ROOMS": {"konto": 4010, "type": "revenue"},
                    "ACME": {"konto": 200100, "type": "company"},
                }
            }
        ),
        encoding="utf-8",
    )
    tx = tmp_path / "tx"
    tx.mkdir()
    (tx / "h.json").write_text(
        json.dumps(
            [
                {
                    "id": "T1",
                    "date": "2026-03-02",
                    "debit": "ACME",
                    "credit": "ROOMS",
                    "gross": "10.00",
                    "mandant": "1001",
                },
                {
                    "id": "T2",
                    "date": "2026-03-03",
                    "debit": "ACME",
                    "credit": "SPA",
                    "gross": "20.00",
                    "mandant": "1001",
                },
            ]
        ),
        encoding="utf-8",
    )
    with pytest.raises(DataError) as refused:
        export_range(config, tx, tmp_path / "out", start=date(2026, 3, 1), end=date(2026, 3, 31), now=NOW)
    found = [(Path(p.file).name, p.line, p.field) for p in refused.value.problems]
    assert found == [("h.json", 0, "[1].credit")]  # the second item of the file
    assert "SPA" in refused.value.problems[0].text_in("de")
    assert not (tmp_path / "out").exists() and export_history(tmp_path / "out") == []


def test_configuration_edits_are_refused_whole(tmp_path: Path) -> None:
    """Three wrong fields of a mapping are named together and the file stays as it was."""
    config = tmp_path / "bmd.json"
    set_account(config, {"source": "ROOMS", "konto": "4010", "type": "revenue", "kost": ""})
    before = config.read_bytes()
    with pytest.raises(DataError) as refused:
        set_account(config, {"source": "A B", "konto": "x", "type": "hotel", "kost": "77"}, centres={"10"})
    assert sorted(p.field for p in refused.value.problems) == ["konto", "kost", "source", "type"]
    with pytest.raises(DataError) as refused:
        set_fields(
            config,
            {
                "symbol_payment": "BANK",
                "belegnr": "nothing",
                "text": "service",
                "extbelegnr": "invoice",
                "aggregate_belegnr": "",
            },
        )
    fields = sorted(p.field for p in refused.value.problems)
    assert fields == ["aggregate_belegnr", "belegnr", "symbol_payment"]
    with pytest.raises(UsageError):
        remove_account(config, "SPA")
    assert config.read_bytes() == before


def test_closes_are_listed_with_their_files_in_import_order(tmp_path: Path) -> None:
    """Stammdaten before the Mandant's bookings, rows as the manifest counted them."""
    bmd.write(
        [PersonAccount(konto=200000, nachname="Hotel Alpenblick GmbH")],
        tmp_path / "Stammdaten.csv",
        bmd.Kind.PERSONS,
    )
    assert [t.name for t in working_tables(tmp_path)] == ["Stammdaten.csv"]
    assert working_tables(tmp_path)[0].rows == (("200000", "Hotel Alpenblick GmbH"),)
    close_working_files(tmp_path, NOW)
    views = closed_set_views(tmp_path)
    assert [(v.stamp, [(f.name, f.rows) for f in v.files]) for v in views] == [
        ("20260302_0800", [("20260302_0800_Stammdaten.csv", 1)])
    ]
    assert working_tables(tmp_path) == []


def test_the_outbox_keeps_the_newest_run_summaries(tmp_path: Path) -> None:
    """Newest first; only the newest RUNS_KEPT stay."""
    with Outbox(tmp_path / "outbox.sqlite", durable=False) as outbox:
        for n in range(RUNS_KEPT + 5):
            outbox.record_run({"job": f"j-{n}", "rows": n}, NOW)
        runs = outbox.recent_runs(limit=1000)
    assert len(runs) == RUNS_KEPT
    assert (runs[0]["job"], runs[-1]["job"]) == (f"j-{RUNS_KEPT + 4}", "j-5")
