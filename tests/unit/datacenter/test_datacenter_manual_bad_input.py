"""Manual import on bad input: a malformed or wrongly encoded file refuses every file of the form,
names file, line and field, and leaves the store as it was (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import standard_files  # type: ignore[import-not-found]

IMPORT = "/api/v1/advisor/mandanten/M100/import"


def _form(files: dict[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, data, "text/csv")) for name, data in files.items()]


def _good() -> dict[str, bytes]:
    return {name: data for name, (_, data) in standard_files().items()}


def _bad_amount(data: bytes) -> bytes:
    # standard_files' first booking is line 2 with betrag "120,00" (conftest.booking)
    return data.replace(b"120,00", b"12O,00", 1)


def _cp1252_line(data: bytes) -> bytes:
    # written again as UTF-8 with umlauts on lines 2-3; line 4 (the third booking) in cp1252
    lines = data.decode("cp1252").split("\r\n")
    utf8 = [line.replace("Rechnung", "Gebühr für Äpfel").encode() for line in lines[:3]]
    return b"\r\n".join(
        [*utf8, lines[3].replace("Rechnung", "Grüße").encode("cp1252"), *map(str.encode, lines[4:])]
    )


@pytest.mark.parametrize(
    ("spoil", "where"),
    [(_bad_amount, "buchungen.csv:2:betrag"), (_cp1252_line, "buchungen.csv:4:text")],
    ids=["malformed-cell", "wrong-encoding"],
)
def test_one_bad_file_refuses_the_whole_form_and_stores_nothing(world: Any, spoil: Any, where: str) -> None:
    """Five files, one with a bad cell or a line in another encoding: 4xx naming file:line:field, no
    row of the four good files stored; the repaired form goes in whole."""
    files = _good()
    files["buchungen.csv"] = spoil(files["buchungen.csv"])
    before = world.data_counts()
    answer = world.client.post(IMPORT, files=_form(files), headers=world.a.advisor)
    assert 400 <= answer.status_code < 500, answer.text
    assert where in answer.json()["error"], answer.json()
    assert world.data_counts() == before
    repaired = world.client.post(IMPORT, files=_form(_good()), headers=world.a.advisor)
    assert repaired.status_code == 200, repaired.text
    after = world.data_counts()
    assert (after["bundles"], after["bookings"], after["open_items"]) == (1, 3, 1)
