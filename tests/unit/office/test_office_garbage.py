"""Every field of every form, one at a time, gets a garbage value: the answer names that field in
German and nothing is saved.

The forms and their fields are read from the pages as a browser gets them (method POST, every
``input``/``select``/``textarea`` a user can fill); the expectation does not come from the product:
garbage is no valid value of any field, so each post must come back with status 400, a message in
the element ``<field-id>-fehler`` and every stored file and table (except the sessions) unchanged.
"""

from __future__ import annotations

import hashlib
import sqlite3
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from syncsystem import bmd
from syncsystem.bmd.records import PersonAccount

GARBAGE = "\x00\x1b[2J<b>Müll</b>\u202e" + "9" * 70  # control characters, markup, bidi override
PAGES = [
    "/buchhaltungsexport/neu",
    "/buchhaltungsexport/demo",
    "/einstellungen",
    "/debitoren",
    "/bmd-konfiguration",
    "/zahlungsabgleich",
    "/agent",
    "/ablageorte",
    "/benutzer",
    "/konto",
]
_SKIP_TYPES = {"hidden", "submit", "button", "file", "reset"}


class _Forms(HTMLParser):
    """POST forms: (action, {field: [default values]}, [(field, id)] fillable in order)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, list[str]], list[tuple[str, str]]]] = []
        self._select: str | None = None
        self._closed = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._closed = a.get("method", "get").lower() != "post"  # GET forms (filters) change nothing
            if not self._closed:
                self.forms.append((a.get("action", ""), {}, []))
            return
        if self._closed:
            return
        if not self.forms or "name" not in a:
            if tag == "option" and self._select and self.forms and "selected" in a:
                self.forms[-1][1][self._select] = [a.get("value", "")]
            return
        _, values, fields = self.forms[-1]
        name, kind = a["name"], a.get("type", "text").lower()
        if tag == "input" and kind in ("checkbox", "radio"):
            if "checked" in a:
                values.setdefault(name, []).append(a.get("value", "on"))
        elif tag in ("input", "textarea"):
            values.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select":
            self._select = name
            values.setdefault(name, [""])
        if kind not in _SKIP_TYPES and (name, a.get("id", "")) not in fields:
            fields.append((name, a.get("id", name.replace(".", "-"))))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "form":
            self._closed = True


def _world_ready(world: Any) -> None:
    world.add_job("demo")
    export = world.state / "export"
    export.mkdir(parents=True, exist_ok=True)
    persons = [PersonAccount(konto=200001, nachname="Kunde")]
    bmd.write(persons, export / "Kundenstammdaten.csv", bmd.Kind.PERSONS)


def _snapshot(root: Path) -> dict[str, str]:
    """Every file's digest; SQLite databases as their dump without sessions (they move per request)."""
    found = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.suffix in (".sqlite-wal", ".sqlite-shm") or path.name.endswith(("-wal", "-shm", "-journal")):
            continue
        if path.suffix == ".sqlite":
            with sqlite3.connect(path) as conn:
                text = "\n".join(line for line in conn.iterdump() if "sessions" not in line)
            found[str(path)] = hashlib.sha256(text.encode()).hexdigest()
        else:
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _cases() -> list[tuple[str, int, str, str]]:
    """(page, form index, field, field id) for every fillable field — collected once from a live app."""
    import tempfile  # noqa: PLC0415

    from tests.unit.office.conftest import make_world  # type: ignore[attr-defined]  # noqa: PLC0415

    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        world = make_world(Path(tmp))
        _world_ready(world)
        client = world.client()
        world.login(client, "anna")
        for page in PAGES:
            parser = _Forms()
            parser.feed(client.get(page).text)
            for index, (_, _, fields) in enumerate(parser.forms):
                cases.extend((page, index, name, fid) for name, fid in fields)
    return cases


CASES = _cases()


@pytest.mark.parametrize(
    ("page", "index", "field", "field_id"), CASES, ids=[f"{p} #{i} {f}" for p, i, f, _ in CASES]
)
def test_garbage_in_one_field_is_named_there_and_saves_nothing(  # type: ignore[no-untyped-def]
    office_world, page: str, index: int, field: str, field_id: str
) -> None:
    _world_ready(office_world)
    client = office_world.client()
    csrf = office_world.login(client, "anna")
    parser = _Forms()
    parser.feed(client.get(page).text)
    action, values, _ = parser.forms[index]
    before = _snapshot(office_world.state.parent)
    data = {**values, field: [GARBAGE], "csrf": [csrf]}
    answer = client.post(action, data=data)
    assert answer.status_code == 400, (answer.status_code, answer.headers.get("location"))
    assert f'id="{field_id}-fehler"' in answer.text
    assert _snapshot(office_world.state.parent) == before
