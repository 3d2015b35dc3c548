"""Step definitions for "Zugang erneuert sich selbst" over the `Zugang` driver."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from pytest_bdd import given, scenarios, then, when

from syncsystem.agent.client import DatacenterClient
from syncsystem.agent.config import read_token
from syncsystem.agent.outbox import Outbox
from syncsystem.agent.worker import OUTBOX_NAME
from syncsystem.datacenter.store import users
from syncsystem.demo.datacenter import AdvisorClient
from syncsystem.errors import RemoteError

from ..gherkin_values import step
from .conftest import OFFICE, Zugang

scenarios("zugang")


@given(
    step(
        "ein Rechenzentrum, dessen Agentenschlüssel {days:Anzahl} Tage gelten, eine BMD mit "
        "{count:Anzahl} Mandanten und ein angemeldeter Agent"
    ),
    target_fixture="world",
)
def _world(zugang_factory: Any, days: int, count: int) -> Zugang:
    world: Zugang = zugang_factory(days, count)
    return world


@when(step("der Agent {days:Anzahl} Tage läuft"))
@when(step("der Agent {days:Anzahl} Tag läuft"))
def _run_days(world: Zugang, days: int) -> None:
    world.run_for(timedelta(days=days))


@when(step("der Agent {hours:Anzahl} Stunde läuft"))
def _run_hours(world: Zugang, hours: int) -> None:
    world.run_for(timedelta(hours=hours))


def _token_rows(world: Zugang) -> list[Any]:
    with world.datacenter.store.read() as conn:
        return list(
            conn.execute(
                sa.text(
                    "SELECT created_at, expires_at, superseded_at, revoked_at "
                    "FROM agent_tokens ORDER BY created_at"
                )
            ).all()
        )


@then(step("hat der Agent seinen Schlüssel nach {days:Anzahl} Tagen von selbst erneuert"))
def _renewed(world: Zugang, days: int) -> None:
    assert read_token(world.state_dir) != world.first_token
    renewals = [r for _, r in world.runner.task_runs if r.name == "renewal"] if world.runner else []
    assert len(renewals) == 1 and renewals[0].ok  # 3 days of life: renewed once, after two of them
    (when,) = [at for at, r in world.runner.task_runs if r.name == "renewal"]  # type: ignore[union-attr]
    assert timedelta(days=days) <= when - world.enrolled_at <= timedelta(days=days, hours=1)
    assert len(_token_rows(world)) == 2


@then("das Rechenzentrum weist den ersten Schlüssel ab")
def _first_refused(world: Zugang) -> None:
    with DatacenterClient(world.datacenter.url, world.first_token, ca_file=str(world.tls.ca_file)) as client:
        try:
            client.poll()
        except RemoteError as exc:
            assert exc.status == 401
        else:
            raise AssertionError("the first token still works after its grace period")


@then("keine Abfrage des Agenten wurde abgewiesen")
def _no_refusal(world: Zugang) -> None:
    polled = [t for t in world.ticks if t.polled or t.poll_error]
    assert len(polled) > 4 * 24  # polls every 30 minutes for four days
    assert [t.poll_error for t in polled if t.poll_error] == []


def _request(world: Zugang, mandant: str, advisor: AdvisorClient | None = None) -> dict[str, Any]:
    made = (advisor or world.advisor).request_sync([mandant], "incremental")
    world.requests.append(made)
    return made


@then(step("eine Anforderung des Steuerberaters für {mandant:Mandant} wird danach eingespielt"))
def _request_ingested(world: Zugang, mandant: str) -> None:
    advisor = world.second_advisor or world.advisor
    made = _request(world, mandant, advisor)
    world.run_for(timedelta(minutes=31))
    assert advisor.sync_request(made["request_id"])["state"] == "ingested"
    # the Mandant's name came from BMD's master data through the agent's bundle
    shown = {m["mandant"]: m["name"] for m in advisor.mandanten()}
    assert shown[mandant] == world.office.mandant(mandant).name != ""


@when("ein zweiter Administrator angelegt und der erste deaktiviert wird")
def _staff_change(world: Zugang) -> None:
    with world.datacenter.store.write() as conn:
        (first,) = [u.id for u in users.list_users(conn, OFFICE)]
        _, token = users.create_user(
            conn,
            OFFICE,
            name="Mag. Zweite",
            email="",
            role="administrator",
            auto_update=False,
            now=world.clock.now(),
        )
        users.deactivate(conn, OFFICE, first, world.clock.now())
    world.second_advisor = AdvisorClient(world.datacenter.url, token, world.tls.ca_file)
    try:
        world.advisor.mandanten()
    except RemoteError as exc:
        assert exc.status == 401  # the first one is locked out now
    else:
        raise AssertionError("the deactivated administrator can still call the API")


@then("holt der Agent Anforderungen weiter ab")
def _still_polls(world: Zugang) -> None:
    recent = [t for t in world.ticks if t.now > world.clock.now() - timedelta(hours=20)]
    assert any(t.polled for t in recent) and not any(t.poll_error for t in recent)


@when(step("der Steuerberater {mandant:Mandant} anfordert und der Agent 1 Stunde läuft"))
def _request_and_run(world: Zugang, mandant: str) -> None:
    made = _request(world, mandant)
    world.run_for(timedelta(hours=1))
    assert world.advisor.sync_request(made["request_id"])["state"] == "ingested"


@when("der Administrator den Agenten sperrt")
def _revoke(world: Zugang) -> None:
    world.advisor._api("POST", f"/api/v1/advisor/agents/{world.runner.config.agent_id}/revoke")  # type: ignore[union-attr]


@then(step('meldet "agent status" den gesperrten Zugang mit dem nächsten Schritt "{text}"'))
def _status_says(world: Zugang, text: str) -> None:
    code, out = world.agent_cli("status")
    assert code == 0
    assert "Zugang gesperrt oder abgelaufen" in out and f"„{text}“" in out
    assert "syncsystem agent enrol --profile demo --code" in out


@when("der Administrator einen neuen Zugang erstellt und der Agent sich damit anmeldet")
def _new_access(world: Zugang) -> None:
    with Outbox(world.state_dir / OUTBOX_NAME) as outbox:
        world.cursors_before = outbox.acked_cursors()
    world.agent_id_before = world.runner.config.agent_id  # type: ignore[union-attr]
    code = world.advisor._api("POST", "/api/v1/advisor/enrolment-codes")["code"]
    world.runner.close()  # type: ignore[union-attr]
    world.runner = None
    done, out = world.agent_cli("enrol", "--code", code)
    assert done == 0, out
    assert "Cursor und noch nicht gesendete Bündel bleiben erhalten" in out
    world.start_agent()


@then(step("behält der Agent seine Kennung und seinen Cursor für {mandant:Mandant}"))
def _kept(world: Zugang, mandant: str) -> None:
    assert world.runner is not None
    assert world.runner.config.agent_id == world.agent_id_before
    with Outbox(world.state_dir / OUTBOX_NAME) as outbox:
        after = outbox.acked_cursors()
    assert after[mandant] == world.cursors_before[mandant] is not None
