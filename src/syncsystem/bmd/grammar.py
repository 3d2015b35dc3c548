"""The BMD cell grammar as polars expressions: the vectorised twin of :mod:`syncsystem.bmd.dialect`.

For each cell type, :func:`typed` gives a value expression and a *well-formed* expression over a
stripped, non-empty string cell. Well-formed must imply that the scalar converter accepts the cell
and yields exactly that value; it may be false for a cell the scalar converter would accept — the
columnar reader then hands the file to the row reader — so the patterns here are ASCII-only and
deliberately no wider than :mod:`~syncsystem.bmd.dialect`'s. :func:`form` picks, from the column's
data, the cheapest variant that is still exact (one date format for the whole column, no space
removal in amounts that have none).
"""

from __future__ import annotations

import polars as pl

from syncsystem.bmd import dialect
from syncsystem.bmd.dialect import CellType

__all__ = ["form", "typed"]

_DEC = {CellType.MONEY: 2, CellType.RATE: 3}
_PATTERNS = {
    CellType.INT: r"^[0-9]{1,10}$",
    CellType.ACCOUNT: r"^[0-9]{1,10}$",
    # Same language as dialect.NUMBER_RE plus its digit limit: at most 13 digits after leading zeros.
    CellType.MONEY: r"^[+-]? *0*[0-9]{1,13}(,[0-9]{1,2})?$",
    CellType.RATE: r"^[+-]? *0*[0-9]{1,13}(,[0-9]{1,3})?$",
}
_DATE_FORMS = "|".join(
    f"(?:{p.pattern})" for p in (dialect.DATE_DMY, dialect.DATE_YMD, dialect.DATE_YYMMDD, dialect.DATE_SLASH)
)


def typed(ctype: CellType, s: pl.Expr, form: str) -> tuple[pl.Expr, pl.Expr]:
    """(value, well-formed) expressions for a stripped, non-empty string cell.

    ``well-formed`` must imply that the scalar converter accepts the cell and gives ``value``;
    it may be false for a cell the scalar converter accepts (that file then goes to the row reader).
    """
    if ctype is CellType.TEXT:
        return s, pl.lit(True)
    if ctype is CellType.DATE:
        return _date(s, form)
    if ctype is CellType.BUCHCODE:
        return s.cast(pl.Int64, strict=False), s.is_in(["1", "01", "2", "02"])
    ok = s.str.contains(_PATTERNS[ctype])
    if ctype in _DEC:
        digits = s.str.replace(",", ".", literal=True)
        if form == "spaces":  # "- 3,20": only then pay for the extra pass
            digits = digits.str.replace_all(" ", "", literal=True)
        value = digits.cast(pl.Decimal(38, _DEC[ctype]), strict=False)
        return value, ok & value.is_not_null()
    value = s.cast(pl.Int64, strict=False)
    return value, ok & value.is_not_null()


def _date(s: pl.Expr, form: str) -> tuple[pl.Expr, pl.Expr]:
    if form in _ONE_FORM:  # every cell has the length of one form: one strptime, one pattern
        fmt, pattern = _ONE_FORM[form]
        value = s.str.strptime(pl.Date, fmt, strict=False)
        return value, s.str.contains(pattern) & value.is_not_null() & (value.dt.year() >= 1)
    # Mixed forms: every accepted form is first rewritten to JJJJMMTT.
    length = s.str.len_bytes()
    century = (
        pl.when(s.str.slice(0, 2).cast(pl.Int32, strict=False) < 80)
        .then(pl.lit("20"))
        .otherwise(pl.lit("19"))
    )
    ymd = (
        pl.when(length == 10)
        .then(s.str.slice(6, 4) + s.str.slice(3, 2) + s.str.slice(0, 2))
        .when(length == 6)
        .then(century + s)
        .when(s.str.contains("/", literal=True))
        .then(century + s.str.replace_all("/", "", literal=True))
        .otherwise(s)
    )
    value = ymd.str.strptime(pl.Date, "%Y%m%d", strict=False)
    return value, s.str.contains(_DATE_FORMS) & value.is_not_null() & (value.dt.year() >= 1)


_ONE_FORM = {
    "dmy": ("%d.%m.%Y", r"^[0-9]{2}\.[0-9]{2}\.[0-9]{4}$"),
    "ymd": ("%Y%m%d", r"^[0-9]{8}$"),
}


def form(column: pl.Series, ctype: CellType) -> str:
    """Which vectorised variant a column needs (decided on the data: one cheap pass)."""
    if ctype is CellType.DATE:
        lengths = column.str.len_bytes()
        low, high = lengths.min(), lengths.max()
        if low != high or not isinstance(low, int):
            return "mixed"
        return {10: "dmy", 8: "ymd"}.get(low, "mixed")
    if ctype in _DEC and column.str.contains(" ", literal=True).any():
        return "spaces"
    return ""
