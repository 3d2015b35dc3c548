"""`interfaces debtors …` speaks to the office in German by default and in English with --lang en:
what was created, booked, cancelled, closed, and why input was refused.

Expected lines are written by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _debtor(tmp_path: Path) -> Path:
    path = tmp_path / "debtor.json"
    path.write_text(
        json.dumps([{"nachname": "Hotel Alpenblick GmbH", "ort": "Wien", "land": "AT", "sammelkonto": 2000}]),
        encoding="utf-8",
    )
    return path


def test_debtor_booking_cancelling_and_closing_are_reported_in_german(tmp_path: Path, cli: Any) -> None:
    """Create → "angelegt: 200000 …", book → "gebucht: …", cancel → "storniert: … am 12.03.2026",
    close → "abgeschlossen: …; in dieser Reihenfolge importieren:", closing again → nothing to close."""
    folder = tmp_path / "quelle"
    folder.mkdir()
    created = cli("interfaces", "debtors", "create", "--dir", folder, "--input", _debtor(tmp_path))
    assert (created.exit_code, created.stdout.strip()) == (0, "angelegt: 200000 Hotel Alpenblick GmbH")
    invoice = tmp_path / "invoice.json"
    invoice.write_text(
        json.dumps(
            [
                {
                    "rechnungsnr": "V-1",
                    "datum": "2026-03-02",
                    "debitor": 200000,
                    "mandant": "1001",
                    "lines": [{"konto": 4000, "brutto": "120.00", "mwst": "1 (20)"}],
                }
            ]
        ),
        encoding="utf-8",
    )
    booked = cli("interfaces", "debtors", "book", "--dir", folder, "--input", invoice)
    assert booked.stdout.strip() == "gebucht: 1001/V-1 120,00"  # the amount in Austrian notation
    cancelled = cli(
        "interfaces",
        "debtors",
        "cancel",
        "--dir",
        folder,
        "--mandant",
        "1001",
        "--invoice",
        "V-1",
        "--date",
        "2026-03-12",
    )
    assert cancelled.stdout.strip() == "storniert: 1001/V-1 am 12.03.2026"
    closed = cli("interfaces", "debtors", "close", "--dir", folder).stdout.splitlines()
    assert closed[0].startswith("abgeschlossen: ")
    assert closed[0].endswith("; in dieser Reihenfolge importieren:")
    assert [line.split("_", 2)[-1] for line in closed[1:]] == ["Stammdaten.csv", "Buchungen_1001.csv"]
    assert cli("interfaces", "debtors", "close", "--dir", folder).stdout.strip() == "nichts abzuschließen"
    english = cli("--lang", "en", "interfaces", "debtors", "close", "--dir", folder)
    assert english.stdout.strip() == "nothing to close"


def test_refusals_name_the_cause_in_german_and_in_english(tmp_path: Path, cli: Any) -> None:
    """A debtor without a name refuses the file; a wrong date and a file given as folder are usage errors."""
    bad = tmp_path / "bad.json"
    bad.write_text('[{"nachname": ""}]', encoding="utf-8")
    refused = cli("interfaces", "debtors", "create", "--dir", tmp_path, "--input", bad)
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == "syncsystem: Debitoren abgewiesen, nichts geschrieben"
    english = cli("--lang", "en", "interfaces", "debtors", "create", "--dir", tmp_path, "--input", bad)
    assert english.stderr.splitlines()[0] == "syncsystem: debtors refused, nothing written"

    wrong_date = cli(
        "interfaces",
        "debtors",
        "cancel",
        "--dir",
        tmp_path,
        "--mandant",
        "1001",
        "--invoice",
        "V-1",
        "--date",
        "12.03.2026",
    )
    assert (wrong_date.exit_code, wrong_date.stderr.strip()) == (
        2,
        "syncsystem: --date: '12.03.2026' ist kein Datum JJJJ-MM-TT",
    )
    not_folder = cli("--lang", "en", "interfaces", "settings", "--dir", bad)
    assert (not_folder.exit_code, not_folder.stderr.strip()) == (2, f"syncsystem: {bad}: not a folder")


def test_settings_are_shown_in_the_office_words_not_as_python_values(tmp_path: Path, cli: Any) -> None:
    """``interfaces settings`` says ja/nein and TT.MM.JJJJ (not ``True`` and a Python dict of roles,
    which ``interfaces roles`` shows); ``--json`` keeps the file's values."""
    args = ("interfaces", "settings", "--dir", tmp_path, "--next-customer", "200100")
    shown = cli(*args, "--lock-date", "2026-01-31", "--auto-update-debtor", "yes")
    assert shown.stdout.splitlines() == [
        f"export_path: {tmp_path}",
        "next_customer_number: 200100",
        "auto_update_debtor: ja",
        "lock_date: 31.01.2026",
        "customer_range: 200000–299999",
        "buchsymbol: AR",
    ]
    cleared = cli("--lang", "en", "interfaces", "settings", "--dir", tmp_path, "--lock-date", "none")
    assert "lock_date: –" in cleared.stdout.splitlines() and "auto_update_debtor: yes" in cleared.stdout
    data = json.loads(cli("interfaces", "settings", "--dir", tmp_path, "--json").stdout)
    assert (data["auto_update_debtor"], data["lock_date"], data["roles"]["payment_days"]) == (
        True,
        None,
        None,
    )


def test_an_unknown_roles_field_is_named(tmp_path: Path, cli: Any) -> None:
    """``roles --set bogus=1``: the sentence names ``bogus`` before listing the fields; nothing saved."""
    refused = cli("interfaces", "roles", "--dir", tmp_path, "--set", "payment_days=14", "--set", "bogus=1")
    assert refused.exit_code == 2
    assert refused.stderr.startswith("syncsystem: --set bogus: kein Feld der Einstellungen; möglich sind ")
    assert "payment_days" in refused.stderr and not (tmp_path / "syncsystem-interfaces.json").exists()


def test_an_empty_pick_list_says_which_file_is_missing_where(tmp_path: Path, cli: Any) -> None:
    """No Kundenstammdaten.csv in the export folder: the answer names file and folder (was "(leer)")."""
    shown = cli("interfaces", "picklist", "customers", "--dir", tmp_path)
    assert (
        shown.stdout.strip()
        == f"keine Einträge: Kundenstammdaten.csv aus BMD fehlt in {tmp_path} oder ist leer"
    )
