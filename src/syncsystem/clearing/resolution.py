"""Clearing frames resolved set-wise: the rules of :func:`syncsystem.clearing.rules.resolve` applied
to a whole frame at once.

:func:`owners_frame` indexes who knows which invoice; :func:`resolve_frame` joins each clearing row
(read by :mod:`syncsystem.clearing.frames`) with its candidates and finds one invoice by (number,
account), or by number alone for rows without account, or *unknown* or *ambiguous*, never a guess;
identical rows are numbered per file. Only the rows left over are judged one by one, for their
reasons. A property test holds this and the row-wise rules to the same answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from syncsystem.bmd.records import MandantId
from syncsystem.clearing.frames import PAYMENT_COLUMNS
from syncsystem.clearing.occurrences import Occurrences
from syncsystem.clearing.rules import (
    Unresolved,
    reason_ambiguous_account,
    reason_ambiguous_mandanten,
    reason_unknown,
)

__all__ = ["Owners", "Resolved", "owners_frame", "resolve_frame"]


@dataclass(frozen=True, slots=True)
class Owners:
    """Who knows which invoice, in one Mandant's scope (or all): ``pairs`` (rechnungsnr, mandant,
    konto, invoice_id) of every invoice; per (number, account) ``by_account`` (mandant = one of
    them, owners = how many Mandanten, invoice_id); per number `by_number` (for rows without
    account: also konto and accounts = how many)."""

    pairs: pl.DataFrame
    by_account: pl.DataFrame
    only_mandant: MandantId | None

    def by_number(self) -> pl.DataFrame:
        return self.pairs.group_by("rechnungsnr").agg(
            pl.col("mandant").first(),
            pl.col("konto").first(),
            pl.col("mandant").n_unique().cast(pl.Int64).alias("owners"),
            pl.len().cast(pl.Int64).alias("accounts"),
            pl.col("invoice_id").first(),
        )


def owners_frame(
    invoices: Sequence[tuple[str, MandantId, int]] | Sequence[tuple[str, MandantId, int, int]],
    only_mandant: MandantId | None = None,
) -> Owners:
    """Index ``(invoice number, Mandant, account[, invoice id])``; with ``only_mandant`` only its
    invoices count.

    An invoice is unique per (Mandant, account, number), so a (number, account) with one owning
    Mandant names one invoice: its id travels with the payments (null where no ids were given).
    """
    frame = pl.DataFrame(
        {
            "rechnungsnr": [p[0] for p in invoices],
            "mandant": [p[1] for p in invoices],
            "konto": [p[2] for p in invoices],
            "invoice_id": [p[3] if len(p) > 3 else None for p in invoices],
        },
        schema={
            "rechnungsnr": pl.String(),
            "mandant": pl.String(),
            "konto": pl.Int64(),
            "invoice_id": pl.Int64(),
        },
    )
    scoped = frame if only_mandant is None else frame.filter(pl.col("mandant") == only_mandant)
    by_account = scoped.group_by("rechnungsnr", "konto").agg(
        pl.col("mandant").first(),
        pl.col("mandant").n_unique().cast(pl.Int64).alias("owners"),
        pl.col("invoice_id").first(),
    )
    return Owners(scoped, by_account, only_mandant)


@dataclass(frozen=True, slots=True)
class Resolved:
    """One file's clearing rows resolved: payments (``PAYMENT_COLUMNS`` and the invoice's id) and
    the rows left over."""

    payments: pl.DataFrame
    ambiguous: tuple[Unresolved, ...]
    unknown: tuple[Unresolved, ...]


_JOINED = (
    "line",
    "rechnungsnr",
    "zahlungsbelegnr",
    "konto",
    "datum",
    "betrag_cents",
    "text",
    "mandant",
    "owners",
    "accounts",
    "invoice_id",
    "given",
)


def _joined(clearings: pl.DataFrame, owners: Owners) -> pl.DataFrame:
    """Each clearing row with its candidates: by (number, account) where the row names an account,
    by number alone where it does not (``given`` = the row named one)."""
    by_account = owners.by_account.with_columns(pl.lit(1, dtype=pl.Int64).alias("accounts"))
    if not clearings["konto"].has_nulls():  # the usual file: every row names its account
        joined = clearings.join(by_account, on=["rechnungsnr", "konto"], how="left", maintain_order="left")
        return joined.with_columns(pl.col("owners").fill_null(0), pl.lit(True).alias("given"))
    rows = clearings.with_row_index("_i")
    parts = [
        rows.filter(pl.col("konto").is_not_null())
        .join(by_account, on=["rechnungsnr", "konto"], how="left", maintain_order="left")
        .with_columns(pl.lit(True).alias("given")),
        rows.filter(pl.col("konto").is_null())
        .drop("konto")
        .join(owners.by_number(), on="rechnungsnr", how="left", maintain_order="left")
        .with_columns(pl.lit(False).alias("given")),
    ]
    joined = pl.concat([p.select("_i", *_JOINED) for p in parts]).sort("_i").drop("_i")
    return joined.with_columns(pl.col("owners").fill_null(0), pl.col("accounts").fill_null(0))


def resolve_frame(
    clearings: pl.DataFrame, source: str, owners: Owners, occurrences: Occurrences | None = None
) -> Resolved:
    """:func:`syncsystem.clearing.rules.resolve` for a frame of file ``source``: the whole file, or
    the next chunk of it with the file's ``occurrences`` (see `occurrences`)."""
    joined = _joined(clearings, owners)
    found = (pl.col("owners") == 1) & (pl.col("accounts") == 1)
    made = {  # the store's columns a clearing row does not carry as they are stored
        "seq": pl.lit(1, dtype=pl.Int64).alias("seq"),
        "text": pl.col("text").str.slice(0, 255),
        "source": pl.lit(source[-255:]).alias("source"),
    }
    payments = joined.filter(found).select(*(made.get(c, c) for c in PAYMENT_COLUMNS), "invoice_id")
    payments = (occurrences or Occurrences.of_frame(clearings)).number(payments)
    left = joined.filter(~found)
    ambiguous, unknown = _left_over(left, source, owners) if left.height else ((), ())
    return Resolved(payments, ambiguous, unknown)


def _left_over(
    left: pl.DataFrame, source: str, owners: Owners
) -> tuple[tuple[Unresolved, ...], tuple[Unresolved, ...]]:
    """The rows that found no single invoice, as (ambiguous, unknown) with the reason for each:
    the candidates of their numbers are looked up once, then each row is judged by the rules."""
    ambiguous: list[Unresolved] = []
    unknown: list[Unresolved] = []
    pairs = owners.pairs.filter(pl.col("rechnungsnr").is_in(left["rechnungsnr"].unique().implode()))
    by_nr: dict[str, list[tuple[MandantId, int]]] = {}
    for nr, mandant, konto in pairs.select("rechnungsnr", "mandant", "konto").iter_rows():
        by_nr.setdefault(nr, []).append((mandant, konto))
    for line, nr, konto, cents, given in left.select(
        "line", "rechnungsnr", "konto", "betrag_cents", "given"
    ).iter_rows():
        known = sorted(set(by_nr.get(nr, [])))
        row_konto = konto if given else None
        amount = _amount(cents)
        candidates = [p for p in known if row_konto is None or p[1] == row_konto]
        mandanten = tuple(sorted({m for m, _ in candidates}))
        if not mandanten:
            others = tuple(sorted({k for _, k in known}))
            unknown.append(
                Unresolved(
                    source,
                    line,
                    nr,
                    amount,
                    (),
                    reason_unknown(row_konto, owners.only_mandant, others),
                    row_konto,
                    others,
                )
            )
        elif len(mandanten) > 1:
            ambiguous.append(
                Unresolved(
                    source, line, nr, amount, mandanten, reason_ambiguous_mandanten(row_konto), row_konto
                )
            )
        else:
            konten = tuple(k for _, k in candidates)
            ambiguous.append(
                Unresolved(
                    source,
                    line,
                    nr,
                    amount,
                    mandanten,
                    reason_ambiguous_account(mandanten[0], konten),
                    None,
                    konten,
                    "Kto-Nr",
                )
            )
    return tuple(ambiguous), tuple(unknown)


def _amount(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)
