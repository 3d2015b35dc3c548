"""The Kanzlei-Einstellungen page labels the office's SMTP fields, the Debitoren page the interface's
settings and the export dialog a job's schedule with the catalogue's words (`SmtpSection`,
`InterfaceSettingsFile` and `ScheduleSection` name the codes): the same German as before the
labels left the code, typed here by hand from the pages as they were."""

from __future__ import annotations

import re
from typing import Any

import pytest

# (page, field, its label, its hint) exactly as shown when the templates held the words
SHOWN = [
    ("/einstellungen", "smtp-host", "SMTP-Server", None),
    ("/einstellungen", "smtp-port", "Port", None),
    ("/einstellungen", "smtp-sender", "Absender", "leer: syncsystem@SMTP-Server"),
    ("/einstellungen", "smtp-ca_file", "CA-Datei", "optional: eigene Zertifizierungsstelle des Servers"),
    ("/einstellungen", "smtp-starttls", "STARTTLS (empfohlen)", None),
    (
        "/debitoren",
        "next_customer_number",
        "BMD nächste Kundennummer",
        "Nummer des nächsten Debitor-Personenkontos (200000–299999, BMDNextKundenNumber).",
    ),
    (
        "/debitoren",
        "auto_update_debtor",
        "Debitor Adresse beim Buchen überschreiben",
        "Vor jeder Buchung/Storno wird der Debitor neu geschrieben (AutoUpdateDebitor); "
        "mit wechselnden Sammelkonten immer ein.",
    ),
    (
        "/debitoren",
        "lock_date",
        "Sperrdatum Buchhaltung",
        "TT.MM.JJJJ; ältere Buchungen werden abgewiesen. Leer: alle zulässig.",
    ),
    ("/buchhaltungsexport/neu", "schedule-interval", "Intervall", None),
    (
        "/buchhaltungsexport/neu",
        "schedule-at",
        "Ausführungszeit",
        "06:00 bis 22:00 Uhr (nicht bei „Stündlich“)",
    ),
    ("/buchhaltungsexport/neu", "schedule-every", "Alle x Minuten", "nur bei „Alle x Minuten“: 5 bis 960"),
]


@pytest.mark.parametrize(("path", "field", "label", "hint"), SHOWN, ids=[f for _, f, _, _ in SHOWN])
def test_each_settings_field_keeps_its_german_label_and_hint(
    office_world: Any, path: str, field: str, label: str, hint: str | None
) -> None:
    client = office_world.client()
    office_world.login(client, "anna")
    page = client.get(path).text
    required = r'(?: <abbr title="Pflichtfeld">\*</abbr>)?'  # a required field's mark after its label
    shown = re.findall(rf'<label for="{field}">([^<]*?){required}</label>', page)
    assert shown == [label]
    hints = re.findall(rf'<small id="{field}-hilfe">([^<]*)</small>', page)
    assert hints == ([hint] if hint else [])
