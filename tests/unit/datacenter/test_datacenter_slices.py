"""A large file stored in slices (`ingest.slices`): exactly the rows of one slice and of the row reader,
and all or nothing across the slices of the one transaction.

The slice size is forced to two lines and the columnar reader to every file size, so a hand-written
file of seven lines crosses four slices; the expected rows are the hand-written table below.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import psycopg
import pytest
import sqlalchemy as sa

from syncsystem.datacenter.ingest import slices, validate

from .conftest import World  # type: ignore[import-not-found]

# Lines 2, 4 and 6 of the file (1 is the header) are the same booking: with slices of two lines each
# lies in another slice, and all three must stay rows of their own (occurrences #0, #1, #2).
HAND_MADE = (
    "satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;prozent;steuercode;betrag;steuer;text\r\n"
    "0;200001;4000;R1;02.01.2026;AR;1;20;1;120,00;-20,00;Rechnung 1\r\n"
    "0;200002;4010;R2;03.01.2026;AR;1;10;1;55,00;-5,00;Rechnung 2\r\n"
    "0;200001;4000;R1;02.01.2026;AR;1;20;1;120,00;-20,00;Rechnung 1\r\n"
    "0;200003;4000;R4;04.01.2026;AR;1;20;1;240,00;-40,00;Rechnung 4\r\n"
    "0;200001;4000;R1;02.01.2026;AR;1;20;1;120,00;-20,00;Rechnung 1\r\n"
    "0;200004;4000;R6;05.01.2026;AR;1;20;1;360,00;-60,00;Rechnung 6\r\n"
    "0;200005;4000;R7;06.01.2026;AR;1;20;1;12,00;-2,00;Rechnung 7\r\n"
).encode("cp1252")

# (belegnr, konto, gkonto, belegdatum, betrag_cent, steuer_cent, occurrence), sorted
EXPECTED = [
    ("R1", 200001, 4000, "2026-01-02", 12000, -2000, "0"),
    ("R1", 200001, 4000, "2026-01-02", 12000, -2000, "1"),
    ("R1", 200001, 4000, "2026-01-02", 12000, -2000, "2"),
    ("R2", 200002, 4010, "2026-01-03", 5500, -500, "0"),
    ("R4", 200003, 4000, "2026-01-04", 24000, -4000, "0"),
    ("R6", 200004, 4000, "2026-01-05", 36000, -6000, "0"),
    ("R7", 200005, 4000, "2026-01-06", 1200, -200, "0"),
]
EVERY_COLUMN = (
    "line_key, konto, gkonto, belegnr, belegdatum, buchsymbol, buchcode, betrag_cent, steuer_cent, "
    "text, extra"
)


def _put(world: World, bundle_id: str, mandant: str, data: bytes = HAND_MADE) -> int:
    sealed = world.bundle(
        world.a, bundle_id, {"buchungen.csv": ("bookings", data)}, mandant=mandant, rows={"buchungen.csv": 7}
    )
    answer = world.client.put(f"/api/v1/bundles/{bundle_id}", content=sealed, headers=world.a.agent)
    return int(answer.status_code)


def _stored(world: World, mandant: str, columns: str) -> list[tuple[object, ...]]:
    with world.store.read() as conn:
        sql = f"SELECT {columns} FROM bookings WHERE mandant = :m ORDER BY {columns}"
        return [tuple(r) for r in conn.execute(sa.text(sql), {"m": mandant})]


def _hand_table(world: World, mandant: str) -> list[tuple[object, ...]]:
    rows = _stored(world, mandant, "belegnr, konto, gkonto, belegdatum, betrag_cent, steuer_cent, line_key")
    return [(*r[:3], str(r[3])[:10], *r[4:6], str(r[6]).split("#")[1]) for r in rows]


@pytest.fixture
def columnar(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every file read columnar, and stored two lines per slice."""
    monkeypatch.setattr(validate, "COLUMNAR_FROM", 0)
    monkeypatch.setattr(slices, "SLICE_ROWS", 2)
    yield


def test_sliced_store_keeps_the_rows_of_one_slice_and_of_the_row_reader(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four slices store exactly the hand-written rows, identical (line_key included) to one slice
    and to the row reader — so a re-ingest by either adds nothing."""
    assert _put(world, "b-rows", "M1") == 200  # a small file: the row reader
    monkeypatch.setattr(validate, "COLUMNAR_FROM", 0)
    assert _put(world, "b-one", "M2") == 200  # columnar, one slice
    monkeypatch.setattr(slices, "SLICE_ROWS", 2)
    assert _put(world, "b-four", "M3") == 200  # columnar, four slices
    assert _hand_table(world, "M3") == EXPECTED
    by_slices = _stored(world, "M3", EVERY_COLUMN)
    assert by_slices == _stored(world, "M2", EVERY_COLUMN) == _stored(world, "M1", EVERY_COLUMN)
    assert _put(world, "b-again", "M1", HAND_MADE) == 200  # the row reader's file, now sliced
    assert _stored(world, "M1", EVERY_COLUMN) == by_slices


def test_a_bad_line_in_the_last_slice_refuses_the_whole_bundle(world: World, columnar: None) -> None:
    """The last line's date is no date: refused naming file, line and field; no slice stored."""
    assert_bad_last_line_refused(world)


def assert_bad_last_line_refused(world: World) -> None:
    """`HAND_MADE` with line 8's date no date, uploaded: refused (422) naming
    ``M1/buchungen.csv:8:belegdatum``, and nothing of it stored."""
    bad = HAND_MADE.replace(b"06.01.2026", b"31.02.2026")
    before = world.data_counts()
    sealed = world.bundle(
        world.a, "b-bad", {"buchungen.csv": ("bookings", bad)}, mandant="M1", rows={"buchungen.csv": 7}
    )
    answer = world.client.put("/api/v1/bundles/b-bad", content=sealed, headers=world.a.agent)
    assert answer.status_code == 422
    assert "M1/buchungen.csv:8:belegdatum" in answer.json()["error"]
    assert world.data_counts() == before


_REFUSE_R7 = {
    "sqlite": [
        "CREATE TRIGGER refuse_r7 BEFORE INSERT ON bookings WHEN NEW.belegnr = 'R7' "
        "BEGIN SELECT RAISE(ABORT, 'R7 refused'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_r7() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN IF NEW.belegnr = 'R7' THEN RAISE EXCEPTION 'R7 refused'; END IF; RETURN NEW; END $$",
        "CREATE TRIGGER refuse_r7 BEFORE INSERT ON bookings FOR EACH ROW EXECUTE FUNCTION refuse_r7()",
    ],
}
_ALLOW_R7 = {
    "sqlite": ["DROP TRIGGER refuse_r7"],
    "postgresql": ["DROP TRIGGER refuse_r7 ON bookings", "DROP FUNCTION refuse_r7()"],
}


def _run(world: World, statements: list[str]) -> None:
    with world.store.write() as conn:
        for sql in statements:
            conn.exec_driver_sql(sql)


def test_a_failure_storing_the_last_slice_stores_nothing(world: World, columnar: None) -> None:
    """The database refuses the last slice's line (after three slices went in): the transaction
    stores nothing of the bundle — no rows, no bundle, no cursor."""
    dialect = world.store.engine.dialect.name
    _run(world, _REFUSE_R7[dialect])
    try:
        # SQLite's error comes through SQLAlchemy, PostgreSQL's from the COPY path's driver cursor
        with pytest.raises((sa.exc.DBAPIError, psycopg.Error), match="R7 refused"):
            _put(world, "b-1", "M1")
    finally:
        _run(world, _ALLOW_R7[dialect])
    assert world.data_counts() == {name: 0 for name in world.data_counts()}
    with world.store.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM mandanten WHERE cursor IS NOT NULL").scalar() == 0


def test_repeats_number_identical_lines_over_the_whole_frame() -> None:
    """Each line's count of identical lines before it, by hand: A B A C A B′ B → 0 0 1 0 2 0 1 (A and
    B share the account, B′ has no text); all distinct → None (nothing to carry across slices)."""
    frame = pl.DataFrame({"konto": [1, 1, 1, 3, 1, 1, 1], "text": ["a", "b", "a", "a", "a", None, "b"]})
    assert slices.repeats(frame) is not None
    assert slices.repeats(frame).to_list() == [0, 0, 1, 0, 2, 0, 1]  # type: ignore[union-attr]
    assert slices.repeats(pl.DataFrame({"konto": [1, 2, 3], "text": ["a", "a", "a"]})) is None


def test_repeats_count_across_frames_as_over_one() -> None:
    """The file going by in three frames — A B A | C A B′ | B — numbers as one frame would, by hand:
    0 0 1 | 0 2 0 | 1; a frame without candidates answers None (all 0)."""
    parts = [
        pl.DataFrame({"konto": [1, 1, 1], "text": ["a", "b", "a"]}),
        pl.DataFrame({"konto": [3, 1, 1], "text": ["a", "a", None]}),
        pl.DataFrame({"konto": [1], "text": ["b"]}),
    ]
    count = slices.Repeats(slices.repeated_hashes(pl.concat(parts).hash_rows()))
    numbers = [count(part) for part in parts]
    assert [n.to_list() for n in numbers if n is not None] == [[0, 0, 1], [0, 2, 0], [1]]
    count = slices.Repeats(slices.repeated_hashes(pl.concat(parts).hash_rows()))
    assert count(pl.DataFrame({"konto": [7], "text": ["z"]})) is None
