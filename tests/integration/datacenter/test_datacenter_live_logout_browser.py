"""The live log in headless Chromium when the session ends while it is open: its script gets the
JSON 401 and takes the browser to the login, as any page does for a logged-out browser (it used to
follow the redirect to the login page, fail to read it as JSON and say "Verbindung zum
Rechenzentrum unterbrochen" every five seconds for ever)."""

from __future__ import annotations

import pytest
from tests.integration.datacenter.browsing import signed_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_the_live_log_goes_to_the_login_when_the_session_ends(world, live, browser) -> None:  # type: ignore[no-untyped-def]
    ok = world.client.put("/api/v1/bundles/b-1", content=world.bundle(world.a, "b-1"), headers=world.a.agent)
    assert ok.status_code == 200
    with signed_in(browser, live.url, world.a.advisor_token) as page:
        page.check("#m-M100")
        page.click("#sync-button")
        assert "Aktualisierung für Mandant M100 angefordert" in page.inner_text("[role=status]")
        page.wait_for_selector("#live-log li")  # the script has read the live log once
        assert page.locator("#token").count() == 0
        page.context.clear_cookies()  # the session is gone (expired, or ended in another tab)
        page.wait_for_url(live.url + "/")
        page.wait_for_selector("#token")  # the login form
