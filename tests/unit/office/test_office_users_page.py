"""The Benutzer page (Administrator) and Mein Konto (everyone): users managed on a page as with the CLI.

Expected states come from the issue's rules: a created user can log in with the initial password;
a deactivated user cannot and their sessions end; the last active Administrator keeps role and
access; a refused form names the field and stores nothing; no password is ever sent back.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from syncsystem.office.accounts import Accounts, Role, User

from .conftest import PASSWORDS


def _at(page: str, field_id: str) -> str:
    found = re.search(rf'id="{re.escape(field_id)}-fehler" role="alert">([^<]*)<', page)
    return unescape(found.group(1)) if found else ""


def _users(world) -> list[User]:  # type: ignore[no-untyped-def]
    with Accounts.open(world.state) as accounts:
        return accounts.users()


def _can_login(world, name: str, password: str) -> bool:  # type: ignore[no-untyped-def]
    return world.client().post("/anmelden", data={"name": name, "password": password}).status_code == 303


def test_admin_creates_a_user_who_can_then_log_in(office_world) -> None:  # type: ignore[no-untyped-def]
    """Name, role and initial password create the user; the list shows them; they log in."""
    admin = office_world.client()
    csrf = office_world.login(admin, "anna")
    answer = admin.post(
        "/benutzer/neu", data={"csrf": csrf, "name": "clara", "role": "user", "password": "clara-start-123"}
    )
    assert answer.status_code == 303
    assert User("clara", Role.USER) in _users(office_world)
    assert 'data-benutzer="clara"' in admin.get("/benutzer").text
    assert _can_login(office_world, "clara", "clara-start-123")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"name": "cl ara", "role": "user", "password": "lang-genug-123"},
            "name",
            "Benutzername 'cl ara': Buchstaben, Ziffern und . _ @ - (höchstens 64)",
        ),
        (
            {"name": "", "role": "user", "password": "lang-genug-123"},
            "name",
            "Bitte einen Benutzernamen eingeben.",
        ),
        (
            {"name": "bernd", "role": "user", "password": "lang-genug-123"},
            "name",
            "Benutzer 'bernd' gibt es bereits (--replace setzt Rolle und Passwort neu)",
        ),
        (
            {"name": "clara", "role": "chef", "password": "lang-genug-123"},
            "role",
            "Bitte eine Rolle wählen: Benutzer oder Administrator.",
        ),
        (
            {"name": "clara", "role": "user", "password": "kurz"},
            "password",
            "Passwort für clara: mindestens 10 Zeichen",
        ),
    ],
)
def test_a_refused_new_user_is_named_at_the_field_and_nothing_is_stored(  # type: ignore[no-untyped-def]
    office_world, data: dict[str, str], field: str, message: str
) -> None:
    admin = office_world.client()
    csrf = office_world.login(admin, "anna")
    before = _users(office_world)
    answer = admin.post("/benutzer/neu", data={"csrf": csrf, **data})
    assert answer.status_code == 400
    assert _at(answer.text, field) == message
    assert _users(office_world) == before
    assert data["password"] not in answer.text


def test_role_change_and_the_last_admin_keeps_the_role(office_world) -> None:  # type: ignore[no-untyped-def]
    """bernd becomes Administrator and back; anna, then the only one, cannot be demoted or deactivated."""
    admin = office_world.client()
    csrf = office_world.login(admin, "anna")
    assert admin.post("/benutzer/bernd/rolle", data={"csrf": csrf, "role": "admin"}).status_code == 303
    assert User("bernd", Role.ADMIN) in _users(office_world)
    assert admin.post("/benutzer/bernd/rolle", data={"csrf": csrf, "role": "user"}).status_code == 303
    before = _users(office_world)
    last = "anna ist der letzte aktive Administrator – bitte zuerst einen anderen Administrator anlegen."
    demote = admin.post("/benutzer/anna/rolle", data={"csrf": csrf, "role": "user"})
    assert demote.status_code == 400 and _at(demote.text, "role-anna") == last
    off = admin.post("/benutzer/anna/deaktivieren", data={"csrf": csrf})
    assert off.status_code == 400 and _at(off.text, "active-anna") == last
    assert _users(office_world) == before


def test_deactivated_user_is_logged_out_and_cannot_log_in_until_reactivated(office_world) -> None:  # type: ignore[no-untyped-def]
    bernd = office_world.client()
    office_world.login(bernd, "bernd")
    admin = office_world.client()
    csrf = office_world.login(admin, "anna")
    assert admin.post("/benutzer/bernd/deaktivieren", data={"csrf": csrf}).status_code == 303
    assert User("bernd", Role.USER, active=False) in _users(office_world)
    assert bernd.get("/buchhaltungsexport").status_code == 303  # session gone: back to the login
    assert not _can_login(office_world, "bernd", PASSWORDS["bernd"])
    assert admin.post("/benutzer/bernd/aktivieren", data={"csrf": csrf}).status_code == 303
    assert _can_login(office_world, "bernd", PASSWORDS["bernd"])


def test_password_reset_logs_the_user_out_and_sets_the_new_password(office_world) -> None:  # type: ignore[no-untyped-def]
    bernd = office_world.client()
    office_world.login(bernd, "bernd")
    admin = office_world.client()
    csrf = office_world.login(admin, "anna")
    short = admin.post("/benutzer/bernd/passwort", data={"csrf": csrf, "password": "kurz"})
    assert short.status_code == 400
    assert _at(short.text, "password-bernd") == "Passwort für bernd: mindestens 10 Zeichen"
    assert bernd.get("/buchhaltungsexport").status_code == 200  # nothing changed
    reset = admin.post("/benutzer/bernd/passwort", data={"csrf": csrf, "password": "neu-gesetzt-42"})
    assert reset.status_code == 303
    assert bernd.get("/buchhaltungsexport").status_code == 303
    assert not _can_login(office_world, "bernd", PASSWORDS["bernd"])
    assert _can_login(office_world, "bernd", "neu-gesetzt-42")


def test_unknown_user_in_the_path_is_404(office_world) -> None:  # type: ignore[no-untyped-def]
    admin = office_world.client()
    csrf = office_world.login(admin, "anna")
    answer = admin.post("/benutzer/niemand/deaktivieren", data={"csrf": csrf})
    assert answer.status_code == 404 and "Benutzer 'niemand' gibt es nicht" in unescape(answer.text)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"current": "falsch-falsch", "password": "bernd-neu-12345", "repeat": "bernd-neu-12345"},
            "current",
            "Das bisherige Passwort ist falsch.",
        ),
        (
            {"current": PASSWORDS["bernd"], "password": "bernd-neu-12345", "repeat": "bernd-neu-1234"},
            "repeat",
            "Die Wiederholung stimmt nicht mit dem neuen Passwort überein.",
        ),
        (
            {"current": PASSWORDS["bernd"], "password": "kurz", "repeat": "kurz"},
            "password",
            "Passwort für bernd: mindestens 10 Zeichen",
        ),
        (
            {"current": "", "password": "bernd-neu-12345", "repeat": "bernd-neu-12345"},
            "current",
            "Bitte das bisherige Passwort eingeben.",
        ),
    ],
)
def test_own_password_change_refused_at_the_field(
    office_world,
    data: dict[str, str],
    field: str,  # type: ignore[no-untyped-def]
    message: str,
) -> None:
    bernd = office_world.client()
    csrf = office_world.login(bernd, "bernd")
    answer = bernd.post("/konto", data={"csrf": csrf, **data})
    assert answer.status_code == 400
    assert _at(answer.text, field) == message
    assert all(v not in answer.text for v in data.values() if v)
    assert _can_login(office_world, "bernd", PASSWORDS["bernd"])


def test_own_password_change_keeps_this_session_and_ends_the_others(office_world) -> None:  # type: ignore[no-untyped-def]
    here, elsewhere = office_world.client(), office_world.client()
    csrf = office_world.login(here, "bernd")
    office_world.login(elsewhere, "bernd")
    new = "bernd-neu-12345"
    form = {"csrf": csrf, "current": PASSWORDS["bernd"], "password": new, "repeat": new}
    answer = here.post("/konto", data=form)
    assert answer.status_code == 303
    assert here.get("/konto").status_code == 200
    assert elsewhere.get("/konto").status_code == 303
    assert _can_login(office_world, "bernd", new)
    assert not _can_login(office_world, "bernd", PASSWORDS["bernd"])


def test_the_count_above_a_refused_form_leaves_out_the_fields_only_sent_back_empty(office_world) -> None:  # type: ignore[no-untyped-def]
    """One wrong field is "1 Eingabe", though the password fields beside it come back empty with
    their note (on Mein Konto and for a new user)."""
    one = "Bitte korrigieren Sie 1 Eingabe – es wurde nichts gespeichert."
    note = "Aus Sicherheitsgründen nicht zurückgesendet – bitte erneut eingeben."
    bernd = office_world.client()
    csrf = office_world.login(bernd, "bernd")
    mismatch = {"current": PASSWORDS["bernd"], "password": "neues-pass-1", "repeat": "neues-pass-2"}
    answer = bernd.post("/konto", data={"csrf": csrf, **mismatch})
    assert answer.status_code == 400
    assert one in answer.text
    assert (_at(answer.text, "current"), _at(answer.text, "password")) == (note, note)
    anna = office_world.client()
    csrf = office_world.login(anna, "anna")
    answer = anna.post(
        "/benutzer/neu", data={"csrf": csrf, "name": "zwei worte", "role": "user", "password": "lang-genug-1"}
    )
    assert answer.status_code == 400
    assert one in answer.text
    assert "Das Passwort wird nicht zurückgesendet – bitte erneut eingeben." in answer.text
