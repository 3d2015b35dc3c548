"""Driver for the source-system features: a small invoice store ⇄ the BMD emulator, via the real CLI.

The source system works in its export folder through ``syncsystem interfaces debtors …`` (JSON
input, as a real source system would call it); closed files are imported into the BMD emulator in
the order their manifest names; BMD works on in simulated days (``advance_to``) and exports per
Mandant; the exported ``auszifferungen.csv`` / ``op-liste.csv`` go through
``syncsystem clearing import`` into a SQLite clearing store. Everything runs in process except
where a scenario asks for separate processes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from emulators.bmd import BmdError, Office

from syncsystem import bmd
from syncsystem.bmd.records import Clearing
from syncsystem.clearing.store import ClearingStore
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.interfaces.closing import ClosedSet, closed_sets

START = date(2026, 3, 2)


@dataclass
class LoopDriver:
    """The source system, BMD and the clearing store of one scenario."""

    tmp: Path
    clock: SimulatedClock
    cli: Any
    office: Office
    quelle: Path
    db: str
    debtors: dict[str, int] = field(default_factory=dict)
    last: Any = None
    exports: list[Path] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)
    refused: str = ""
    candidates: list[str] = field(default_factory=list)
    chosen: str = ""
    imported: set[tuple[str, str]] = field(default_factory=set)

    # -- source system -------------------------------------------------------------------------

    def run(self, *argv: str, ok: bool = True) -> Any:
        self.last = self.cli(*argv)
        if ok:
            assert self.last.exit_code == 0, (argv, self.last.stdout, self.last.stderr)
        return self.last

    def settings(self, *options: str) -> None:
        self.run("interfaces", "settings", "--dir", self.quelle, *options)

    def create_debtor(self, name: str) -> int:
        path = self.tmp / "debtor.json"
        path.write_text(
            json.dumps([{"nachname": name, "ort": "Wien", "land": "AT", "sammelkonto": 2000}]),
            encoding="utf-8",
        )
        out = self.run("interfaces", "debtors", "create", "--dir", self.quelle, "--input", path, "--json")
        konto = int(json.loads(out.stdout)[0]["konto"])
        self.debtors[name] = konto
        return konto

    def book(self, mandant: str, nr: str, gross: str, day: date, debtor: str, ok: bool = True) -> Any:
        path = self.tmp / f"invoice-{nr}.json"
        path.write_text(
            json.dumps(
                [
                    {
                        "rechnungsnr": nr,
                        "datum": day.isoformat(),
                        "debitor": self.debtors[debtor],
                        "mandant": mandant,
                        "lines": [{"konto": 4000, "brutto": gross, "mwst": "1 (20)"}],
                    }
                ]
            ),
            encoding="utf-8",
        )
        return self.run(
            "interfaces", "debtors", "book", "--dir", self.quelle, "--input", path, "--db", self.db, ok=ok
        )

    def close(self) -> dict[str, Any]:
        return json.loads(self.run("interfaces", "debtors", "close", "--dir", self.quelle, "--json").stdout)

    def closed(self) -> list[ClosedSet]:
        return closed_sets(self.quelle)

    # -- BMD ------------------------------------------------------------------------------------

    def import_into_bmd(self, mandant: str, files: list[Path]) -> None:
        """Import ``files`` in the given order; remember BMD's refusal text if it refuses one."""
        self.refused = ""
        for path in files:
            try:
                self.office.import_file(mandant, path)
            except BmdError as exc:  # refused imports: nothing was taken over
                self.refused = str(exc)
                return

    def import_closed_in_order(self, mandant: str) -> None:
        """Import every close not yet imported into ``mandant``, in the order of the closes."""
        for closed in self.closed():
            if (closed.stamp, mandant) in self.imported:
                continue
            self.imported.add((closed.stamp, mandant))
            self.import_into_bmd(
                mandant, [p for p in closed.files if p.name.endswith(("Stammdaten.csv", f"_{mandant}.csv"))]
            )
            assert not self.refused, self.refused

    def import_records(self, mandant: str, name: str, records: list[Any], kind: bmd.Kind) -> None:
        """Write ``records`` as BMD writes an import file and import it into ``mandant``."""
        path = self.tmp / name
        bmd.write(records, path, kind)
        self.import_into_bmd(mandant, [path])
        assert not self.refused, self.refused

    def invoices(self, mandant: str) -> list[dict[str, Any]]:
        """`syncsystem clearing invoices --json` of ``mandant``."""
        out = self.run("clearing", "invoices", "--db", self.db, "--mandant", mandant, "--json")
        return json.loads(out.stdout)  # type: ignore[no-any-return]

    def advance(self, day: date) -> None:
        self.office.advance_to(datetime.combine(day, datetime.min.time(), DEFAULT_TZ).replace(hour=20))

    def export(self, mandant: str) -> Path:
        out = self.tmp / f"export-{len(self.exports) + 1}"
        self.office.export(out, mandanten=[mandant])
        self.exports.append(out / mandant)
        return out / mandant

    def clearings_in(self, folder: Path, nr: str) -> list[Clearing]:
        result = bmd.read(folder / "auszifferungen.csv", bmd.Kind.CLEARINGS)
        return [c for c in result.records if isinstance(c, Clearing) and c.rechnungsnr == nr]

    def find_partial(self, mandant: str, numbers: list[str], until: date) -> tuple[str, date]:
        """Which of ``numbers`` BMD pays in parts by ``until``, and the day of its first payment.

        The emulator is deterministic for a seed, so a probe office fed the same files shows what
        this office will do; the scenario then stops time right after that first payment.
        """
        probe = Office.create(self.tmp / "probe", seed=7, mandanten=2, profile="small", start=START)
        for closed in self.closed():
            for path in closed.files:
                if path.name.endswith(("Stammdaten.csv", f"_{mandant}.csv")):
                    probe.import_file(mandant, path)
        probe.advance_to(datetime.combine(until, datetime.min.time(), DEFAULT_TZ).replace(hour=20))
        probe.export(self.tmp / "probe-export", mandanten=[mandant])
        folder = self.tmp / "probe-export" / mandant
        for nr in numbers:
            rows = sorted(self.clearings_in(folder, nr), key=lambda c: c.datum)
            if len({c.datum for c in rows}) >= 2:
                return nr, rows[0].datum
        pytest.fail(f"premise: BMD paid none of {numbers} in parts by {until}")

    # -- clearing -------------------------------------------------------------------------------

    def import_clearings(self, *files: Path, mandant: str | None = None) -> dict[str, Any]:
        extra = ["--mandant", mandant] if mandant else []
        out = self.run("clearing", "import", *files, "--db", self.db, "--json", *extra, ok=False)
        assert out.exit_code in (0, 1), out.stderr
        report = json.loads(out.stdout)
        self.reports.append(report)
        return report

    def import_in_processes(self, *files: Path) -> list[int]:
        """Run one ``syncsystem clearing import`` process per file, all at the same time."""
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "syncsystem.cli",
                    "clearing",
                    "import",
                    str(f),
                    "--db",
                    self.db,
                    "--json",
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for f in files
        ]
        codes = []
        for proc in procs:
            out, _err = proc.communicate(timeout=120)
            self.reports.append(json.loads(out))
            codes.append(proc.returncode)
        return codes

    def payments(self, mandant: str, nr: str) -> list[dict[str, Any]]:
        with ClearingStore.open(self.db) as store:
            return store.payments_of(mandant, nr)

    def invoice(self, mandant: str, nr: str) -> Any:
        with ClearingStore.open(self.db) as store:
            return store.invoice(mandant, nr)

    def bmd_open_items(self, folder: Path) -> dict[str, Decimal]:
        result = bmd.read(folder / "op-liste.csv", bmd.Kind.OPENITEMS)
        return {
            r.rechnungsnr: r.offener_betrag
            for r in result.records  # type: ignore[union-attr]
        }


@pytest.fixture
def loop(tmp_path: Path, sim_clock: SimulatedClock, cli: Any) -> Iterator[LoopDriver]:
    """A fresh BMD office (2 Mandanten, deterministic seed), source folder and clearing store."""
    office = Office.create(tmp_path / "office", seed=7, mandanten=2, profile="small", start=START)
    quelle = tmp_path / "quelle"
    quelle.mkdir()
    yield LoopDriver(tmp_path, sim_clock, cli, office, quelle, f"sqlite:///{tmp_path / 'clearing.sqlite'}")
