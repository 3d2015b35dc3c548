"""The export dialog words the job file's rules in the dialog's own terms: the sources, intervals
and fields as the page labels them, never the job file's keys (kind 'transactions', source.store,
target.key, Intervall 'minutes'). Expected German written by hand from the page's labels."""

from __future__ import annotations

from typing import Any

import pytest
from tests.unit.office.test_office_export_page import GOOD, _errors

TRANSACTIONS = "„Belege des Vorsystems“"
FOLDER = "eine Ordnerquelle liefert abgeschlossene Importdateien unverändert: "
STORE = "der Exportordner der Schnittstellen (Rechnungsspeicher) kennt keine "

CASES = [
    (
        {"source.dir": "", "source.store": ""},
        {
            "source-dir": f"Pflichtfeld bei der Quelle {TRANSACTIONS}: dieser Ordner und/oder der "
            "Exportordner der Schnittstellen (Rechnungsspeicher)"
        },
    ),
    (
        {"source.kind": "folder", "source.dir": "", "source.config": "", "execution.document_types": ""},
        {
            "source-dir": "Pflichtfeld bei der Quelle „Ordner mit abgeschlossenen Importdateien“: "
            "der Ordner der abgeschlossenen Importdateien"
        },
    ),
    (
        {
            "source.kind": "folder",
            "source.config": "",
            "scope.filiale": "Wien",
            "execution.payment_types": "Bar",
            "execution.incoming_invoices": "on",
        },
        {
            "scope-filiale": f"{FOLDER}nach Filiale filtern geht nur mit der Quelle {TRANSACTIONS}",
            "execution-document_types": f"{FOLDER}Belegarten wählen geht nur mit der Quelle {TRANSACTIONS}",
            "execution-payment_types": f"{FOLDER}Zahlungsarten wählen geht nur mit der Quelle {TRANSACTIONS}",
            "execution-format": f"{FOLDER}das Format bestimmt, wer die Dateien abgeschlossen hat",
            "execution-incoming_invoices": f"{FOLDER}Eingangsrechnungen exportieren geht nur mit der Quelle "
            f"{TRANSACTIONS}",
        },
    ),
    (
        {
            "source.dir": "",
            "source.store": "/srv/rechnungen",
            "scope.filiale": "Wien",
            "execution.payment_types": "Bar",
        },
        {"scope-filiale": f"{STORE}Filiale", "execution-payment_types": f"{STORE}Zahlungsart"},
    ),
    (
        {"schedule.interval": "minutes", "schedule.every": ""},
        {"schedule-every": "Pflichtfeld bei Intervall „Alle x Minuten“: alle wie viele Minuten"},
    ),
    (
        {"schedule.interval": "monthly", "schedule.day": ""},
        {"schedule-day": "Pflichtfeld bei Intervall „Tag des Monats“: Tag des Monats 1–31"},
    ),
    (
        {"target.password": ""},
        {"target-password": "SFTP braucht ein Passwort oder einen SSH-Schlüssel"},
    ),
]


@pytest.mark.parametrize(("change", "expected"), CASES)
def test_the_dialog_words_its_rules_in_its_own_labels(
    office_world: Any, change: dict[str, str], expected: dict[str, str]
) -> None:
    """Each refused combination is named at its field in the dialog's words; nothing is saved."""
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    answer = client.post("/buchhaltungsexport/neu", data={**GOOD, **change, "csrf": csrf})
    assert answer.status_code == 400
    assert _errors(answer.text) == expected
