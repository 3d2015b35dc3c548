"""Step definitions for "Anfrage durch den Steuerberater" over the `E2E` driver."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from emulators.bmd import END_OF_WORKDAY
from pytest_bdd import given, scenarios, then, when

from syncsystem.clock import DEFAULT_TZ

from ..gherkin_values import step
from .conftest import E2E

scenarios("anfrage")


@given(
    step(
        "ein Rechenzentrum mit verschlüsselter Verbindung, eine BMD mit {count:Anzahl} Mandanten "
        "und ein angemeldeter Agent"
    ),
    target_fixture="world",
)
def _world(e2e_factory: Any, count: int) -> E2E:
    world: E2E = e2e_factory(count)
    return world


@when(step("der Steuerberater die Mandanten {ids:Nummern} anfordert"))
@when(step("der Steuerberater die Mandanten {ids:Nummern} erneut anfordert"))
def _request(world: E2E, ids: list[str]) -> None:
    world.request(ids)


@when(step("der Agent {minutes:Anzahl} Minuten läuft"))
def _run(world: E2E, minutes: int) -> None:
    world.run_for(minutes)


@when("in BMD der Arbeitstag abgeschlossen wird")
def _workday(world: E2E) -> None:
    evening = datetime.combine(world.clock.now().date(), END_OF_WORKDAY, DEFAULT_TZ) + timedelta(minutes=5)
    world.run_for(int((evening - world.clock.now()).total_seconds() // 60))  # the agent keeps polling
    assert sum(world.office.advance_to(world.clock.now()).changes.values()) > 0


@then("hat der Agent die Anforderung bei seiner nächsten Abfrage abgeholt")
def _picked_up(world: E2E) -> None:
    state = world.advisor.sync_request(world.requests[-1]["request_id"])
    created = datetime.fromisoformat(state["created_at"])
    picked = datetime.fromisoformat(state["picked_up_at"])
    assert timedelta(0) <= picked - created <= timedelta(minutes=30)


@then("die Anforderung ist eingespielt")
@then("ist die Anforderung eingespielt")
def _ingested(world: E2E) -> None:
    state = world.advisor.sync_request(world.requests[-1]["request_id"])
    assert state["state"] == "ingested" and state["bundle_id"], state


@then(step("der Steuerberater sieht für {ids:Nummern} den neuen Stand mit den geholten Zeilen"))
def _advisor_sees(world: E2E, ids: list[str]) -> None:
    rows = {m["mandant"]: m for m in world.advisor.mandanten()}
    requested = datetime.fromisoformat(world.requests[-1]["created_at"])
    for mandant in ids:
        mine = [r for r in world.exports if r.mandant == mandant]
        assert rows[mandant]["rows_fetched"] == sum(r.rows for r in mine) > 0
        # BMD's modelled export time travels in the manifest to the advisor's view
        assert rows[mandant]["duration_seconds"] == mine[-1].duration_seconds > 0
        assert datetime.fromisoformat(rows[mandant]["last_updated"]) > requested
    page = world.advisor.page()
    assert all(f'data-mandant="{m}"' in page for m in ids)


@then(step("die Buchungen von {ids:Nummern} liegen im Rechenzentrum vollständig vor wie in BMD"))
def _bookings_match(world: E2E, ids: list[str]) -> None:
    stored, bmd = world.stored_bookings(), world.bmd_bookings()
    for mandant in ids:
        assert stored[mandant] == bmd[mandant] > 0


@then(step("für {mandant} liegen keine Daten vor"))
def _nothing_for(world: E2E, mandant: str) -> None:
    # Known from the agent's enrolment (requestable), but nothing arrived for it.
    rows = {m["mandant"]: m for m in world.advisor.mandanten()}
    assert mandant not in rows or rows[mandant]["last_updated"] is None
    assert world.stored_bookings().get(mandant, 0) == 0


@then("der zweite Export beginnt beim Stand, den das Rechenzentrum bestätigt hat")
def _incremental(world: E2E) -> None:
    first, second = world.requests[0]["mandanten"], world.requests[-1]["mandanten"]
    assert first == second
    by_mandant = {m: [r for r in world.exports if r.mandant == m] for m in second}
    for records in by_mandant.values():
        assert len(records) == 2, records
        assert records[0].cursor_from is None and records[1].cursor_from == records[0].cursor_to
        assert records[1].cursor_to > records[1].cursor_from
    cursors = {m["mandant"]: m["cursor"] for m in world.advisor.mandanten()}
    assert all(cursors[m] == by_mandant[m][1].cursor_to for m in second)


@then("er enthält weniger Zeilen als der erste")
def _smaller(world: E2E) -> None:
    for mandant in world.requests[-1]["mandanten"]:
        rows_full, rows_follow_up = (r.rows for r in world.exports if r.mandant == mandant)
        assert 0 < rows_follow_up < rows_full
