"""Bad interface settings files, written by hand, each refused with the expected catalogue code at the
field as the file spells it; a good one loads with its values."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from syncsystem import messages
from syncsystem.errors import SettingsError
from syncsystem.interfaces.settings import SETTINGS_FILE, load_settings

# (what is wrong, the file's content, expected code, expected field)
TABLE: list[tuple[str, Any, str, str]] = [
    ("lock date German", {"lock_date": "31.03.2026"}, "config.date", "lock_date"),
    ("next number a word", {"next_customer_number": "zwei"}, "config.whole", "next_customer_number"),
    ("next number too low", {"next_customer_number": 100}, "config.next_customer", "next_customer_number"),
    ("range of one number", {"customer_range": [200000]}, "config.number_range", "customer_range"),
    ("range backwards", {"customer_range": [299999, 200000]}, "config.number_range", "customer_range"),
    ("auto update as 'ja'", {"auto_update_debtor": "ja"}, "config.flag", "auto_update_debtor"),
    ("buchsymbol a number", {"buchsymbol": 5}, "config.text", "buchsymbol"),
    ("not an object", [1, 2], "config.section", ""),
]


def _write(folder: Path, data: Any) -> Path:
    (folder / SETTINGS_FILE).write_text(json.dumps(data), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("case", "data", "code", "field"), TABLE, ids=[row[0] for row in TABLE])
def test_a_bad_settings_file_is_refused_with_its_code_at_its_field(
    tmp_path: Path, case: str, data: Any, code: str, field: str
) -> None:
    """The one thing wrong is reported once, with the expected code, at ``<file>:<field>``."""
    with pytest.raises(SettingsError) as refused:
        load_settings(_write(tmp_path, data))
    assert [(p.code, p.field, p.file) for p in refused.value.problems] == [
        (code, field, str(tmp_path / SETTINGS_FILE))
    ]


def test_a_good_file_loads_and_a_broken_one_names_the_file(tmp_path: Path) -> None:
    """Values are taken as written (the export path is the folder, not the file's); bad JSON is named."""
    good = {
        "next_customer_number": 200007,
        "lock_date": "2026-03-31",
        "auto_update_debtor": False,
        "export_path": "/woanders",
    }
    settings = load_settings(_write(tmp_path, good))
    assert (settings.next_customer_number, settings.lock_date, settings.auto_update_debtor) == (
        200007,
        date(2026, 3, 31),
        False,
    )
    assert settings.export_path == tmp_path
    (tmp_path / SETTINGS_FILE).write_text("{", encoding="utf-8")
    with pytest.raises(SettingsError, match=SETTINGS_FILE):
        load_settings(tmp_path)


def test_the_refusal_reads_german_by_default(tmp_path: Path) -> None:
    """The catalogue's German words, the file and the field."""
    with pytest.raises(SettingsError) as refused:
        load_settings(_write(tmp_path, {"lock_date": "31.03.2026"}))
    messages.set_language("de")
    assert str(refused.value).splitlines()[1] == (
        f"  {tmp_path / SETTINGS_FILE}:lock_date: Datum JJJJ-MM-TT erwartet, nicht '31.03.2026'"
    )
