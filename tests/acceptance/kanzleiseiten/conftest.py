"""Driver for the scenarios of the office pages: the live app, a Chromium page, the source system
(through the real CLI), the clearing store and the BMD emulator that reads what the page closed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from emulators.bmd import BmdError
from emulators.bmd import Office as BmdOffice
from tests.office_live import login, make_office, serve

from syncsystem import bmd
from syncsystem.clock import SimulatedClock

START = date(2026, 3, 2)


@dataclass
class Kanzlei:
    """The office state, its served pages, one browser page, the source system and BMD."""

    tmp: Path
    url: str
    state: Path
    cli: Any
    browser: Any
    bmd_office: BmdOffice
    shot: Any
    page: Any = None
    debtors: dict[str, int] = field(default_factory=dict)
    upload: Path | None = None
    refused: str = ""

    @property
    def export_path(self) -> Path:
        return self.state / "export"  # the Ablageorte default: the pages and the CLI share it

    @property
    def db(self) -> str:
        return f"sqlite:///{self.state / 'syncsystem.sqlite'}"

    def run(self, *argv: str) -> Any:
        out = self.cli(*argv)
        assert out.exit_code == 0, (argv, out.stdout, out.stderr)
        return out

    def login(self, name: str) -> None:
        context = self.browser.new_context(locale="de-AT")
        self.page = context.new_page()
        login(self.page, self.url, name)

    def open(self, title: str) -> None:
        self.page.get_by_role("navigation").get_by_role("link", name=title).click()
        assert self.page.locator("h1").inner_text() == title

    def fetch(self, href: str, target: Path) -> Path:
        """Download ``href`` as the logged-in user (the page's own link)."""
        answer = self.page.request.get(self.url + href)
        assert answer.status == 200, (href, answer.status)
        target.write_bytes(answer.body())
        return target


@pytest.fixture
def kanzlei(
    tmp_path: Path, sim_clock: SimulatedClock, cli: Any, browser: Any, screenshot: Any
) -> Iterator[Kanzlei]:
    state = tmp_path / "state"
    office = make_office(state, sim_clock)
    (state / "export").mkdir(parents=True)
    bmd_office = BmdOffice.create(tmp_path / "bmd", seed=7, mandanten=2, profile="small", start=START)
    with serve(office) as url:
        driver = Kanzlei(tmp_path, url, state, cli, browser, bmd_office, screenshot)
        try:
            yield driver
        finally:
            if driver.page is not None:
                driver.page.context.close()


def write_json(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def import_into_bmd(k: Kanzlei, mandant: str, files: list[Path]) -> None:
    """Import ``files`` in the given order; keep BMD's refusal text."""
    k.refused = ""
    for path in files:
        try:
            k.bmd_office.import_file(mandant, path)
        except BmdError as exc:
            k.refused = str(exc)
            return


def open_items(k: Kanzlei, mandant: str) -> dict[str, Any]:
    out = k.tmp / "bmd-export"
    k.bmd_office.export(out, mandanten=[mandant])
    result = bmd.read(out / mandant / "op-liste.csv", bmd.Kind.OPENITEMS)
    return {r.rechnungsnr: r.offener_betrag for r in result.records}  # type: ignore[union-attr]
