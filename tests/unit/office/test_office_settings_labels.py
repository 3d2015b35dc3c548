"""The Kanzlei-Einstellungen page labels the office's SMTP fields with the catalogue's words
(`transfer.office_options.SmtpSection` names the codes): the same German as before the labels left
the code, typed here by hand from the page as it was."""

from __future__ import annotations

import re
from typing import Any

import pytest

# (field, its label, its hint) exactly as the page showed them when the template held the words
SHOWN = [
    ("smtp-host", "SMTP-Server", None),
    ("smtp-port", "Port", None),
    ("smtp-sender", "Absender", "leer: syncsystem@SMTP-Server"),
    ("smtp-ca_file", "CA-Datei", "optional: eigene Zertifizierungsstelle des Servers"),
    ("smtp-starttls", "STARTTLS (empfohlen)", None),
]


@pytest.mark.parametrize(("field", "label", "hint"), SHOWN, ids=[f for f, _, _ in SHOWN])
def test_each_smtp_field_keeps_its_german_label_and_hint(
    office_world: Any, field: str, label: str, hint: str | None
) -> None:
    client = office_world.client()
    office_world.login(client, "anna")
    page = client.get("/einstellungen").text
    assert re.findall(rf'<label for="{field}">([^<]*)</label>', page) == [label]
    hints = re.findall(rf'<small id="{field}-hilfe">([^<]*)</small>', page)
    assert hints == ([hint] if hint else [])
