"""The bundles `datacenter_ingest` measures with, and how a window of them is timed.

Bundles come from the BMD emulator's kontool Mandanten (`kontool_exports`), sealed on demand by
`Bundles` (sealing is the agent's work, not measured); `setup` enrols the agent they come from;
`timed` runs one piece of work over them for a window; `convert` parses and prepares them beforehand
for the baselines, which store rows without parsing them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from emulators.bmd import Office

from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.ingest import parse_files, prepare_files
from syncsystem.datacenter.keys import ensure_keys
from syncsystem.datacenter.store import tenancy
from syncsystem.datacenter.store.engine import Store
from syncsystem.protocol.bundle import FileEntry, Manifest, ManifestEntry, file_key, open_bundle, seal

__all__ = ["Bundles", "Export", "Work", "convert", "kontool_exports", "setup", "timed"]

Export = tuple[int | None, int, list[tuple[str, str, int, bytes]]]
Work = Callable[[str, bytes], None]  # one bundle (id, sealed bytes) handled


def kontool_exports(tmp: Path) -> list[Export]:
    office = Office.create(tmp / "bmd", seed=7, mandanten=10, profile="kontool", start=date(2026, 3, 2))
    out = []
    for nr in office.mandanten:
        directory = tmp / "export" / nr
        done = office.export(directory, mandanten=[nr], flat=True)[nr]
        files = [(f.name, f.kind.value, f.rows, (directory / f.name).read_bytes()) for f in done.files]
        out.append((done.cursor_from, done.cursor_to, files))
    return out


class Bundles:
    """Sealed bundles made on demand (sealing is the agent's work, not measured here)."""

    def __init__(self, exports: list[Export], agent_id: str, public: bytes, prefix: str) -> None:
        self.exports, self.agent_id, self.public, self.prefix = exports, agent_id, public, prefix

    def make(self, i: int) -> tuple[str, bytes]:
        cursor_from, cursor_to, files = self.exports[i % len(self.exports)]
        mandant = f"M{i:06d}"
        entry = ManifestEntry(
            mandant, tuple(FileEntry.describe(n, k, r, d) for n, k, r, d in files), cursor_from, cursor_to
        )
        manifest = Manifest(
            f"{self.prefix}-{i:06d}", self.agent_id, datetime(2026, 3, 2, tzinfo=UTC), (entry,)
        )
        return manifest.bundle_id, seal(
            manifest, {file_key(mandant, n): d for n, _, _, d in files}, self.public
        )

    def batch(self, start: int, count: int) -> list[tuple[str, bytes]]:
        return [self.make(i) for i in range(start, start + count)]


def setup(store: Store, key_file: Path) -> tuple[Principal, str, bytes, bytes]:
    now = datetime.now(UTC)
    keys = ensure_keys(store, key_file)
    public, private = keys.public, keys.current
    with store.write() as conn:
        tenancy.create_office(conn, "kanzlei-bench", "Bench", now)
        enrolment = tenancy.enrol(
            conn, tenancy.create_enrolment_code(conn, "kanzlei-bench", now), "bench", now
        )
    assert private is not None
    return Principal("agent", enrolment.agent_id, "kanzlei-bench"), enrolment.token, public, private


def timed(bundles: list[tuple[str, bytes]], seconds: float, work: Work) -> tuple[int, float, float]:
    """Run ``work(bundle_id, data)`` over ``bundles`` until they or ``seconds`` run out: bundles done,
    wall-clock seconds and this process's CPU seconds."""
    start, cpu = time.perf_counter(), time.process_time()
    done = 0
    for bundle_id, data in bundles:
        work(bundle_id, data)
        done += 1
        if time.perf_counter() - start > seconds:
            break
    return done, time.perf_counter() - start, time.process_time() - cpu


def convert(bundles: list[tuple[str, bytes]], private: bytes, office_id: str) -> dict[str, tuple[str, list]]:
    """Each bundle's rows, parsed and prepared beforehand (what the baselines store)."""
    converted = {}
    for bundle_id, data in bundles:
        opened = open_bundle(data, private)
        m = opened.manifest.mandanten[0]
        parsed = parse_files(
            [(m.mandant, f.name, f.kind, opened.files[file_key(m.mandant, f.name)]) for f in m.files]
        )
        converted[bundle_id] = (m.mandant, prepare_files(parsed, office_id, bundle_id))
    return converted
