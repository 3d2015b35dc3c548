"""The semantic checks of :mod:`syncsystem.bmd.checks` over a file's columns: "does any line break a
rule?" answered in C-speed loops, for the happy path of :mod:`syncsystem.bmd.clean_columns`.

Each function here is a *proof of cleanliness*: ``True`` only when the per-record checks find
nothing; ``False`` means "maybe not", and the caller asks the exact checks (which then name every
problem at ``file:line:field``, or find none after all). So a value here can make the fast path
decline a file, never accept one the exact checks would refuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from itertools import accumulate, compress, repeat
from operator import is_, ne

from syncsystem.bmd.ranges import AccountRanges
from syncsystem.bmd.records import Buchcode

__all__ = ["documents_balance", "journal_signs_clean"]


_ZERO = Decimal(0)


def journal_signs_clean(betrag: Sequence[Decimal], buchcode: Sequence[Buchcode]) -> bool:
    """True when no journal line breaks :func:`~syncsystem.bmd.checks.journal_sign` (a Haben line
    not positive, a Soll line not negative)."""
    haben = list(map(is_, buchcode, repeat(Buchcode.HABEN)))
    if max(compress(betrag, haben), default=_ZERO) > _ZERO:
        return False
    soll = map(is_, buchcode, repeat(Buchcode.SOLL))
    return min(compress(betrag, soll), default=_ZERO) >= _ZERO


def documents_balance(
    keys: tuple[Sequence[str], Sequence[str], Sequence[date]],
    konto: Sequence[int],
    betrag: Sequence[Decimal],
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
