"""One voice for the product's pages and its command line: every notice, refusal, confirmation and
field message the advisor pages (datacenter) and the office's own pages show, and what the office's
commands print, is a catalogue code worded in German and English, and no German sentence (nor a
single state word such as ``Fehler``) is left as a string literal in any module of the package.

What a page shows by name — a field's label, an option, a state — is vocabulary, not a message: an
assignment annotated ``Captions`` (`syncsystem.messages.Captions`, also `office.web.Captions`) holds
it, and the scan passes the literals inside exactly such an assignment (nothing else of its module).
A declared setting's label and hint are catalogue codes (``Field(json_schema_extra=label(…))``,
`syncsystem.declared`): a ``Field``'s ``title`` or ``description`` given as a literal is found
whatever its words, in every module.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from syncsystem import messages
from syncsystem.messages import codes as mc
from syncsystem.messages.codes import advisor, office_pages
from syncsystem.office.pages.buchhaltungsexport_aktionen import run_done

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "syncsystem"
# Every module speaks to someone — the pages, the command line, the mails, the logs a person reads —
# so every module of the package is scanned (a list of the speaking ones missed `datacenter.status`).
SPEAKING = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py"))
# Modules with a German sentence left, not moved yet; the list only shrinks (none left now).
NOT_YET: dict[str, set[str]] = {}
# Literals that are data, not words of the product: proper names.
PROPER_NAMES = {
    "schedule/feiertage.py": {"Heilige Drei Könige", "Mariä Himmelfahrt", "Mariä Empfängnis"},
}
PAGE_CODES = [
    *((advisor, name) for name in advisor.__all__),
    *((office_pages, name) for name in office_pages.__all__),
]

# A state shown by name is one word: caught when it is one of these (outside a ``Captions``).
_STATE_WORD = re.compile(
    r"(Fehler|eingespielt|abgeholt|hochgeladen|übertragen|fehlgeschlagen|wartet|läuft|veraltet|"
    r"aktiv|deaktiviert|gesendet|erfolgreich)",
    re.IGNORECASE,
)
_GERMAN = re.compile(
    r"[äöüÄÖÜß]|\b(bitte|nicht|nichts|wurden?|und|für|gibt|ist|sind|der|die|das|Sie|Ihre[rn]?|"
    r"oder|wieder|eine?[nm]?|keine?[nm]?|mit|von|zu|auf|im|"
    r"angelegt|gespeichert|abgewiesen|abgelehnt|geändert|angefordert|gestartet|beendet|entfernt|"
    r"aktiviert|deaktiviert|erstellt|gesendet|fehlgeschlagen|angemeldet|abgemeldet)\b",
    re.IGNORECASE,
)


def _captions(tree: ast.AST) -> set[int]:
    """Ids of the string constants inside an assignment annotated ``Captions`` or ``Captions[…]``."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.AnnAssign) or node.value is None:
            continue
        annotation = node.annotation.value if isinstance(node.annotation, ast.Subscript) else node.annotation
        named = annotation.attr if isinstance(annotation, ast.Attribute) else getattr(annotation, "id", "")
        if named == "Captions":
            found |= {id(c) for c in ast.walk(node.value) if isinstance(c, ast.Constant)}
    return found


def _field_captions(tree: ast.AST) -> set[int]:
    """Ids of the ``title`` and ``description`` strings of a declared setting, ``Field(…, title=…,
    description=…)`` (pydantic) given as literals: a label and hint that are not catalogue codes."""
    return {
        id(keyword.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Field"
        for keyword in node.keywords
        if keyword.arg in ("title", "description")
    }


def _reads_german(text: str) -> bool:
    """A sentence with a German word, or a single state word (``Fehler``, ``eingespielt`` …)."""
    words = text.strip()
    if " " in words:
        return _GERMAN.search(text) is not None
    return _STATE_WORD.fullmatch(words) is not None


def german_sentences(source: str) -> list[tuple[int, str]]:
    """String constants (f-string parts included) that read as German words, by line; docstrings
    and the captions of a ``Captions`` assignment left out. A setting's ``Field`` title or hint given
    as a literal is found whatever its words (``"Port"`` too: a label is a catalogue code)."""
    tree = ast.parse(source)
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    fields = _field_captions(tree)
    passed = docstrings | _captions(tree)
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in passed
        and (_reads_german(node.value) or id(node) in fields)
    )


@pytest.mark.parametrize("module", SPEAKING)
def test_no_german_sentence_is_left_as_a_literal(module: str) -> None:
    """A notice or refusal needs a code (messages/codes/advisor.py, office_pages.py) and words in
    de.po and en.po; a label, option or state name goes into a ``Captions`` assignment."""
    source = (SRC / module).read_text(encoding="utf-8")
    left = {text for _, text in german_sentences(source)}
    assert left - PROPER_NAMES.get(module, set()) == NOT_YET.get(module, set())


def test_the_modules_not_yet_moved_still_hold_their_sentences() -> None:
    """An entry of NOT_YET goes when its module no longer needs it."""
    for module, sentences in NOT_YET.items():
        assert {text for _, text in german_sentences((SRC / module).read_text(encoding="utf-8"))} >= sentences


def test_the_scan_finds_a_state_word_and_a_settings_field_title_and_hint() -> None:
    """A ``Field``'s title and hint given as literals are found, German or not; a ``label`` is not."""
    source = (
        'def state(row):\n    return "Fehler" if row else "eingespielt"\n'
        'key = "jetzt"\n'
        'agent_id: str = Field(title="Agent-ID",\n'
        '                      description="Vom Rechenzentrum bei der Anmeldung vergeben.")\n'
        'other = f(title="Vom Rechenzentrum bei der Anmeldung vergeben.")\n'
        "host: str = Field(json_schema_extra=label(mc.SET_SMTP_HOST))\n"
        'port: int = pydantic.Field(25, title="Port")\n'
    )
    assert german_sentences(source) == [
        (2, "Fehler"),
        (2, "eingespielt"),
        (4, "Agent-ID"),
        (5, "Vom Rechenzentrum bei der Anmeldung vergeben."),
        (6, "Vom Rechenzentrum bei der Anmeldung vergeben."),
        (8, "Port"),
    ]


def test_the_scan_finds_a_german_sentence_but_not_a_docstring_or_a_form_key() -> None:
    source = '"""Die Übersicht."""\nx = f"Import für Mandant {m} abgewiesen"\ny = form.get("jetzt", "")\n'
    assert german_sentences(source) == [(2, "Import für Mandant ")]


def test_the_scan_passes_captions_only_inside_their_annotated_assignment() -> None:
    """The exception is the ``Captions`` assignment, not the module: the same words elsewhere are found."""
    source = (
        'STATES: Captions[str] = {"pending": "wartet auf Bestätigung"}\n'
        'LABELS: web.Captions[tuple[str, str]] = {"x": ("Ordner der Exporte", "hier und dort")}\n'
        'OTHER: dict[str, str] = {"pending": "wartet auf Bestätigung"}\n'
        'NOTICES = {"saved": "Einstellungen gespeichert."}\n'
        'error = "Dienst beendet."\n'
    )
    assert german_sentences(source) == [
        (3, "wartet auf Bestätigung"),
        (4, "Einstellungen gespeichert."),
        (5, "Dienst beendet."),
    ]


@pytest.mark.parametrize(("area", "name"), PAGE_CODES, ids=[name for _, name in PAGE_CODES])
def test_each_page_code_renders_in_both_languages_with_its_values(area: object, name: str) -> None:
    """Every value lands in the words, no placeholder is left, and English is not the German copied."""
    code = getattr(area, name)
    values = {param: f"<{param}>" for param in code.params}
    german, english = (code(**values).text(lang) for lang in messages.LANGUAGES)
    for text in (german, english):
        assert all(f"<{param}>" in text for param in code.params), text
        assert not [f for _, f, _, _ in string.Formatter().parse(text) if f is not None], text
    assert german != english


def test_office_messages_read_as_written_in_both_languages() -> None:
    """Hand-written: a refused login, the last administrator, a finished run, many problems."""
    wrong = mc.OFFICE_LOGIN_WRONG()
    assert wrong.text("de") == (
        "Name oder Passwort falsch (oder der Benutzer ist deaktiviert). "
        "Das Passwort wird nicht zurückgesendet – bitte erneut eingeben."
    )
    assert wrong.text("en") == (
        "Wrong name or password (or the user is deactivated). The password is not sent back – "
        "please enter it again."
    )
    last = mc.OFFICE_LAST_ADMIN(name="anna")
    assert last.text("de") == (
        "anna ist der letzte aktive Administrator – bitte zuerst einen anderen Administrator anlegen."
    )
    assert last.text("en") == (
        "anna is the last active administrator – please create another administrator first."
    )
    said = {n: run_done(n, 1234) for n in (0, 1, 2)}  # singular and plural, never "Datei(en)"
    assert said[0].text("de") == "Lauf beendet: 0 Dateien, 1234 Bytes übertragen."
    assert said[1].text("de") == "Lauf beendet: 1 Datei, 1234 Bytes übertragen."
    assert said[2].text("de") == "Lauf beendet: 2 Dateien, 1234 Bytes übertragen."
    assert said[1].text("en") == "Run finished: 1 file, 1234 bytes transferred."
    assert said[2].text("en") == "Run finished: 2 files, 1234 bytes transferred."
    assert mc.OFFICE_MORE_PROBLEM(count=1).text("de") == "… und 1 weiteres Problem"
    assert mc.OFFICE_MORE_PROBLEMS(count=7).text("de") == "… und 7 weitere Probleme"
    assert mc.OFFICE_MORE_PROBLEMS(count=7).text("en") == "… and 7 more problems"
