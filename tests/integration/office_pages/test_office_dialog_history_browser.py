"""The export dialog in headless Chromium: after going back in the browser's history the interval
shows the stored choice, not one chosen and left unsaved (Chromium restores a select's state unless
it says ``autocomplete="off"``, as the dialog's text fields do)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from syncsystem.clock import SimulatedClock
from syncsystem.transfer.config import parse_job, to_mapping
from syncsystem.transfer.secrets import SecretBox
from syncsystem.transfer.store import TransferStore

pytestmark = pytest.mark.browser


def _store_daily_job(state: Path, folder: Path, clock: SimulatedClock) -> None:
    """A folder-to-folder job running daily at 06:30, stored as `transfer add` would."""
    (folder / "quelle").mkdir()
    (folder / "ziel").mkdir()
    data = {
        "name": "taeglich",
        "source": {"kind": "folder", "dir": str(folder / "quelle")},
        "target": {"protocol": "folder", "directory": str(folder / "ziel")},
        "execution": {"mandanten": ["100"]},
        "schedule": {"interval": "daily", "at": "06:30"},
    }
    with TransferStore.open(state) as store:
        job = parse_job(data, SecretBox.for_state(state, use_keyring=False).seal, clock.tz, saving=True)
        store.add_job("taeglich", to_mapping(job), clock.now(), replace=False)


def test_going_back_shows_the_stored_interval_not_an_unsaved_choice(
    pages: Any, tmp_path: Path, sim_clock: SimulatedClock
) -> None:
    """Stored „Täglich“, „Alle x Minuten“ chosen but not saved, away and back: „Täglich“ is shown."""
    _store_daily_job(pages.state, tmp_path, sim_clock)
    page = pages.page_as("bernd")
    page.goto(pages.url + "/buchhaltungsexport/taeglich")
    interval = page.locator("#schedule-interval")
    assert interval.locator("option:checked").inner_text() == "Täglich"
    interval.select_option(label="Alle x Minuten")
    page.get_by_role("link", name="Zur Liste").click()
    assert page.locator("h1").inner_text() == "Automatischer Buchhaltungsexport"
    page.go_back()
    assert page.locator("h1").inner_text() == "Schnittstelle taeglich"
    assert interval.locator("option:checked").inner_text() == "Täglich"
