"""Every route of the office app checks its role: a hand-written table, tried for each role.

The table is the specification: a route the app has but the table lacks (or the other way round)
fails the first test, so a new page must state here who may use each of its routes.
"""

from __future__ import annotations

import pytest

from syncsystem.office.accounts import Role
from syncsystem.office.app import create_app, route_roles

A, U = Role.ADMIN, Role.USER
JOB = "roles-demo"
# (method, path) -> who may: A = Administrator only, U = Benutzer and Administrator, None = public
TABLE: dict[tuple[str, str], Role | None] = {
    ("GET", "/"): None,
    ("GET", "/anmelden"): None,
    ("POST", "/anmelden"): None,
    ("POST", "/abmelden"): None,
    ("GET", "/buchhaltungsexport"): U,
    ("GET", "/buchhaltungsexport/neu"): U,
    ("POST", "/buchhaltungsexport/neu"): U,
    ("GET", "/buchhaltungsexport/{name}"): U,
    ("POST", "/buchhaltungsexport/{name}"): U,
    ("POST", "/buchhaltungsexport/{name}/testen"): U,
    ("POST", "/buchhaltungsexport/{name}/hostschluessel"): U,
    ("POST", "/buchhaltungsexport/{name}/testmail"): U,
    ("POST", "/buchhaltungsexport/{name}/aktivieren"): U,
    ("POST", "/buchhaltungsexport/{name}/deaktivieren"): U,
    ("POST", "/buchhaltungsexport/{name}/duplizieren"): U,
    ("POST", "/buchhaltungsexport/{name}/ausfuehren"): U,
    ("GET", "/buchhaltungsexport/{name}/loeschen"): A,
    ("POST", "/buchhaltungsexport/{name}/loeschen"): A,
    ("POST", "/buchhaltungsexport/{name}/passwort"): A,
    ("GET", "/einstellungen"): A,
    ("POST", "/einstellungen"): A,
    # pages 2–5: a Benutzer does the daily work, an Administrator changes configuration and the service
    ("GET", "/debitoren"): U,
    ("POST", "/debitoren/einstellungen"): A,
    ("POST", "/debitoren/kundennummer-abgleichen"): A,
    ("POST", "/debitoren/rueckmeldung"): A,
    ("POST", "/debitoren/rueckmeldung-senden"): U,
    ("POST", "/debitoren/abschliessen"): U,
    ("GET", "/debitoren/datei/{datei}"): U,
    ("GET", "/bmd-konfiguration"): U,
    ("POST", "/bmd-konfiguration/konto"): A,
    ("POST", "/bmd-konfiguration/konto-entfernen"): A,
    ("POST", "/bmd-konfiguration/felder"): A,
    ("POST", "/bmd-konfiguration/export"): U,
    ("GET", "/bmd-konfiguration/export/{ordner}/{datei}"): U,
    ("GET", "/zahlungsabgleich"): U,
    ("POST", "/zahlungsabgleich/hochladen"): U,
    ("GET", "/agent"): U,
    ("POST", "/agent/pruefen"): U,
    ("POST", "/agent/starten"): A,
    ("POST", "/agent/beenden"): A,
    ("GET", "/ablageorte"): A,
    ("POST", "/ablageorte"): A,
    # users: an Administrator manages them; everyone changes their own password
    ("GET", "/benutzer"): A,
    ("POST", "/benutzer/neu"): A,
    ("POST", "/benutzer/{benutzer}/rolle"): A,
    ("POST", "/benutzer/{benutzer}/deaktivieren"): A,
    ("POST", "/benutzer/{benutzer}/aktivieren"): A,
    ("POST", "/benutzer/{benutzer}/passwort"): A,
    ("GET", "/konto"): U,
    ("POST", "/konto"): U,
}


def _concrete(path: str) -> str:
    return path.replace("{name}", JOB).replace("{benutzer}", "bernd")


def test_the_table_names_every_route_with_its_role(office_world) -> None:  # type: ignore[no-untyped-def]
    """The app's routes and their declared roles are exactly the hand-written table."""
    found = route_roles(create_app(office_world.office))
    found.pop(("GET", "/static"), None)
    assert found == TABLE


PROTECTED = [(m, p, r) for (m, p), r in TABLE.items() if r is not None]


@pytest.mark.parametrize(("method", "path", "role"), PROTECTED, ids=[f"{m} {p}" for m, p, _ in PROTECTED])
def test_each_route_refuses_whom_it_must(office_world, method: str, path: str, role: Role) -> None:  # type: ignore[no-untyped-def]
    """Anonymous: login (GET) or 401 (POST); a Benutzer on an admin route: 403; the allowed role passes."""
    office_world.add_job(JOB)
    url = _concrete(path)
    anonymous = office_world.client()
    answer = anonymous.request(method, url, data={} if method == "POST" else None)
    assert answer.status_code == (303 if method == "GET" else 401)
    if method == "GET":
        assert answer.headers["location"].startswith("/anmelden")

    user = office_world.client()
    csrf = office_world.login(user, "bernd")
    answer = user.request(method, url, data={"csrf": csrf} if method == "POST" else None)
    if role is Role.ADMIN:
        assert answer.status_code == 403
        assert "Keine Berechtigung" in answer.text
    else:
        assert answer.status_code not in (401, 403)

    admin = office_world.client()
    csrf = office_world.login(admin, "anna")
    answer = admin.request(method, url, data={"csrf": csrf} if method == "POST" else None)
    assert answer.status_code not in (401, 403)
