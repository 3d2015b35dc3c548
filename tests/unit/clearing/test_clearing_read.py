"""Clearing files without person account: refused by the format library, accepted by the clearing import."""

from __future__ import annotations

from pathlib import Path

import pytest

from syncsystem import bmd
from syncsystem.bmd.checks import CLEARING_WITHOUT_ACCOUNT
from syncsystem.clearing.frames import read_files

NO_COLUMN = (
    b"Rng-Nr;Ausz-Betrag;Ausz-Datum;Zahlungs-BelegNr;Text\r\n"
    b"26;100,00;05.03.2026;BK-1;x\r\n27;50,00;06.03.2026;BK-2;y\r\n"
)
EMPTY_CELL = (
    b"Kto-Nr;Rng-Nr;Ausz-Betrag;Ausz-Datum;Zahlungs-BelegNr;Text\r\n"
    b";26;100,00;05.03.2026;BK-1;x\r\n200023;27;50,00;06.03.2026;BK-2;y\r\n"
)


@pytest.mark.parametrize("engine", ["rows", "columns"])
@pytest.mark.parametrize(("data", "lines"), [(NO_COLUMN, [2, 3]), (EMPTY_CELL, [2])])
def test_a_row_without_account_is_a_problem_for_every_other_reader(
    data: bytes, lines: list[int], engine: str
) -> None:
    """Both engines name each row that has no account, so no consumer stores it by mistake."""
    result = bmd.read(data, name="a.csv", engine=engine)  # type: ignore[arg-type]
    assert [p.line for p in result.problems if p.code == CLEARING_WITHOUT_ACCOUNT] == lines
    assert [p for p in result.problems if p.code != CLEARING_WITHOUT_ACCOUNT] == []


@pytest.mark.parametrize(("data", "kontos"), [(NO_COLUMN, [None, None]), (EMPTY_CELL, [None, 200023])])
def test_the_clearing_import_reads_rows_without_account(
    tmp_path: Path, data: bytes, kontos: list[int | None]
) -> None:
    """The clearing import takes such rows in, with no account, for its rules to match or report."""
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    [parsed] = read_files([path], None)
    assert parsed.clearings is not None
    assert parsed.clearings["konto"].to_list() == kontos
    assert parsed.clearings["line"].to_list() == [2, 3]
