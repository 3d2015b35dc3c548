"""The soak's books, on hand-made journals: overlaps are duplicates, gaps and missing bookings are
losses, refusals are excused only for bundles that carried an injected defect."""

from __future__ import annotations

from collections import Counter

from soak_faults import Call, Exported
from soak_ledger import MandantBooks, account, overlaps, render, uncovered


def _put(bundle_id: str, status: int | None) -> Call:
    return Call("2026-03-02T08:00:00+00:00", "PUT", f"/api/v1/bundles/{bundle_id}", bundle_id, status, True)


def _books(cursor: int, *bookings: str) -> MandantBooks:
    return MandantBooks(cursor, Counter((b,) for b in bookings))


def test_ranges_that_share_a_change_are_counted_as_duplicates() -> None:
    """(0,5] and (5,9] chain. With (4,7] as well, in order of start: (4,7] repeats change 5 of (0,5],
    and (5,9] repeats changes 6 and 7 of (4,7] — two ranges carry changes twice (hand-counted)."""
    assert overlaps([(0, 5), (5, 9)]) == 0
    assert overlaps([(0, 5), (5, 9), (4, 7)]) == 2
    assert overlaps([(0, 5), (0, 5)]) == 1  # the same range sent under two bundle ids


def test_changes_no_range_covers_are_counted_as_lost() -> None:
    """Cursor 12 with (0,5] and (7,10] delivered: changes 6, 7, 11, 12 are missing — four."""
    assert uncovered([(0, 5), (7, 10)], 0, 12) == 4
    assert uncovered([(0, 5), (5, 12)], 0, 12) == 0
    assert uncovered([(0, 5)], 3, 9) == 4  # within one bundle's own range (3,9]: 6..9


def test_a_clean_run_passes_and_a_lost_booking_fails() -> None:
    """Two chained bundles, both ingested, books equal: ok. One booking fewer in the DC: lost 1."""
    exports = [Exported("b1", "M1", None, 5, 2), Exported("b2", "M1", 5, 8, 1)]
    calls = [_put("b1", None), _put("b1", 200), _put("b2", 200)]
    common = {
        "seed": 1,
        "target": 2,
        "kinds": ["http_5xx"],
        "fired": {"http_5xx": 2},
        "armed": {"http_5xx": 2},
        "calls": calls,
        "exports": exports,
        "ingested": ["b1", "b2"],
    }
    good = account(**common, bmd={"M1": _books(8, "a", "b", "c")}, dc={"M1": _books(8, "a", "b", "c")})
    assert good.ok, good.failures()
    assert (good.sent, good.upload_attempts, good.ingested, good.duplicated, good.lost) == (2, 3, 2, 0, 0)
    bad = account(**common, bmd={"M1": _books(8, "a", "b", "c")}, dc={"M1": _books(8, "a", "b")})
    assert bad.lost == 1 and not bad.ok and "M1" in render(bad) and "FAIL" in render(bad)


def test_a_refused_bundle_is_excused_only_with_an_injected_defect() -> None:
    """b1 poisoned and refused, b2 chained on it and refused too, b3 re-covers both: no loss, but
    b2's refusal is a failure (a refused bundle must not take later ones with it)."""
    exports = [
        Exported("b1", "M1", None, 5, 2, defect=True),
        Exported("b2", "M1", 5, 8, 1),
        Exported("b3", "M1", None, 8, 3),
    ]
    report = account(
        seed=1,
        target=1,
        kinds=["poison_bundle"],
        fired={"poison_bundle": 1},
        armed={"poison_bundle": 1},
        calls=[_put("b1", 422), _put("b2", 422), _put("b3", 200)],
        exports=exports,
        ingested=["b3"],
        bmd={"M1": _books(8, "a", "b", "c")},
        dc={"M1": _books(8, "a", "b", "c")},
    )
    assert (report.refused, report.refused_without_defect, report.lost, report.duplicated) == (2, 1, 0, 0)
    assert not report.ok and any("without an injected defect" in f for f in report.failures())


def test_a_sent_bundle_that_never_arrived_and_is_not_covered_is_lost() -> None:
    """b2 was sent, never ingested nor refused, and nothing later covers (5,8]: one lost bundle, and
    the changes 6..8 are lost too."""
    exports = [Exported("b1", "M1", None, 5, 2), Exported("b2", "M1", 5, 8, 1)]
    calls = [_put("b1", 200), _put("b2", None)]
    report = account(
        seed=1,
        target=0,
        kinds=[],
        fired={},
        armed={},
        calls=calls,
        exports=exports,
        ingested=["b1"],
        bmd={"M1": _books(8, "a")},
        dc={"M1": _books(5, "a")},
    )
    assert (report.lost_bundles, report.lost_changes, report.unsettled) == (1, 3, 1)
    assert not report.ok
