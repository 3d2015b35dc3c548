"""The advisor's request for Mandant M100, as the live-log tests start it."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit


def ask_for_m100(world: Any) -> str:
    """The advisor of office A asks for M100 on the page (and watches its live log); the request's id."""
    world.know(world.a, "M100")
    world.client.cookies.clear()
    login = world.client.post("/login", data={"token": world.a.advisor_token}, follow_redirects=False)
    assert login.status_code == 303
    asked = world.client.post("/sync", data={"jetzt": "M100"}, follow_redirects=False)
    return parse_qs(urlsplit(asked.headers["location"]).query)["anforderung"][0]
