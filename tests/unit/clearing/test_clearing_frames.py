"""Set-wise resolution of clearing frames gives exactly the answers of the row-wise rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from syncsystem.bmd.records import Clearing
from syncsystem.clearing.frames import PAYMENT_COLUMNS, clearings_frame
from syncsystem.clearing.resolution import owners_frame, resolve_frame
from syncsystem.clearing.rules import resolve

_numbers = st.sampled_from(["R-1", "R-2", "R-3", "R-4"])
_rows = st.lists(
    st.builds(
        Clearing,
        rechnungsnr=_numbers,
        betrag=st.sampled_from([Decimal("10.00"), Decimal("-10.00"), Decimal("0.01")]),
        datum=st.sampled_from([date(2026, 3, 1), date(2026, 3, 2)]),
        konto=st.sampled_from([200001, 300001, None]),
        zahlungsbelegnr=st.sampled_from(["BK-1", "BK-2"]),
        text=st.sampled_from(["", "Zahlung", "x" * 300]),
    ),
    max_size=30,
)
# known invoices: (number, Mandant, account), unique as the store's key makes them
_invoices = st.lists(
    st.tuples(_numbers, st.sampled_from(["100", "200"]), st.sampled_from([200001, 300001])),
    unique=True,
    max_size=10,
)


@settings(max_examples=150, deadline=None)
@given(rows=_rows, invoices=_invoices, only=st.sampled_from([None, "100", "200"]))
def test_frame_resolution_equals_row_rules(
    rows: list[Clearing], invoices: list[tuple[str, str, int]], only: str | None
) -> None:
    """Payments (with occurrence numbers), ambiguous and unknown rows match rules.resolve exactly,
    with and without accounts on the rows."""
    lines = [(n + 2, c) for n, c in enumerate(rows)]
    known: dict[str, list[tuple[str, int]]] = {}
    for nr, mandant, konto in invoices:
        known.setdefault(nr, []).append((mandant, konto))
    expected = resolve(lines, "f.csv", known, only)
    got = resolve_frame(clearings_frame(lines), "f.csv", owners_frame(invoices, only))
    want = [
        (
            p.mandant,
            p.rechnungsnr,
            p.zahlungsbelegnr,
            p.konto,
            p.datum.isoformat(),
            p.betrag_cents,
            p.seq,
            p.text[:255],
            p.source,
            p.line,
        )
        for p in expected.payments
    ]
    assert list(got.payments.select(PAYMENT_COLUMNS).iter_rows()) == want
    assert got.ambiguous == expected.ambiguous
    assert got.unknown == expected.unknown
