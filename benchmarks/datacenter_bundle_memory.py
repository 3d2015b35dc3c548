"""Peak server memory for the largest bundle the datacenter accepts, and for a bomb it refuses.

A real `syncsystem datacenter serve` process (SQLite — or PostgreSQL with ``--postgres URL``, in a
scratch database dropped afterwards —, one worker, loopback HTTP) is started; after a
small warm-up upload (imports, caches) its idle RSS is the in-run baseline. Then, per run, the peak
is reset (``/proc/PID/clear_refs``) and one bundle is uploaded; the server's peak RSS (``VmHWM``)
minus its idle RSS is what that bundle cost. Bundles:

* *largest accepted*: the default `Limits` exactly — ``max_rows_per_file`` bookings in one file plus
  the rest of ``max_rows_per_bundle`` in a second (distinct, realistic lines, ~95 bytes each);
* *bomb*: a few KiB sealed that would inflate to 4 × ``max_decompressed_bytes`` of bookings lines —
  refused with 413 while streaming.

Printed per bundle: sealed and inflated size, rows, the median of ``--runs`` (≥ 3) of the peak RSS
over idle and its ratio to the inflated size, and the growth during the upload itself (peak minus
the RSS just before — freed memory is not always returned to the OS); machine load at start and end.

    python benchmarks/datacenter_bundle_memory.py [--runs 3] [--rows N] [--postgres URL]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import struct
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import httpx
import zstandard

from _peak_server import start_server
from datacenter_ingest import scratch_database
from syncsystem import bmd
from syncsystem.datacenter.keys import ensure_keys
from syncsystem.datacenter.store import tenancy
from syncsystem.datacenter.store.engine import Store
from syncsystem.protocol import bundle as b
from syncsystem.protocol.bundle import FileEntry, Limits, Manifest, ManifestEntry, file_key, seal

MIB = 1 << 20


def bookings_csv(rows: int, start: int) -> bytes:
    """``rows`` valid, distinct booking lines (written by `syncsystem.bmd`, 100,000 at a time)."""
    parts = []
    for first in range(start, start + rows, 100_000):
        chunk = [
            bmd.Booking(
                konto=200000 + i % 5000,
                gkonto=4000 + i % 50,
                belegnr=f"R{i}",
                belegdatum=date(2026, 1 + i % 12, 1 + i % 28),
                buchcode=bmd.Buchcode.SOLL,
                betrag=Decimal(120 + i % 1000),
                buchsymbol="AR",
                prozent=Decimal("20"),
                steuercode=1,
                steuer=-(Decimal(120 + i % 1000) / 6).quantize(Decimal("0.01")),
                text=f"Rechnung {i}",
            )
            for i in range(first, min(first + 100_000, start + rows))
        ]
        data = bmd.dumps(chunk, bmd.Kind.BOOKINGS)
        parts.append(data if not parts else data.split(b"\r\n", 1)[1])
    return b"".join(parts)


def sealed_bundle(
    agent_id: str, bundle_id: str, mandant: str, files: dict[str, bytes], rows: dict[str, int], public: bytes
) -> bytes:
    entries = tuple(FileEntry.describe(n, "bookings", rows[n], d) for n, d in files.items())
    manifest = Manifest(bundle_id, agent_id, datetime.now(UTC), (ManifestEntry(mandant, entries, None, 1),))
    return seal(manifest, {file_key(mandant, n): d for n, d in files.items()}, public, level=3)


def bomb(agent_id: str, bundle_id: str, public: bytes, inflated: int) -> bytes:
    """An honest-looking manifest, then ``inflated`` bytes of one repeated bookings line."""
    line = bookings_csv(1, 0).split(b"\r\n", 1)[1]
    header = bookings_csv(1, 0).split(b"\r\n", 1)[0] + b"\r\n"
    count = (inflated - len(header)) // len(line)
    size = len(header) + count * len(line)
    entry = FileEntry("buchungen.csv", "bookings", count, size, "0" * 64)
    manifest = Manifest(bundle_id, agent_id, datetime.now(UTC), (ManifestEntry("BOMB", (entry,), None, 1),))
    body = json.dumps(manifest.to_json()).encode()
    sink = io.BytesIO()
    with zstandard.ZstdCompressor(level=19).stream_writer(sink, closefd=False) as w:
        w.write(struct.pack(">I", len(body)) + body + header)
        block = line * (MIB // len(line))
        for _ in range(count // (MIB // len(line))):
            w.write(block)
    plaintext = sink.getvalue()
    # Sealed like `seal` would, around contents `seal` refuses to build (they do not match).
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey  # noqa: PLC0415
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: PLC0415

    eph = X25519PrivateKey.generate()
    eph_pub = b._raw_public(eph.public_key())
    key = b._derive(eph.exchange(X25519PublicKey.from_public_bytes(public)), eph_pub, public)
    nonce = os.urandom(12)
    head = b._HEADER.pack(b.MAGIC, 1, 0, b.key_id(public), eph_pub, nonce, len(plaintext) + 16)
    return head + AESGCM(key).encrypt(nonce, plaintext, head)


def status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


def upload(url: str, token: str, bundle_id: str, data: bytes) -> httpx.Response:
    return httpx.put(
        f"{url}/api/v1/bundles/{bundle_id}",
        content=data,
        headers={"Authorization": f"Bearer {token}"},
        timeout=1800,
    )


def enrol_agent(db: str, key_file: Path) -> tuple[tenancy.Enrolment, bytes]:
    """An office with one enrolled agent, and the datacenter's public key."""
    store = Store.open(db)
    public = ensure_keys(store, key_file).public
    now = datetime.now(UTC)
    with store.write() as conn:
        tenancy.create_office(conn, "kanzlei-mem", "Mem", now)
        code = tenancy.create_enrolment_code(conn, "kanzlei-mem", now)
        enrolled = tenancy.enrol(conn, code, "mem", now)
    store.close()
    return enrolled, public


@dataclass(frozen=True)
class BigBundle:
    """The largest accepted bundle's files: bookings, at most ``max_rows_per_file`` in one."""

    files: dict[str, bytes]
    rows: dict[str, int]
    inflated: int
    row_count: int


def big_bundle(row_count: int, limits: Limits) -> BigBundle:
    first = min(row_count, limits.max_rows_per_file)
    rows = {"buchungen.csv": first, "buchungen-2.csv": row_count - first}
    t0 = time.perf_counter()
    files = {"buchungen.csv": bookings_csv(first, 0)}
    if rows["buchungen-2.csv"]:
        files["buchungen-2.csv"] = bookings_csv(rows["buchungen-2.csv"], first)
    rows = {n: rows[n] for n in files}
    inflated = sum(len(d) for d in files.values())
    took = time.perf_counter() - t0
    print(f"generated {row_count:,} booking lines ({inflated / MIB:.1f} MiB) in {took:.0f} s")
    return BigBundle(files, rows, inflated, row_count)


def warm_up(server_pid: int, url: str, enrolled: tenancy.Enrolment, public: bytes) -> float:
    """A first upload (imports, caches), then the server's idle RSS in MiB: the in-run baseline."""
    warm = bookings_csv(20_000, 0)
    sealed = sealed_bundle(enrolled.agent_id, "warm", "WARM", {"w.csv": warm}, {"w.csv": 20_000}, public)
    assert upload(url, enrolled.token, "warm", sealed).status_code == 200
    time.sleep(1)
    return status_kib(server_pid, "VmRSS") / 1024


KINDS = {"accepted": "largest accepted bundle", "bomb": "bomb, refused (413)"}


@dataclass
class Peaks:
    """Per kind of bundle: its sizes (sealed, inflated, rows; rows -1 where not counted) and, a figure a
    run, the peak RSS over idle and the growth during the upload (MiB)."""

    sizes: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    over_idle: dict[str, list[float]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    growth: dict[str, list[float]] = field(default_factory=lambda: {kind: [] for kind in KINDS})


def bundle_of(
    kind: str, bundle_id: str, mandant: str, agent_id: str, public: bytes, big: BigBundle, limits: Limits
) -> tuple[bytes, tuple[int, int, int], int]:
    """The sealed bundle of ``kind``, its sizes and the HTTP status it must be answered with."""
    if kind == "accepted":
        data = sealed_bundle(agent_id, bundle_id, mandant, big.files, big.rows, public)
        return data, (len(data), big.inflated, big.row_count), 200
    inflated = 4 * limits.max_decompressed_bytes
    data = bomb(agent_id, bundle_id, public, inflated)
    return data, (len(data), inflated, -1), 413


def measure(
    server_pid: int, url: str, token: str, kind: str, run: int, data: bytes, expected: int
) -> tuple[float, float]:
    """Upload ``data`` with the server's peak RSS reset just before; print and return the RSS just
    before and the peak (MiB)."""
    bundle_id = f"{kind}-{run}"
    base = status_kib(server_pid, "VmRSS") / 1024
    Path(f"/proc/{server_pid}/clear_refs").write_text("5")  # VmHWM := VmRSS
    started = time.perf_counter()
    answer = upload(url, token, bundle_id, data)
    seconds = time.perf_counter() - started
    if answer.status_code != expected:
        raise RuntimeError(f"{bundle_id}: {answer.status_code} {answer.text[:300]}")
    peak = status_kib(server_pid, "VmHWM") / 1024
    print(
        f"run {run + 1} {kind:8}: HTTP {answer.status_code} in {seconds:5.1f} s, "
        f"RSS before {base:7.1f} MiB, peak {peak:7.1f} MiB"
    )
    return base, peak


Load = tuple[float, float, float]


def report(idle: float, peaks: Peaks, limits: Limits, backend: str, load: tuple[Load, Load]) -> None:
    """The figures per kind of bundle against the idle RSS, the limits and the machine load."""
    print(f"\nserver idle RSS (after warm-up; the in-run baseline; {backend}): {idle:.1f} MiB")
    for kind, label in KINDS.items():
        sealed_size, inflated_size, row_count = peaks.sizes[kind]
        cost = statistics.median(peaks.over_idle[kind])
        grew = statistics.median(peaks.growth[kind])
        rows_text = f", {row_count:,} rows" if row_count > 0 else ""
        print(
            f"{label:24}: sealed {sealed_size / MIB:7.2f} MiB, "
            f"inflated {inflated_size / MIB:7.1f} MiB{rows_text}\n"
            f"{'':24}  peak RSS {idle + cost:7.1f} MiB = idle + {cost:7.1f} MiB "
            f"({cost / (inflated_size / MIB):5.2f} × inflated size); "
            f"growth during the upload {grew:7.1f} MiB (medians of {len(peaks.over_idle[kind])})"
        )
    print(
        f"limits: {limits.max_rows_per_file:,} rows/file, {limits.max_rows_per_bundle:,} rows/bundle, "
        f"{limits.max_decompressed_bytes // MIB} MiB decompressed, "
        f"{limits.max_bundle_bytes // MIB} MiB sealed"
    )
    print(f"machine load (1/5/15 min): start {load[0]}, end {load[1]}; {os.cpu_count()} cores")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--rows", type=int, default=Limits().max_rows_per_bundle, help="rows of the big bundle"
    )
    parser.add_argument("--postgres", metavar="URL", help="store in a scratch database of this server")
    args = parser.parse_args()
    limits = Limits()
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        if args.postgres:
            db = stack.enter_context(scratch_database(args.postgres, "bundle_mem"))
        else:
            db = f"sqlite:///{Path(tmp) / 'dc.db'}"
        key_file = Path(tmp) / "dc.key"
        enrolled, public = enrol_agent(db, key_file)
        big = big_bundle(args.rows, limits)
        server, url = start_server(db, key_file, workers=1)
        try:
            idle = warm_up(server.pid, url, enrolled, public)
            peaks = Peaks()
            for run in range(args.runs):
                for kind in KINDS:
                    data, peaks.sizes[kind], expected = bundle_of(
                        kind, f"{kind}-{run}", f"M{run}", enrolled.agent_id, public, big, limits
                    )
                    base, peak = measure(server.pid, url, enrolled.token, kind, run, data, expected)
                    peaks.over_idle[kind].append(peak - idle)
                    peaks.growth[kind].append(peak - base)
        finally:
            server.terminate()
            server.wait(30)
    backend = "PostgreSQL" if args.postgres else "SQLite"
    report(idle, peaks, limits, backend, (load_start, os.getloadavg()))


if __name__ == "__main__":
    main()
