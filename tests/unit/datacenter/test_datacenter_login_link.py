"""A one-time login link (``syncsystem demo --keep-running`` prints one) used a second time says so.

"Zugangsschlüssel unbekannt oder gesperrt" sent the demo's advisor, who never had a key, looking for
one; the page now says that the link was used already and what to do instead.
"""

from __future__ import annotations

from typing import Any

from syncsystem.datacenter.auth import authenticate_advisor


def test_a_used_link_says_it_was_used_and_a_good_one_logs_in(world: Any) -> None:
    with world.store.read() as conn:
        advisor = authenticate_advisor(conn, world.a.advisor_token)
    code = world.app.state.dc.login_links.issue(advisor)
    first = world.client.get(f"/anmelden/{code}", follow_redirects=False)
    assert (first.status_code, first.headers["location"]) == (303, "/")
    world.client.cookies.clear()
    again = world.client.get(f"/anmelden/{code}")
    assert again.status_code == 401
    assert "Dieser Anmeldelink wurde schon benutzt oder gilt nicht mehr" in again.text
    assert "Zugangsschlüssel unbekannt" not in again.text
