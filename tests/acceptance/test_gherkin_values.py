"""The shared reader of Gherkin values accepts the Austrian way of writing them and nothing else."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest

from syncsystem.clock import DEFAULT_TZ

from .gherkin_values import (
    austrian_zone,
    parse_amount,
    parse_count,
    parse_date,
    parse_datetime,
    parse_list,
    parse_time,
    step,
)

FEATURES = Path(__file__).resolve().parents[2] / "features"


def test_values_are_read_the_austrian_way() -> None:
    """Dates, times, moments, amounts, counts, lists and offsets read as an Austrian writes them."""
    assert parse_date("02.03.2026") == date(2026, 3, 2)
    assert parse_time("21:00 Uhr") == time(21)
    assert parse_datetime("03.03.2026 um 07:30") == datetime(2026, 3, 3, 7, 30, tzinfo=DEFAULT_TZ)
    assert parse_amount("1.310,00 €") == parse_amount("€ 1.310,00") == Decimal("1310.00")
    assert parse_amount("240,00") == Decimal("240.00")
    assert [parse_count(t) for t in ("4.000", "ein", "keine", "sechs", "48")] == [4000, 1, 0, 6, 48]
    assert parse_list('"V-1" und "V-2"') == ["V-1", "V-2"]
    assert parse_list("1001, 1002 und 1003") == ["1001", "1002", "1003"]
    assert austrian_zone("+01:00") == "MEZ" and austrian_zone("+02:00") == "MESZ"


@pytest.mark.parametrize(
    ("reader", "text"),
    [
        (parse_date, "2026-03-02"),
        (parse_time, "9:5"),
        (parse_amount, "1310.00"),
        (parse_amount, "1.31,00"),
        (parse_count, "viele"),
    ],
)
def test_other_formats_are_refused(reader: object, text: str) -> None:
    """An ISO date, a decimal point or a malformed thousands group is an error, never a guess."""
    with pytest.raises(ValueError):
        reader(text)  # type: ignore[operator]


def test_step_patterns_leave_other_formats_unbound() -> None:
    """A step written with an ISO date does not match, so pytest-bdd reports it unbound."""
    pattern = step("die Zeit vom {first:Datum} bis zum {last:Datum} simuliert wird")
    assert pattern.parse_arguments("die Zeit vom 23.03.2026 bis zum 08.04.2026 simuliert wird") == {
        "first": date(2026, 3, 23),
        "last": date(2026, 4, 8),
    }
    assert not pattern.is_matching("die Zeit vom 2026-03-23 bis zum 2026-04-08 simuliert wird")


def test_feature_files_use_austrian_formats() -> None:
    """No feature file writes an ISO date or an amount with a decimal point."""
    for feature in FEATURES.rglob("*.feature"):
        text = feature.read_text(encoding="utf-8")
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), feature
        assert not re.search(r"\b\d+\.\d{2}\b(?!\.)", text), feature
