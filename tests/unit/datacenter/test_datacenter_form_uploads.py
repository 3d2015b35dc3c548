"""A page POST that carries a file (a hostile or confused client: the pages take none) leaves no
temporary file open: Starlette does not close a request's form, so each leaked upload held its
spooled temporary file until the garbage collector came by (found by the route walk,
tests/fuzz/test_fuzz_routes_datacenter.py)."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.datastructures import UploadFile

ORIGIN = {"Origin": "https://testserver"}


@pytest.fixture
def uploads(monkeypatch: pytest.MonkeyPatch) -> list[UploadFile]:
    """Every `UploadFile` Starlette makes while the test runs."""
    made: list[UploadFile] = []
    original = UploadFile.__init__

    def recording(self: UploadFile, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(UploadFile, "__init__", recording)
    return made


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
