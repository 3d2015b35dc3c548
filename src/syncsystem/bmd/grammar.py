"""The BMD cell grammar as polars expressions: the vectorised twin of :mod:`syncsystem.bmd.dialect`.

For each cell type, :func:`typed` gives a value expression and a *well-formed* expression over a
stripped, non-empty string cell. Well-formed must imply that the scalar converter accepts the cell
and yields exactly that value; it may be false for a cell the scalar converter would accept — the
columnar reader then hands the file to the row reader — so the patterns here are ASCII-only and
deliberately no wider than :mod:`~syncsystem.bmd.dialect`'s. :func:`forms` picks, from each
column's data (:func:`form_probes`), the cheapest variant that is still exact (one date format for
the whole column, no space removal in amounts that have none).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import polars as pl

from syncsystem.bmd import dialect
from syncsystem.bmd.dialect import CellType

__all__ = ["form_probes", "forms", "typed"]

_DEC = {CellType.MONEY: 2, CellType.RATE: 3}
_INT_DIGITS = 10  # dialect.INT_RE
_PATTERNS = {
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
    if ctype in _DEC:
        ok = s.str.contains(_PATTERNS[ctype])
        digits = s.str.replace(",", ".", literal=True)
        if form == "spaces":  # "- 3,20": only then pay for the extra pass
            digits = digits.str.replace_all(" ", "", literal=True)
        value = digits.cast(pl.Decimal(38, _DEC[ctype]), strict=False)
        return value, ok & value.is_not_null()
    # polars parses exactly [+-]?[0-9]+ (no spaces, no other digits), so the signs and the length
    # are all that is left to rule out: cheaper than the pattern.
    value = s.cast(pl.Int64, strict=False)
    unsigned = ~(s.str.starts_with("+") | s.str.starts_with("-"))
    return value, value.is_not_null() & unsigned & (s.str.len_bytes() <= _INT_DIGITS)


def _date(s: pl.Expr, form: str) -> tuple[pl.Expr, pl.Expr]:
    if form in _ONE_FORM:  # every cell has the length of one form: one strptime, one pattern
        fmt, pattern, year = _ONE_FORM[form]
        value = s.str.strptime(pl.Date, fmt, strict=False)
        # Year 0 (which ``date`` rejects) is the only year below 1 four digits can spell.
        return value, s.str.contains(pattern) & value.is_not_null() & ~year(s)
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


_ONE_FORM: dict[str, tuple[str, str, Callable[[pl.Expr], pl.Expr]]] = {
    "dmy": ("%d.%m.%Y", r"^[0-9]{2}\.[0-9]{2}\.[0-9]{4}$", lambda s: s.str.ends_with("0000")),
    "ymd": ("%Y%m%d", r"^[0-9]{8}$", lambda s: s.str.starts_with("0000")),
}


def form_probes(columns: Sequence[tuple[str, CellType]]) -> list[pl.Expr]:
    """The aggregates :func:`forms` decides on (``columns``: cell column name, cell type), for the
    caller to evaluate in one parallel pass with its own questions about the file."""
    probes: list[pl.Expr] = []
    for name, ctype in columns:
        if ctype is CellType.DATE:
            lengths = pl.col(name).str.len_bytes()
            probes += [lengths.min().alias(f"{name}.min"), lengths.max().alias(f"{name}.max")]
        elif ctype in _DEC:
            probes.append(pl.col(name).str.contains(" ", literal=True).any().alias(f"{name}.spaces"))
    return probes


def forms(found: Mapping[str, object], columns: Sequence[tuple[str, CellType]]) -> dict[str, str]:
    """Which vectorised variant each column needs, from the values of :func:`form_probes`."""
    out: dict[str, str] = {}
    for name, ctype in columns:
        if ctype is CellType.DATE:
            low, high = found[f"{name}.min"], found[f"{name}.max"]
            same = low == high and isinstance(low, int)
            out[name] = {10: "dmy", 8: "ymd"}.get(low, "mixed") if same else "mixed"  # type: ignore[call-overload]
        elif ctype in _DEC and found[f"{name}.spaces"]:
            out[name] = "spaces"  # "- 3,20": only then pay for the extra pass
        else:
            out[name] = ""
    return out
