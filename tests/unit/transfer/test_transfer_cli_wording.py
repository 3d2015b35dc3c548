"""`transfer …` and `agent …` speak to the office in German by default and in English with --lang en:
a saved job, an empty list, a refused job file, a bad agent.toml and the plan's summary.

Expected lines are written by hand.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from syncsystem.agent.config import AgentConfig, save_config

ENV = {"SYNCSYSTEM_NO_KEYRING": "1"}
JOB = {
    "name": "stb",
    "target": {"protocol": "folder", "directory": "/srv/stb"},
    "execution": {"mandanten": ["100"], "document_types": ["AR"], "format": "bmd-verdichtet"},
    "schedule": {"interval": "daily", "at": "07:00"},
}


def _env(tmp_path: Path) -> dict[str, str]:
    return {**ENV, "SYNCSYSTEM_TRANSFER_STATE": str(tmp_path / "state")}


def test_transfer_add_and_list_in_german_and_english(tmp_path: Path, cli: Any) -> None:
    """Saving says "Auftrag … gespeichert … nächster Lauf"; no jobs is "keine Aufträge" / "no jobs"."""
    env = _env(tmp_path)
    assert cli("transfer", "list", environ=env).stdout.strip() == "keine Aufträge"
    assert cli("--lang", "en", "transfer", "list", environ=env).stdout.strip() == "no jobs"
    (tmp_path / "job.json").write_text(json.dumps(JOB), encoding="utf-8")
    added = cli("transfer", "add", "--config", tmp_path / "job.json", environ=env)
    assert added.exit_code == 0, added.stderr
    assert added.stdout.startswith("Auftrag stb gespeichert: ") and ", nächster Lauf " in added.stdout
    job = tmp_path / "job.json"
    again = cli("--lang", "en", "transfer", "add", "--replace", "--config", job, environ=env)
    assert again.stdout.startswith("Job stb saved: ") and ", next run " in again.stdout


def test_a_refused_job_file_names_file_and_field_in_either_language(tmp_path: Path, cli: Any) -> None:
    """Exit 2; the catalogue's words, the file and the field as written (``schedule.at``)."""
    path = tmp_path / "job.json"
    path.write_text(json.dumps({**JOB, "schedule": {"interval": "täglich", "at": "7 Uhr"}}), encoding="utf-8")
    refused = cli("transfer", "add", "--config", path, environ=_env(tmp_path))
    assert refused.exit_code == 2
    assert refused.stderr.splitlines() == [
        "syncsystem: Konfiguration abgelehnt:",
        f"  {path}:schedule.at: Uhrzeit HH:MM erwartet, nicht '7 Uhr'",
    ]
    english = cli("--lang", "en", "transfer", "add", "--config", path, environ=_env(tmp_path))
    assert english.stderr.splitlines()[1] == f"  {path}:schedule.at: time of day HH:MM expected, not '7 Uhr'"
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert "kein gültiges JSON" in cli("transfer", "add", "--config", broken, environ=_env(tmp_path)).stderr


def test_agent_plan_and_a_bad_agent_toml_in_german_and_english(tmp_path: Path, cli: Any) -> None:
    """The plan ends in "… Abfragen, … nächtliche Synchronisierungen"; a bad setting is named by table."""
    state = tmp_path / "k"
    save_config(
        AgentConfig(
            profile="k",
            state_dir=state,
            agent_id="agent-1",
            office_id="o",
            datacenter_url="https://dc.example",
            public_key_b64="AAAA",
        )
    )
    span = ("--home", tmp_path, "--profile", "k", "--from", "2026-03-02", "--to", "2026-03-02")
    german = cli("agent", "plan", *span).stdout.splitlines()
    assert german[-1].endswith(" nächtliche Synchronisierungen (Europe/Vienna)")
    assert german[-2].endswith("  Abfrage")
    # local date as everywhere else (TT.MM.JJJJ) and the UTC distance as `transfer next` gives it
    assert re.fullmatch(r"Mo 02\.03\.2026 \d\d:\d\d:\d\d \(UTC\+01:00\)  Abfrage", german[0]), german[0]
    english = cli("--lang", "en", "agent", "plan", *span).stdout.splitlines()
    assert english[-1].endswith(" nightly syncs (Europe/Vienna)") and english[-2].endswith("  poll")
    with (state / "agent.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[transfer]\nstate = "/srv/t"\nwork_station = "TS1"\n')
    refused = cli("agent", "status", "--home", tmp_path, "--profile", "k")
    assert refused.exit_code == 2
    assert refused.stderr.splitlines()[1] == (
        f"  {state / 'agent.toml'}:transfer.work_station: unbekannte Einstellung (Tippfehler?)"
    )
    english_refusal = cli("--lang", "en", "agent", "status", "--home", tmp_path, "--profile", "k")
    assert english_refusal.stderr.splitlines()[1].endswith(
        ":transfer.work_station: unknown setting (a typo?)"
    )


def test_list_and_runs_say_dates_and_outcomes_in_the_office_language(tmp_path: Path, cli: Any) -> None:
    """``transfer list`` gives the next run as ``transfer next`` does (``Di 03.03.2026 07:00 (UTC+01:00)``,
    not ISO); ``transfer runs`` says "übertragen" / "delivered", not the stored status word."""
    env = _env(tmp_path)
    source = tmp_path / "quelle" / "1001"
    source.mkdir(parents=True)
    (source / "20260301_1000_Buchungen_1001.csv").write_text(
        "satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;prozent;steuercode;betrag;steuer;text\n"
        "0;200100;4000;R-1;02.03.2026;AR;1;20;1;120,00;-20,00;Rechnung R-1\n",
        encoding="utf-8",
    )
    job = {
        "name": "stb",
        "source": {"kind": "folder", "dir": str(tmp_path / "quelle")},
        "scope": {"start": "2026-03-01"},
        "target": {"protocol": "folder", "directory": str(tmp_path / "ziel")},
        "execution": {"mandanten": ["1001"]},
        "schedule": {"interval": "daily", "at": "07:00"},
    }
    (tmp_path / "ziel").mkdir()
    (tmp_path / "job.json").write_text(json.dumps(job), encoding="utf-8")
    assert cli("transfer", "add", "--config", tmp_path / "job.json", environ=env).exit_code == 0
    listed = cli("transfer", "list", environ=env).stdout
    assert listed.rstrip().endswith("nächster Lauf Di 03.03.2026 07:00 (UTC+01:00)")
    english = cli("--lang", "en", "transfer", "list", environ=env).stdout
    assert english.rstrip().endswith("next run Tue 03.03.2026 07:00 (UTC+01:00)")
    # the protocol by its name on the office's job list ("Ordner"), the stored word only in --json
    assert listed.split()[:3] == ["stb", "Ordner", str(tmp_path / "ziel")]
    assert english.split()[:3] == ["stb", "folder", str(tmp_path / "ziel")]
    assert json.loads(cli("transfer", "list", "--json", environ=env).stdout)[0]["protocol"] == "folder"
    assert cli("transfer", "run", "stb", environ=env).exit_code == 0
    runs = cli("transfer", "runs", "stb", environ=env).stdout.split()
    assert "übertragen" in runs and "delivered" not in runs
    assert "delivered" in cli("--lang", "en", "transfer", "runs", "stb", environ=env).stdout.split()
