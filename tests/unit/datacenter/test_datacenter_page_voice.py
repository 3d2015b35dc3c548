"""The advisor pages speak through the catalogue: every notice and refusal of `datacenter.pages`
and `datacenter.users_page` is a code (`messages.codes.advisor`) worded in German and English, and
no German sentence is left as a literal in those modules."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from syncsystem import messages
from syncsystem.datacenter import pages
from syncsystem.messages import codes as mc
from syncsystem.messages.codes import advisor

ROOT = Path(__file__).resolve().parents[3]
SPEAKING = (
    "datacenter/pages.py",
    "datacenter/users_page.py",
    "datacenter/store/users.py",
    "transfer/mail.py",  # the notification mails: their words are transfer.mail.* codes
)


@pytest.mark.parametrize("name", advisor.__all__)
def test_each_page_code_renders_in_both_languages_with_its_values(name: str) -> None:
    """Every value lands in the words, no placeholder is left, and English is not the German copied."""
    code = getattr(advisor, name)
    values = {param: f"<{param}>" for param in code.params}
    german, english = (code(**values).text(lang) for lang in messages.LANGUAGES)
    for text in (german, english):
        assert all(f"<{param}>" in text for param in code.params), text
        assert not [f for _, f, _, _ in string.Formatter().parse(text) if f is not None], text
    assert german != english


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


_GERMAN = re.compile(
    r"[äöüÄÖÜß]|\b(bitte|nicht|nichts|wurden?|und|für|gibt|ist|sind|der|die|das|Sie|Ihre[rn]?|"
    r"angelegt|gespeichert|abgewiesen|geändert|angefordert)\b",
    re.IGNORECASE,
)


def german_sentences(source: str) -> list[tuple[int, str]]:
    """String constants (f-string parts included) that read as German words, docstrings left out."""
    tree = ast.parse(source)
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        and " " in node.value.strip() and _GERMAN.search(node.value)
    ]


@pytest.mark.parametrize("module", SPEAKING)
def test_no_german_sentence_is_left_as_a_literal(module: str) -> None:
    """A notice or refusal needs a code in messages/codes/advisor.py and words in de.po and en.po."""
    source = (ROOT / "src" / "syncsystem" / module).read_text(encoding="utf-8")
    assert german_sentences(source) == []


def test_the_scan_finds_a_german_sentence_but_not_a_docstring_or_a_form_key() -> None:
    source = '"""Die Übersicht."""\nx = f"Import für Mandant {m} abgewiesen"\ny = form.get("jetzt", "")\n'
    assert german_sentences(source) == [(2, "Import für Mandant ")]
