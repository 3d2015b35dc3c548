"""A folder source delivers closed files as they are: options it cannot honour are refused on save,
and closed files from before the job's start are listed as not transferred."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from syncsystem import bmd
from syncsystem.bmd.records import Booking, Buchcode
from syncsystem.clock import DEFAULT_TZ
from syncsystem.transfer.config import JobConfigError, parse_job

ENV = {"SYNCSYSTEM_NO_KEYRING": "1", "FTP_PW": "geheim"}


def _job(tmp_path: Path, **execution: Any) -> dict[str, Any]:
    return {
        "name": "stb",
        "source_dir": str(tmp_path / "quelle"),
        "target": {"protocol": "folder", "directory": str(tmp_path / "inbox")},
        "execution": {"mandanten": ["100"], **execution},
        "schedule": {"interval": "daily", "at": "07:00"},
    }


def test_options_a_folder_cannot_honour_are_refused_on_save_naming_each_field(tmp_path: Path) -> None:
    """Filiale, Belegarten, Zahlungsarten, Format and Eingangsrechnungen are each named; a job saved
    before this rule still loads (saving=False), so running jobs keep running."""
    data = {
        **_job(
            tmp_path,
            document_types=["AR"],
            payment_types=["Bar"],
            format="bmd-verdichtet",
            incoming_invoices=True,
        ),
        "scope": {"filiale": "Wien"},
    }
    with pytest.raises(JobConfigError) as refused:
        parse_job(data, lambda s: "enc:" + s, DEFAULT_TZ, saving=True)
    assert {p.field for p in refused.value.problems} == {
        "scope.filiale",
        "execution.document_types",
        "execution.payment_types",
        "execution.format",
        "execution.incoming_invoices",
    }
    assert all("Ordnerquelle" in p.text_in("de") for p in refused.value.problems)
    assert all("folder source" in p.text_in("en") for p in refused.value.problems)
    assert parse_job(data, lambda s: "enc:" + s, DEFAULT_TZ).execution.document_types == ("AR",)
    plain = parse_job(_job(tmp_path), lambda s: "enc:" + s, DEFAULT_TZ, saving=True)
    assert plain.execution.document_types == ()  # not required for a folder source


def _closed(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "quelle" / "100"
    folder.mkdir(parents=True, exist_ok=True)
    line = Booking(
        konto=200001,
        gkonto=4000,
        belegnr="R1",
        belegdatum=date(2026, 3, 1),
        buchcode=Buchcode.SOLL,
        betrag=Decimal("120.00"),
        buchsymbol="AR",
    )
    (folder / name).write_bytes(bmd.dumps([line], bmd.Kind.BOOKINGS))


def test_transfer_runs_lists_closed_files_from_before_the_start(cli: Any, tmp_path: Path) -> None:
    """A file closed before the job's start (01.03. 18:00 < 02.03.) is never sent and `transfer runs` says so;
    one closed after the start goes out with the run."""
    _closed(tmp_path, "20260301_1800_buchungen.csv")
    _closed(tmp_path, "20260302_0730_buchungen.csv")
    (tmp_path / "inbox").mkdir()
    job = {**_job(tmp_path), "scope": {"start": "2026-03-02T00:00"}}
    (tmp_path / "job.json").write_text(json.dumps(job), encoding="utf-8")
    env = {**ENV, "SYNCSYSTEM_TRANSFER_STATE": str(tmp_path / "state")}
    assert cli("transfer", "add", "--config", tmp_path / "job.json", environ=env).exit_code == 0
    ran = cli("transfer", "run", "stb", "--json", environ=env)
    assert ran.exit_code == 0, ran.stderr
    assert [p.name for p in (tmp_path / "inbox").iterdir()] == ["100_20260302_0730_buchungen.csv"]
    text = cli("transfer", "runs", "stb", environ=env).stdout
    assert "100_20260301_1800_buchungen.csv  vor Startdatum, nicht übertragen" in text
    listed = json.loads(cli("transfer", "runs", "stb", "--json", environ=env).stdout)
    assert listed[-1] == {
        "run_id": None,
        "file": "100_20260301_1800_buchungen.csv",
        "status": "vor Startdatum, nicht übertragen",
    }
