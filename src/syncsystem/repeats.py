"""The values that occur more than once in a large column — the row hashes of a file whose identical
rows must be numbered (the clearing import's twin payments, the datacenter's ``line_key``s).

Found by sorting: a repeated value then sits next to its twin, so a million row hashes cost one
integer a row more (~8 MB), where a hash table over every row (`is_duplicated`) costs ~100 MB.
"""

from __future__ import annotations

import polars as pl

__all__ = ["repeated"]


def repeated(values: pl.Series) -> pl.Series:
    """Each value of ``values`` that occurs more than once, once (empty when all are distinct)."""
    ordered = values.sort()
    return ordered.filter(ordered == ordered.shift(1)).unique()
