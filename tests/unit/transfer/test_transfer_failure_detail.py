"""A stored failure detail (``runs.error_detail``) read back in words: the JSON written here by hand, as
the run journal keeps it, and the German lines as de.po words them ("Konfiguration abgelehnt:",
"ausgezifferter Betrag ist null", "Konto {konto} außerhalb von 0–{most}", "… und {count} weitere").
A detail may leave out what is empty — values, problems, the count of more — and still reads."""

from __future__ import annotations

import pytest

from syncsystem.errors import DataError, Problem, SettingsError, SyncsystemError
from syncsystem.messages import codes as mc
from syncsystem.transfer.failure import failure_of, stored, worded

WORDS = "die Wörter, wie sie gespeichert sind"
HEAD = "Konfiguration abgelehnt:"


@pytest.mark.parametrize(
    ("detail", "expected"),
    [
        # two problems kept, 23 not: the count comes back as it was stored
        (
            '{"code":"config.refused","values":{},"problems":['
            '{"file":"b.csv","line":3,"field":"Ausz-Betrag","code":"bmd.clearing.zero","values":{}},'
            '{"file":"b.csv","line":4,"field":"Kto-Nr","code":"bmd.account.range",'
            '"values":{"konto":12,"most":999999}}],"more":23}',
            f"{HEAD}\n  b.csv:3:Ausz-Betrag: ausgezifferter Betrag ist null\n"
            "  b.csv:4:Kto-Nr: Konto 12 außerhalb von 0–999999\n  … und 23 weitere",
        ),
        # no problems and no count: the head alone (no "… und 1 weitere")
        ('{"code":"config.refused","values":{}}', HEAD),
        # no values at all (a code without placeholders), neither on the head nor on a problem
        (
            '{"code":"config.refused","problems":[{"file":"b.csv","line":3,"field":"Ausz-Betrag",'
            '"code":"bmd.clearing.zero"}],"more":0}',
            f"{HEAD}\n  b.csv:3:Ausz-Betrag: ausgezifferter Betrag ist null",
        ),
    ],
)
def test_a_stored_detail_is_worded_from_its_codes(detail: str, expected: str) -> None:
    assert worded(WORDS, detail, "de") == expected


def test_a_detail_this_version_cannot_read_gives_the_stored_words() -> None:
    """An unknown code, or a placeholder the code does not have: the words as stored."""
    assert worded(WORDS, '{"code":"no.such.code","values":{}}', "de") == WORDS
    assert worded(WORDS, '{"code":"config.refused","values":{},"more":"viele"}', "de") == WORDS
    assert worded(WORDS, "", "de") == WORDS


WRONG_SHAPES = ["[1, 2]", '{"code":"config.refused","values":[1]}', '"text"', "null", "{"]


@pytest.mark.parametrize("detail", WRONG_SHAPES)
def test_a_detail_of_the_wrong_shape_gives_the_stored_words(detail: str) -> None:
    """A detail that is JSON of another shape (or no JSON at all) never breaks the page showing it."""
    assert worded(WORDS, detail, "de") == WORDS


def test_a_refused_files_failure_is_kept_as_codes_and_words() -> None:
    """A file refused for 30 problems, the first kept: the detail as the journal stores it (compact
    JSON, "ü" as written, no worded "message" beside the code) and the German words beside it."""
    problem = Problem.of("Bücher.csv", 3, "Ausz-Betrag", mc.CLEARING_ZERO())
    words, detail = stored(failure_of(DataError([problem], mc.DATA_PROBLEMS(count=30), total=30)))
    assert detail == (
        '{"code":"data.problems","values":{"count":30},"problems":[{"file":"Bücher.csv","line":3,'
        '"field":"Ausz-Betrag","code":"bmd.clearing.zero","values":{}}],"more":29}'
    )
    assert words == (
        "30 Problem(e) in der Eingabe\n  Bücher.csv:3:Ausz-Betrag: ausgezifferter Betrag ist null\n"
        "  … und 29 weitere"
    )
    assert worded("", detail, "de") == words


def test_failures_of_other_errors_in_words() -> None:
    """A refused configuration lists its problems under its head; a data error worded as text and any
    other error keep their words as written."""
    problem = Problem.of("b.csv", 3, "Ausz-Betrag", mc.CLEARING_ZERO())
    assert failure_of(SettingsError([problem])).text("de") == (
        f"{HEAD}\n  b.csv:3:Ausz-Betrag: ausgezifferter Betrag ist null"
    )
    assert failure_of(DataError([problem], "Datei b.csv abgelehnt", total=2)).text("de") == (
        "Datei b.csv abgelehnt\n  b.csv:3:Ausz-Betrag: ausgezifferter Betrag ist null\n  … und 1 weitere"
    )
    assert stored(failure_of(SyncsystemError("Platte voll"))) == (
        "Platte voll",
        '{"code":"legacy.text","values":{"text":"Platte voll"},"problems":[],"more":0}',
    )
    assert stored(None) == ("", "")
