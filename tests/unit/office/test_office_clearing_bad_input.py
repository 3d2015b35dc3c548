"""Page 4 (Zahlungsabgleich) on bad input: one bad file refuses every file of the upload, naming
file, line and field, and the clearing store is left as it was; UTF-16 without a byte-order mark is
text, read like any other encoding. Expected values are written out by hand."""

from __future__ import annotations

from typing import Any

from syncsystem.clearing.queries import invoice_rows
from syncsystem.clearing.store import ClearingStore
from syncsystem.office.pages._places import load_places

OP_LIST = "Kto-Nr;Rng-Nr;Rng-Dat;Rng-Betrag;OP-Betrag\r\n200000;R-1;02.03.2026;240,00;240,00\r\n"
CLEARINGS = "Kto-Nr;Rng-Nr;Ausz-Betrag;Ausz-Datum;Zahlungs-BelegNr;Text\r\n"
PAYMENT = "200000;R-1;240,00;03.03.2026;B-1;Zahlung Grüße\r\n"
BAD_DATE = "200000;R-1;240,00;31.02.2026;B-2;Zahlung\r\n"


def _upload(client: Any, csrf: str, *files: tuple[str, bytes]) -> Any:
    return client.post(
        "/zahlungsabgleich/hochladen",
        data={"csrf": csrf, "mandant": "1001"},
        files=[("dateien", (name, data, "text/csv")) for name, data in files],
    )


def _state(world: Any) -> tuple[list[Any], int]:
    with ClearingStore.open(load_places(world.office).clearing_db) as store:
        return invoice_rows(store, mandant=None, konto=None, status=None), store.payment_count()


def test_a_bad_line_in_one_file_refuses_the_whole_upload(office_world: Any) -> None:
    """A valid OP list beside an Auszifferungsliste whose line 3 has 31.02.: 400 naming
    ``Ausz.csv:3:Ausz-Datum``, no invoice registered from the valid file, no payment from line 2."""
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    before = _state(office_world)
    answer = _upload(
        client,
        csrf,
        ("OP.csv", OP_LIST.encode("cp1252")),
        ("Ausz.csv", (CLEARINGS + PAYMENT + BAD_DATE).encode("cp1252")),
    )
    assert answer.status_code == 400
    assert "<li>Ausz.csv:3:Ausz-Datum: " in answer.text
    assert before == ([], 0) and _state(office_world) == before


def test_utf16_without_bom_is_read_not_refused_as_binary(office_world: Any) -> None:
    """An OP list and an Auszifferungsliste saved as UTF-16 LE without byte-order mark: read as text,
    R-1 registered and paid by B-1 (was: "keine Textdatei" for the NUL bytes)."""
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    answer = _upload(
        client,
        csrf,
        ("OP.csv", OP_LIST.encode("utf-16-le")),
        ("Ausz.csv", (CLEARINGS + PAYMENT).encode("utf-16-le")),
    )
    assert answer.status_code == 200, answer.text
    (invoice,), payments = _state(office_world)
    assert payments == 1
    assert '<td id="erg-angelegt">1</td>' in answer.text and '<td id="erg-angemeldet">1</td>' in answer.text
    assert (invoice["mandant"], invoice["rechnungsnr"], invoice["bezahlt"], invoice["paid_on"]) == (
        "1001",
        "R-1",
        "240.00",
        "2026-03-03",
    )
