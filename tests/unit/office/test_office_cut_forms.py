"""An upload cut off — the multipart body ends before its closing boundary, or the client goes away
mid-body — is refused whole (nothing registered from the parts that did arrive) and leaves no
temporary file open. python-multipart does not check that a body reached its end, so Starlette
handed the parts read so far to the page as a complete form and never closed the cut file part's
spooled temporary file (past 1 MiB a file on disk).

The expected sentence is copied by hand from ``messages/de.po`` (``office.request.form_broken``).
"""

from __future__ import annotations

import html
from typing import Any

from starlette.datastructures import UploadFile
from tests import asgi_raw

from syncsystem.office.app import create_app

BROKEN = "Das Formular kam unvollständig oder beschädigt an – bitte erneut senden."
OP_LIST = "Kto-Nr;Rng-Nr;Rng-Dat;Rng-Betrag;OP-Betrag\r\n200000;R-1;02.03.2026;240,00;240,00\r\n"
MULTIPART = "multipart/form-data; boundary=x"


def _head(csrf: str) -> bytes:
    """Mandant 1001, one whole OP list ``OP.csv``, then the start of a second file ``OP2.csv`` of
    2 MiB (past Starlette's 1 MiB in memory, so on disk) — no closing boundary."""
    return (
        f'--x\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{csrf}\r\n'
        '--x\r\nContent-Disposition: form-data; name="mandant"\r\n\r\n1001\r\n'
        '--x\r\nContent-Disposition: form-data; name="dateien"; filename="OP.csv"\r\n\r\n'
        f"{OP_LIST}\r\n"
        '--x\r\nContent-Disposition: form-data; name="dateien"; filename="OP2.csv"\r\n\r\n'
        f"{OP_LIST}" + "200000;R-2;02.03.2026;1,00;1,00\r\n" * (2 * 1024 * 1024 // 33)
    ).encode("cp1252")


def _invoices(world: Any) -> list[Any]:
    from syncsystem.clearing.queries import invoice_rows  # noqa: PLC0415
    from syncsystem.clearing.store import ClearingStore  # noqa: PLC0415
    from syncsystem.office.pages._places import load_places  # noqa: PLC0415

    with ClearingStore.open(load_places(world.office).clearing_db) as store:
        return invoice_rows(store, mandant=None, konto=None, status=None)


def test_an_upload_cut_off_is_refused_whole_and_its_files_closed(
    office_world: Any, uploads: list[UploadFile]
) -> None:
    """The body ends inside the second file: 400 with the German sentence, no invoice of the whole
    first file registered, both spooled files closed."""
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    answer = client.post(
        "/zahlungsabgleich/hochladen", content=_head(csrf), headers={"content-type": MULTIPART}
    )
    assert answer.status_code == 400, answer.text
    assert BROKEN in html.unescape(answer.text)
    assert _invoices(office_world) == []
    assert [u.filename for u in uploads] == ["OP.csv", "OP2.csv"]
    assert all(u.file.closed for u in uploads), "a file of the cut-off form stays open"


def test_a_login_cut_off_is_refused_on_the_german_page(office_world: Any) -> None:
    """POST /anmelden whose multipart body ends inside the password: 400, the German sentence, no
    session cookie (the login form is read before any session exists)."""
    body = (
        b'--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nanna\r\n'
        b'--x\r\nContent-Disposition: form-data; name="password"\r\n\r\nanna-geheim-1'
    )
    answer = office_world.client().post("/anmelden", content=body, headers={"content-type": MULTIPART})
    assert answer.status_code == 400, answer.text
    assert BROKEN in html.unescape(answer.text)
    assert "set-cookie" not in answer.headers


def test_a_client_gone_mid_upload_leaves_no_file_open(office_world: Any, uploads: list[UploadFile]) -> None:
    """The body's first chunk arrives, then the client disconnects: the app ends without an
    exception (Starlette's ``ClientDisconnect`` would be a traceback and a 500 in the server's log),
    answering nobody a 400; the files spooled so far are closed and nothing is registered."""
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
    headers = [(b"cookie", cookie.encode()), (b"content-type", MULTIPART.encode())]
    request = asgi_raw.scope("POST", "/zahlungsabgleich/hochladen", headers, scheme="http")
    first = {"type": "http.request", "body": _head(csrf), "more_body": True}
    app = create_app(office_world.office)
    sent = asgi_raw.call(app, request, asgi_raw.arriving(first))  # no traceback, no 500
    assert sent[0]["type"] == "http.response.start"
    assert sent[0]["status"] == 400, "a client gone away is no server error"
    assert len(uploads) == 2
    assert all(u.file.closed for u in uploads), "a file of the abandoned upload stays open"
    assert _invoices(office_world) == []
