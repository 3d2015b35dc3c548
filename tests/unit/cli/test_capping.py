"""Problem lists in text output are capped at 20 lines with a closing line (German by default,
English with --lang en); counts stay complete.

Expected texts are written by hand (Austrian thousands point: 999.980; English 999,980).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from syncsystem import messages
from syncsystem.capping import cap, german_count


@pytest.fixture(autouse=True)
def _german() -> Iterator[None]:
    """The closing line is shown to the office: these library calls read it in German."""
    messages.set_language("de")
    yield
    messages.set_language("en")


def test_a_million_problems_show_twenty_and_name_the_rest() -> None:
    """1.000.000 lines: the first 20, then "… und 999.980 weitere Probleme; alle mit --all oder --json"."""
    lines = [f"f.csv:{n}:betrag: kein Betrag" for n in range(2, 1_000_002)]
    shown = cap(lines)
    assert shown[:20] == lines[:20]
    assert shown[20:] == ["… und 999.980 weitere Probleme; alle mit --all oder --json"]


def test_one_more_is_singular_and_twenty_need_no_closing_line() -> None:
    """21 items end with "1 weiteres Problem"; 20 items are shown as they are."""
    assert cap([str(n) for n in range(21)])[-1] == "… und 1 weiteres Problem; alle mit --all oder --json"
    assert cap([str(n) for n in range(20)]) == [str(n) for n in range(20)]
    assert cap([]) == []


def test_all_shows_everything_and_only_shown_items_are_rendered() -> None:
    """show_all renders every item; otherwise the render function runs for the 20 shown only."""
    rendered: list[int] = []

    def render(n: int) -> str:
        rendered.append(n)
        return f"Problem {n}"

    assert len(cap(range(1000), render, show_all=True)) == 1000
    rendered.clear()
    shown = cap(range(1000), render)
    assert rendered == list(range(20))
    assert shown[-1] == "… und 980 weitere Probleme; alle mit --all oder --json"


def test_the_noun_can_be_changed_and_counts_use_the_austrian_point() -> None:
    """Rows instead of problems; 1234567 is written 1.234.567, 999 stays 999."""
    rows = cap(["x"] * 25, noun="lines")
    assert rows[-1] == "… und 5 weitere Zeilen; alle mit --all oder --json"
    assert (german_count(1_234_567), german_count(999), german_count(0)) == ("1.234.567", "999", "0")


def test_the_closing_line_is_english_with_english_numbers_when_english_is_chosen() -> None:
    """In English: "… and 1,000 more problems; all with --all or --json", one line "1 more line"."""
    messages.set_language("en")
    assert cap(["x"] * 1020)[-1] == "… and 1,000 more problems; all with --all or --json"
    assert cap(["x"] * 21, noun="lines")[-1] == "… and 1 more line; all with --all or --json"


def test_bmd_validate_caps_text_but_counts_and_json_are_complete(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """1000 rows with account 1200 (no person account): 20 lines, the count says 1000, JSON has all."""
    path = tmp_path / "p.csv"
    path.write_bytes(b"konto;nachname\r\n" + b"1200;Kunde\r\n" * 1000)
    text = cli("bmd", "validate", "--kind", "persons", path)
    assert text.exit_code == 1
    lines = text.stdout.splitlines()
    assert len(lines) == 22
    assert lines[0].startswith(f"{path}:2:konto: Personenkonto 1200 außerhalb von 200000–399999")
    assert lines[20] == "… und 980 weitere Probleme; alle mit --all oder --json"
    assert lines[21] == (
        f"{path}: persons, 1000 Zeile(n) gelesen, davon 1000 mit Problemen, cp1252: 1000 Problem(e)"
    )

    everything = cli("bmd", "validate", "--kind", "persons", "--all", path)
    assert len(everything.stdout.splitlines()) == 1001
    as_json = cli("bmd", "validate", "--kind", "persons", "--json", path)
    assert len(json.loads(as_json.stdout)["files"][0]["problems"]) == 1000


def test_bmd_convert_refusal_is_capped(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A refused conversion lists 20 problems, the rest as a count, and says nothing was written."""
    path = tmp_path / "p.csv"
    path.write_bytes(b"konto;nachname\r\n" + b"1200;Kunde\r\n" * 30)
    result = cli("bmd", "convert", "--kind", "persons", path, tmp_path / "out.csv")
    assert result.exit_code == 1 and not (tmp_path / "out.csv").exists()
    assert result.stdout.splitlines()[20:] == [
        "… und 10 weitere Probleme; alle mit --all oder --json",
        f"{path}: nicht umgewandelt, nichts geschrieben",
    ]
