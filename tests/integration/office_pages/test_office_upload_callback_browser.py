"""In headless Chromium against the live server: a 50 MB upload is refused with the German sentence
(not a broken connection), and the Debitoren page's callback write-back is set up with its field
errors; screenshots for the certification bundle."""

from __future__ import annotations

from typing import Any

import pytest
from tests.callback_server import callback_server

pytestmark = pytest.mark.browser
OP_HEAD = b"Kto-Nr;Rng-Nr;Rng-Dat;Rng-Betrag;OP-Betrag\r\n"


def test_a_fifty_megabyte_upload_is_refused_in_german(pages: Any, screenshot: Any) -> None:
    page = pages.page_as("bernd")
    page.get_by_role("navigation").get_by_role("link", name="Zahlungsabgleich").click()
    big = OP_HEAD + b"200000;R-2;02.03.2026;1,00;1,00\r\n" * (50 * 1024 * 1024 // 34)
    page.set_input_files("#dateien", files=[{"name": "OP-Liste.csv", "mimeType": "text/csv", "buffer": big}])
    page.fill("#mandant", "1001")
    page.click("#hochladen")
    assert "größer als 20 MB" in page.inner_text("[role=alert]")
    assert "nichts gespeichert" in page.inner_text("[role=alert]")
    screenshot(page, "zahlungsabgleich-zu-gross")
    page.context.close()


def test_callback_write_back_on_the_debitoren_page(pages: Any, screenshot: Any, tmp_path: Any) -> None:
    page = pages.page_as("anna")
    page.get_by_role("navigation").get_by_role("link", name="Debitoren-Schnittstelle").click()
    page.fill("#callback_url", "http://vorsystem.example/kundennummern")
    page.click("#callback-speichern")
    assert "keine https-Adresse" in page.inner_text("#callback_url-fehler")
    with callback_server(tmp_path) as server:
        page.fill("#callback_url", server.url)
        page.fill("#callback_ca_file", str(server.ca_file))
        page.click("#callback-speichern")
        assert page.inner_text("[role=status]") == "Rückmeldung an das Vorsystem gespeichert."
        assert page.input_value("#callback_url") == server.url
        assert page.inner_text("#rueckmeldung-offen") == "Offene Rückmeldungen: 0"
        screenshot(page, "debitoren-rueckmeldung")
    page.context.close()
