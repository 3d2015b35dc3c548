"""Step definitions for "Automatisch beim ersten Login des Tages" and "Nur der Administrator
verwaltet Benutzer" over the `Kanzlei` driver."""

from __future__ import annotations

from datetime import datetime

from pytest_bdd import given, parsers, scenarios, then, when

from syncsystem.clock import DEFAULT_TZ
from syncsystem.datacenter.store import users

from ..gherkin_values import step
from .conftest import Kanzlei

scenarios("benutzer")

_MODES = {"nur Änderungen": "incremental", "vollständig": "full"}


@given(step("eine Kanzlei mit den Mandanten {ids:Nummern} im Rechenzentrum und den Benutzern"))
def _office(kanzlei: Kanzlei, ids: list[str], datatable: list[list[str]]) -> None:
    kanzlei.add_mandanten(ids)
    header, *rows = datatable
    assert header == ["Name", "Rolle", "automatisch aktualisieren"]
    for name, role, auto in rows:
        kanzlei.add_user(name, role, {"ja": True, "nein": False}[auto])


@given(step("es ist {at:Zeitpunkt}"))
def _at(kanzlei: Kanzlei, at: datetime) -> None:
    kanzlei.clock.advance(at.astimezone(DEFAULT_TZ) - kanzlei.clock.now())


@when(parsers.parse("sich {name} anmeldet"))
def _login(kanzlei: Kanzlei, name: str) -> None:
    assert kanzlei.login(name).status_code == 200


@when(step("es {at:Zeitpunkt} ist und sich {name} wieder anmeldet"))
def _later_login(kanzlei: Kanzlei, at: datetime, name: str) -> None:
    _at(kanzlei, at)
    _login(kanzlei, name)


@then(step('ist für {name} eine Aktualisierung "{mode}" für {ids:Nummern} angefordert'))
def _requested(kanzlei: Kanzlei, name: str, mode: str, ids: list[str]) -> None:
    assert kanzlei.requests_by(name) == [(_MODES[mode], ids)]


@then(step("sind für {name} {count:Anzahl} Aktualisierungen angefordert"))
def _count(kanzlei: Kanzlei, name: str, count: int) -> None:
    assert len(kanzlei.requests_by(name)) == count


@then(parsers.parse('{name} sieht "{text}"'))
@then(parsers.parse('sieht {name} "{text}"'))
def _sees(kanzlei: Kanzlei, name: str, text: str) -> None:
    assert text in kanzlei.last[name].text


# --- Verwaltung ----------------------------------------------------------------------------------
@when(parsers.parse('{admin} auf der Seite "Benutzer" "{name}" als "{role}" anlegt'))
def _create(kanzlei: Kanzlei, admin: str, name: str, role: str) -> None:
    answer = kanzlei.post(admin, "/benutzer", {"name": name, "email": "", "role": role.lower()})
    assert answer.status_code == 200
    token = kanzlei.shown_token(answer.text)
    assert token is not None
    kanzlei.tokens[name] = token


@then(parsers.parse("sieht {admin} den Zugangsschlüssel von {name} genau einmal"))
def _shown_once(kanzlei: Kanzlei, admin: str, name: str) -> None:
    assert kanzlei.shown_token(kanzlei.last[admin].text) == kanzlei.tokens[name]
    again = kanzlei.get(admin, "/benutzer")
    assert name in again.text and kanzlei.tokens[name] not in again.text


@then(parsers.parse("{name} kann sich mit diesem Schlüssel anmelden und Daten anfordern"))
def _can_request(kanzlei: Kanzlei, name: str) -> None:
    assert kanzlei.login(name).status_code == 200
    assert 'id="sync-button"' in kanzlei.last[name].text  # "Auswahl jetzt aktualisieren"
    asked = kanzlei.post(name, "/sync", {"mandant": "1001", "mode": "incremental"})
    assert "Aktualisierung für Mandant 1001 angefordert" in asked.text


def _user_id(kanzlei: Kanzlei, name: str) -> str:
    if name not in kanzlei.ids:
        with kanzlei.store.read() as conn:
            kanzlei.ids.update({u.name: u.id for u in users.list_users(conn, "kanzlei-huber")})
    return kanzlei.ids[name]


@when(parsers.parse('{admin} die Rolle von {name} auf "{role}" ändert'))
def _change_role(kanzlei: Kanzlei, admin: str, name: str, role: str) -> None:
    answer = kanzlei.post(admin, f"/benutzer/{_user_id(kanzlei, name)}/rolle", {"role": role.lower()})
    assert "Rolle geändert." in answer.text


@when(parsers.parse('{admin} seine eigene Rolle auf "{role}" ändern will'))
def _own_role(kanzlei: Kanzlei, admin: str, role: str) -> None:
    answer = kanzlei.post(admin, f"/benutzer/{_user_id(kanzlei, admin)}/rolle", {"role": role.lower()})
    assert answer.status_code == 409


@then(parsers.parse("{name} ist weiterhin Administrator"))
def _still_admin(kanzlei: Kanzlei, name: str) -> None:
    assert kanzlei.role_of(name) == "administrator"


@then(parsers.parse("darf {name} keine Daten mehr anfordern"))
def _may_not_request(kanzlei: Kanzlei, name: str) -> None:
    page = kanzlei.get(name, "/")
    assert 'id="sync-button"' not in page.text and 'name="jetzt"' not in page.text and "Lesend" in page.text
    answer = kanzlei.post(name, "/sync", {"mandant": "1001", "mode": "incremental"})
    assert answer.status_code == 403 and "Keine Berechtigung" in answer.text
    assert kanzlei.requests_by(name) == []


@when(parsers.parse('{admin} den Benutzer "{name}" deaktiviert'))
def _deactivate(kanzlei: Kanzlei, admin: str, name: str) -> None:
    answer = kanzlei.post(admin, f"/benutzer/{_user_id(kanzlei, name)}/sperren", {})
    assert "Benutzer deaktiviert" in answer.text


@then(parsers.parse("ist {name} abgemeldet und ihr Zugangsschlüssel wird abgewiesen"))
def _locked_out(kanzlei: Kanzlei, name: str) -> None:
    assert "Anmeldung" in kanzlei.get(name, "/").text and 'id="token"' in kanzlei.last[name].text
    assert kanzlei.login(name).status_code == 401


@when(parsers.parse("{admin} für {name} einen neuen Zugang erstellt"))
def _new_token(kanzlei: Kanzlei, admin: str, name: str) -> None:
    answer = kanzlei.post(admin, f"/benutzer/{_user_id(kanzlei, name)}/zugang", {})
    token = kanzlei.shown_token(answer.text)
    assert token is not None
    kanzlei.tokens[f"{name} (alt)"], kanzlei.tokens[name] = kanzlei.tokens[name], token


@then(parsers.parse("wird der bisherige Zugangsschlüssel von {name} abgewiesen"))
def _old_refused(kanzlei: Kanzlei, name: str) -> None:
    assert kanzlei.login(name, kanzlei.tokens[f"{name} (alt)"]).status_code == 401


@then(parsers.parse("{name} kann sich mit dem neuen Schlüssel anmelden"))
def _new_works(kanzlei: Kanzlei, name: str) -> None:
    assert kanzlei.login(name).status_code == 200 and 'id="berater"' in kanzlei.last[name].text


@then(parsers.parse('kann {name} die Seite "Benutzer" nicht öffnen'))
def _no_users_page(kanzlei: Kanzlei, name: str) -> None:
    answer = kanzlei.get(name, "/benutzer")
    assert answer.status_code == 403 and "Keine Berechtigung" in answer.text
    assert 'href="/benutzer"' not in kanzlei.get(name, "/").text


@then(parsers.parse("{name} kann niemanden anlegen, keine Rolle ändern und niemanden deaktivieren"))
def _no_user_admin(kanzlei: Kanzlei, name: str) -> None:
    admin = _user_id(kanzlei, "Mag. Huber")
    for path, data in (
        ("/benutzer", {"name": "Eindringling", "role": "administrator"}),
        (f"/benutzer/{admin}/rolle", {"role": "lesend"}),
        (f"/benutzer/{admin}/sperren", {}),
        (f"/benutzer/{admin}/zugang", {}),
    ):
        assert kanzlei.post(name, path, data).status_code == 403
    assert kanzlei.role_of("Mag. Huber") == "administrator"
    assert kanzlei.login("Mag. Huber").status_code == 200
    assert "Eindringling" not in kanzlei.get("Mag. Huber", "/benutzer").text
