"""The Kanzlei-Einstellungen page labels the office's SMTP fields, the Debitoren page the interface's
settings and the export dialog a job's fields with the catalogue's words (`SmtpSection`,
`InterfaceSettingsFile`, `ScheduleSection` and the sections of `JobFile` name the codes): the same
German as before the labels left the templates, typed here by hand from the pages as they were."""

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
    *(
        ("/buchhaltungsexport/neu", *row)
        for row in [
            ("name", "Name der Schnittstelle", "Buchstaben, Ziffern, . _ - (höchstens 64)"),
            ("scope-filiale", "Filiale", "leer: jede Filiale darf den Export nutzen"),
            (
                "scope-workstation",
                "Rechner",
                "nur wenn nicht serverseitig: der Arbeitsplatzrechner (Arbeitsplatzeinstellungen)",
            ),
            ("scope-start", "Start", "leer: sofort einsatzbereit"),
            ("source-kind", "Woher die Buchungen kommen", None),
            ("source-dir", "Ordner", "Transaktionsexporte bzw. abgeschlossene Importdateien"),
            ("source-store", "Exportordner der Schnittstellen (Rechnungsspeicher)", None),
            (
                "source-config",
                "Exportkonfiguration (Kontenzuordnung, Buchungssymbole)",
                "Datei, wie sie syncsystem interfaces export --config liest",
            ),
            ("target-protocol", "Protokoll", None),
            ("target-host", "FTP Hostname", None),
            ("target-port", "Port", "optional; sonst 21 (FTP/FTPS) bzw. 22 (SFTP)"),
            ("target-directory", "Verzeichnis", "optional; bei „Ordner“ der Zielordner"),
            ("target-user", "Benutzer", "Auf dem Server braucht dieser Benutzer Schreib- und Leserechte."),
            ("target-password", "Passwort", None),
            ("target-key", "SSH-Schlüssel (statt Passwort, nur SFTP)", None),
            (
                "target-host_key",
                "Host-Schlüssel des SFTP-Servers",
                "leer: beim ersten Testen wird er angezeigt und nach Ihrer Bestätigung gespeichert",
            ),
            ("target-ca_file", "CA-Datei (FTPS)", "optional: eigene Zertifizierungsstelle des Servers"),
            ("execution-mandanten", "Mandant(en)", "einer oder mehrere, durch Komma getrennt"),
            ("execution-document_types", "Belegarten", "durch Komma getrennt, z. B. Rechnung, Gutschrift"),
            ("execution-payment_types", "Zahlungsarten", "optional, durch Komma getrennt"),
            ("execution-export_debtors", "Debitoren exportieren", None),
            ("execution-format", "Format", None),
            ("execution-incoming_invoices", "Eingangsrechnungsexport", None),
            ("execution-incoming_format", "Format der Eingangsrechnungen", None),
            ("mail-to", "E-Mail", "optional: erhält eine Nachricht, wenn der Export fehlschlägt"),
            ("mail-reminder_after", "Erinnerung nach … Fehlschlägen", None),
            ("mail-language", "Sprache der E-Mail", None),
            ("mail-smtp_host", "SMTP-Server", None),
            ("mail-smtp_port", "SMTP-Port", None),
            ("mail-smtp_user", "SMTP-Benutzer", None),
            ("mail-smtp_password", "SMTP-Passwort", None),
            ("mail-sender", "Absender", None),
        ]
    ),
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
