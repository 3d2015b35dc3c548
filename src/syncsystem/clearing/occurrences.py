"""Identical payments of one file numbered 1, 2, … in file order, also when the file comes in chunks.

Two rows of a file with the same invoice, payment document, account, date and amount are two
payments (an occurrence number in the natural key keeps them apart; `rules.resolve` numbers them).
A file resolved a chunk at a time must number a twin whose first occurrence lies in an earlier
chunk, without keeping every earlier row: the validating pass hashes each row's (invoice number,
payment document, date, amount) — the account is left out, since a row without account takes its
invoice's — and keeps the hashes seen more than once in the file. Every pair of identical payments
is among those rows, so only they are numbered, exactly, by their full identity (a hash shared by
different rows costs a dictionary entry, never a wrong number); all other payments are occurrence 1.
"""

from __future__ import annotations

import polars as pl

from syncsystem.repeats import repeated

__all__ = ["IDENTITY", "Occurrences", "row_hashes"]

IDENTITY = ("rechnungsnr", "zahlungsbelegnr", "konto", "datum", "betrag_cents")  # a payment's, with seq
_HASHED = ("rechnungsnr", "zahlungsbelegnr", "datum", "betrag_cents")


def row_hashes(clearings: pl.DataFrame) -> pl.Series:
    """One hash per clearing row over the columns its twins share whatever their account."""
    return clearings.select(_HASHED).hash_rows()


class Occurrences:
    """The occurrence numbers of one file's payments, carried from chunk to chunk in file order.

    ``repeated``: the row hashes found more than once in the whole file (`syncsystem.repeats`).
    """

    def __init__(self, repeated: pl.Series) -> None:
        self._repeated = repeated
        self._seen: dict[tuple[object, ...], int] = {}

    @classmethod
    def of_frame(cls, clearings: pl.DataFrame) -> Occurrences:
        """For a file that is one frame."""
        return cls(repeated(row_hashes(clearings)))

    def number(self, payments: pl.DataFrame) -> pl.DataFrame:
        """``payments`` (the next ones of the file, in file order) with their ``seq`` column set."""
        if self._repeated.is_empty() or payments.is_empty():
            return payments
        twin = row_hashes(payments).is_in(self._repeated.implode())
        if not twin.any():
            return payments
        numbers: list[int] = []
        for identity in payments.filter(twin).select(IDENTITY).iter_rows():
            seq = self._seen.get(identity, 0) + 1
            self._seen[identity] = seq
            numbers.append(seq)
        return payments.with_columns(
            payments["seq"].scatter(twin.arg_true(), pl.Series(numbers, dtype=pl.Int64))
        )
