"""Users of an office: auto-update at the first login of the day (per user, per role, Vienna days),
the office keeps an Administrator, and migration 0004 keeps existing advisors as Administrators."""

from __future__ import annotations

import json
import re
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from syncsystem.clock import SimulatedClock
from syncsystem.datacenter.errors import ConflictError
from syncsystem.datacenter.store import users
from syncsystem.datacenter.store.engine import MIGRATIONS, make_engine

from .conftest import add_user  # type: ignore[import-not-found]

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.parametrize("store", ["sqlite"], indirect=True)


def _requests(world: Any) -> list[tuple[str, list[str], str | None]]:
    with world.store.read() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT mode, mandanten, requested_by FROM sync_requests WHERE office_id = 'kanzlei-a' "
                "ORDER BY created_at"
            )
        ).all()
    return [(r.mode, json.loads(r.mandanten), r.requested_by) for r in rows]


def _user(world: Any, role: str, auto: bool, name: str = "Frau Berger") -> tuple[str, str]:
    with world.store.write() as conn:
        return users.create_user(
            conn,
            "kanzlei-a",
            name=name,
            email="berger@kanzlei.at",
            role=role,
            auto_update=auto,
            now=world.clock.now(),
        )


def _login(world: Any, token: str) -> str:
    with TestClient(world.app, base_url="https://testserver") as client:
        answer = client.post("/login", data={"token": token}, follow_redirects=False)
    assert answer.status_code == 303
    return str(answer.headers["location"])


def _known_mandanten(world: Any) -> None:
    ok = world.client.put("/api/v1/bundles/b-1", content=world.bundle(world.a, "b-1"), headers=world.a.agent)
    assert ok.status_code == 200
    world.client.put(
        "/api/v1/bundles/b-2", content=world.bundle(world.a, "b-2", mandant="M200"), headers=world.a.agent
    )


def test_first_login_of_the_day_starts_one_changes_only_update(world) -> None:  # type: ignore[no-untyped-def]
    """A Sachbearbeiter with the setting on: the first login of the day starts one incremental update
    of all the office's Mandanten; a second login that day starts none; the next day's first does."""
    _known_mandanten(world)
    user_id, token = _user(world, "sachbearbeiter", True)
    assert _login(world, token) == "/?notice=auto"
    assert _requests(world) == [("incremental", ["M100", "M200"], user_id)]
    world.clock.advance(timedelta(hours=3))
    assert _login(world, token) == "/"
    assert len(_requests(world)) == 1
    world.clock.advance(timedelta(days=1))
    assert _login(world, token) == "/?notice=auto"
    assert len(_requests(world)) == 2


def test_the_day_is_vienna_s_day(world) -> None:  # type: ignore[no-untyped-def]
    """23:30 UTC on 2 March is 00:30 on 3 March in Vienna (MEZ = UTC+1): a new day for the office."""
    _known_mandanten(world)
    _, token = _user(world, "administrator", True)
    clock: SimulatedClock = world.clock
    clock.advance(datetime(2026, 3, 2, 22, 50, tzinfo=UTC) - clock.now())  # 23:50 Vienna, 2 March
    assert _login(world, token) == "/?notice=auto"
    clock.advance(timedelta(minutes=20))  # 23:10 UTC = 00:10 Vienna, 3 March
    assert _login(world, token) == "/?notice=auto"
    clock.advance(timedelta(minutes=30))
    assert _login(world, token) == "/"
    assert len(_requests(world)) == 2


def test_lesend_and_the_setting_off_start_nothing(world) -> None:  # type: ignore[no-untyped-def]
    """The setting works only where the role may update, and only for users who switched it on."""
    _known_mandanten(world)
    _, reader = _user(world, "lesend", True, "Herr Lesend")
    _, clerk = _user(world, "sachbearbeiter", False, "Herr Aus")
    assert _login(world, reader) == "/"
    assert _login(world, clerk) == "/"
    assert _requests(world) == []


def test_each_user_has_their_own_first_login(world) -> None:  # type: ignore[no-untyped-def]
    """Two users with the setting: each one's first login of the day starts an update."""
    _known_mandanten(world)
    _, first = _user(world, "sachbearbeiter", True, "Eins")
    _, second = _user(world, "administrator", True, "Zwei")
    assert _login(world, first) == "/?notice=auto"
    assert _login(world, second) == "/?notice=auto"
    assert len(_requests(world)) == 2


def test_the_office_keeps_one_active_administrator(world) -> None:  # type: ignore[no-untyped-def]
    """The last active Administrator can be neither demoted nor deactivated; with a second one, yes."""
    with world.store.write() as conn:
        (only,) = [u.id for u in users.list_users(conn, "kanzlei-a")]
        with pytest.raises(ConflictError):
            users.set_role(conn, "kanzlei-a", only, "lesend")
        with pytest.raises(ConflictError):
            users.deactivate(conn, "kanzlei-a", only, world.clock.now())
        other, _ = add_user(conn, world, "Zweite")
        users.set_role(conn, "kanzlei-a", only, "lesend")
        with pytest.raises(ConflictError):
            users.deactivate(conn, "kanzlei-a", other, world.clock.now())


def test_bad_form_values_name_their_field(world) -> None:  # type: ignore[no-untyped-def]
    """An unusable name, e-mail or role is refused naming the form field; nothing is saved."""
    with world.store.write() as conn:
        for name, email, role, field in (
            ("", "", "lesend", "name"),
            ("A", "kein-at", "lesend", "email"),
            ("A", "", "chef", "role"),
        ):
            with pytest.raises(users.FormError) as caught:
                users.create_user(
                    conn,
                    "kanzlei-a",
                    name=name,
                    email=email,
                    role=role,
                    auto_update=False,
                    now=world.clock.now(),
                )
            assert caught.value.field == field
        assert len(users.list_users(conn, "kanzlei-a")) == 1


def test_migration_0004_keeps_advisors_as_administrators(tmp_path: Path, store) -> None:  # type: ignore[no-untyped-def]
    """An advisor created before 0004 is an Administrator afterwards, still with their token."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}", pool_size=1)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0003")
            conn.execute(sa.text("INSERT INTO offices VALUES ('k', 'K', '2026-01-01 00:00:00')"))
            conn.execute(
                sa.text(
                    "INSERT INTO advisors (id, office_id, name, token_hash, created_at) "
                    "VALUES ('adv-1', 'k', 'Mag. Alt', 'h', '2026-01-01 00:00:00')"
                )
            )
            command.upgrade(cfg, "0004")
            row = conn.execute(sa.text("SELECT role, auto_update, token_hash FROM advisors")).one()
    finally:
        engine.dispose()
    assert tuple(row) == ("administrator", 0, "h")


def test_each_user_switches_their_own_setting_on_mein_zugang(world) -> None:  # type: ignore[no-untyped-def]
    """A Sachbearbeiter switches "automatisch aktualisieren" on for herself: her next day's first
    login starts the update; a Lesend user is told the setting has no effect for her role."""
    _known_mandanten(world)
    _, clerk = _user(world, "sachbearbeiter", False, "Frau Selbst")
    _, reader = _user(world, "lesend", False, "Herr Nur-Lesen")
    with TestClient(world.app, base_url="https://testserver") as client:
        client.post("/login", data={"token": clerk})
        saved = client.post("/konto/automatisch", data={"auto": "1"})
        assert "Einstellung „automatisch aktualisieren“ gespeichert." in saved.text
        assert 'id="auto" checked' in saved.text
    with TestClient(world.app, base_url="https://testserver") as client:
        client.post("/login", data={"token": reader})
        assert 'id="auto-wirkungslos"' in client.get("/konto").text
    assert _requests(world) == []  # today's first login was before the switch
    world.clock.advance(timedelta(days=1))
    assert _login(world, clerk) == "/?notice=auto"


def test_a_refused_new_user_form_comes_back_as_typed_with_its_checkbox(world) -> None:  # type: ignore[no-untyped-def]
    """A bad e-mail refuses the form; name, e-mail, role and the ticked automatic update come back."""
    world.client.post("/login", data={"token": world.a.advisor_token})
    form = {"name": "Frau Berger", "email": "kein-at", "role": "lesend", "auto": "1"}
    answer = world.client.post("/benutzer", data=form)
    assert answer.status_code == 400
    assert "„kein-at“ ist keine gültige E-Mail-Adresse." in answer.text
    assert 'value="Frau Berger"' in answer.text and 'value="kein-at"' in answer.text
    assert re.search(r'<option value="lesend" selected>', answer.text)
    assert re.search(r'<input type="checkbox" name="auto" value="1" id="neu-auto" checked>', answer.text)
    unticked = world.client.post("/benutzer", data={**form, "auto": ""})
    assert re.search(r'<input type="checkbox" name="auto" value="1" id="neu-auto">', unticked.text)


def _new_user_roles(html: str) -> list[str]:
    """The options of the new-user form's role select, the selected one marked with a star."""
    select = html[html.index('<select id="neu-rolle"') :]
    select = select[: select.index("</select>")]
    return [
        f"{label}*" if chosen else label
        for chosen, label in re.findall(r"<option[^>]*?( selected)?>([^<]+)<", select)
    ]


def test_a_new_user_starts_as_lesend_and_administrator_is_chosen_explicitly(world) -> None:  # type: ignore[no-untyped-def]
    """The form for a new user offers the least role, „Lesend“, until another is chosen; a refused form
    keeps the chosen „Administrator“."""
    world.client.post("/login", data={"token": world.a.advisor_token})
    page = world.client.get("/benutzer")
    assert _new_user_roles(page.text) == ["Administrator", "Sachbearbeiter", "Lesend*"]
    form = {"name": "Frau Berger", "email": "kein-at", "role": "administrator"}
    refused = world.client.post("/benutzer", data=form)
    assert refused.status_code == 400
    assert _new_user_roles(refused.text) == ["Administrator*", "Sachbearbeiter", "Lesend"]


def _field_of(html: str, field_id: str) -> str:
    """The new-user form's field block (label, control, its error) of the control ``field_id``."""
    start = html.index(f'<div class="field"><label for="{field_id}">')
    return html[start : html.index("</div>", start)]


def test_a_refused_new_user_form_shows_each_error_at_its_field(world) -> None:  # type: ignore[no-untyped-def]
    """Name, e-mail and role refused at once: each field carries its own German error (and is marked
    invalid, pointing at it); the summary above the form names all three."""
    world.client.post("/login", data={"token": world.a.advisor_token})
    answer = world.client.post("/benutzer", data={"name": " ", "email": "kein-at", "role": "chef"})
    assert answer.status_code == 400
    said = {
        "neu-name": "Bitte einen Namen mit höchstens 200 Zeichen angeben.",
        "neu-email": "„kein-at“ ist keine gültige E-Mail-Adresse.",
        "neu-rolle": "Bitte eine der Rollen Administrator, Sachbearbeiter oder Lesend wählen.",
    }
    for field_id, text in said.items():
        block = _field_of(answer.text, field_id)
        assert f'aria-invalid="true" aria-describedby="{field_id}-fehler"' in block, block
        assert f'id="{field_id}-fehler" role="alert">{text}</span>' in block, block
    summary = '<div class="message error" role="alert"><p>' + " ".join(said.values()) + "</p></div>"
    assert summary in answer.text


def test_one_refused_field_marks_only_that_field(world) -> None:  # type: ignore[no-untyped-def]
    """Only the e-mail is wrong: its error stands at the e-mail field, name and role stay unmarked."""
    world.client.post("/login", data={"token": world.a.advisor_token})
    answer = world.client.post(
        "/benutzer", data={"name": "Frau Berger", "email": "kein-at", "role": "lesend"}
    )
    assert "„kein-at“ ist keine gültige E-Mail-Adresse.</span>" in _field_of(answer.text, "neu-email")
    for other in ("neu-name", "neu-rolle"):
        block = _field_of(answer.text, other)
        assert "fehler" not in block and "aria-invalid" not in block, block
