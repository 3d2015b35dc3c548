"""Every datacenter CLI mistake ends in one sentence naming the value and exit 2 — never a traceback.

The English wording is pinned under ``--lang en``; German is the default (test_cli_voice.py)."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest

from .conftest import standard_files  # type: ignore[import-not-found]


@pytest.fixture
def db(cli, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'dc.db'}"
    assert cli("datacenter", "init", "--db", url, "--office", "kanzlei-x").exit_code == 0
    return url


def _one_sentence(result, *needles: str) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.mark.parametrize("command", ["request", "code", "advisor", "import"])
def test_unknown_office_is_named(cli, db, tmp_path, command) -> None:  # type: ignore[no-untyped-def]
    """An office the database does not know is refused with its name in German, exit 2."""
    extra = {
        "request": ["--mandant", "M1"],
        "code": [],
        "advisor": ["--name", "Mag. Muster"],
        "import": ["--mandant", "M1", str(tmp_path / "buchungen.csv")],
    }[command]
    (tmp_path / "buchungen.csv").write_bytes(standard_files()["buchungen.csv"][1])
    result = cli("datacenter", command, "--db", db, "--office", "kanzlei-nope", *extra)
    assert result.exit_code == 2
    _one_sentence(result, "kanzlei-nope", "Kanzlei gibt es in der Datenbank nicht")


def test_init_twice_says_the_office_exists(cli, db) -> None:  # type: ignore[no-untyped-def]
    """The second init of an office is refused as existing, in German and English, exit 2."""
    de = cli("datacenter", "init", "--db", db, "--office", "kanzlei-x")
    en = cli("--lang", "en", "datacenter", "init", "--db", db, "--office", "kanzlei-x")
    assert (de.exit_code, de.stderr) == (2, "syncsystem: Kanzlei 'kanzlei-x' gibt es schon\n")
    assert (en.exit_code, en.stderr) == (2, "syncsystem: office 'kanzlei-x' exists already\n")


def test_init_on_a_broken_database_says_so_not_that_the_office_exists(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A database that cannot take the office — a directory where the file should be; an offices
    table left without its name column (hand-made) — ends in the database's own error, exit 2."""
    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    result = cli("--lang", "en", "datacenter", "init", "--db", f"sqlite:///{folder}", "--office", "kanzlei-x")
    assert result.exit_code == 2
    _one_sentence(result, "could not migrate the database")
    assert "exists" not in result.stderr
    url = f"sqlite:///{tmp_path / 'dc.db'}"
    assert cli("datacenter", "init", "--db", url, "--office", "kanzlei-x").exit_code == 0
    with sqlite3.connect(tmp_path / "dc.db") as conn:  # the schema's revision stays: no migration repairs it
        conn.executescript("DROP TABLE offices; CREATE TABLE offices (id TEXT PRIMARY KEY);")
    de = cli("datacenter", "init", "--db", url, "--office", "kanzlei-y")
    assert (de.exit_code, de.stderr) == (
        2,
        "syncsystem: die Datenbank kann nicht beschrieben werden: table offices has no column named name\n",
    )


def test_unsupported_database_url(cli) -> None:  # type: ignore[no-untyped-def]
    """A MySQL URL is refused naming the backend and what is supported, exit 2."""
    result = cli(
        "--lang", "en", "datacenter", "code", "--db", "mysql://u:secret@db/dc", "--office", "kanzlei-x"
    )
    assert result.exit_code == 2
    _one_sentence(result, "mysql", "not supported", "sqlite:///")
    assert "secret" not in result.stderr


def test_not_a_database_url(cli) -> None:  # type: ignore[no-untyped-def]
    """Something that is no URL at all is refused naming it, exit 2."""
    result = cli("--lang", "en", "datacenter", "code", "--db", "datacenter.db", "--office", "kanzlei-x")
    assert result.exit_code == 2
    _one_sentence(result, "'datacenter.db'", "not a database URL")


def test_serve_with_missing_certificate(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """serve --cert with a file that is not there names the option and the file, exit 2."""
    missing = tmp_path / "nope.pem"
    result = cli(
        "--lang", "en", "datacenter", "serve", "--db", db, "--cert", str(missing), "--key", str(missing)
    )
    assert result.exit_code == 2
    _one_sentence(result, "--cert", str(missing), "no such file")


def test_serve_with_invalid_certificate(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """serve --cert with a file that holds no certificate names both files, exit 2."""
    bad = tmp_path / "cert.pem"
    bad.write_text("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n")
    result = cli("--lang", "en", "datacenter", "serve", "--db", db, "--cert", str(bad), "--key", str(bad))
    assert result.exit_code == 2
    _one_sentence(result, str(bad), "not a valid PEM certificate")


def test_serve_cert_without_key(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """--cert without --key is a usage error naming the missing option."""
    result = cli("--lang", "en", "datacenter", "serve", "--db", db, "--cert", str(tmp_path / "c.pem"))
    assert result.exit_code == 2
    _one_sentence(result, "--cert needs --key")


def test_serve_on_a_port_in_use(cli, db) -> None:  # type: ignore[no-untyped-def]
    """A port another process listens on is refused naming port and host, exit 2 (uvicorn never starts)."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = cli(
            "--lang", "en", "datacenter", "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)
        )
    assert result.exit_code == 2
    _one_sentence(result, f"port {port} on 127.0.0.1 is already in use")


@pytest.mark.parametrize("level", ["DEBUG", "debug", "Info"])
def test_log_level_with_a_space_and_any_case(cli, db, level) -> None:  # type: ignore[no-untyped-def]
    """``--log-level DEBUG`` (value after a space, any case) before the area is accepted."""
    result = cli("--log-level", level, "datacenter", "code", "--db", db, "--office", "kanzlei-x")
    assert result.exit_code == 0, result.stderr
    assert "Registrierungscode" in result.stdout


def test_unknown_log_level_is_a_usage_error(cli, db, capsys) -> None:  # type: ignore[no-untyped-def]
    """An unknown level is refused by the parser naming the allowed ones, exit 2."""
    result = cli("--log-level", "LOUD", "datacenter", "code", "--db", db, "--office", "kanzlei-x")
    assert result.exit_code == 2
    err = capsys.readouterr().err  # argparse writes to the real stderr
    assert "'LOUD'" in err and "DEBUG" in err and "Traceback" not in err


def test_serve_limit_options_are_checked(cli, db) -> None:  # type: ignore[no-untyped-def]
    """A limit of 0 rows is a usage error naming the option; a bad variable is named too."""
    result = cli("--lang", "en", "datacenter", "serve", "--db", db, "--max-rows-per-file", "0")
    assert result.exit_code == 2
    _one_sentence(result, "--max-rows-per-file 0: must be at least 1")
    env = {"SYNCSYSTEM_DATACENTER_MAX_DECOMPRESSED_MIB": "lots"}
    result = cli("datacenter", "serve", "--db", db, environ=env)
    assert result.exit_code == 2
    _one_sentence(result, "SYNCSYSTEM_DATACENTER_MAX_DECOMPRESSED_MIB='lots'")
