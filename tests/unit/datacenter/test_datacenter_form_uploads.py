"""A page POST that carries a file (a hostile or confused client: the pages take none) leaves no
temporary file open: Starlette does not close a request's form, so each leaked upload held its
spooled temporary file until the garbage collector came by (found by the route walk,
tests/fuzz/test_fuzz_routes_datacenter.py). A multipart body cut off before its closing boundary is
refused whole, its cut file part closed too (`syncsystem.webforms`)."""

from __future__ import annotations

import html

import pytest
from starlette.datastructures import UploadFile
from tests import asgi_raw

ORIGIN = {"Origin": "https://testserver"}
BROKEN = "Das Formular kam unvollständig oder beschädigt an – bitte erneut senden."  # de.po, by hand


@pytest.mark.parametrize("path", ["/login", "/sync", "/benutzer", "/einstellungen/zugang"])
def test_page_post_with_a_file_closes_the_file(world, uploads: list[UploadFile], path: str) -> None:  # type: ignore[no-untyped-def]
    """POST <path> as multipart with a file ``x.csv`` (logged in as the office's advisor): answered
    below 500, and the file Starlette spooled for it is closed when the answer is out."""
    login = world.client.post(
        "/login", data={"token": world.a.advisor_token}, headers=ORIGIN, follow_redirects=False
    )
    assert login.status_code == 303, login.text
    uploads.clear()
    answer = world.client.post(
        path,
        data={"token": world.a.advisor_token, "mandant": "M100"},
        files={"datei": ("x.csv", b"konto;betrag\n1;2\n")},
        headers=ORIGIN,
        follow_redirects=False,
    )
    assert answer.status_code < 500, answer.text
    assert uploads, f"POST {path}: no file was parsed"
    assert all(u.file.closed for u in uploads), f"POST {path}: an uploaded file stays open"


def _cut_short(fields: dict[str, str]) -> bytes:
    """A multipart body with ``fields``, then a file part of 2 MiB (past Starlette's 1 MiB in memory,
    so on disk) whose closing boundary never comes: the body of an upload cut off."""
    parts = [f'--x\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items()]
    head = "".join(parts) + '--x\r\nContent-Disposition: form-data; name="datei"; filename="x.csv"\r\n\r\n'
    return head.encode() + b"konto;betrag\r\n" * (2 * 1024 * 1024 // 14)


def test_a_form_cut_off_is_refused_and_its_file_closed(world, uploads: list[UploadFile]) -> None:  # type: ignore[no-untyped-def]
    """POST /login as multipart with a valid token, then a file part that never ends: refused with
    400 on a German page (no session started on half a form), and the file spooled for the cut
    part is closed."""
    world.client.cookies.clear()
    answer = world.client.post(
        "/login",
        content=_cut_short({"token": world.a.advisor_token}),
        headers={**ORIGIN, "Content-Type": "multipart/form-data; boundary=x"},
        follow_redirects=False,
    )
    assert answer.status_code == 400, answer.text
    assert answer.headers["content-type"].startswith("text/html")  # a page path: the German page
    assert BROKEN in html.unescape(answer.text)
    assert "set-cookie" not in answer.headers
    assert len(uploads) == 1, "the cut file part was not spooled"
    assert uploads[0].file.closed, "the file of the cut-off part stays open"


def test_a_client_gone_mid_form_is_no_server_error(world, uploads: list[UploadFile]) -> None:  # type: ignore[no-untyped-def]
    """POST /login as multipart: the body's first chunk (a valid token, then a file part) arrives,
    then the client disconnects. The app ends without an exception (Starlette's ``ClientDisconnect``
    used to reach the server as a traceback and a 500), answers nobody a 400, starts no session and
    closes the file spooled so far."""
    body = _cut_short({"token": world.a.advisor_token})[: 64 * 1024]
    headers = [(b"origin", b"https://testserver"), (b"content-type", b"multipart/form-data; boundary=x")]
    first = {"type": "http.request", "body": body, "more_body": True}
    sent = asgi_raw.call(world.app, asgi_raw.scope("POST", "/login", headers), asgi_raw.arriving(first))
    assert sent[0]["type"] == "http.response.start"
    assert sent[0]["status"] == 400, "a client gone away is no server error"
    assert not any(name == b"set-cookie" for name, _ in sent[0]["headers"]), "a session from half a form"
    assert len(uploads) == 1, "the file part was not spooled"
    assert uploads[0].file.closed, "the file of the abandoned form stays open"
