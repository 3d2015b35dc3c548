"""Page 4 (Zahlungsabgleich): an Auszifferungsliste with its header and no data rows says so, naming
the file, instead of a bare result of zeros. Expected wording is written out by hand."""

from __future__ import annotations

from typing import Any

HEADER = "Kto-Nr;Rng-Nr;Ausz-Betrag;Ausz-Datum;Zahlungs-BelegNr;Text\r\n"
ROW = "200000;R-1;240,00;03.03.2026;B-1;Zahlung\r\n"


def _upload(client: Any, csrf: str, *files: tuple[str, bytes]) -> Any:
    return client.post(
        "/zahlungsabgleich/hochladen",
        data={"csrf": csrf, "mandant": ""},
        files=[("dateien", (name, data, "text/csv")) for name, data in files],
    )


def test_a_header_only_auszifferungsliste_says_it_holds_no_rows(office_world: Any) -> None:
    """Header only: the result names the file, says it holds no rows and nothing came from it."""
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    answer = _upload(client, csrf, ("Auszifferung März.csv", HEADER.encode("cp1252")))
    assert answer.status_code == 200
    assert (
        '<p class="nicht-ok leer">Auszifferung März.csv enthält keine Zeilen, nur die Kopfzeile – '
        "aus dieser Datei wurde nichts importiert.</p>"
    ) in answer.text
    assert '<td id="erg-angelegt">0</td>' in answer.text


def test_a_file_with_rows_beside_an_empty_one_names_only_the_empty_one(office_world: Any) -> None:
    """Two files, one with a row (its invoice unknown) and one header only: only the empty one is named."""
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    answer = _upload(
        client,
        csrf,
        ("mit-zeile.csv", (HEADER + ROW).encode("cp1252")),
        ("leer.csv", HEADER.encode("cp1252")),
    )
    assert answer.status_code == 200, answer.text
    assert answer.text.count('<p class="nicht-ok leer">') == 1
    assert "leer.csv enthält keine Zeilen" in answer.text
    assert '<td id="erg-unbekannt">1</td>' in answer.text
