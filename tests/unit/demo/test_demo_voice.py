"""The demo speaks German to Austrian offices and English under ``--lang en``; the expected words
below are written by hand."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from syncsystem.clock import DEFAULT_TZ
from syncsystem.demo.timeline import Grouper
from syncsystem.demo.week import Event, span_name

START = datetime(2026, 12, 9, 10, 0, tzinfo=DEFAULT_TZ)


@pytest.mark.parametrize(
    ("lang", "polls", "outage"),
    [
        (
            "de",
            "3 Abfragen im 30-Minuten-Takt, nichts angefordert",
            "3 Abfragen gescheitert (Verbindung abgewiesen); der Agent wartet zunehmend länger: 1, 2 min "
            "(höchstens 30); 1 Bündel wartet im Postausgang",
        ),
        (
            "en",
            "3 polls every 30 minutes, nothing requested",
            "3 polls failed (connection refused); the agent waits longer each time: 1, 2 min (at most 30); "
            "1 bundle(s) waiting in the outbox",
        ),
    ],
)
def test_folded_lines_in_german_and_english(lang: str, polls: str, outage: str) -> None:
    grouper, lines = Grouper(lang=lang), []
    for n in range(3):
        lines += grouper.feed(Event(START + n * timedelta(minutes=30), "poll", "", {"requests": []}))
    for minutes in (0, 1, 3):
        lines += grouper.feed(
            Event(START + timedelta(hours=5, minutes=minutes), "poll_failed", "refused", {})
        )
    lines += grouper.feed(
        Event(START + timedelta(hours=5, minutes=4), "upload_failed", "", {"bundle_id": "b-1"})
    )
    assert [line.text for line in [*lines, *grouper.finish()]] == [polls, outage]


def test_span_names_in_english() -> None:
    assert [span_name(d, "en") for d in (7, 1, 14)] == ["week", "1 day", "14 days"]


def test_the_demo_day_in_english(cli: Any) -> None:
    """One day with ``--lang en``: the story, the table, the claims and the verdict speak English."""
    result = cli("--lang", "en", "demo", "--mandanten", "1", "--days", "1")
    assert result.exit_code == 0, result.stdout[-2000:]
    text = result.stdout
    for phrase in (
        "Datacenter runs on https://",
        "polls every 30 minutes, nothing requested",
        "requests data at the datacenter: Mandanten 1001",
        "picked up by the agent",
        "Nightly sync for Mon ",
        "State at the datacenter (as the tax advisor sees it)",
        "Every bundle imported exactly once — ",
        "End of the simulated day",
        "Everything arrived, exactly once.",
    ):
        assert phrase in text, phrase
    for german in ("Rechenzentrum", "Abfragen", "Bündel", "angekommen"):
        assert german not in text, german


def test_the_outage_claim_reads_as_written_in_both_languages() -> None:
    """One bundle waited: German "Bündel" is both numbers, English says "bundle(s)", never "1 bundles"."""
    from syncsystem.messages import codes as mc  # noqa: PLC0415

    detail = mc.DEMO_DETAIL_OUTAGE(begin="02.12. 19:00", end="03.12. 01:00", failed=16, waited=1)
    assert detail.text("de") == (
        "02.12. 19:00–03.12. 01:00: 16 Abfragen gescheitert, 1 Bündel im Postausgang gewartet und "
        "später angekommen"
    )
    assert detail.text("en") == (
        "02.12. 19:00–03.12. 01:00: 16 poll(s) failed, 1 bundle(s) waited in the outbox and arrived later"
    )


# the closing summary of a hand-made week, in each language: (words that must be there, never there)
CLOSING = {
    "de": (
        ["In 9,0 s gespielt.", "1.234,5 MB", "1,5 min", "¹ Anteil an 105,0 KB verschlüsselten Bündeln"],
        ["9.0 s", "1,234.5", "1.5 min", "105.0 KB"],
    ),
    "en": (
        ["Played in 9.0 s.", "1,234.5 MB", "1.5 min", "¹ share of 105.0 KB of encrypted bundles"],
        ["9,0 s", "1.234,5", "1,5 min", "105,0 KB"],
    ),
}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_closing_summary_writes_numbers_in_its_language(lang: str) -> None:
    """9.04 s played, 1,294,467,072 bytes (1234.5 MiB) on the wire for one Mandant, 90 s of export
    (1.5 min), 107,520 bytes (105.0 KiB) in all: German decimal comma and dot groups, English the
    other way round."""
    import io  # noqa: PLC0415

    from rich.console import Console  # noqa: PLC0415

    from syncsystem.demo.timeline import print_summary  # noqa: PLC0415

    mandant = {
        "mandant": "1001",
        "last_updated": None,
        "rows_fetched_last": 12,
        "rows_week": 40,
        "bookings_in_datacenter": 40,
        "bytes_on_wire_share": 1_294_467_072,
        "export_seconds": 90.0,
    }
    summary = {
        "mandanten": [mandant],
        "bytes_on_wire": 107_520,
        "claims": [],
        "ok": True,
        "advisor_url": "https://127.0.0.1:8443",
    }
    out = io.StringIO()
    print_summary(Console(file=out, width=200, color_system=None), summary, wall_seconds=9.04, lang=lang)
    said, never = CLOSING[lang]
    text = out.getvalue()
    for words in said:
        assert words in text, words
    for words in never:
        assert words not in text, words


@pytest.mark.parametrize(
    ("start", "said"),
    [
        ("2026-03-03", "syncsystem: --start 2026-03-03: die Demo-Woche beginnt an einem Montag"),
        ("03.03.2026", "syncsystem: --start 03.03.2026: Datum JJJJ-MM-TT erwartet"),
    ],
)
def test_a_wrong_start_is_one_german_sentence(cli: Any, start: str, said: str) -> None:
    """Not a Monday, or not a date: the German sentence and exit 2 — not argparse's English
    ("invalid _monday value") naming a private function."""
    result = cli("demo", "--start", start)
    assert (result.exit_code, result.stderr.strip()) == (2, said)
