"""Bad ``agent.toml`` files, written by hand, each refused with the expected catalogue code at the
setting as the file spells it; a file checked once is not checked again (pydantic stays out of the
worker) until it changes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from syncsystem import messages
from syncsystem.agent.config import CHECKED_NAME, load_config
from syncsystem.errors import ConfigError, SettingsError

GOOD = """\
[agent]
agent_id = "agent-7"

[datacenter]
url = "https://dc.example.at/"
public_key = "AAAA"
"""


def _file(tmp_path: Path, text: str) -> Path:
    (tmp_path / "agent.toml").write_text(text, encoding="utf-8")
    return tmp_path


# (what is wrong, text appended to GOOD or replacing it, expected code, expected setting)
TABLE: list[tuple[str, str, str, str]] = [
    ("no agent table", '[datacenter]\nurl = "https://x"\npublic_key = "AAAA"\n', "config.required", "agent"),
    (
        "no agent_id",
        '[agent]\n[datacenter]\nurl = "https://x"\npublic_key = "AAAA"\n',
        "config.required",
        "agent.agent_id",
    ),
    ("plain http", GOOD.replace("https://dc", "http://dc"), "config.https_url", "datacenter.url"),
    ("key not base64", GOOD.replace('"AAAA"', '"nicht base64!"'), "config.base64", "datacenter.public_key"),
    ("timeout zero", GOOD + "timeout_seconds = 0\n", "config.positive", "datacenter.timeout_seconds"),
    ("poll zero", GOOD + "[schedule]\npoll_minutes = 0\n", "config.at_least", "schedule.poll_minutes"),
    ("poll as text", GOOD + '[schedule]\npoll_minutes = "30"\n', "config.whole", "schedule.poll_minutes"),
    (
        "window backwards",
        GOOD + '[schedule]\nnightly_window = "23:00-21:00"\n',
        "config.window",
        "schedule.nightly_window",
    ),
    ("unknown zone", GOOD + '[schedule]\ntimezone = "Europe/Wien"\n', "config.timezone", "schedule.timezone"),
    ("unknown Bundesland", GOOD + '[schedule]\nregion = "Bayern"\n', "calendar.region_at", "schedule.region"),
    ("misspelt key", GOOD + "[schedule]\npol_minutes = 5\n", "config.unknown_field", "schedule.pol_minutes"),
    ("unknown table", GOOD + "[exprot]\nkind = 'folder'\n", "config.unknown_field", "exprot"),
    ("export kind", GOOD + '[export]\nkind = "ftp"\n', "config.choice", "export.kind"),
    (
        "open quote",
        GOOD + "[export]\ncommand = '\"C:/BMD/ntcs.exe /x'\n",
        "agent.cmdline.quote",
        "export.command",
    ),
    ("command a number", GOOD + "[export]\ncommand = 5\n", "config.command", "export.command"),
    ("mandanten a table", GOOD + "[export]\nmandanten = { a = 1 }\n", "config.text_list", "export.mandanten"),
    ("transfer as a value", GOOD.replace("[agent]", 'transfer = "x"\n[agent]'), "config.section", "transfer"),
]


@pytest.mark.parametrize(("case", "text", "code", "field"), TABLE, ids=[row[0] for row in TABLE])
def test_a_bad_agent_toml_is_refused_with_its_code_at_its_setting(
    tmp_path: Path, case: str, text: str, code: str, field: str
) -> None:
    """The one thing wrong is reported once, with the expected code, at ``agent.toml:<setting>``."""
    with pytest.raises(SettingsError) as refused:
        load_config(_file(tmp_path, text))
    assert [(p.code, p.field, p.file) for p in refused.value.problems] == [
        (code, field, str(tmp_path / "agent.toml"))
    ]


def test_the_good_file_of_the_table_loads_with_its_defaults(tmp_path: Path) -> None:
    """The table's base is valid: the defaults fill the rest and the URL loses its trailing slash."""
    config = load_config(_file(tmp_path, GOOD))
    assert (config.agent_id, config.profile) == ("agent-7", tmp_path.name)
    assert config.datacenter_url == "https://dc.example.at"
    window = f"{config.nightly_window.start:%H:%M}-{config.nightly_window.end:%H:%M}"
    assert (config.poll_minutes, window, config.export.kind) == (30, "21:00-23:00", "command")


def test_every_bad_setting_is_named_at_once_in_german_by_default(tmp_path: Path) -> None:
    """Two bad settings, two lines, catalogue words in German (English when chosen)."""
    _file(tmp_path, GOOD.replace("https://dc", "http://dc") + "[schedule]\npoll_minutes = 0\n")
    with pytest.raises(SettingsError) as refused:
        load_config(tmp_path)
    messages.set_language("de")
    where = tmp_path / "agent.toml"
    assert str(refused.value).splitlines() == [
        "Konfiguration abgelehnt:",
        f"  {where}:datacenter.url: eine https://-Adresse wird erwartet (der Agent spricht nur HTTPS), "
        "nicht 'http://dc.example.at/'",
        f"  {where}:schedule.poll_minutes: 0 ist zu klein: mindestens 1",
    ]
    messages.set_language("en")
    assert f"{where}:schedule.poll_minutes: 0 is too small: at least 1" in str(refused.value)


def test_a_missing_or_broken_file_is_a_config_error(tmp_path: Path) -> None:
    """No file: enrol first; a file that is not TOML names the file."""
    with pytest.raises(ConfigError, match="enrol"):
        load_config(tmp_path)
    with pytest.raises(SettingsError, match="TOML"):
        load_config(_file(tmp_path, "[agent\n"))


def test_an_unchanged_file_is_not_checked_again_and_an_edited_one_is(tmp_path: Path) -> None:
    """The first load checks and remembers; a later process loads without importing pydantic; after an
    edit the file is checked again and its new mistake is found."""
    load_config(_file(tmp_path, GOOD))
    assert (tmp_path / CHECKED_NAME).exists()
    probe = (
        "import sys; from pathlib import Path; from syncsystem.agent.config import load_config; "
        f"c = load_config(Path({str(tmp_path)!r})); print(c.agent_id, 'pydantic' in sys.modules)"
    )
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert ran.stdout.split() == ["agent-7", "False"]
    _file(tmp_path, GOOD + "[schedule]\npoll_minutes = 0\n")
    with pytest.raises(SettingsError, match="poll_minutes"):
        load_config(tmp_path)


def test_settings_kept_in_another_form_are_checked_again(tmp_path: Path) -> None:
    """A ``.agent.toml.checked`` of the right file but an unknown form (another version wrote it)
    does not break the agent: the file is checked again and the record rewritten."""
    load_config(_file(tmp_path, GOOD))
    kept = json.loads((tmp_path / CHECKED_NAME).read_text(encoding="utf-8"))
    kept["settings"] = {"agent": {}}
    (tmp_path / CHECKED_NAME).write_text(json.dumps(kept), encoding="utf-8")
    assert load_config(tmp_path).agent_id == "agent-7"
    again = json.loads((tmp_path / CHECKED_NAME).read_text(encoding="utf-8"))
    assert again["settings"]["agent"]["agent_id"] == "agent-7"
