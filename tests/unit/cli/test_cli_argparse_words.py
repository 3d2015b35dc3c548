"""argparse's own words — ``usage:``, the section headings, the ``-h`` line, its errors for a wrong
command line — speak the CLI's language (German unless ``--lang en`` or an English locale), from the
``argparse`` domain's catalogue (messages/argparse_de.po); the exit code of a wrong command line
stays 2. Every expected line below is written by hand."""

from __future__ import annotations

import argparse
import io
import re
from pathlib import Path
from typing import Any

import pytest

from syncsystem import messages
from syncsystem.messages import argparse_words

PO = Path(argparse_words.__file__).with_name("argparse_de.po")
ENGLISH = {"LANG": "en_GB.UTF-8"}
# argparse's refusals of a parser built wrongly (never of a command line typed wrongly): English
PROGRAMMING_MISTAKES = {
    ".__call__() not defined",
    "conflicting subparser: %s",
    "conflicting subparser alias: %s",
    "cannot merge actions - two groups are named %r",
    "'required' is an invalid argument for positionals",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "dest= is required for options like %r",
    "invalid conflict_resolution value: %r",
    "conflicting option string: %s",
    "conflicting option strings: %s",
    "mutually exclusive arguments must be optional",
    "cannot have multiple subparser arguments",
    "%r is not callable",
}


def test_help_speaks_german_by_default_and_english_when_chosen(cli: Any, capsys: Any) -> None:
    german = cli("--help")
    out = capsys.readouterr().out
    assert german.exit_code == 0
    assert out.startswith("Aufruf: syncsystem [-h] [--log-level {DEBUG,INFO,WARNING,ERROR,CRITICAL}]\n")
    assert "\n\nArgumente:\n  AREA\n" in out and "\n\nOptionen:\n" in out
    assert "  -h, --help            diese Hilfe zeigen und beenden\n" in out
    assert "  --version             Versionsnummer zeigen und beenden\n" in out
    assert "usage:" not in out and "show this help" not in out and "options:" not in out
    english = cli("--lang", "en", "--help")
    out = capsys.readouterr().out
    assert english.exit_code == 0
    assert out.startswith("usage: syncsystem [-h] [--log-level {DEBUG,INFO,WARNING,ERROR,CRITICAL}]\n")
    assert "\n\npositional arguments:\n  AREA\n" in out and "\n\noptions:\n" in out
    assert "  -h, --help            show this help message and exit\n" in out
    assert "  --version             show program's version number and exit\n" in out


# `syncsystem --help`'s own lines (description, areas, global options), whitespace folded: (German, English)
FIRST_PAGE = [
    ("Abgleich von Buchhaltungsdaten für Steuerberater mit BMD NTCS.", "Accounting-data synchronisation"),
    ("demo eine Arbeitswoche von Anfang bis Ende im Zeitraffer durchspielen", "demo play a working week"),
    (
        "agent Agent auf dem BMD-Rechner der Kanzlei: enrol, run, install, plan, doctor, status",
        "agent on-prem",
    ),
    (
        "datacenter Rechenzentrum: init, serve, import, einen Abgleich anfordern (request)",
        "datacenter datacenter:",
    ),
    ("bmd BMD-Dateien: prüfen (validate) und umwandeln (convert)", "bmd BMD files: validate and convert"),
    ("interfaces Vorsysteme: Debitorendateien, Buchungen, Formate", "interfaces source systems:"),
    ("clearing Zahlungsabgleich: Auszifferungslisten genau einmal einlesen", "clearing payment clearing:"),
    ("transfer geplanter Export in Ordner/FTP/FTPS/SFTP, Fehler-Mail", "transfer scheduled export"),
    ("office die Seiten der Kanzlei: serve, Benutzer, Optionen", "office the office's own pages"),
    ("emulate Emulatoren der Außenwelt: BMD und mehr", "emulate emulators of the outside world"),
    (
        "Protokollstufe, groß oder klein geschrieben (Vorgabe: WARNING)",
        "logging level, any case (default: WARNING)",
    ),
    (
        "text, oder json für Log-Sammler: ein JSON-Objekt je Zeile (Vorgabe: text)",
        "text, or json for log shippers",
    ),
    (
        "--lang {de,en} Sprache der Meldungen (Vorgabe: Deutsch; Englisch, wenn LC_ALL/LC_MESSAGES/LANG "
        "mit en beginnt)",
        "--lang {de,en} language of messages (default: German;",
    ),
    ("-q, --quiet keine Fortschrittsbalken", "-q, --quiet no progress bars"),
    ("--debug bei einem Fehler den Traceback zeigen (auch SYNCSYSTEM_DEBUG=1)", "--debug show the traceback"),
]


def test_the_commands_own_help_on_its_first_page_speaks_the_language_too(cli: Any, capsys: Any) -> None:
    """What `syncsystem --help` says of the command, its areas and its global options is the
    catalogue's (the subcommands' help: test_cli_help_texts)."""
    cli("--help")
    german = " ".join(capsys.readouterr().out.split())
    cli("--help", environ=ENGLISH)
    english = " ".join(capsys.readouterr().out.split())
    assert [de for de, _ in FIRST_PAGE if de not in german] == []
    assert [en for _, en in FIRST_PAGE if en not in english] == []
    assert [en for _, en in FIRST_PAGE if en in german] == []
    cli("transfer", "--help")
    assert capsys.readouterr().out.startswith(
        "Aufruf: syncsystem transfer [-h] COMMAND ...\n\n"
        "geplanter Export in Ordner/FTP/FTPS/SFTP, Fehler-Mail\n"
    )


def test_a_subcommands_help_speaks_the_locales_language(cli: Any, capsys: Any) -> None:
    assert cli("bmd", "--help").exit_code == 0
    assert capsys.readouterr().out.startswith("Aufruf: syncsystem bmd [-h] COMMAND ...\n")
    assert cli("bmd", "--help", environ=ENGLISH).exit_code == 0
    assert capsys.readouterr().out.startswith("usage: syncsystem bmd [-h] COMMAND ...\n")


def _error(stderr: str) -> str:
    lines = stderr.splitlines()
    assert "Traceback" not in stderr
    return lines[-1]


def test_a_missing_argument_is_refused_in_german_and_english_with_exit_2(cli: Any, capsys: Any) -> None:
    german = cli("bmd", "validate")
    stderr = capsys.readouterr().err
    assert german.exit_code == 2
    assert stderr.startswith("Aufruf: syncsystem bmd validate [-h]\n")
    assert _error(stderr) == "syncsystem bmd validate: Fehler: diese Argumente fehlen: FILE"
    english = cli("bmd", "validate", environ=ENGLISH)
    stderr = capsys.readouterr().err
    assert english.exit_code == 2
    assert stderr.startswith("usage: syncsystem bmd validate [-h]\n")
    assert _error(stderr) == "syncsystem bmd validate: error: the following arguments are required: FILE"


def test_an_invalid_choice_is_refused_in_german_and_english_with_exit_2(cli: Any, capsys: Any) -> None:
    german = cli("--log-level", "laut", "bmd")
    assert german.exit_code == 2
    assert _error(capsys.readouterr().err) == (
        "syncsystem: Fehler: Argument --log-level: ungültige Auswahl: 'LAUT' "
        "(möglich sind 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL')"
    )
    english = cli("--lang", "en", "--log-level", "laut", "bmd")
    assert english.exit_code == 2
    assert _error(capsys.readouterr().err) == (
        "syncsystem: error: argument --log-level: invalid choice: 'LAUT' "
        "(choose from 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL')"
    )
    unknown = cli("bmd", "prüfen")
    assert unknown.exit_code == 2
    assert _error(capsys.readouterr().err) == (
        "syncsystem bmd: Fehler: Argument COMMAND: ungültige Auswahl: 'prüfen' "
        "(möglich sind 'validate', 'convert')"
    )


def test_a_value_where_none_is_taken_and_none_where_one_is_in_german(cli: Any, capsys: Any) -> None:
    assert cli("bmd", "validate", "--json=ja", "x.csv").exit_code == 2
    assert _error(capsys.readouterr().err) == (
        "syncsystem bmd validate: Fehler: Argument --json: Wert 'ja' wird nicht erwartet"
    )
    assert cli("bmd", "validate", "--encoding").exit_code == 2
    assert _error(capsys.readouterr().err) == (
        "syncsystem bmd validate: Fehler: Argument --encoding: erwartet einen Wert"
    )
    assert cli("bmd", "validate", "x.csv", "--gibts-nicht").exit_code == 2
    assert _error(capsys.readouterr().err) == "syncsystem: Fehler: unbekannte Argumente: --gibts-nicht"


def test_argparse_speaks_english_again_after_a_german_run(cli: Any, capsys: Any) -> None:
    """The catalogue is argparse's only for the run: a parser made afterwards is argparse's own."""
    cli("bmd", "validate")
    capsys.readouterr()
    assert argparse.ArgumentParser(prog="p").format_usage() == "usage: p [-h]\n"
    assert argparse_words.gettext("options", "en") == "options"


def _argparse_msgids() -> set[str]:
    """Every string Python's argparse.py passes to ``_`` or ``ngettext`` (both forms), by Babel."""
    from babel.messages.extract import extract  # noqa: PLC0415

    with open(argparse.__file__, "rb") as source:
        found = extract("python", source, keywords={"_": None, "ngettext": (1, 2)})
        ids = [msgid for _, msgid, _, _ in found]
    return {form for msgid in ids for form in ((msgid,) if isinstance(msgid, str) else msgid)}


def _babel_entries() -> dict[str, str]:
    from babel.messages.pofile import read_po  # noqa: PLC0415

    babel = read_po(io.BytesIO(PO.read_bytes()), locale="de")
    return {str(e.id): str(e.string or "") for e in babel if e.id and not e.fuzzy}


def test_every_string_of_this_pythons_argparse_has_its_entry() -> None:
    """A Python with new argparse strings fails here until the catalogue words them."""
    ids = _argparse_msgids()
    assert len(ids) > 30
    assert ids - set(_babel_entries()) == set()


def test_only_argparses_programming_mistakes_stay_english() -> None:
    entries = _babel_entries()
    assert {msgid for msgid, words in entries.items() if not words} == PROGRAMMING_MISTAKES
    assert dict(argparse_words.catalogue("de")) == {k: v for k, v in entries.items() if v}


@pytest.mark.parametrize("msgid", sorted(k for k, v in _babel_entries().items() if v))
def test_each_wording_keeps_argparses_placeholders(msgid: str) -> None:
    placeholders = re.compile(r"%(?:\(\w+\))?[sr]")
    words = argparse_words.catalogue("de")[msgid]
    assert sorted(placeholders.findall(words)) == sorted(placeholders.findall(msgid))
    assert words.endswith("\n") == msgid.endswith("\n")


def test_english_has_no_catalogue_but_argparses_own_words() -> None:
    assert set(messages.LANGUAGES) - {"de"} == {"en"}
    assert argparse_words.catalogue("en") == {}
    counted = ("expected %s argument", "expected %s arguments")
    assert argparse_words.ngettext(*counted, 2, "de") == "erwartet %s Werte"
    assert argparse_words.ngettext(*counted, 1, "de") == "erwartet %s Wert"
