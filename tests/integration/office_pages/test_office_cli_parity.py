"""CLI parity of pages 3–5: what the pages do, the CLI does on the same files and stores.

Expected values by hand: two March transactions of 110,00 and 220,00 gross (10 % VAT: 10,00 and 20,00)
on one account pair sum to one aggregated line of 330,00 with tax -30,00.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.fake_agent import saved_local_profile

from syncsystem import bmd
from syncsystem.agent.outbox import Outbox
from syncsystem.agent.worker import OUTBOX_NAME
from syncsystem.bmd.records import Booking
from syncsystem.clearing.rules import Invoice
from syncsystem.clearing.store import ClearingStore
from syncsystem.clock import DEFAULT_TZ


def _ok(out: Any) -> Any:
    assert out.exit_code == 0, (out.stdout, out.stderr)
    return json.loads(out.stdout)


def test_config_and_range_export_on_the_command_line(cli: Any, tmp_path: Path) -> None:
    """``interfaces config`` edits the file; a wrong symbol is refused naming it and changes nothing;
    ``export-range --month`` writes the three files and ``exports`` lists the export."""
    config = tmp_path / "bmd.json"
    config.write_text(
        json.dumps({"companies": {"ACME": {"name": "Acme Reisen GmbH", "city": "Wien"}}}), encoding="utf-8"
    )  # the companies come from the hotel system; the CLI keeps them
    doc = _ok(
        cli(
            "interfaces",
            "config",
            "--config",
            str(config),
            "--account",
            "ROOMS=4010:revenue",
            "--account",
            "ACME=200100:company",
            "--belegnr",
            "reservation",
            "--json",
        )
    )
    assert doc["accounts"]["ACME"] == {"konto": 200100, "type": "company", "kost": ""}
    before = config.read_bytes()
    bad = cli("interfaces", "config", "--config", str(config), "--symbol", "revenue=ARX")
    assert bad.exit_code == 1 and "symbol_revenue" in bad.stderr
    assert config.read_bytes() == before
    tx = tmp_path / "tx"
    tx.mkdir()
    (tx / "hotel.json").write_text(
        json.dumps(
            [
                {
                    "id": f"T{i}",
                    "date": day,
                    "debit": "ACME",
                    "credit": "ROOMS",
                    "gross": gross,
                    "vat": "10",
                    "tax": tax,
                    "reservation": f"RES-{i}",
                    "mandant": "1001",
                }
                for i, (day, gross, tax) in enumerate(
                    [
                        ("2026-03-02", "110.00", "10.00"),
                        ("2026-03-02", "220.00", "20.00"),
                        ("2026-04-01", "55.00", "5.00"),
                    ]
                )
            ]
        ),
        encoding="utf-8",
    )
    made = _ok(
        cli(
            "interfaces",
            "export-range",
            "--config",
            str(config),
            "--transactions-dir",
            str(tx),
            "--out-dir",
            str(tmp_path / "exporte"),
            "--month",
            "2026-03",
            "--json",
        )
    )
    assert made["transactions"] == 2
    assert [(f["name"], f["rows"]) for f in made["files"]] == [
        ("Personenkonten.csv", 1),
        ("Buchungen.csv", 2),
        ("Buchungen_verdichtet.csv", 1),
    ]
    folder = tmp_path / "exporte" / made["folder"]
    aggregated = bmd.read(folder / "Buchungen_verdichtet.csv", bmd.Kind.BOOKINGS)
    line = aggregated.records[0]
    assert isinstance(line, Booking)
    assert (line.betrag, line.steuer, line.belegnr) == (
        Decimal("330.00"),
        Decimal("-30.00"),
        "Apaleo-20260302",
    )
    history = _ok(cli("interfaces", "exports", "--out-dir", str(tmp_path / "exporte"), "--json"))
    assert [(h["start"], h["end"], h["transactions"]) for h in history] == [("2026-03-01", "2026-03-31", 2)]


def test_invoices_filtered_by_account_and_status(cli: Any, tmp_path: Path) -> None:
    """``clearing invoices --konto --status`` answers as the page's filter does."""
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    with ClearingStore.open(db) as store, store.transaction() as conn:
        store.register_invoices(
            conn,
            [
                Invoice("1001", "R-1", 200000, date(2026, 3, 2), Decimal("240.00")),
                Invoice("1001", "R-2", 200001, date(2026, 3, 2), Decimal("120.00")),
            ],
        )
    rows = _ok(cli("clearing", "invoices", "--db", db, "--konto", "200001", "--status", "offen", "--json"))
    assert [r["rechnungsnr"] for r in rows] == ["R-2"]
    assert _ok(cli("clearing", "invoices", "--db", db, "--status", "bezahlt", "--json")) == []


def test_agent_runs_lists_the_stored_summaries(cli: Any, tmp_path: Path) -> None:
    """``agent runs`` shows what the page's "Letzte Synchronisierungen" shows, newest first."""
    state = tmp_path / "home" / "kanzlei"
    saved_local_profile(state)
    with Outbox(state / OUTBOX_NAME) as outbox:
        for n in (1, 2):
            outbox.record_run(
                {
                    "job": f"n-{n}",
                    "status": "sealed",
                    "rows": n * 10,
                    "bytes_sealed": n,
                    "mandanten": ["1001"],
                    "duration_seconds": 1.0,
                },
                datetime(2026, 3, n + 1, 21, tzinfo=DEFAULT_TZ),
            )
    runs = _ok(cli("agent", "runs", "--home", str(tmp_path / "home"), "--profile", "kanzlei", "--json"))
    assert [(r["job"], r["rows"]) for r in runs] == [("n-2", 20), ("n-1", 10)]
