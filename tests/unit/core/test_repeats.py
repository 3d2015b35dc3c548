"""`syncsystem.repeats.repeated`: the values found more than once, each once, by a hand table."""

from __future__ import annotations

import polars as pl
import pytest

from syncsystem.repeats import repeated


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([5, 3, 5, 1, 3, 3], [3, 5]),  # 3 three times, 5 twice, 1 once
        ([7, 8, 9], []),
        ([4, 4], [4]),
        ([], []),
    ],
)
def test_repeated_values_by_hand(values: list[int], expected: list[int]) -> None:
    found = repeated(pl.Series(values, dtype=pl.UInt64))
    assert sorted(found.to_list()) == expected
