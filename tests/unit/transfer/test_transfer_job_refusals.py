"""Bad transfer job files, written by hand, each refused with the expected catalogue code at the field
as the file spells it — and worded from the catalogue (German by default, English on request)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from syncsystem import messages
from syncsystem.clock import DEFAULT_TZ
from syncsystem.transfer.config import JobConfigError, parse_job

GOOD: dict[str, Any] = {
    "name": "export",
    "target": {"protocol": "ftp", "host": "stb.example.at", "user": "bmd", "password": "geheim"},
    "execution": {"mandanten": ["100"], "document_types": ["AR"], "format": "bmd-einzelbuchungen"},
    "schedule": {"interval": "daily", "at": "07:15"},
}


def _with(path: str, value: Any) -> dict[str, Any]:
    """GOOD with ``section.key`` set to ``value`` (``...`` removes it)."""
    data = copy.deepcopy(GOOD)
    *sections, key = path.split(".")
    node = data
    for name in sections:
        node = node.setdefault(name, {})
    if value is ...:
        node.pop(key, None)
    else:
        node[key] = value
    return data


# (what is wrong, the job file, expected code, expected field)
TABLE: list[tuple[str, dict[str, Any], str, str]] = [
    ("name missing", _with("name", ...), "config.required", "name"),
    ("name with a space", _with("name", "mein export"), "config.job_name", "name"),
    ("target not an object", _with("target", "ftp://x"), "config.section", "target"),
    ("unknown protocol", _with("target.protocol", "scp"), "config.choice", "target.protocol"),
    ("host blank", _with("target.host", "  "), "config.required", "target.host"),
    ("user a number", _with("target.user", 7), "config.text", "target.user"),
    ("port out of range", _with("target.port", 70000), "config.range", "target.port"),
    ("port a word", _with("target.port", "einundzwanzig"), "config.whole", "target.port"),
    ("FTP without password", _with("target.password", ...), "config.target.password_ftp", "target.password"),
    ("key on FTP", _with("target.key", "-----BEGIN"), "config.target.key_only_sftp", "target.key"),
    ("password a list", _with("target.password", ["a"]), "config.text_plain", "target.password"),
    ("no Mandanten", _with("execution.mandanten", []), "config.at_least_one", "execution.mandanten"),
    ("Mandanten a dict", _with("execution.mandanten", {"a": 1}), "config.text_list", "execution.mandanten"),
    ("format misspelt", _with("execution.format", "bmd"), "config.choice", "execution.format"),
    ("debtors as 'ja'", _with("execution.export_debtors", "ja"), "config.flag", "execution.export_debtors"),
    ("bad interval", _with("schedule.interval", "jährl"), "config.schedule.interval", "schedule.interval"),
    ("time not HH:MM", _with("schedule.at", "7 Uhr"), "config.clock_time", "schedule.at"),
    ("time at night", _with("schedule.at", "23:00"), "schedule.window", "schedule.at"),
    (
        "minutes without every",
        _with("schedule", {"interval": "minuten"}),
        "config.schedule.every_required",
        "schedule.every",
    ),
    (
        "every 2 minutes",
        _with("schedule", {"interval": "minutes", "every": 2}),
        "schedule.every_range",
        "schedule.every",
    ),
    (
        "weekly on a holiday name",
        _with("schedule", {"interval": "weekly", "at": "07:00", "days": ["Mo", "Feiertag"]}),
        "config.schedule.weekday",
        "schedule.days",
    ),
    (
        "monthly without day",
        _with("schedule", {"interval": "monthly", "at": "07:00"}),
        "config.schedule.day_required",
        "schedule.day",
    ),
    ("start not a date", _with("scope.start", "morgen"), "config.date", "scope.start"),
    ("mail to not an address", _with("mail", {"to": "buchhaltung"}), "config.mail.to", "mail.to"),
    # a mail without its own server goes through the office's (transfer.office_options): not refused
    ("host key not a key", _with("target.host_key", "SHA256:abc"), "config.host_key", "target.host_key"),
    (
        "transactions without config",
        _with("source", {"kind": "transactions", "dir": "/x"}),
        "config.source.config",
        "source.config",
    ),
    ("folder without dir", _with("source", {"kind": "folder"}), "config.source.dir_folder", "source.dir"),
]


@pytest.mark.parametrize(("case", "data", "code", "field"), TABLE, ids=[row[0] for row in TABLE])
def test_a_bad_job_file_is_refused_with_its_code_at_its_field(
    case: str, data: dict[str, Any], code: str, field: str
) -> None:
    """The one thing wrong is reported once, with the expected code at the field the file spells."""
    with pytest.raises(JobConfigError) as refused:
        parse_job(data, lambda s: "enc:" + s, DEFAULT_TZ, origin="auftrag.json")
    assert [(p.code, p.field, p.file) for p in refused.value.problems] == [(code, field, "auftrag.json")]


def test_the_good_job_of_the_table_is_accepted() -> None:
    """The table's base is valid, so each row's refusal comes from its one change."""
    assert parse_job(GOOD, lambda s: "enc:" + s, DEFAULT_TZ).name == "export"


def test_refusals_are_worded_by_the_catalogue_not_by_pydantic() -> None:
    """German by default, English when chosen; pydantic's own English never reaches the user."""
    data = _with("target.port", "einundzwanzig")
    data["target"]["user"] = 7
    with pytest.raises(JobConfigError) as refused:
        parse_job(data, lambda s: "enc:" + s, DEFAULT_TZ, origin="auftrag.json")
    messages.set_language("de")
    assert str(refused.value).splitlines() == [
        "Konfiguration abgelehnt:",
        "  auftrag.json:target.user: Text erwartet, nicht 7",
        "  auftrag.json:target.port: ganze Zahl erwartet, nicht 'einundzwanzig'",
    ]
    messages.set_language("en")
    assert "auftrag.json:target.port: whole number expected, not 'einundzwanzig'" in str(refused.value)
    assert "Input should" not in str(refused.value) and "pydantic" not in str(refused.value)
