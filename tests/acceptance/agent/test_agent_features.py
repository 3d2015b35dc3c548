"""Step definitions binding the agent's German Gherkin features to the `AgentSim` driver."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

from pytest_bdd import given, scenarios, then, when

from syncsystem.clock import DEFAULT_TZ, SimulatedClock

from ..gherkin_values import parse_date, step
from .conftest import AgentSim, KillingClient, write_bmd_export

scenarios("abfrage", "naechtliches_fenster", "nichts_geht_verloren")


@given(
    step("ein Agent mit {count:Anzahl} Mandanten und ein erreichbares Rechenzentrum"), target_fixture="sim"
)
def _agent(count: int, tmp_path: Path, start_clock: SimulatedClock) -> Iterator[AgentSim]:
    KillingClient.kill_next_upload = False
    sim = AgentSim(tmp_path, start_clock, count)
    yield sim
    sim.close()


@given(step("das Rechenzentrum beantwortet die nächsten {count:Anzahl} Abfragen mit Fehler {status:d}"))
def _failures(sim: AgentSim, count: int, status: int) -> None:
    sim.dc.faults.fail_next(count, status=status, path_contains="/poll")


@given("der Steuerberater fordert die Mandanten an")
def _request(sim: AgentSim) -> None:
    sim.dc.add_request(sim.mandanten)


@given(step("das Rechenzentrum ist ab {at:Uhrzeit} Uhr für {hours:Anzahl} Stunden nicht erreichbar"))
def _offline(sim: AgentSim, at: time, hours: int) -> None:
    start = datetime.combine(sim.clock.now().date(), at, tzinfo=DEFAULT_TZ)
    sim.clock.call_at(start, lambda: sim.dc.faults.offline(start + timedelta(hours=hours)))


@given("der Agent wird beim nächsten Hochladen beendet, nachdem das Rechenzentrum die Daten angenommen hat")
def _kill_mid_upload() -> None:
    KillingClient.kill_next_upload = True


def _bmd_books_daily(sim: AgentSim, first: date, last: date) -> None:
    """BMD gets new postings every morning, so each nightly run has something to deliver."""
    day, n = first, 10
    while day <= last:
        n += 5
        cursor = n
        sim.clock.call_at(
            datetime.combine(day, time(12), tzinfo=DEFAULT_TZ),
            lambda c=cursor: [write_bmd_export(sim.bmd, m, c) for m in sim.mandanten],
        )
        day += timedelta(days=1)


@when(step("{days:Anzahl} Tage simuliert werden"))
def _simulate_days(sim: AgentSim, days: int) -> None:
    end = sim.clock.now() + timedelta(days=days)
    _bmd_books_daily(sim, sim.clock.now().date(), end.date())
    sim.run_until(end)


@when("ein Tag simuliert wird")
def _simulate_one_day(sim: AgentSim) -> None:
    _simulate_days(sim, 1)


@when(step("die Zeit vom {first:Datum} bis zum {last:Datum} simuliert wird"))
def _simulate_span(sim: AgentSim, first: date, last: date) -> None:
    sim.clock.wait_until(datetime.combine(first, time(0), tzinfo=DEFAULT_TZ))
    sim.run_until(datetime.combine(last, time(0), tzinfo=DEFAULT_TZ))
    sim.span = (first, last - timedelta(days=1))  # type: ignore[attr-defined]


def _poll_times(sim: AgentSim) -> list[datetime]:
    return [e.at for e in sim.dc.polls()]


@then(step("fragt der Agent an jedem der {days:Anzahl} Tage 48-mal an"))
def _48_per_day(sim: AgentSim, days: int) -> None:
    """Each simulated day, counted from the first poll, has 48 polls — and no poll is left over."""
    polls = _poll_times(sim)
    start = polls[0]
    for d in range(days):  # whole 24-hour spans from the first poll
        span = [t for t in polls if start + timedelta(days=d) <= t < start + timedelta(days=d + 1)]
        assert len(span) == 48, (d, len(span))
    assert len(polls) == days * 48, len(polls)


@then("zwischen zwei Abfragen liegen nie weniger als 30 Minuten")
def _never_more_often(sim: AgentSim) -> None:
    times = _poll_times(sim)
    assert min(b - a for a, b in itertools.pairwise(times)) >= timedelta(minutes=30)


@then("wachsen die Abstände zwischen den Wiederholungen bis auf höchstens 30 Minuten")
def _backoff_grows(sim: AgentSim) -> None:
    failed = [e.at for e in sim.dc.journal if e.path.endswith("/poll") and e.status == 503]
    gaps = [b - a for a, b in itertools.pairwise(failed)]
    assert gaps == sorted(gaps) and gaps[0] < gaps[-1] and max(gaps) <= timedelta(minutes=30)


@then("danach fragt der Agent wieder alle 30 Minuten an")
def _recovered(sim: AgentSim) -> None:
    ok = [e.at for e in sim.dc.journal if e.path.endswith("/poll") and e.status == 200]
    gaps = {b - a for a, b in itertools.pairwise(ok[1:])}  # the first gap joins backoff and grid
    assert len(ok) > 30 and gaps == {timedelta(minutes=30)}


def _nightly_days(sim: AgentSim) -> Counter[date]:
    return Counter(date.fromisoformat(t.nightly_day) for t in sim.ticks if t.nightly_day)


def _table_days(datatable: list[list[str]]) -> list[date]:
    """The dates in the first column of a scenario table (header row skipped)."""
    return [parse_date(row[0]) for row in datatable[1:]]


def _span_days(sim: AgentSim) -> list[date]:
    first, last = sim.span  # type: ignore[attr-defined]
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@then(
    "beginnt genau an diesen Arbeitstagen je eine nächtliche Synchronisierung zwischen 21:00 und 23:00 Uhr:"
)
def _each_workday_once(sim: AgentSim, datatable: list[list[str]]) -> None:
    """Expected days come from the scenario's table (Feiertagsruhegesetz), not the product's calendar."""
    expected = _table_days(datatable)
    days = _nightly_days(sim)
    assert sorted(days) == expected, sorted(days)
    assert set(days.values()) == {1}, days
    for t in sim.ticks:
        if t.nightly_day:
            local = t.now.astimezone(DEFAULT_TZ)
            assert time(21) <= local.time() < time(23), local
    sim.table_days = expected  # type: ignore[attr-defined]


@then("an diesen Tagen keine:")
def _none_on_days_off(sim: AgentSim, datatable: list[list[str]]) -> None:
    """No nightly run on the table's days off; both tables together name every simulated day once."""
    off = _table_days(datatable)
    days = _nightly_days(sim)
    assert not [d for d in off if d in days], sorted(days)
    assert sorted(off + sim.table_days) == _span_days(sim)  # type: ignore[attr-defined]


@then(step("jede nächtliche Synchronisierung enthält alle {count:Anzahl} Mandanten"))
def _all_mandanten(sim: AgentSim, count: int) -> None:
    nightly = [a for a in sim.dc.arrivals if a.request_id is None]
    assert nightly and all(len(a.mandanten) == count for a in nightly)


@then("jedes Bündel kommt genau einmal an, in der Reihenfolge seiner Entstehung")
def _exactly_once_in_order(sim: AgentSim) -> None:
    with sim.outbox() as outbox:
        sealed = list(outbox.bundle_states())
    arrived = [a.bundle_id for a in sim.dc.arrivals]
    assert len(sealed) >= 2
    assert arrived == sealed  # each once, in the order they were sealed


@then("der Postausgang ist leer, und das Rechenzentrum steht auf demselben Stand wie der Agent")
def _outbox_empty(sim: AgentSim) -> None:
    with sim.outbox() as outbox:
        assert set(outbox.bundle_states().values()) == {"acked"}
        assert outbox.acked_cursors() == sim.dc.cursors


@then(
    step(
        "war das Rechenzentrum vom {start:Zeitpunkt} Uhr bis zum {end:Zeitpunkt} Uhr nicht erreichbar: "
        "jeder Versuch des Agenten in dieser Zeit scheiterte, davor und danach keiner"
    )
)
def _outage_happened(sim: AgentSim, start: datetime, end: datetime) -> None:
    """The datacenter's journal shows the outage: dropped calls, all inside the window, polls and uploads."""
    dropped = [e for e in sim.dc.journal if e.status == 0]
    inside = [e for e in sim.dc.journal if start <= e.at < end]
    assert dropped and dropped == inside, (dropped[:3], inside[:3])
    assert any(e.path.endswith("/poll") for e in dropped)
    assert any(e.method == "PUT" for e in dropped)  # a bundle tried to leave during the outage


@then(
    step(
        "das nächtliche Bündel vom {day:Datum} wartete im Postausgang und kam erst nach "
        "{end:Zeitpunkt} Uhr an"
    )
)
def _waited(sim: AgentSim, day: date, end: datetime) -> None:
    sealed = [t.now for t in sim.ticks if t.nightly_day == day.isoformat()]
    nightly = [a for a in sim.dc.arrivals if a.request_id is None]
    assert len(sealed) == 1 and sealed[0] < end, sealed
    assert nightly and nightly[0].at >= end and nightly[0].cursor_from, nightly[:1]


@then(
    "wurde der Agent genau einmal beendet, nachdem das Rechenzentrum das Bündel angenommen hatte, "
    "und lud dasselbe Bündel danach noch einmal hoch"
)
def _killed_after_ack(sim: AgentSim) -> None:
    """The harness' kill journal against the datacenter's: accepted, killed, the same bundle sent again."""
    assert len(sim.kills) == 1, sim.kills
    for kill in sim.kills:
        puts = [e for e in sim.dc.journal if e.method == "PUT" and e.bundle_id == kill.bundle_id]
        assert [e.status for e in puts] == [200, 200], puts  # ingested, then answered as duplicate
        assert puts[0].at <= kill.at <= puts[1].at
        assert [a.bundle_id for a in sim.dc.arrivals].count(kill.bundle_id) == 1


@given(
    step(
        "der Agent läuft vom {day:Datum} um {start:Uhrzeit} Uhr bis zum nächsten Morgen "
        "um {end:Uhrzeit} Uhr nicht"
    )
)
def _down_overnight(sim: AgentSim, day: date, start: time, end: time) -> None:
    sim.down.append(
        (
            datetime.combine(day, start, tzinfo=DEFAULT_TZ),
            datetime.combine(day + timedelta(days=1), end, tzinfo=DEFAULT_TZ),
        )
    )


@then(
    step(
        "wird die Synchronisierung vom {missed:Datum} am nächsten Morgen um {hour:Uhrzeit} Uhr einmal "
        "nachgeholt, mit Warnung"
    )
)
def _caught_up(sim: AgentSim, missed: date, hour: time) -> None:
    day = missed.isoformat()  # the worker names nightly days in ISO form
    runs = [t for t in sim.ticks if t.nightly_day == day]
    assert len(runs) == 1 and runs[0].missed_nightly == [day]
    at = runs[0].now.astimezone(DEFAULT_TZ)
    assert at == datetime.combine(missed + timedelta(days=1), hour, tzinfo=DEFAULT_TZ)


@then("genau diese Arbeitstage haben je eine nächtliche Synchronisierung:")
def _each_workday_exactly_once(sim: AgentSim, datatable: list[list[str]]) -> None:
    """The nightly days, each once, are exactly the table's, which names every simulated day."""
    expected = _table_days(datatable)
    days = _nightly_days(sim)
    assert sorted(days) == expected and set(days.values()) == {1}, days
    assert expected == _span_days(sim)


@given(step("das Rechenzentrum weist das nächste Bündel endgültig ab (Fehler {status:d})"))
def _refuse_next_bundle(sim: AgentSim, status: int) -> None:
    sim.dc.faults.fail_next(1, status=status, path_contains="/bundles/")


@then("ist genau ein Bündel zurückgestellt, mit Grund, und dem Rechenzentrum gemeldet")
def _one_set_aside(sim: AgentSim) -> None:
    with sim.outbox() as outbox:
        aside = outbox.set_aside()
    assert len(aside) == 1 and "HTTP 400" in aside[0].reason and aside[0].reported
    assert list(sim.dc.set_aside) == [aside[0].bundle_id]
    assert sorted(sim.dc.set_aside[aside[0].bundle_id]["mandanten"]) == sorted(sim.mandanten)


@then("jedes andere Bündel kommt genau einmal an, in der Reihenfolge seiner Entstehung")
def _others_exactly_once(sim: AgentSim) -> None:
    with sim.outbox() as outbox:
        states = outbox.bundle_states()
    sealed = [b for b, s in states.items() if s != "refused"]
    assert len(sealed) >= 2 and set(states.values()) == {"acked", "refused"}
    assert [a.bundle_id for a in sim.dc.arrivals] == sealed


@then("das Rechenzentrum steht auf demselben Stand wie der Agent")
def _same_state(sim: AgentSim) -> None:
    with sim.outbox() as outbox:
        assert outbox.acked_cursors() == sim.dc.cursors and set(sim.dc.cursors) == set(sim.mandanten)
