"""`syncsystem demo --keep-running`: simulated time keeps moving (paced against a fake real clock),
the one-time login link opens the page over plain HTTP once, the page shows the simulated time,
and "Jetzt aktualisieren" during the demo ends "eingespielt"; ``--days 14`` says "14 Tage", not "Woche"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from syncsystem.demo.live_demo import LIVE_SETTINGS, SPEED, keep_running, login_link
from syncsystem.demo.week import DemoOptions, DemoWorld, Event, span_name


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DemoWorld, list[Event]]]:
    events: list[Event] = []
    options = DemoOptions(monday=date(2026, 12, 7), mandanten=2, days=2)  # Mo 07.12.–Di 08.12.2026
    folder = tmp_path_factory.mktemp("live-demo")
    with DemoWorld(folder, options, events.append, settings=LIVE_SETTINGS) as made:
        made.play()
        yield made, events


def _advance(world: DemoWorld, real_seconds: float, step: float = 0.5) -> None:
    """Run `keep_running` for ``real_seconds`` of a fake real clock, in steps of ``step``."""
    now = [0.0]
    steps = iter(range(int(real_seconds / step)))

    def sleep(seconds: float) -> None:
        now[0] += seconds

    keep_running(
        world, step=step, running=lambda: next(steps, None) is not None, monotonic=lambda: now[0], sleep=sleep
    )


def test_time_keeps_moving_one_working_hour_in_ten_seconds(world) -> None:  # type: ignore[no-untyped-def]
    demo, events = world
    before, seen = demo.clock.now(), len(events)
    _advance(demo, 20.0)
    moved = demo.clock.now() - before
    assert SPEED == 360 and timedelta(hours=1, minutes=50) <= moved <= timedelta(hours=2, minutes=10)
    assert any(e.kind == "poll" for e in events[seen:])  # the agent goes on polling: the timeline goes on


def test_login_link_works_once_and_jetzt_aktualisieren_ends_eingespielt(world) -> None:  # type: ignore[no-untyped-def]
    demo, _ = world
    link = login_link(demo)
    assert link.startswith("http://127.0.0.1:")  # plain HTTP on loopback: no certificate warning
    assert demo.datacenter.url.startswith("https://")  # the agent stays on TLS
    with httpx.Client() as browser:
        page = browser.get(link, follow_redirects=True)
        assert page.status_code == 200 and "Abmelden" in page.text
        assert "Simulierte Zeit: Mi 09.12.2026" in page.text or "Simulierte Zeit: Di 08.12.2026" in page.text
        base = demo.datacenter.page_url
        clicked = browser.post(
            base + "/sync",
            data={"jetzt": demo.office.mandanten[0]},
            headers={"Origin": base},
            follow_redirects=False,
        )
        request_id = parse_qs(urlsplit(clicked.headers["location"]).query)["anforderung"][0]
        for _ in range(40):  # the page asks once a second; simulated time moves meanwhile
            _advance(demo, 1.0)
            view = browser.get(f"{base}/live/{request_id}").json()
            if view["done"]:
                break
        assert view["state_de"] == "eingespielt", view
        took = r"(\d+ h \d+ min|(\d+ min )?\d+ s)"
        assert re.fullmatch(r"[\d.]+ Transaktionen geholt in " + took, view["summary"])
    with httpx.Client() as other:
        again = other.get(link, follow_redirects=True)
        assert "Dieser Anmeldelink wurde schon benutzt" in again.text  # one time only


def test_days_off_after_the_played_days_are_scheduled_once(world) -> None:  # type: ignore[no-untyped-def]
    demo, events = world
    said = [e.text for e in events if e.kind == "no_nightly"]
    assert said == ["Mariä Empfängnis: kein Arbeitstag — keine nächtliche Synchronisierung"]  # Di 08.12.
    _advance(demo, 0.5)  # a second start of keep_running must not schedule the days off twice
    _advance(demo, 24 * 3600 * 5 / SPEED, step=10.0)  # five simulated days: past Sa 12.12. and So 13.12.
    said = [e.text for e in events if e.kind == "no_nightly"]
    assert said.count("Samstag: kein Arbeitstag — keine nächtliche Synchronisierung") == 1, said
    assert said.count("Sonntag: kein Arbeitstag — keine nächtliche Synchronisierung") == 1, said


@pytest.mark.parametrize(("days", "name"), [(7, "Woche"), (14, "14 Tage"), (1, "1 Tag"), (3, "3 Tage")])
def test_span_names(days: int, name: str) -> None:
    assert span_name(days) == name


def test_fourteen_days_do_not_say_woche(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("demo", "--mandanten", "1", "--days", "14", "--start", "2026-12-14")
    assert result.exit_code == 0, result.stdout[-2000:]
    assert "Woche" not in result.stdout and "Ende der simulierten 14 Tage" in result.stdout
    assert "Christtag: kein Arbeitstag" in result.stdout and "Stefanitag: kein Arbeitstag" in result.stdout
    assert "Freitag, 18.12.2026" in result.stdout


def test_fast_polls_fold_into_their_own_words() -> None:
    from datetime import datetime  # noqa: PLC0415

    from syncsystem.clock import DEFAULT_TZ  # noqa: PLC0415
    from syncsystem.demo.timeline import Grouper  # noqa: PLC0415

    start = datetime(2026, 12, 9, 10, 0, tzinfo=DEFAULT_TZ)
    for gap, words in (
        (timedelta(minutes=2), "3 Abfragen in kurzem Takt (Beraterseite offen), nichts angefordert"),
        (timedelta(minutes=30), "3 Abfragen im 30-Minuten-Takt, nichts angefordert"),
    ):
        grouper = Grouper()
        for n in range(3):
            assert grouper.feed(Event(start + n * gap, "poll", "", {"requests": []})) == []
        assert [line.text for line in grouper.finish()] == [words]


@pytest.mark.browser
def test_the_living_demo_in_chromium(world, browser, screenshot) -> None:  # type: ignore[no-untyped-def]
    """The printed link opens the page (plain HTTP, no certificate warning), the simulated time moves
    on the page, and "Jetzt aktualisieren" shows the live log until "eingespielt" — the demo's clock
    runs at 360× real time, and while it "sleeps" between its steps the browser works."""
    demo, _ = world
    link = login_link(demo)
    context = browser.new_context(locale="de-AT")  # no ignore_https_errors: there is no certificate
    page = context.new_page()

    def run_until(condition: str, seconds: float = 60.0) -> None:
        """Keep the demo's time moving (in this thread: the agent's outbox is bound to it) until the
        page's ``condition`` holds."""
        steps = iter(range(int(seconds / 0.1)))
        keep_running(
            demo,
            running=lambda: next(steps, None) is not None and not page.evaluate(condition),
            sleep=lambda s: page.wait_for_timeout(s * 1000),
        )
        assert page.evaluate(condition), condition

    try:
        page.goto(link)
        first = page.inner_text("#simulierte-zeit")
        assert first.startswith("Simulierte Zeit: ")
        run_until(f"document.getElementById('simulierte-zeit').textContent !== {first!r}")
        page.click(f"#mandanten tr[data-mandant='{demo.office.mandanten[-1]}'] button.jetzt")
        page.wait_for_selector("#live-log li")
        run_until("document.getElementById('live-status').textContent.length > 0")
        assert page.inner_text("#live-zustand") == "eingespielt"
        assert " Transaktionen geholt in " in page.inner_text("#live-status")
        screenshot(page, "vorfuehrung-live-protokoll")
    finally:
        context.close()


def test_keep_running_prints_the_one_time_link_once(
    cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``demo --keep-running`` names its one-time login link once: in the summary's last line, right
    above how the simulated time goes on (stopped here at once, as Strg-C would)."""
    import syncsystem.demo.live_demo as live  # noqa: PLC0415 - the module the command imports late

    def stop(world: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(live, "keep_running", stop)
    result = cli("demo", "--mandanten", "2", "--days", "1", "--keep-running", "--state", tmp_path / "demo")
    links = re.findall(r"http://127\.0\.0\.1:\d+/anmelden/\S+", result.stdout + result.stderr)
    assert len(links) == 1, result.stdout + result.stderr
    last = result.stdout.rstrip("\n").splitlines()[-1]
    assert re.fullmatch(r"In \d+,\d s gespielt\. Beraterseite \(einmaliger Anmeldelink\): \S+", last), last
    assert result.stderr.startswith("Die simulierte Zeit läuft weiter: eine Arbeitsstunde in zehn Sekunden;")
    assert result.stderr.rstrip("\n").endswith("Beendet.")
