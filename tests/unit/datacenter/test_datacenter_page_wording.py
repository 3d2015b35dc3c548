"""The advisor page's Austrian formatting, German problem wording, header and empty states."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from syncsystem import bmd
from syncsystem.clock import DEFAULT_TZ
from syncsystem.datacenter import refusals, wording
from syncsystem.datacenter.refusals import problem_view
from syncsystem.errors import DataError, Problem
from syncsystem.messages import codes as mc


def test_numbers_sizes_and_durations_in_austrian_format() -> None:
    """Counts group thousands with '.', sizes use a decimal comma, unknown values show a dash."""
    assert [wording.count(v) for v in (7, 1110, 1234567, None)] == ["7", "1.110", "1.234.567", "–"]
    assert [wording.size(v) for v in (850, 107520, 5 * 1024 * 1024 + 1, None)] == [
        "850 B",
        "105,0 KB",
        "5,0 MB",
        "–",
    ]
    assert [wording.duration(v) for v in (2, 65, 7380, None)] == ["2 s", "1 min 5 s", "2 h 3 min", "–"]
    assert wording.size(1_294_467_072) == "1.234,5 MB"  # 1234.5 MiB: dot groups, comma decimal


def test_counts_and_sizes_in_english_for_the_demo() -> None:
    """The demo's English text: comma groups, point decimal (1234.5 MiB = 1,294,467,072 bytes)."""
    assert [wording.count(v, "en") for v in (7, 1110, 1234567, None)] == ["7", "1,110", "1,234,567", "–"]
    sizes = [wording.size(v, "en") for v in (850, 107520, 1_294_467_072)]
    assert sizes == ["850 B", "105.0 KB", "1,234.5 MB"]


def test_moments_in_vienna_time_with_mez_and_mesz() -> None:
    """Stored UTC instants are shown in local time; the zone is named MEZ in winter, MESZ in summer."""
    assert wording.moment("2026-03-02T07:00:00+00:00", DEFAULT_TZ) == "02.03.2026 08:00"
    assert wording.moment(None, DEFAULT_TZ) == "noch nie"
    assert wording.zone_name(datetime(2026, 1, 5, tzinfo=UTC), DEFAULT_TZ) == "MEZ"
    assert wording.zone_name(datetime(2026, 7, 5, tzinfo=UTC), DEFAULT_TZ) == "MESZ"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("zwoelf", "keine Zahl: 'zwoelf'"),
        ("", "Pflichtfeld ist leer"),
        ("1.5", "Dezimaltrennzeichen muss ',' sein, nicht '.': '1.5'"),
    ],
)
def test_real_bmd_problems_read_in_german(cell: str, expected: str) -> None:
    """Problems that syncsystem.bmd reports for a bad cell keep their location and read in German."""
    header = "satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;betrag;text"
    data = f"{header}\n0;2800;9800;1;01.04.2026;EB;1;{cell};Eröffnung\n".encode("cp1252")
    with pytest.raises(DataError) as caught:
        bmd.read(data, name="M1/buchungen.csv", strict=True)
    views = [problem_view(p) for p in caught.value.problems if p.field == "betrag"]
    assert [(v.where, v.message) for v in views] == [("M1/buchungen.csv:2:betrag", expected)]


def test_stored_refusal_reads_in_german_from_its_codes_and_old_rows_keep_their_text() -> None:
    """A refusal is stored as German words and as codes; the page renders the codes in German even
    when the process speaks English, and a row stored before codes existed shows its text unchanged."""
    problems = [
        Problem.of("M1/a b.csv", 2, "betrag", mc.CELL_NOT_NUMBER(cell="x")),
        Problem.of("M1/a b.csv", 3, "belegdatum", mc.CELL_NO_SUCH_DATE(cell="31.02.2026")),
        *(Problem.of(f"M1/c{i}.csv", 0, "", mc.FILE_EMPTY()) for i in range(refusals.LISTED + 2)),
    ]
    head = mc.REFUSAL_MANUAL(cause=mc.INGEST_INVALID_DATA())
    words, detail = refusals.stored(head, problems)
    assert words.startswith(
        "Manueller Import abgewiesen: ungültige BMD-Daten: M1/a b.csv:2:betrag: keine Zahl: 'x'; "
        "M1/a b.csv:3:belegdatum: dieses Datum gibt es nicht: '31.02.2026'; M1/c0.csv: Datei ist leer; "
    )
    assert words.endswith("M1/c17.csv: Datei ist leer … und 4 weitere")
    assert refusals.shown("old words", detail) == words
    old = "Manueller Import abgewiesen: invalid BMD data: M1/a.csv:2:betrag: not a number: 'x'"
    assert refusals.shown(old, None) == old
    assert refusals.shown(old, '{"code": "no.longer.known"}') == old
    assert problem_view(Problem.of("M1/x.csv", 0, "", mc.FILE_EMPTY())).where == "M1/x.csv"


def test_page_header_and_empty_states(world) -> None:  # type: ignore[no-untyped-def]
    """A new office's page names the office and advisor and says there are no Mandanten or requests yet."""
    world.client.post("/login", data={"token": world.b.advisor_token})
    page = world.client.get("/").text
    assert '<h1 id="kanzlei">Kanzlei-B</h1>' in page and "Mag. Huber" in page
    assert 'lang="de"' in page and "Noch keine Mandanten." in page and "Noch keine Anforderungen." in page
    refused = world.client.post("/sync", data={"mode": "full"})
    assert refused.status_code == 400 and "Bitte mindestens einen Mandanten auswählen" in refused.text


def _broken_files() -> dict[str, bytes]:
    """Files carrying the kinds of problem advisors meet most, as `syncsystem.bmd` words them."""
    bookings = (
        "satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;prozent;steuercode;betrag;steuer;text\r\n"
        "0;200001;4000;A-1;02.03.2026;AR;1;20;1;zwoelf;-20,00;Rechnung\r\n"
        "0;200001;4000;A-2;31.02.2026;AR;1;20;1;120,00;-20,00;Rechnung\r\n"
        "0;200001;4000;A-3;02.03.2026;AR;3;20;1;120,00;-20,00;Rechnung\r\n"
        "0;200001;4000;A-4;02.03.2026;AR;1;20;1;120,005;-20,00;Rechnung\r\n"
        "0;200001;4000;A-5;02.03.2026;AR;1;20;1;120,00;-25,00;Rechnung\r\n"
        "0;200001;4000;;02.03.2026;AR;1;20;1;120,00;-20,00;Rechnung\r\n"
        "0;200001;4000;A-7;02.03.2026\r\n"
    )
    persons = (
        "konto;nachname;uidnummer;iban\r\n"
        "200001;Huber KG;ATU12345678;AT611904300234573201\r\n"
        "200002;Gruber GmbH;ATU13585627;AT611904300234573202\r\n"
    )
    return {"buchungen.csv": bookings.encode("cp1252"), "personenkonten.csv": persons.encode("cp1252")}


def test_every_common_bmd_problem_has_a_german_wording() -> None:
    """Each problem the format library reports for typical broken files reads German on the page."""
    problems = [p for name, data in _broken_files().items() for p in bmd.read(data, name=name).problems]
    assert len({p.code for p in problems}) >= 8, problems  # the corpus really exercises the library
    same = sorted(p.text_in("en") for p in problems if problem_view(p).message == p.text_in("en"))
    assert same == []
    assert "Steuer -25,00 passt nicht zu 20 % vom Bruttobetrag 120,00 (erwartet 20,00 ±0,01 im Betrag)" in {
        problem_view(p).message for p in problems
    }


def test_a_refused_import_reads_in_german_on_the_page_also_after_reload(world) -> None:  # type: ignore[no-untyped-def]
    """The refusal is shown German right away and, stored with its codes, again on the next visit —
    although this process renders its own messages in English (the tests' default)."""
    world.client.post("/login", data={"token": world.b.advisor_token})
    good = (
        b"satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;betrag;text\r\n"
        b"0;2800;9800;1;02.03.2026;EB;1;10,00;Er\r\n"
    )
    first = world.client.post("/upload", data={"mandant": "M7"}, files={"files": ("b.csv", good)})
    assert first.status_code == 200
    bad = (
        b"satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;betrag;text\r\n"
        b"0;2800;9800;1;31.02.2026;EB;1;zwoelf;Er\r\n"
    )
    answer = world.client.post("/upload", data={"mandant": "M7"}, files={"files": ("buchungen.csv", bad)})
    assert answer.status_code == 422
    assert "M7/buchungen.csv:2:betrag" in answer.text and "keine Zahl: &#39;zwoelf&#39;" in answer.text
    page = world.client.get("/").text
    assert (
        "Manueller Import abgewiesen: ungültige BMD-Daten: "
        "M7/buchungen.csv:2:belegdatum: dieses Datum gibt es nicht: &#39;31.02.2026&#39;; "
        "M7/buchungen.csv:2:betrag: keine Zahl: &#39;zwoelf&#39;"
    ) in page
    assert "not a number" not in page


def test_a_refusal_with_one_problem_starts_its_count_with_a_capital(world) -> None:  # type: ignore[no-untyped-def]
    """After "… es wurde nichts gespeichert." the single problem's count starts a sentence: "Ein"."""
    world.client.post("/login", data={"token": world.b.advisor_token})
    bad = (
        b"satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;betrag;text\r\n"
        b"0;2800;9800;1;02.03.2026;EB;1;zwoelf;Er\r\n"
    )
    answer = world.client.post("/upload", data={"mandant": "M7"}, files={"files": ("buchungen.csv", bad)})
    assert answer.status_code == 422
    expected = "Import für Mandant M7 abgewiesen – es wurde nichts gespeichert. Ein Problem gefunden:"
    assert expected in answer.text


def test_a_file_of_no_bmd_kind_is_refused_without_a_command_line_option(world) -> None:  # type: ignore[no-untyped-def]
    """The page cannot take --kind: a header of no BMD kind asks for the file as BMD exports it,
    in the list and in the Mandant's row after reload."""
    world.client.post("/login", data={"token": world.b.advisor_token})
    good = (
        b"satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;betrag;text\r\n"
        b"0;2800;9800;1;02.03.2026;EB;1;10,00;Er\r\n"
    )
    first = world.client.post("/upload", data={"mandant": "M7"}, files={"files": ("b.csv", good)})
    assert first.status_code == 200
    bad = b"konto;betrag\r\n1;x\r\n"
    answer = world.client.post("/upload", data={"mandant": "M7"}, files={"files": ("liste.csv", bad)})
    assert answer.status_code == 422
    said = (
        "Kopfzeile passt zu keiner BMD-Dateiart: &#39;konto;betrag&#39; – bitte die Datei so hochladen, "
        "wie BMD sie exportiert (mit ihrer Kopfzeile)"
    )
    assert said in answer.text and "--kind" not in answer.text
    page = world.client.get("/").text
    assert f"M7/liste.csv:1: {said}" in page and "--kind" not in page
