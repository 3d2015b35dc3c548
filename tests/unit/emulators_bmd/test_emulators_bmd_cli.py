"""The CLI face: init/export/advance/import/fault/inspect work across calls, and every file the
emulator writes passes ``syncsystem bmd validate``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from emulators.bmd import (
    DatabaseLockedError,
    ExportAbortedError,
    ExportTimeoutError,
    HostClockOffError,
    ImportRefusedError,
    LicenceExpiredError,
    Office,
    PasswordProtectedError,
    UnknownMandantError,
)

from syncsystem import bmd
from syncsystem.agent.exporter import EXIT_CODES
from syncsystem.bmd.records import PersonAccount

Cli = Callable[..., Any]


def _init_office(cli: Cli, office: Path, *, seed: int, mandanten: int, as_json: bool = False) -> Any:
    """``syncsystem emulate bmd init`` of a small office starting Monday 2 March 2026."""
    return cli(
        "emulate",
        "bmd",
        "init",
        "--seed",
        str(seed),
        "--mandanten",
        str(mandanten),
        "--profile",
        "small",
        "--start",
        "2026-03-02",
        "--office",
        office,
        *(["--json"] if as_json else []),
    )


def test_help_everywhere(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    """Every emulate bmd command answers --help."""
    for command in ("init", "export", "import", "advance", "fault", "reset", "inspect"):
        result = cli("emulate", "bmd", command, "--help")
        assert result.exit_code == 0 and "--office" in capsys.readouterr().out


def test_cli_round_trip_and_every_file_validates(cli: Cli, tmp_path: Path) -> None:
    """init → export --all → advance → export --since → import; all files pass bmd validate."""
    office = tmp_path / "office"
    init = _init_office(cli, office, seed=4, mandanten=2, as_json=True)
    assert init.exit_code == 0, init.stderr
    assert [m["nr"] for m in json.loads(init.stdout)["mandanten"]] == ["1001", "1002"]
    full = cli("emulate", "bmd", "export", "--office", office, "--all", "--out", tmp_path / "full", "--json")
    assert full.exit_code == 0, full.stderr
    cursors = {m["mandant"]: m["cursor_to"] for m in json.loads(full.stdout)["mandanten"]}
    assert cli("emulate", "bmd", "advance", "--office", office, "--to", "2026-03-04").exit_code == 0
    since = [f"{m}={c}" for m, c in cursors.items()]
    inc = cli(
        "emulate",
        "bmd",
        "export",
        "--office",
        office,
        "--mandant",
        "1001",
        "--mandant",
        "1002",
        "--since",
        since[0],
        "--since",
        since[1],
        "--out",
        tmp_path / "inc",
        "--json",
    )
    assert inc.exit_code == 0, inc.stderr
    assert all(m["mode"] == "incremental" and m["rows"] > 0 for m in json.loads(inc.stdout)["mandanten"])
    persons = tmp_path / "p.csv"
    bmd.write([PersonAccount(konto=208888, nachname="Neukunde GmbH", land="AT")], persons)
    imported = cli("emulate", "bmd", "import", "--office", office, "--mandant", "1001", persons, "--json")
    assert imported.exit_code == 0, imported.stderr
    written = sorted((tmp_path / "full").rglob("*.csv")) + sorted((tmp_path / "inc").rglob("*.csv"))
    assert len(written) == 28
    for path in written:
        check = cli("bmd", "validate", path)
        assert check.exit_code == 0, (path, check.stdout, check.stderr)


def test_faults_from_the_cli_reach_the_export(cli: Cli, tmp_path: Path) -> None:
    """A lock set with the CLI makes the next export fail with exit 4 and BMD's message, then clears."""
    office = tmp_path / "office"
    _init_office(cli, office, seed=4, mandanten=1)
    assert cli("emulate", "bmd", "fault", "--office", office, "locked", "--user", "HUBER").exit_code == 0
    listed = cli("emulate", "bmd", "fault", "--office", office, "--list", "--json")
    assert json.loads(listed.stdout)["faults"][0]["kind"] == "locked"
    failed = cli("emulate", "bmd", "export", "--office", office, "--all", "--out", tmp_path / "o")
    assert failed.exit_code == 4 and "gesperrt" in failed.stderr and "HUBER" in failed.stderr
    ok = cli("emulate", "bmd", "export", "--office", office, "--all", "--out", tmp_path / "o")
    assert ok.exit_code == 0
    inspect = cli("emulate", "bmd", "inspect", "--office", office, "--json")
    assert json.loads(inspect.stdout)["faults"] == []


def test_usage_errors_exit_2(cli: Cli, tmp_path: Path) -> None:
    """A missing office or an unknown Mandant is a usage error (exit 2) with a clear message."""
    missing = cli("emulate", "bmd", "inspect", "--office", tmp_path / "nothing")
    assert missing.exit_code == 2 and "keine Installation" in missing.stderr
    office = tmp_path / "office"
    _init_office(cli, office, seed=1, mandanten=1)
    unknown = cli("emulate", "bmd", "export", "--office", office, "--mandant", "9999", "--out", tmp_path)
    assert unknown.exit_code == 2 and "Firma 9999 ist nicht vorhanden" in unknown.stderr


def test_agent_style_export_command(cli: Cli, tmp_path: Path) -> None:
    """An agent's command line (--flat, empty --since=) gets the files in --out and the cursor as JSON."""
    office = tmp_path / "office"
    _init_office(cli, office, seed=2, mandanten=1)
    out = tmp_path / "work"
    result = cli(
        "emulate",
        "bmd",
        "export",
        "--office",
        office,
        "--mandant",
        "1001",
        "--since=",
        "--flat",
        "--out",
        out,
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["cursors"]["1001"] > 0 and payload["mandanten"][0]["mode"] == "full"
    assert (out / "journal.csv").is_file() and (out / "cursor.json").is_file()


@pytest.mark.parametrize(
    ("fault", "extra", "code", "text"),
    [
        ("licence", (), 3, "Lizenz"),
        ("locked", (), 4, "gesperrt"),
        ("password", (), 5, "kennwortgeschützt"),
        ("clock", ("--minutes", "30"), 6, "Uhrzeit des Servers"),
        ("crash", (), 1, "abgebrochen"),
    ],
)
def test_export_exit_codes_follow_the_agent_contract(
    cli: Cli, office: Office, tmp_path: Path, fault: str, extra: tuple[str, ...], code: int, text: str
) -> None:
    """Each BMD refusal ends ``emulate bmd export`` with the agent's contract code and BMD's message."""
    assert cli("emulate", "bmd", "fault", "--office", office.path, fault, *extra).exit_code == 0
    failed = cli(
        "emulate", "bmd", "export", "--office", office.path, "--mandant", "1001", "--out", tmp_path / "o"
    )
    assert failed.exit_code == code and text in failed.stderr, failed.stderr


def test_export_timeout_and_usage_exit_codes(cli: Cli, office: Office, tmp_path: Path) -> None:
    """A slow export past --timeout is a plain refusal (1); an unknown Firma or a bad --since is usage (2)."""
    assert cli("emulate", "bmd", "fault", "--office", office.path, "slow", "--factor", "100").exit_code == 0
    slow = cli(
        "emulate",
        "bmd",
        "export",
        "--office",
        office.path,
        "--mandant",
        "1001",
        "--timeout",
        "1",
        "--out",
        tmp_path / "o",
    )
    assert slow.exit_code == 1 and "Zeitüberschreitung" in slow.stderr, slow.stderr
    unknown = cli(
        "emulate", "bmd", "export", "--office", office.path, "--mandant", "9999", "--out", tmp_path / "o"
    )
    bad_since = cli(
        "emulate", "bmd", "export", "--office", office.path, "--all", "--since", "x", "--out", tmp_path
    )
    assert unknown.exit_code == 2 and bad_since.exit_code == 2


def test_every_emulator_error_carries_the_agents_contract_code() -> None:
    """The exit codes in the emulator's errors.py are the ones the agent's exporter reads."""
    classes = {
        "licence": LicenceExpiredError,
        "locked": DatabaseLockedError,
        "password": PasswordProtectedError,
        "clock": HostClockOffError,
        "usage": UnknownMandantError,
    }
    assert {reason: EXIT_CODES[cls.exit_code] for reason, cls in classes.items()} == {r: r for r in classes}
    assert ExportAbortedError.exit_code == ExportTimeoutError.exit_code == ImportRefusedError.exit_code == 1
