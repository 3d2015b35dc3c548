"""Audit: every page field the docs' tables "Seed-Feld ⇒ Seite ⇒ CLI" name (seeds 001–003) is on
that page, and the README points to the tables.

The tables in ``docs/buchhaltung.md`` are the claim; this test reads them and looks for each named
group and field label in the German page text an Administrator gets (tags stripped). A row whose
page cell names a field the page lacks fails with the row. Only the texts that name something are
searched: labels, legends, buttons, headings, table heads, links.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from syncsystem import passwords

from .conftest import make_world

ROOT = Path(__file__).resolve().parents[3]
DOCS = (ROOT / "docs" / "buchhaltung.md").read_text(encoding="utf-8")
# page names in the tables -> the path that shows them (the dialog for seed 001's groups)
PAGES = {
    "Liste": "/buchhaltungsexport",
    "Kanzlei-Einstellungen": "/einstellungen",
    "Debitoren-Schnittstelle": "/debitoren",
    "BMD-Konfiguration": "/bmd-konfiguration",
    "Zahlungsabgleich": "/zahlungsabgleich",
    "Dialog": "/buchhaltungsexport/demo",
}
DIALOG = "/buchhaltungsexport/demo"


def _rows(heading: str) -> list[tuple[str, str]]:
    """(seed field, page cell) of the table under ``heading``."""
    part = DOCS.split(heading, 1)[1].split("\n#", 1)[0]
    rows = [line.split("|")[1:3] for line in part.splitlines() if line.startswith("| ") and "---" not in line]
    return [(seed.strip(), page.strip()) for seed, page in rows[1:]]


def _labels(text: str) -> list[str]:
    text = re.sub(r"\([^)]*\)|`[^`]*`", "", text)
    out = []
    for raw in re.split(r"[;,]| / ", text):
        part = raw.strip().strip('„“"').strip()
        if part and "…" not in part:
            out.append(part)
    return out


def _claims() -> list[tuple[str, str, str]]:
    """(seed field, page path, label) for every label a table row names."""
    found = []
    for seed, cell in _rows("Seed-Feld ⇒ Seite ⇒ CLI (Seed 001"):
        for alt in cell.split(";"):
            if "›" in alt:
                group, labels = (s.strip() for s in alt.split("›", 1))
                path = PAGES.get(group.replace("je Schnittstelle ", ""), DIALOG)
                names = _labels(labels) + ([] if group in PAGES or group.startswith("je ") else [group])
                found += [(seed, path, name) for name in names]
            elif "Knopf" in alt:
                found += [(seed, DIALOG, name) for name in _labels(alt.replace("Knopf", ""))]
    for seed, cell in _rows("Seed-Feld ⇒ Seite ⇒ CLI (Seeds 002 und 003)"):
        page, labels = (s.strip() for s in cell.split(":", 1))
        found += [(seed, PAGES[page], name) for name in _labels(labels)]
    return found


CLAIMS = _claims()


@pytest.fixture(scope="module")
def pages_text(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each page's text as an Administrator sees it (rendered once for all rows)."""
    cost, passwords._LN = passwords._LN, 10  # cheap test hashes (module scope: no monkeypatch)
    try:
        return _texts(make_world(tmp_path_factory.mktemp("audit")))
    finally:
        passwords._LN = cost


def _texts(office_world: Any) -> dict[str, str]:
    office_world.add_job("demo")
    (office_world.state / "export").mkdir(parents=True, exist_ok=True)
    client = office_world.client()
    office_world.login(client, "anna")
    texts = {}
    for path in set(PAGES.values()):
        html = client.get(path).text
        named = re.findall(r"<(label|legend|button|h[1-3]|th|a|summary)\b[^>]*>(.*?)</\1>", html, flags=re.S)
        texts[path] = " | ".join(
            " ".join(unescape(re.sub(r"<[^>]+>", " ", inner)).split()) for _, inner in named
        )
    return texts


def test_the_tables_name_fields_at_all() -> None:
    """The parser found the three seeds' rows (else the audit below would pass on nothing)."""
    seeds = {seed[:3] for seed, _, _ in CLAIMS}
    assert {"002", "003"} <= seeds and len(CLAIMS) > 60


@pytest.mark.parametrize(("seed", "path", "label"), CLAIMS, ids=[f"{p} {lab}" for _, p, lab in CLAIMS])
def test_each_field_the_docs_name_is_on_its_page(
    pages_text: dict[str, str], seed: str, path: str, label: str
) -> None:
    assert label in pages_text[path], f"{seed!r}: {label!r} is not on {path}"


def test_the_readme_points_to_the_tables() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/buchhaltung.md" in readme and "Seed-Feld ⇒ Seite ⇒ CLI" in readme
