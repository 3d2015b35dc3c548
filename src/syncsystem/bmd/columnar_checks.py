"""The columnar reader's semantic pre-filter: which rows a check of :mod:`syncsystem.bmd.checks` could
object to, as one polars expression.

Rows flagged here are materialised and checked by the exact checks, so the expression must flag a
superset of the rows with a problem (it may flag more: they then simply pass). For bookings that is
the account and percentage ranges, the gross tax share (a superset of both net/gross conventions;
without a person account, the lines fitting neither the gross share nor the net tax; every Erwerbsteuer
line, which is net only) and the tax sign rule of
:mod:`syncsystem.bmd.taxes` exactly; clearings and open items are decided exactly.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import polars as pl

from syncsystem.bmd.checks import MAX_ACCOUNT
from syncsystem.bmd.kinds import Kind
from syncsystem.bmd.ranges import AccountRanges
from syncsystem.bmd.schema import Schema
from syncsystem.bmd.taxes import ERWERB_CODES, INPUT_TAX_CODES, OUTPUT_TAX_CODES, PURCHASE_CODES

__all__ = ["suspects"]


def suspects(cols: set[str], schema: Schema, ranges: AccountRanges) -> pl.Expr:
    """Rows any semantic check could object to (a superset; exact checks run on these only)."""
    if schema.kind in (Kind.CLEARINGS, Kind.OPENITEMS):
        return _suspect_items(schema.kind, cols, ranges)
    if schema.kind is not Kind.BOOKINGS:
        return pl.lit(True)

    def col(name: str, default: Any = None) -> pl.Expr:
        return pl.col(name) if name in cols else pl.lit(default)

    def outside(name: str, low: int, high: int) -> pl.Expr:
        value = col(name).cast(pl.Float64)
        return value.is_not_null() & ((value < low) | (value > high))

    person = [_person(col(n), ranges).fill_null(False) for n in ("konto", "gkonto")]
    person_led = person[0] | person[1]
    satzart = col("satzart", 0).fill_null(0)
    gross = col("betrag").cast(pl.Float64).abs()
    percent = col("prozent").cast(pl.Float64)
    # Both the tax and the expected tax are whole cents, so a real gap of more than 0,01 is at least
    # 0,02 and the unrounded float gap at least 0,015: 0,0099 flags a superset despite float error.
    tax = col("steuer").cast(pl.Float64).abs()
    tax_gap = (tax - gross * percent / (100 + percent)).abs()
    net_gap = (tax - gross * percent / 100).abs()
    # an Erwerbsteuer line is net (a tax equal to the gross share is wrong there): always checked
    erwerb = col("steuercode").cast(pl.Int64).is_in(sorted(ERWERB_CODES)).fill_null(False)
    taxed = col("steuer").is_not_null() & percent.is_not_null()
    expr = (
        ~satzart.is_in([0, 1, 2])
        | (col("konto") == 0)
        | (col("konto") > MAX_ACCOUNT).fill_null(False)
        | (col("gkonto") > MAX_ACCOUNT).fill_null(False)
        | outside("prozent", 0, 100)
        | outside("skontopz", 0, 100)
        | outside("periode", 1, 13)
        | (person_led & (satzart == 0) & (tax_gap > 0.0099).fill_null(False))
        | (~person_led & (satzart == 0) & (tax_gap > 0.0099) & (net_gap > 0.0099)).fill_null(False)
        | ((satzart == 0) & erwerb & taxed)
        | _wrong_tax_sign(col, led=~person[0] & person[1], person_led=person[0]).fill_null(False)
        | _code_against_document(col, ranges)
    )
    return expr.fill_null(True)


def _code_against_document(col: Callable[..., pl.Expr], ranges: AccountRanges) -> pl.Expr:
    """Exactly :func:`~syncsystem.bmd.taxes.code_findings`, vectorised: a purchase-side code on a sale,
    an output-tax code on a purchase (:func:`~syncsystem.bmd.taxes.document_of`)."""
    code = col("steuercode").cast(pl.Int64)
    symbol = col("buchsymbol", "")

    def any_of(accounts: range) -> pl.Expr:
        low, high = accounts.start, accounts.stop - 1
        return pl.any_horizontal(col(n).is_between(low, high).fill_null(False) for n in ("konto", "gkonto"))

    customer, supplier = any_of(ranges.customers), any_of(ranges.suppliers)
    neither = ~customer & ~supplier
    sale = (customer & ~supplier) | (neither & symbol.is_in(_OUTPUT_SPELLINGS).fill_null(False))
    purchase = (supplier & ~customer) | (neither & symbol.is_in(_INPUT_SPELLINGS).fill_null(False))
    purchase_code = code.is_in(sorted(PURCHASE_CODES)).fill_null(False)
    output_code = code.is_in(sorted(OUTPUT_TAX_CODES)).fill_null(False)
    return (purchase_code & sale) | (output_code & purchase)


def _wrong_tax_sign(col: Callable[..., pl.Expr], led: pl.Expr, person_led: pl.Expr) -> pl.Expr:
    """Exactly :func:`~syncsystem.bmd.checks.tax_type`'s sign rule, vectorised (null: no tax);
    ``led``: a Sachkonto in konto against a person account in gkonto, ``person_led``: a person account
    in konto — on both the side of betrag, not the buchcode, tells the credit note
    (`syncsystem.bmd.taxes.credit_line`)."""
    steuer, betrag = (col(n).cast(pl.Float64) for n in ("steuer", "betrag"))
    code = col("steuercode").cast(pl.Int64)
    buchcode, symbol = col("buchcode"), col("buchsymbol", "")
    by_code = ((buchcode == 1) & (betrag < 0)) | ((buchcode == 2) & (betrag > 0))
    uncoded = code.is_null() | (code == 0)
    output = code.is_in(sorted(OUTPUT_TAX_CODES)).fill_null(False)
    output |= uncoded & symbol.is_in(_OUTPUT_SPELLINGS)
    input_ = code.is_in(sorted(INPUT_TAX_CODES)).fill_null(False)
    input_ |= uncoded & symbol.is_in(_INPUT_SPELLINGS)
    erwerb = code.is_in(sorted(ERWERB_CODES)).fill_null(False)
    credit = (
        pl.when(person_led & output)
        .then(betrag < 0)
        .when(person_led & input_)
        .then(betrag > 0)
        .when(led & output)
        .then(betrag > 0)
        .when(led & input_)
        .then(betrag < 0)
        .otherwise(by_code)
    )
    positive, negative = steuer > 0, steuer < 0
    want_negative = erwerb | (output & ~credit) | (input_ & credit)
    want_positive = (output & credit) | (input_ & ~credit)
    return (want_negative & positive) | (want_positive & negative)


def _person(konto: pl.Expr, ranges: AccountRanges) -> pl.Expr:
    return pl.any_horizontal(konto.is_between(low, high) for low, high in ranges.bounds)


# Every spelling whose ``str.upper()`` is one of ``symbols``: only ASCII letters upper-case to these
# letters, so the case variants are all of them — a hash lookup instead of upper-casing each cell.
def _spellings(symbols: frozenset[str] | set[str]) -> list[str]:
    return sorted(
        "".join(chars) for symbol in symbols for chars in itertools.product(*((c, c.lower()) for c in symbol))
    )


_OUTPUT_SPELLINGS = _spellings({"AR", "GU"})
_INPUT_SPELLINGS = _spellings({"ER", "EG"})


def _suspect_items(kind: Kind, cols: set[str], ranges: AccountRanges) -> pl.Expr:
    """Clearings and open items a check objects to: exactly :mod:`~syncsystem.bmd.checks`' rules."""
    konto = pl.col("konto")
    person = _person(konto, ranges)
    if kind is Kind.CLEARINGS:
        if "konto" not in cols:  # no account column: every row gets checks' "names no account"
            return pl.lit(True)
        return (~person | (pl.col("betrag") == 0)).fill_null(True)
    total, open_ = pl.col("rechnungsbetrag"), pl.col("offener_betrag")
    sign = (open_ != 0) & (total != 0) & ((open_ > 0) != (total > 0))
    return (~person | (open_.abs() > total.abs()) | sign).fill_null(True)
