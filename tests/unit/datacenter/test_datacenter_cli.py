"""`syncsystem datacenter …`: init, request, import (manual path) and --help."""

from __future__ import annotations

import json

from tests.fake_agent import enrol_in_store

from syncsystem import bmd

from .conftest import standard_files  # type: ignore[import-not-found]


def test_help_for_every_command(cli, capsys) -> None:  # type: ignore[no-untyped-def]
    """Every datacenter subcommand answers --help (argparse prints it to the real stdout)."""
    for command in ("init", "serve", "import", "request", "advisor", "code"):
        result = cli("datacenter", command, "--help")
        assert result.exit_code == 0 and "--db" in capsys.readouterr().out


def test_init_request_and_import(cli, tmp_path, sim_clock) -> None:  # type: ignore[no-untyped-def]
    """init prints credentials; import validates and stores, idempotently; request queues a sync for
    the Mandant now known once an agent is enrolled (before, and for an unknown one, it is refused)."""
    db = f"sqlite:///{tmp_path / 'dc.db'}"
    init = cli("datacenter", "init", "--db", db, "--office", "kanzlei-x", "--json")
    assert init.exit_code == 0, init.stderr
    payload = json.loads(init.stdout)
    assert set(payload) >= {"advisor_token", "enrolment_code", "public_key"}
    assert cli("datacenter", "init", "--db", db, "--office", "kanzlei-x").exit_code == 2
    for name, (_, data) in standard_files().items():
        (tmp_path / name).write_bytes(data)
    names = [str(tmp_path / n) for n in standard_files()]
    first = cli(
        "datacenter", "import", "--db", db, "--office", "kanzlei-x", "--mandant", "M1", *names, "--json"
    )
    assert first.exit_code == 0, first.stderr
    assert json.loads(first.stdout)["status"] == "ingested" and json.loads(first.stdout)["rows"] == 7
    early = cli("datacenter", "request", "--db", db, "--office", "kanzlei-x", "--mandant", "M1")
    assert early.exit_code == 2 and "Für diese Kanzlei ist noch kein Agent eingerichtet" in early.stderr
    enrol_in_store(db, payload["enrolment_code"], sim_clock.now())
    req = cli(
        "datacenter",
        "request",
        "--db",
        db,
        "--office",
        "kanzlei-x",
        "--mandant",
        "M1",
        "--mode",
        "full",
        "--json",
    )
    assert json.loads(req.stdout)["state"] == "waiting"
    again = cli(
        "datacenter", "import", "--db", db, "--office", "kanzlei-x", "--mandant", "M1", *names, "--json"
    )
    assert json.loads(again.stdout)["status"] == "duplicate"
    unknown = cli("datacenter", "request", "--db", db, "--office", "kanzlei-x", "--mandant", "9999")
    assert unknown.exit_code != 0 and "9999" in unknown.stderr


def test_import_refuses_bad_file_and_stores_nothing(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A bad cell refuses the whole import with file:line:field and exit code 1."""
    db = f"sqlite:///{tmp_path / 'dc.db'}"
    cli("datacenter", "init", "--db", db, "--office", "kanzlei-x")
    good = bmd.dumps([bmd.LedgerAccount(4000, "Erlöse")], bmd.Kind.ACCOUNTS)
    (tmp_path / "ok.csv").write_bytes(good)
    bad = (
        standard_files()["buchungen.csv"][1]
        .replace(b"AR", b"AR;extra", 1)
        .replace(b"01.01.2026", b"31.02.2026")
    )
    (tmp_path / "bad.csv").write_bytes(bad)
    result = cli(
        "datacenter",
        "import",
        "--db",
        db,
        "--office",
        "kanzlei-x",
        "--mandant",
        "M1",
        str(tmp_path / "ok.csv"),
        str(tmp_path / "bad.csv"),
    )
    assert result.exit_code == 1
    assert "M1/bad.csv:" in result.stdout and "nichts gespeichert" in result.stdout
    import sqlalchemy as sa  # noqa: PLC0415

    engine = sa.create_engine(db)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM ledger_accounts").scalar_one() == 0
    engine.dispose()
