"""The office shell: login, sessions that expire, CSRF and Origin checks, security headers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from syncsystem.office.web import COOKIE


def _field_message(html: str, field: str) -> str:
    found = re.search(rf'id="{field}-fehler" role="alert">([^<]*)<', html)
    return found.group(1) if found else ""


def test_login_with_a_wrong_password_is_refused_in_german(office_world) -> None:  # type: ignore[no-untyped-def]
    """A wrong password: 400, a German sentence at the password field; no cookie, no password echoed."""
    client = office_world.client()
    answer = client.post("/anmelden", data={"name": "anna", "password": "falsch-falsch"})
    assert answer.status_code == 400
    assert _field_message(answer.text, "password").startswith("Name oder Passwort falsch")
    assert "bitte erneut eingeben" in _field_message(answer.text, "password")
    assert _field_message(answer.text, "name") == ""
    assert 'value="anna"' in answer.text and "falsch-falsch" not in answer.text
    assert COOKIE not in answer.cookies


@pytest.mark.parametrize(
    ("name", "password", "at_name", "at_password"),
    [
        ("", "irgendwas-langes", "Bitte den Benutzernamen eingeben.", ""),
        ("anna", "", "", "Bitte das Passwort eingeben."),
        ("", "", "Bitte den Benutzernamen eingeben.", "Bitte das Passwort eingeben."),
        (
            "an na",
            "irgendwas-langes",
            "Benutzernamen bestehen aus Buchstaben, Ziffern und . _ @ - (höchstens 64 Zeichen).",
            "Das Passwort wird nicht zurückgesendet – bitte erneut eingeben.",
        ),
    ],
)
def test_login_errors_stand_at_their_field(
    office_world,
    name: str,
    password: str,
    at_name: str,  # type: ignore[no-untyped-def]
    at_password: str,
) -> None:
    """Empty or impossible input is named at the user-name or password field; no session starts."""
    answer = office_world.client().post("/anmelden", data={"name": name, "password": password})
    assert answer.status_code == 400
    found = (_field_message(answer.text, "name"), _field_message(answer.text, "password"))
    assert found == (at_name, at_password)
    assert COOKIE not in answer.cookies


def test_session_cookie_is_httponly_and_samesite_strict(office_world) -> None:  # type: ignore[no-untyped-def]
    """The session cookie is HttpOnly and SameSite=Strict (and holds no password)."""
    client = office_world.client()
    answer = client.post("/anmelden", data={"name": "anna", "password": "anna-geheim-1"})
    header = answer.headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=strict" in header
    assert "anna-geheim-1" not in header


def test_anonymous_get_goes_to_login_and_post_is_401(office_world) -> None:  # type: ignore[no-untyped-def]
    """Without a session a page redirects to the login; a POST is refused with 401."""
    client = office_world.client()
    answer = client.get("/buchhaltungsexport")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/anmelden?")


def test_session_expires_after_thirty_idle_minutes(office_world) -> None:  # type: ignore[no-untyped-def]
    """A session unused for 30 minutes is gone; one used within them lives on."""
    client = office_world.client()
    office_world.login(client, "bernd")
    office_world.clock.wait_until(office_world.clock.now() + timedelta(minutes=29))
    assert client.get("/buchhaltungsexport").status_code == 200
    office_world.clock.wait_until(office_world.clock.now() + timedelta(minutes=30, seconds=1))
    assert client.get("/buchhaltungsexport").status_code == 303


def test_post_without_csrf_token_or_from_another_origin_is_refused(office_world) -> None:  # type: ignore[no-untyped-def]
    """A POST lacking the session's token, or from a foreign Origin, is refused with 403."""
    client = office_world.client()
    csrf = office_world.login(client, "anna")
    assert client.post("/abmelden", headers={"origin": "https://evil.example"}).status_code == 403
    assert client.post("/abmelden", data={"csrf": "falsch"}).status_code == 403
    foreign = client.post("/abmelden", data={"csrf": csrf}, headers={"origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert client.post("/buchhaltungsexport/neu", data={"csrf": "falsch"}).status_code == 403
    foreign = client.post(
        "/buchhaltungsexport/neu", data={"csrf": csrf}, headers={"origin": "https://evil.example"}
    )
    assert foreign.status_code == 403
    same = client.post(
        "/buchhaltungsexport/neu", data={"csrf": csrf}, headers={"origin": "http://testserver"}
    )
    assert same.status_code == 400  # through both checks; the empty form is refused field by field


def test_logout_ends_the_session(office_world) -> None:  # type: ignore[no-untyped-def]
    """After logout the old cookie no longer opens a page."""
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    cookie = client.cookies[COOKIE]
    assert client.post("/abmelden", data={"csrf": "falsch"}).status_code == 403
    assert client.post("/abmelden", data={"csrf": csrf}).status_code == 303
    client.cookies.set(COOKIE, cookie)
    assert client.get("/buchhaltungsexport").status_code == 303


def test_pages_carry_a_strict_content_security_policy(office_world) -> None:  # type: ignore[no-untyped-def]
    """Every answer forbids foreign scripts and framing."""
    answer = office_world.client().get("/anmelden")
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/buchhaltungsexport", "GET"),
        ("GET", "/abmelden", "POST"),
        ("PUT", "/anmelden", "POST"),
    ],
)
def test_a_method_a_page_does_not_take_is_refused_in_german(
    office_world,
    method: str,
    path: str,  # type: ignore[no-untyped-def]
    allowed: str,
) -> None:
    """<method> <path> (found by the route walk, tests/fuzz/test_fuzz_routes_office.py): 405 with the
    refusal page in German — not Starlette's English plain text — and ``Allow`` naming the methods."""
    answer = office_world.client().request(method, path)
    assert answer.status_code == 405
    assert "Diese Seite nimmt diese Art von Anfrage nicht an" in answer.text
    assert "Method Not Allowed" not in answer.text
    assert allowed in answer.headers["allow"]
