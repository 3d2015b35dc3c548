"""The command line speaks through the catalogue: the same commands say the same thing in German
(the default) and in English (``--lang en``). Every expected line below is written by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.fake_agent import enrol_in_store

ENV = {"SYNCSYSTEM_NO_KEYRING": "1"}


def _both(cli: Any, *argv: object) -> tuple[Any, Any]:
    return cli(*argv, environ=ENV), cli("--lang", "en", *argv, environ=ENV)


def test_office_users_and_options_in_german_and_english(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "pw.txt"
    secret.write_text("ein-langes-passwort\n")
    state = tmp_path / "state"
    german = cli(
        "office", "add-user", "anna", "--admin", "--password-file", secret, "--state-dir", state, environ=ENV
    )
    english = cli(
        "--lang",
        "en",
        "office",
        "add-user",
        "bert",
        "--password-file",
        secret,
        "--state-dir",
        state,
        environ=ENV,
    )
    assert german.stdout == "Benutzer anna (Administrator) gespeichert\n"
    assert english.stdout == "User bert (user) saved\n"
    de, en = _both(cli, "office", "set-user", "bert", "--active", "no", "--state-dir", state)
    assert de.stdout == "Benutzer bert: Benutzer, deaktiviert\n"
    assert en.stdout == "User bert: user, deactivated\n"
    de, en = _both(cli, "office", "options", "--admins-may-reveal", "yes", "--state-dir", state)
    assert de.stdout == "Administratoren dürfen gesetzte Passwörter einsehen: ja\n"
    assert en.stdout == "Administrators may view passwords that are set: yes\n"
    de, en = _both(cli, "office", "smtp", "--state-dir", state)
    assert de.stdout == "kein SMTP-Server der Kanzlei eingerichtet\n"
    assert en.stdout == "no SMTP server of the office set up\n"


def test_transfer_refusals_in_german_and_english(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    de, en = _both(cli, "transfer", "delete", "nightly", "--state", tmp_path)
    assert de.stderr == (
        "syncsystem: Auftrag nightly wird mit seinem Laufprotokoll gelöscht: bitte mit --yes bestätigen\n"
    )
    assert en.stderr == "syncsystem: Job nightly is deleted with its run journal: please confirm with --yes\n"
    de, en = _both(cli, "transfer", "disable", "nightly", "--state", tmp_path)
    assert de.stderr == "syncsystem: Auftrag 'nightly' gibt es nicht (syncsystem transfer list)\n"
    assert en.stderr == "syncsystem: There is no job 'nightly' (syncsystem transfer list)\n"


def test_datacenter_init_and_an_unknown_office_in_german_and_english(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = f"sqlite:///{tmp_path / 'dc.db'}"
    made = cli(
        "datacenter", "init", "--db", db, "--office", "kanzlei-huber", "--advisor", "Frau Huber", environ=ENV
    )
    assert made.exit_code == 0, made.stderr
    lines = made.stdout.splitlines()
    assert lines[0] == "Kanzlei kanzlei-huber angelegt."
    assert lines[1].startswith("Zugangsschlüssel für Frau Huber (") and ", nur jetzt sichtbar): " in lines[1]
    assert lines[2].startswith("Registrierungscode für den Agenten (7 Tage gültig, einmalig): ")
    assert lines[3].startswith("Öffentlicher Schlüssel des Rechenzentrums: ")
    english = cli("--lang", "en", "datacenter", "code", "--db", db, "--office", "kanzlei-huber", environ=ENV)
    assert english.stdout.startswith("Enrolment code (valid for 7 days, once): ")
    de, en = _both(cli, "datacenter", "code", "--db", db, "--office", "kanzlei-mayr")
    assert de.stderr == (
        "syncsystem: --office kanzlei-mayr: diese Kanzlei gibt es in der Datenbank nicht "
        "(anlegen mit: syncsystem datacenter init --office kanzlei-mayr)\n"
    )
    assert en.stderr == (
        "syncsystem: --office kanzlei-mayr: there is no such office in the database "
        "(create it with: syncsystem datacenter init --office kanzlei-mayr)\n"
    )


def test_an_unknown_advisor_points_to_the_command_that_lists_them(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The refusal names a command; run as written, it lists the office's advisors."""
    db = f"sqlite:///{tmp_path / 'dc.db'}"
    office = ("--db", db, "--office", "kanzlei-huber")
    made = cli("datacenter", "init", *office, "--advisor", "Frau Huber", environ=ENV)
    assert made.exit_code == 0, made.stderr
    refused = cli("datacenter", "advisor-token", *office, "--advisor", "nobody", "--rotate", environ=ENV)
    assert refused.exit_code != 0
    hint = refused.stderr.split("(Liste: syncsystem ")[1].rstrip(")\n").split()
    assert hint == ["datacenter", "advisors", "--office", "kanzlei-huber"]
    listed = cli(*hint, "--db", db, environ=ENV)
    assert listed.exit_code == 0 and "Frau Huber" in listed.stdout


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "de",
            "syncsystem: unerwarteter Fehler (RuntimeError: broken); "
            "Einzelheiten mit --debug oder SYNCSYSTEM_DEBUG=1\n",
        ),
        (
            "en",
            "syncsystem: unexpected error (RuntimeError: broken); "
            "details with --debug or SYNCSYSTEM_DEBUG=1\n",
        ),
    ],
)
def test_an_unexpected_error_is_one_line_in_the_chosen_language(
    cli: Any, monkeypatch: pytest.MonkeyPatch, lang: str, expected: str
) -> None:
    from syncsystem.office import commands  # noqa: PLC0415

    def broken(args: object, runtime: object) -> int:
        raise RuntimeError("broken")

    monkeypatch.setattr(commands, "_users", broken)
    result = cli("--lang", lang, "office", "users", environ=ENV)
    assert (result.exit_code, result.stderr) == (2, expected)


def test_a_late_document_note_reads_as_written_in_both_languages() -> None:
    """The run journal keeps the German note (the office reads it); the English words exist as well."""
    from syncsystem.messages import codes as mc  # noqa: PLC0415

    late = mc.TX_NOTE_LATE(count=2, first="03.03.2026", last="05.03.2026")
    assert late.text("de") == (
        "2 nachträglich erfasste(r) Beleg(e) mit Belegdatum 03.03.2026–05.03.2026 übertragen; "
        "BMD bucht sie nur nach dem Sperrdatum"
    )
    assert late.text("en") == (
        "2 document(s) entered late with document dates 03.03.2026–05.03.2026 transferred; "
        "BMD books them only after the lock date"
    )


def test_datacenter_start_up_refusals_in_german_and_english(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Hand-written: the refusals an office meets when it first sets up and starts its datacenter —
    one line each, exit 2, German by default and English under --lang en."""
    db = f"sqlite:///{tmp_path / 'dc.db'}"
    assert cli("datacenter", "init", "--db", db, "--office", "kanzlei-huber", environ=ENV).exit_code == 0
    missing = tmp_path / "keine.key"
    cert = tmp_path / "c.pem"
    table = [
        (
            ("datacenter", "serve", "--db", db, "--workers", "0"),
            "syncsystem: --workers muss mindestens 1 sein\n",
            "syncsystem: --workers must be at least 1\n",
        ),
        (
            ("datacenter", "serve", "--db", db, "--max-bundle-mib", "0"),
            "syncsystem: --max-bundle-mib 0: muss mindestens 1 sein\n",
            "syncsystem: --max-bundle-mib 0: must be at least 1\n",
        ),
        (
            ("datacenter", "serve", "--db", db, "--cert", cert),
            "syncsystem: --cert braucht --key (den privaten TLS-Schlüssel, PEM)\n",
            "syncsystem: --cert needs --key (the TLS private key, PEM)\n",
        ),
        (
            ("datacenter", "serve", "--db", db, "--cert", cert, "--key", cert),
            f"syncsystem: --cert {cert}: Datei gibt es nicht\n",
            f"syncsystem: --cert {cert}: no such file\n",
        ),
        (
            ("datacenter", "rotate-key", "--db", db, "--key-file", missing),
            f"syncsystem: {missing}: keine Schlüsseldatei (anlegen mit: syncsystem datacenter init)\n",
            f"syncsystem: {missing}: no key file (create one with: syncsystem datacenter init)\n",
        ),
        (
            ("datacenter", "init", "--db", db, "--office", "kanzlei-huber"),
            "syncsystem: Kanzlei 'kanzlei-huber' gibt es schon\n",
            "syncsystem: office 'kanzlei-huber' exists already\n",
        ),
        (
            ("datacenter", "code", "--db", "mysql://u:geheim@db/dc", "--office", "kanzlei-huber"),
            "syncsystem: Datenbank-URL 'mysql://u:***@db/dc': mysql wird nicht unterstützt "
            "(bitte sqlite:///datei.db oder postgresql+psycopg://… angeben)\n",
            "syncsystem: database URL 'mysql://u:***@db/dc': mysql is not supported "
            "(use sqlite:///file.db or postgresql+psycopg://…)\n",
        ),
    ]
    for argv, german, english in table:
        de, en = _both(cli, *argv)
        assert (de.exit_code, de.stderr) == (2, german), argv
        assert (en.exit_code, en.stderr) == (2, english), argv


def test_the_environment_limits_are_refused_in_german_and_english(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = f"sqlite:///{tmp_path / 'dc.db'}"
    environ = {**ENV, "SYNCSYSTEM_DATACENTER_MAX_ROWS_PER_FILE": "viele"}
    de = cli("datacenter", "serve", "--db", db, environ=environ)
    en = cli("--lang", "en", "datacenter", "serve", "--db", db, environ=environ)
    assert (
        de.stderr
        == "syncsystem: SYNCSYSTEM_DATACENTER_MAX_ROWS_PER_FILE='viele': erwartet eine positive ganze Zahl\n"
    )
    assert (
        en.stderr
        == "syncsystem: SYNCSYSTEM_DATACENTER_MAX_ROWS_PER_FILE='viele': expected a positive whole number\n"
    )


def test_a_request_names_its_mode_in_the_office_language(cli, tmp_path: Path, sim_clock) -> None:  # type: ignore[no-untyped-def]
    """``datacenter request`` says "vollständig" / "nur Änderungen" (English: full / changes only),
    not the option's value; ``--json`` keeps the value."""
    db = f"sqlite:///{tmp_path / 'dc.db'}"
    init = cli("datacenter", "init", "--db", db, "--office", "k", "--json", environ=ENV)
    assert init.exit_code == 0
    enrol_in_store(db, json.loads(init.stdout)["enrolment_code"], sim_clock.now())
    (tmp_path / "sachkonten.csv").write_text("konto;bezeichnung\n4000;Erlöse\n", encoding="utf-8")
    imported = cli("datacenter", "import", "--db", db, "--office", "k", "--mandant", "M100",
                   tmp_path / "sachkonten.csv", environ=ENV)  # fmt: skip
    assert imported.stdout.strip() == "Mandant M100: 1 Zeile(n) eingespielt"
    office = ("--db", db, "--office", "k", "--mandant", "M100")
    full, changes = _both(cli, "datacenter", "request", *office, "--mode", "full")
    assert full.stdout.strip().endswith("(M100, vollständig)")
    assert changes.stdout.strip().endswith("(M100, full)")
    german = cli("datacenter", "request", *office, environ=ENV).stdout.strip()
    assert german.endswith("(M100, nur Änderungen)")
    english = cli("--lang", "en", "datacenter", "request", *office, "--json", environ=ENV)
    assert json.loads(english.stdout)["mode"] == "incremental"
