"""Columns of few distinct values share one object per value, and the stored rows stay exactly those
of the row reader's records."""

from __future__ import annotations

import hashlib
import json
import random
from datetime import date
from decimal import Decimal

import pytest

from syncsystem import bmd
from syncsystem.bmd.clean_columns import Cents, clean_columns
from syncsystem.datacenter import rows
from syncsystem.datacenter.rows import cents_text, columns_of, prepare


def _bookings(n: int) -> bytes:
    return bmd.dumps(
        [
            bmd.Booking(
                konto=200000 + i % 40,
                gkonto=4000 + i % 3,
                belegnr=f"R{i}",
                belegdatum=date(2026, 1 + i % 12, 1 + i % 28),
                buchcode=bmd.Buchcode.SOLL if i % 2 else bmd.Buchcode.HABEN,
                # valid under the sign rule: the customer in Soll (+) with its USt in Haben (−), the
                # customer in Haben (−, a credit note) with its USt in Soll (+): tax opposite the gross
                betrag=Decimal(120 + i % 7) * (1 if i % 2 else -1),
                buchsymbol="AR" if i % 3 else "ER",
                prozent=Decimal("20"),
                steuercode=1,
                steuer=-(Decimal(120 + i % 7) * (1 if i % 2 else -1) / 6).quantize(Decimal("0.01")),
                text=f"Rechnung {i}",
            )
            for i in range(n)
        ],
        bmd.Kind.BOOKINGS,
    )


def test_shared_columns_give_the_rows_of_the_record_reader() -> None:
    """10,000 bookings read columnar (shared values) and by records (one object per cell) prepare
    to identical rows; the columnar dates are a few hundred objects, not 10,000."""
    data = _bookings(10_000)
    table = bmd.read_table(data, bmd.Kind.BOOKINGS, name="b.csv")
    assert not table.problems
    shared = columns_of(bmd.Kind.BOOKINGS, (table.frame, table.base))
    plain = columns_of(bmd.Kind.BOOKINGS, bmd.read(data, bmd.Kind.BOOKINGS, name="b.csv"))
    assert shared == plain
    assert len({id(d) for d in shared["belegdatum"]}) <= 12 * 28
    assert len({id(p) for p in shared["prozent"]}) == 1
    assert len({id(b) for b in shared["belegnr"]}) == 10_000  # distinct values are not shared
    rows = prepare(bmd.Kind.BOOKINGS, shared, "k", "M1", "b1").rows
    assert rows == prepare(bmd.Kind.BOOKINGS, plain, "k", "M1", "b1").rows


def test_line_keys_are_the_digest_of_the_canonical_line() -> None:
    """A booking's key is sha256 of the repr of its canonical field values (record field order;
    decimals without trailing zeros, Buchcode as its number) plus its occurrence — the key stored
    rows already carry, so a re-ingest upserts instead of adding rows (tuple written out by hand)."""
    header = "satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;prozent;steuercode;betrag;steuer"
    header += ";text"
    line = "0;200001;4000;R1;05.01.2026;AR;1;20,0;1;120,00;-20,00;Rechnung"
    data = f"{header}\r\n{line}\r\n{line}\r\n".encode()
    canonical = (
        200001, "R1", date(2026, 1, 5), 1, "120", 0, 4000, None, "AR", "20", 1, "-20", "Rechnung", "", "",
        None, None, None, None, None, None, "", None, None, "", None, "", None, "", None, "", "", "",
    )  # fmt: skip
    digest = hashlib.sha256(repr(canonical).encode()).hexdigest()[:40]
    columns = columns_of(bmd.Kind.BOOKINGS, bmd.read(data, bmd.Kind.BOOKINGS, name="b.csv"))
    clean = clean_columns(data, bmd.Kind.BOOKINGS, name="b.csv")  # the happy path: amounts in cents
    assert clean is not None
    assert clean.columns["betrag"] == [12000, 12000]
    for found in (columns, clean.columns):
        prepared = prepare(bmd.Kind.BOOKINGS, found, "k", "M1", "b1")
        keys = [row[prepared.columns.index("line_key")] for row in prepared.rows]
        assert keys == [f"{digest}#0", f"{digest}#1"]


def test_line_keys_of_lines_that_differ_in_some_fields() -> None:
    """Lines differing in some fields (the rest the same in every line): each key is the digest of
    its own canonical tuple (written out by hand); ``120,0`` and ``120,00`` are the same line, so
    its occurrences count on; given occurrence numbers (a slice of a file) are used as they are."""
    header = "satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;prozent;steuercode;betrag;steuer"
    header += ";text"
    one = "0;200001;4000;R1;05.01.2026;AR;1;20,0;1;120,00;-20,00;Büro"
    same = "0;200001;4000;R1;05.01.2026;AR;1;20,00;1;120,0;-20,0;Büro"
    two = "0;200002;4000;R2;06.01.2026;AR;1;20;1;60,00;-10,00;Rechnung 2"
    data = "\r\n".join([header, one, one, two, same, ""]).encode("cp1252")
    rest = (
        "", "", None, None, None, None, None, None, "", None, None, "", None, "", None, "", None, "", "", "",
    )  # fmt: skip
    first = (200001, "R1", date(2026, 1, 5), 1, "120", 0, 4000, None, "AR", "20", 1, "-20", "Büro", *rest)
    second = (200002, "R2", date(2026, 1, 6), 1, "60", 0, 4000, None, "AR", "20", 1, "-10", "Rechnung 2")
    second += rest
    a, b = (hashlib.sha256(repr(c).encode()).hexdigest()[:40] for c in (first, second))
    columns = columns_of(bmd.Kind.BOOKINGS, bmd.read(data, bmd.Kind.BOOKINGS, name="b.csv"))
    prepared = prepare(bmd.Kind.BOOKINGS, columns, "k", "M1", "b1")
    at = prepared.columns.index("line_key")
    assert [row[at] for row in prepared.rows] == [f"{a}#0", f"{a}#1", f"{b}#0", f"{a}#2"]
    sliced = prepare(bmd.Kind.BOOKINGS, columns, "k", "M1", "b1", repeats=[4, 5, 1, 6])
    assert [row[at] for row in sliced.rows] == [f"{a}#4", f"{a}#5", f"{b}#1", f"{a}#6"]
    distinct = "\r\n".join([header, two, one, ""]).encode("cp1252")
    columns = columns_of(bmd.Kind.BOOKINGS, bmd.read(distinct, bmd.Kind.BOOKINGS, name="b.csv"))
    prepared = prepare(bmd.Kind.BOOKINGS, columns, "k", "M1", "b1")
    assert [row[at] for row in prepared.rows] == [f"{b}#0", f"{a}#0"]


def test_rows_do_not_depend_on_which_cells_share_an_object() -> None:
    """Amounts are converted once per shared object when most cells share one (the readers' columns)
    and cell by cell otherwise: the same columns with every amount an object of its own, or with
    every equal amount one object, prepare to the same rows."""
    data = _bookings(300)
    columns = columns_of(bmd.Kind.BOOKINGS, bmd.read(data, bmd.Kind.BOOKINGS, name="b.csv"))
    own = {n: [Decimal(str(v)) if isinstance(v, Decimal) else v for v in c] for n, c in columns.items()}
    pooled: dict[Decimal, Decimal] = {}
    shared = {
        n: [pooled.setdefault(v, v) if isinstance(v, Decimal) else v for v in c] for n, c in columns.items()
    }
    assert len({id(v) for v in own["prozent"]}) == 300
    assert len({id(v) for v in shared["betrag"]}) == 7 * 2  # 120..126, both signs
    rows = [prepare(bmd.Kind.BOOKINGS, c, "k", "M1", "b1").rows for c in (columns, own, shared)]
    assert rows[0] == rows[1] == rows[2]


@pytest.mark.parametrize(
    ("cents", "text"),
    [
        (0, "0"), (7, "0.07"), (-7, "-0.07"), (50, "0.5"), (-50, "-0.5"), (100, "1"), (1000, "10"),
        (1050, "10.5"), (-1050, "-10.5"), (1001, "10.01"), (10597962, "105979.62"),
        (-123456789012399, "-1234567890123.99"), (100000000000000, "1000000000000"),
    ],
)  # fmt: skip
def test_cents_text_hand_table(cents: int, text: str) -> None:
    """An amount in cents as the line keys and ``extra`` write an amount (written out by hand)."""
    assert cents_text(cents) == text


def test_cents_text_is_the_decimal_amounts_canonical_text() -> None:
    """Cents of random amounts — every spelling of them the reader gives — have the canonical text of
    ``format(amount.normalize(), "f")``, which the stored line keys and ``extra`` were built from."""
    rng = random.Random(15)
    for _ in range(20_000):
        whole = rng.choice([0, 1, 9, 10, 100, rng.randint(0, 10**13 - 1), rng.randint(0, 999)])
        frac = rng.choice([0, 0, 5, 50, 7, 10, rng.randint(0, 99)])
        sign = rng.choice([1, -1])
        for exponent in ("0", "00"):  # "12" reads as 12.0, "12,00" as 12.00
            amount = sign * (Decimal(f"{whole}.{frac:02d}") if frac else Decimal(f"{whole}.{exponent}"))
            amount = amount if amount else abs(amount)
            assert cents_text(int(amount * 100)) == format(amount.normalize(), "f"), amount


def test_extra_is_json_dumps_of_the_fields_without_a_column_of_their_own() -> None:
    """``extra`` of persons and bookings is ``json.dumps`` (sorted keys, no ASCII escapes) of the
    fields the table has no column for that carry a value — the text columns written out by hand
    (an umlaut, a quote, a backslash), an amount and a date by their canonical text, from the happy
    path's columns and the row reader's alike."""
    persons = (
        "konto;nachname;ort;strasse;email;zziel;skontopz;land\r\n"
        '200001;Muster;Schärding;Gasse "7" \\ 2;;30;2,5;AT\r\n'
        "200002;Huber;;;a@b.at;;;\r\n"
    ).encode("cp1252")
    expected = [
        '{"land": "AT", "ort": "Schärding", "skonto": "2.5", "strasse": "Gasse \\"7\\" \\\\ 2", '
        '"zahlungsziel": 30}',
        '{"email": "a@b.at"}',
    ]
    bookings = (
        "satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;betrag;ausz-betrag;zziel;faelligkeit;"
        "extbelegnr\r\n"
        "0;2800;9800;1;05.01.2026;BK;1;100,00;99,50;14;31.01.2026;Ä-1\r\n"
        "0;2800;9800;2;05.01.2026;BK;1;100,00;;;;\r\n"
    ).encode("cp1252")
    expected_bookings = [
        '{"ausz_betrag": "99.5", "extbelegnr": "Ä-1", "faelligkeit": "2026-01-31", "zziel": 14}',
        "{}",
    ]
    for kind, data, want in (
        (bmd.Kind.PERSONS, persons, expected),
        (bmd.Kind.BOOKINGS, bookings, expected_bookings),
    ):
        clean = clean_columns(data, kind, name="f.csv")
        assert clean is not None
        for columns in (clean.columns, columns_of(kind, bmd.read(data, kind, name="f.csv"))):
            prepared = prepare(kind, columns, "k", "M1", "b1")
            at = prepared.columns.index("extra")
            assert [row[at] for row in prepared.rows] == want
            assert [json.loads(row[at]) for row in prepared.rows] == [json.loads(w) for w in want]


def test_a_cents_column_has_the_canonical_reprs_of_its_decimal_amounts() -> None:
    """The line keys' reprs of a `Cents` column — written out by hand, and on random columns (some
    cells empty, some shared, some each its own) — are those of the reader's Decimal amounts."""
    hand = Cents([12000, None, -5, 7, -1050, 0, 100000000000000])
    assert rows._canon_reprs(hand) == [
        "'120'",
        "None",
        "'-0.05'",
        "'0.07'",
        "'-10.5'",
        "'0'",
        "'1000000000000'",
    ]
    rng = random.Random(7)
    for _ in range(300):
        pool = [
            rng.choice([None, 0, rng.randint(-(10**15), 10**15), rng.randint(-999, 999)]) for _ in range(9)
        ]
        cents = [rng.choice(pool) if rng.random() < 0.5 else rng.randint(-(10**6), 10**6) for _ in range(60)]
        amounts = [None if c is None else Decimal(c).scaleb(-2) for c in cents]
        assert rows._canon_reprs(Cents(cents)) == rows._canon_reprs(amounts)
        assert rows._canon_reprs(Cents(cents)) == [
            repr(None if a is None else format(a.normalize(), "f")) for a in amounts
        ]
