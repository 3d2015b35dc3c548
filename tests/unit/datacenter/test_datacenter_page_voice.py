"""The advisor pages speak through the catalogue: every notice and refusal of `datacenter.pages`
and `datacenter.users_page` is a code (`messages.codes.advisor`) worded in German and English.
That each code renders in both languages and that no German sentence is left as a literal in these
modules is checked for all the product's pages together, in tests/unit/test_page_voice.py."""

from __future__ import annotations

import pytest

from syncsystem import messages
from syncsystem.datacenter import pages
from syncsystem.messages import codes as mc


def test_three_page_messages_read_as_written_in_both_languages() -> None:
    """Hand-written: what the advisor reads after an upload, a row limit and a refused request."""
    done = mc.DC_IMPORT_DONE(mandant="1001", rows="1.110")
    assert done.text("de") == "Import für Mandant 1001 abgeschlossen: 1.110 Zeilen geprüft und eingespielt."
    assert done.text("en") == "Import for Mandant 1001 finished: 1.110 rows checked and imported."
    rows = mc.DC_IMPORT_TOO_MANY_ROWS(most="100.000", together="500.000")
    assert rows.text("de") == (
        "Import abgewiesen: Die Dateien haben mehr Zeilen als erlaubt (höchstens 100.000 je Datei, "
        "500.000 zusammen). Bitte in Teilen hochladen."
    )
    assert rows.text("en") == (
        "Import refused: the files have more rows than allowed (at most 100.000 per file, "
        "500.000 together). Please upload them in parts."
    )
    refused = mc.DC_SYNC_REFUSED(reason=mc.DC_USER_LAST_ADMIN())  # a nested message, same language
    assert refused.text("de") == (
        "Nicht angefordert: Die Kanzlei braucht mindestens einen aktiven Administrator."
    )
    assert refused.text("en") == "Not requested: The office needs at least one active administrator."


@pytest.mark.parametrize(
    ("query", "count", "expected"),
    [
        ("1001", "1", "Aktualisierung für Mandant 1001 angefordert."),
        ("1001,1002", "2", "Aktualisierung für 2 Mandanten (1001, 1002) angefordert."),
        (
            "1001,1002",
            "1234",
            "Aktualisierung für 1.234 Mandanten (1001, 1002 … und 1.232 weitere) angefordert.",
        ),
    ],
)
def test_the_sync_confirmation_names_the_mandanten_in_german(query: str, count: str, expected: str) -> None:
    """The confirmation after "Aktualisieren", as the page showed it before it had codes, even when
    the process speaks English (the pages speak German)."""
    with messages.speaking("en"):
        said = pages._sync_notice(query, count)
    assert said == f"{expected} Der Agent holt die Daten in wenigen Sekunden – siehe Live-Protokoll."
