"""One rule for every command: 0 ok, 1 the data has problems, 2 usage or environment — one line, no traceback.

The commands are found by walking the argparse tree of ``syncsystem`` (every area, every leaf), so
a new command fails :func:`test_every_command_is_in_the_table` until it is given its unreadable-file
case here (or is listed as taking no file). An "unreadable file" is a directory where a file is
expected and a regular file where a folder is expected (the tests run as root, where permissions
would not stop a read).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest

from syncsystem.cli import AREAS, build_parser

BAD = "BAD"  # a directory: unreadable as a file
FILE = "FILE"  # a regular file: unusable as a folder or database

# leaf command -> its arguments with an unreadable file (BAD/FILE are replaced by real paths)
UNREADABLE: dict[str, list[str]] = {
    "demo": ["--state", FILE],
    "agent enrol": ["--home", FILE, "--url", "https://127.0.0.1:9", "--code", "x"],
    "agent run": ["--home", FILE, "--once"],
    "agent install": ["--home", FILE, "--systemd", "--unit-dir", FILE],
    "agent plan": ["--home", FILE, "--from", "2026-03-02", "--to", "2026-03-03"],
    "agent doctor": ["--home", FILE],
    "agent status": ["--home", FILE],
    "agent runs": ["--home", FILE],
    "agent start": ["--home", FILE, "--unit-dir", FILE],
    "agent stop": ["--home", FILE],
    "datacenter init": ["--db", "sqlite:///" + BAD, "--office", "k"],
    "datacenter import": ["--db", "sqlite:///" + BAD, "--office", "k", "--mandant", "1", BAD],
    "datacenter request": ["--db", "sqlite:///" + BAD, "--office", "k", "--mandant", "1"],
    "datacenter advisor": ["--db", "sqlite:///" + BAD, "--office", "k", "--name", "n"],
    "datacenter code": ["--db", "sqlite:///" + BAD, "--office", "k"],
    "datacenter advisors": ["--db", "sqlite:///" + BAD, "--office", "k"],
    "datacenter status": ["--db", "sqlite:///" + BAD, "--office", "k"],
    "datacenter advisor-token": ["--db", "sqlite:///" + BAD, "--office", "k", "--advisor", "a", "--rotate"],
    "datacenter rotate-key": ["--db", "sqlite:///" + BAD, "--key-file", BAD],
    "bmd validate": [BAD],
    "bmd convert": [BAD, "out.csv"],
    "interfaces settings": ["--dir", FILE, "--next-customer", "200001"],
    "interfaces debtors create": ["--input", BAD],
    "interfaces debtors update": ["--input", BAD],
    "interfaces debtors book": ["--input", BAD],
    "interfaces debtors cancel": ["--dir", FILE, "--mandant", "1", "--invoice", "R-1"],
    "interfaces debtors close": ["--dir", FILE],
    "interfaces picklist": ["--dir", FILE, "customers"],
    "interfaces export": ["--transactions", BAD, "--config", BAD, "--out", FILE],
    "interfaces roles": ["--dir", FILE],
    "interfaces debtors closed": ["--dir", FILE],
    "interfaces debtors working": ["--dir", FILE],
    "interfaces config": ["--config", BAD],
    "interfaces export-range": [
        "--config",
        BAD,
        "--transactions-dir",
        FILE,
        "--out-dir",
        FILE,
        "--month",
        "2026-03",
    ],
    "interfaces exports": ["--out-dir", FILE],
    "interfaces callback": ["--dir", FILE],
    "clearing import": ["--db", "sqlite:///" + BAD, BAD],
    "clearing invoices": ["--db", "sqlite:///" + BAD],
    "clearing unattached": ["--db", "sqlite:///" + BAD],
    "transfer add": ["--state", FILE, "--config", BAD],
    "transfer list": ["--state", FILE],
    "transfer next": ["--state", FILE, "job"],
    "transfer test": ["--state", FILE, "job"],
    "transfer test-mail": ["--state", FILE, "job"],
    "transfer run-due": ["--state", FILE],
    "transfer run": ["--state", FILE, "job"],
    "transfer runs": ["--state", FILE, "job"],
    "transfer admin-password": ["--state", FILE, "--password-env", "PW"],
    "transfer reveal": ["--state", FILE, "--admin-password-env", "PW", "job"],
    "office serve": ["--state-dir", FILE],
    "office add-user": ["--state-dir", FILE, "--password-file", BAD, "anna"],
    "office users": ["--state-dir", FILE],
    "office set-user": ["--state-dir", FILE, "anna", "--active", "no"],
    "office smtp": ["--state-dir", FILE],
    "office options": ["--state-dir", FILE],
    "transfer show": ["--state", FILE, "job"],
    "transfer enable": ["--state", FILE, "job"],
    "transfer disable": ["--state", FILE, "job"],
    "transfer delete": ["--state", FILE, "--yes", "job"],
    "emulate bmd init": ["--office", FILE, "--seed", "1", "--mandanten", "1"],
    "emulate bmd export": ["--office", FILE, "--all", "--out", FILE],
    "emulate bmd import": ["--office", FILE, "--mandant", "1", BAD],
    "emulate bmd advance": ["--office", FILE, "--to", "2026-03-02T08:00"],
    "emulate bmd fault": ["--office", FILE, "licence"],
    "emulate bmd reset": ["--office", FILE],
    "emulate bmd inspect": ["--office", FILE],
}
# commands that read no file the user names (a server; its database is opened by the app)
NO_FILE = {"datacenter serve"}


def _leaves(parser: argparse.ArgumentParser, path: list[str]) -> Iterator[str]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield " ".join(path)
        return
    for name, child in subs[0].choices.items():
        yield from _leaves(child, [*path, name])


def all_commands() -> list[str]:
    found: list[str] = []
    for area in AREAS:
        top = build_parser(area)
        sub = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
        found.extend(_leaves(sub.choices[area], [area]))
    return found


COMMANDS = all_commands()


def test_every_command_is_in_the_table() -> None:
    """Every leaf command of the parser tree has an unreadable-file case or is known to take no file."""
    assert len(COMMANDS) > 30
    missing = set(COMMANDS) - set(UNREADABLE) - NO_FILE
    stale = (set(UNREADABLE) | NO_FILE) - set(COMMANDS)
    assert not missing, f"commands without an exit-code case: {sorted(missing)}"
    assert not stale, f"cases for commands that no longer exist: {sorted(stale)}"


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_bad_argument_is_a_usage_error(cli, capsys, command: str) -> None:  # type: ignore[no-untyped-def]
    """An unknown option exits 2 with argparse's one-line message (after the usage), no traceback."""
    result = cli(*command.split(), "--no-such-option")
    stderr = result.stderr + capsys.readouterr().err  # argparse writes to the process's stderr
    assert result.exit_code == 2
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if ": Fehler: " in line]  # German by default
    assert len(errors) == 1, stderr
    assert errors[0].startswith("syncsystem"), errors


@pytest.mark.parametrize("command", sorted(UNREADABLE))
def test_unreadable_file_is_an_environment_error(cli, tmp_path: Path, command: str) -> None:  # type: ignore[no-untyped-def]
    """A file that cannot be read (or a folder that is a file) exits 2 with one line, no traceback."""
    (tmp_path / "unreadable.csv").mkdir()
    (tmp_path / "plain.txt").write_text("not a folder\n")
    args = [
        a.replace(BAD, str(tmp_path / "unreadable.csv")).replace(FILE, str(tmp_path / "plain.txt"))
        for a in UNREADABLE[command]
    ]
    result = cli(
        *command.split(),
        *args,
        environ={"HOME": str(tmp_path), "SYNCSYSTEM_NO_KEYRING": "1", "PW": "geheim-genug-1"},
    )
    line = _one_line(result.stderr)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert line.startswith("syncsystem"), line
