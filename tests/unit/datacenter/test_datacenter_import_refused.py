"""A refused manual import leaves the Mandant's stored data as it was, and its row says so: the
status reads „Import abgewiesen – Daten unverändert“ (the refusal's words stay below it, the row
stays marked), while a refused bundle of the agent still reads „Fehler“.

Expected words are written by hand from the page (overview.html) and ``messages/de.po``
(``refusal.manual``: „Manueller Import abgewiesen: {cause}“).
"""

from __future__ import annotations

import html
import re

from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.ingest.opening import record_refusal
from syncsystem.messages import codes as mc

GOOD = (
    b"satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;betrag;text\r\n"
    b"0;2800;9800;1;02.03.2026;EB;1;10,00;Er\r\n"
)
BAD = (
    b"satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;betrag;text\r\n"
    b"0;2800;9800;1;02.03.2026;EB;1;zwoelf;Er\r\n"
)


def _row(page: str, mandant: str) -> str:
    """The table row of ``mandant``, unescaped."""
    found = re.search(rf'<tr data-mandant="{mandant}".*?</tr>', page, re.DOTALL)
    assert found is not None, page
    return html.unescape(found.group(0))


def _status(row: str) -> list[str]:
    return re.findall(r'<span class="badge [a-z]+">([^<]+)</span>', row)


def test_a_refused_manual_import_says_the_stored_data_is_unchanged(world) -> None:  # type: ignore[no-untyped-def]
    world.client.post("/login", data={"token": world.b.advisor_token})
    assert (
        world.client.post("/upload", data={"mandant": "M7"}, files={"files": ("b.csv", GOOD)}).status_code
        == 200
    )
    before = _row(world.client.get("/").text, "M7")
    assert _status(before) == ["eingespielt"]
    refused = world.client.post("/upload", data={"mandant": "M7"}, files={"files": ("buchungen.csv", BAD)})
    assert refused.status_code == 422
    after = _row(world.client.get("/").text, "M7")
    assert _status(after) == ["Import abgewiesen – Daten unverändert"]
    assert 'class="hat-fehler"' in after  # still marked, and the refusal's words stay readable
    assert (
        "Manueller Import abgewiesen: ungültige BMD-Daten: M7/buchungen.csv:2:betrag: keine Zahl: 'zwoelf'"
        in after
    )
    cells = r'<td class="num zeilen">([^<]*)</td>'
    assert re.findall(cells, after) == re.findall(cells, before) == ["1"]  # the stored rows, as before


def test_a_refused_bundle_still_reads_fehler(world) -> None:  # type: ignore[no-untyped-def]
    """The agent's bundle refused for the Mandant: "Fehler", as before (its data may be missing)."""
    world.know(world.b, "M8")
    agent = Principal("agent", world.b.agent_id, world.b.office_id)
    head = mc.REFUSAL_BUNDLE(bundle_id="b-1", cause="Prüfsumme passt nicht")
    record_refusal(world.store, agent, ["M8"], None, head, (), world.clock)
    world.client.post("/login", data={"token": world.b.advisor_token})
    assert _status(_row(world.client.get("/").text, "M8")) == ["Fehler"]
