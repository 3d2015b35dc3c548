"""The semantic checks of :mod:`syncsystem.bmd.checks` over a file's columns: "does any line break a
rule?" answered in C-speed loops, for the happy path of :mod:`syncsystem.bmd.clean_columns`.

Each function here is a *proof of cleanliness*: ``True`` only when the per-record checks find
nothing; ``False`` means "maybe not", and the caller asks the exact checks (which then name every
problem at ``file:line:field``, or find none after all). So a value here can make the fast path
decline a file, never accept one the exact checks would refuse.

Amounts come as the happy path holds them, integer cents (`bmd.clean_columns.Cents`; the journal's
two checks take ``Decimal`` amounts alike): signs, sums and comparisons with zero are the same for
cents as for the amounts they count, exactly, and the one rule with arithmetic on amounts — the tax
that fits a rate — is computed in integer cents with the same rounding (`tax_fits_cents`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from itertools import accumulate, chain, compress, repeat
from operator import is_, ne
from typing import Any

from syncsystem.bmd.checks import MAX_ACCOUNT, valid_bic, valid_email, valid_iban, valid_uid
from syncsystem.bmd.ranges import AccountRanges
from syncsystem.bmd.records import Buchcode
from syncsystem.bmd.taxes import (
    ERWERB_CODES,
    SIDE_CODES,
    code_against_document,
    credit_line,
    document_of,
    tax_amount_fits,
    tax_type_of,
    wants_negative_tax,
)

__all__ = ["bookings_clean", "documents_balance", "journal_signs_clean", "persons_clean", "tax_fits_cents"]


def journal_signs_clean(betrag: Sequence[Decimal | int], buchcode: Sequence[Buchcode]) -> bool:
    """True when no journal line breaks :func:`~syncsystem.bmd.checks.journal_sign` (a Haben line
    not positive, a Soll line not negative)."""
    haben = list(map(is_, buchcode, repeat(Buchcode.HABEN)))
    if max(compress(betrag, haben), default=0) > 0:
        return False
    soll = map(is_, buchcode, repeat(Buchcode.SOLL))
    return min(compress(betrag, soll), default=0) >= 0


def documents_balance(
    keys: tuple[Sequence[str], Sequence[str], Sequence[date]],
    konto: Sequence[int],
    betrag: Sequence[Decimal | int],
    ranges: AccountRanges,
) -> bool:
    """True when every journal document — a run of lines with equal ``(buchsymbol, belegnr,
    belegdatum)`` — sums to zero over its Sachkonto postings: then
    :func:`~syncsystem.bmd.checks.unbalanced_documents` finds nothing (its groups close at every
    document whose running total is zero). ``False``: some document alone does not balance, which
    a collective posting over several documents may still make up — ask that function.

    The running total of the Sachkonto postings over the whole file is exact (cells of at most 15
    digits, a few thousand lines: far within the 28 digits of the decimal context), so it is zero
    at the end of every document exactly when each document sums to zero.
    """
    height = len(betrag)
    ledger = {k: not ranges.is_person(k) for k in dict.fromkeys(konto)}
    flags = list(map(ledger.__getitem__, konto))
    running = list(accumulate(compress(betrag, flags)))  # over the Sachkonto postings only
    if not running:
        return True
    before = list(accumulate(flags))  # Sachkonto postings up to and including each line
    ends = {height - 1}  # a document ends on its last line: before a change of key, or the file's
    for column in keys:
        ends.update(compress(range(height - 1), map(ne, column[1:], column[:-1])))
    # the running total at a document's end (zero when no Sachkonto posting came before it)
    return not any(running[before[end] - 1] for end in ends if before[end])


def _within(values: Mapping[Any, None], low: int, high: int) -> bool:
    """Every value given (``None``: empty) lies in ``low..high``."""
    return all(low <= v <= high for v in values if v is not None)


def bookings_clean(cols: Mapping[str, Sequence[Any]], ranges: AccountRanges) -> bool:
    """True when no booking breaks a rule of :func:`~syncsystem.bmd.checks.check_record`: the
    rules of one field over each column's distinct values, the tax sign by the tax type of each
    distinct (steuercode, buchsymbol), and the tax amount
    (:func:`~syncsystem.bmd.taxes.tax_amount_fits`) of each taxed line.
    ``betrag`` and ``steuer`` as integer cents."""
    konto, gkonto = dict.fromkeys(cols["konto"]), dict.fromkeys(cols["gkonto"])
    if not set(cols["satzart"]) <= {0, 1, 2} or 0 in konto:
        return False
    if not (_within(konto, 0, MAX_ACCOUNT) and _within(gkonto, 0, MAX_ACCOUNT)):
        return False
    percent = chain(dict.fromkeys(cols["prozent"]), dict.fromkeys(cols["skontopz"]))
    if not (_within(dict.fromkeys(percent), 0, 100) and _within(dict.fromkeys(cols["periode"]), 1, 13)):
        return False
    person = {k: ranges.is_person(k) for k in chain(konto, gkonto)}
    by_konto = list(map(person.__getitem__, cols["konto"]))
    by_gkonto = list(map(person.__getitem__, cols["gkonto"]))
    return _codes_fit_documents(cols, ranges) and _taxes_clean(cols, by_konto, by_gkonto)


def _codes_fit_documents(cols: Mapping[str, Sequence[Any]], ranges: AccountRanges) -> bool:
    """No steuercode of the other side (:func:`~syncsystem.bmd.taxes.code_findings`)."""
    if SIDE_CODES.isdisjoint(cols["steuercode"]):
        return True
    # each distinct (code, konto, gkonto, symbol) once: a file repeats a few combinations many times
    lines = dict.fromkeys(
        zip(cols["steuercode"], cols["konto"], cols["gkonto"], cols["buchsymbol"], strict=True)
    )
    return not any(
        code_against_document(code, document_of(konto, gkonto, symbol, ranges))
        for code, konto, gkonto, symbol in lines
        if code in SIDE_CODES
    )


def _taxes_clean(cols: Mapping[str, Sequence[Any]], by_konto: list[bool], by_gkonto: list[bool]) -> bool:
    """No taxed line of the wrong sign for its type and document, none whose tax fits no convention."""
    pairs = list(zip(cols["steuercode"], cols["buchsymbol"], strict=True))
    types = {pair: tax_type_of(*pair) for pair in dict.fromkeys(pairs)}
    steuer, betrag = cols["steuer"], cols["betrag"]
    led = [not pk and pg for pk, pg in zip(by_konto, by_gkonto, strict=True)]  # revenue/expense-led
    kinds = map(types.__getitem__, pairs)
    signed = zip(kinds, steuer, cols["buchcode"], betrag, led, by_konto, strict=True)
    for kind, tax, code, amount, revenue_led, person_led in signed:
        if kind is None or not tax:
            continue
        if (tax > 0) == wants_negative_tax(kind, credit_line(code, amount, kind, revenue_led, person_led)):
            return False
    erwerb = [code in ERWERB_CODES for code in cols["steuercode"]]
    taxed = zip(cols["satzart"], cols["prozent"], steuer, betrag, by_konto, by_gkonto, erwerb, strict=True)
    return all(
        tax_fits_cents(tax, amount, percent, pk, pg, erwerb=acquired)
        for satzart, percent, tax, amount, pk, pg, acquired in taxed
        if satzart == 0 and percent is not None and tax is not None
    )


def tax_fits_cents(
    steuer: int,
    betrag: int,
    prozent: Decimal,
    person_konto: bool,
    person_gkonto: bool,
    *,
    erwerb: bool = False,
) -> bool:
    """:func:`~syncsystem.bmd.taxes.tax_amount_fits` of amounts in cents, in integers, for a rate
    of 0–100 % with at most three decimals (any other rate: that function itself).

    The rule rounds the gross share g·p/(100+p), or the net tax n·p/100, half up to cents and allows
    one cent. In cents with the rate in thousandths (m = 1000·p) the share is the fraction
    g·m/(100000+m) — rounded half up, floor((2·g·m + d) / (2·d)) for d = 100000 + m; the net tax
    floor((2·n·m + 100000) / 200000). ``Decimal`` divides to 28 digits before it rounds, but that
    cannot change the cent: a fraction with a denominator d ≤ 200000 is either exactly on a half cent
    (then the division is exact) or at least 1/(2d) cent away from one, while 28 digits of an amount
    below 10^13 € err by less than 10^-13 cent."""
    milli = prozent.scaleb(3)
    if not 0 <= milli <= 100_000 or milli != milli.to_integral_value():
        amounts = Decimal(steuer).scaleb(-2), Decimal(betrag).scaleb(-2)
        return tax_amount_fits(*amounts, prozent, person_konto, person_gkonto, erwerb=erwerb)
    rate, tax, amount = int(milli), abs(steuer), abs(betrag)
    if erwerb:  # assessed on the net amount, whichever account leads
        return abs(tax - (2 * amount * rate + 100_000) // 200_000) <= 1
    gross = 100_000 + rate
    if abs(tax - (2 * amount * rate + gross) // (2 * gross)) <= 1:
        return True
    return not person_konto and abs(tax - (2 * amount * rate + 100_000) // 200_000) <= 1


def persons_clean(cols: Mapping[str, Sequence[Any]], ranges: AccountRanges) -> bool:
    """True when no person account breaks a rule of :func:`~syncsystem.bmd.checks.check_record`:
    each rule of one field over that column's distinct values."""
    if not all(map(ranges.is_person, dict.fromkeys(cols["konto"]))):
        return False
    if any(map(ranges.is_person, dict.fromkeys(cols["sammelkonto"]))):  # None: not a person account
        return False
    if not _within(dict.fromkeys(cols["skonto"]), 0, 100):
        return False
    texts = ((valid_uid, "uid"), (valid_iban, "iban"), (valid_bic, "bic"), (valid_email, "email"))
    return all(all(map(valid, filter(None, dict.fromkeys(cols[name])))) for valid, name in texts)
