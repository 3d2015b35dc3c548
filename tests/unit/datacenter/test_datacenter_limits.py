"""What one upload may cost is bounded: decompressed size and rows per file and per bundle, for
agent bundles and manual imports; a chunked manual upload stops at the byte limit while it arrives;
two files of one name in one import are refused. Every refusal is a 4xx with its reason."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from tests import asgi_raw

from syncsystem import bmd
from syncsystem.datacenter.app import create_app
from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.context import ENV_LIMITS, limits_from_env
from syncsystem.datacenter.errors import RefusedError
from syncsystem.datacenter.ingest.manual import import_files as manual_import
from syncsystem.errors import ConfigError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.protocol.bundle import Limits

from .conftest import TEST_SETTINGS, booking, standard_files  # type: ignore[import-not-found]

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

BOUNDARY = "syncsystem-test-boundary"


@pytest.fixture
def tight(world) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """The world's datacenter with small limits: 1 KiB uploads, 5 rows per file, 8 per bundle."""
    limits = Limits(
        max_bundle_bytes=1 << 20, max_decompressed_bytes=32 << 10, max_rows_per_file=5, max_rows_per_bundle=8
    )
    keys = world.app.state.dc.keys
    app = create_app(world.store, world.clock, settings=replace(TEST_SETTINGS, limits=limits), keys=keys)
    with TestClient(app, base_url="https://testserver") as client:
        yield client


def _bookings(n: int) -> bytes:
    return bmd.dumps([booking(i) for i in range(n)], bmd.Kind.BOOKINGS)


def _multipart(files: list[tuple[str, bytes]], fields: dict[str, str] | None = None) -> bytes:
    parts = []
    for name, value in (fields or {}).items():
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, data in files:
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def _chunked(body: bytes, size: int = 1 << 16) -> Iterator[bytes]:
    """A generator body: the client sends it chunked, without Content-Length."""
    for start in range(0, len(body), size):
        yield body[start : start + size]


def _import(client: TestClient, world, body, mandant: str = "M1"):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/advisor/mandanten/{mandant}/import",
        content=body,
        headers={**world.a.advisor, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )


def test_bundle_with_more_rows_than_a_file_may_hold_is_413(world, tight) -> None:  # type: ignore[no-untyped-def]
    """A bundle whose bookings file has 6 rows (limit 5) is refused with 413 naming file and limit."""
    files = {"buchungen.csv": ("bookings", _bookings(6))}
    before = world.data_counts()
    r = tight.put(
        "/api/v1/bundles/b-rows", content=world.bundle(world.a, "b-rows", files), headers=world.a.agent
    )
    assert r.status_code == 413, r.text
    assert "(too many rows)" in r.json()["error"] and "M100/buchungen.csv" in r.json()["error"]
    assert world.data_counts() == before


def test_bundle_rows_are_counted_not_taken_from_the_manifest(world, tight) -> None:  # type: ignore[no-untyped-def]
    """A manifest that declares 1 row for a 6-row file does not get past the row limit."""
    files = {"buchungen.csv": ("bookings", _bookings(6))}
    sealed = world.bundle(world.a, "b-lie", files, rows={"buchungen.csv": 1})
    r = tight.put("/api/v1/bundles/b-lie", content=sealed, headers=world.a.agent)
    assert r.status_code == 413 and "more than 5 rows" in r.json()["error"]


def test_bundle_over_the_rows_per_bundle_limit_is_413(world, tight) -> None:  # type: ignore[no-untyped-def]
    """Two files of 5 rows each pass the per-file limit but not the bundle's 8."""
    files = {"a.csv": ("bookings", _bookings(5)), "b.csv": ("bookings", _bookings(5))}
    r = tight.put(
        "/api/v1/bundles/b-sum", content=world.bundle(world.a, "b-sum", files), headers=world.a.agent
    )
    assert r.status_code == 413 and "per bundle" in r.json()["error"]


def test_bundle_within_the_limits_is_ingested(world, tight) -> None:  # type: ignore[no-untyped-def]
    """The limits are limits, not a refusal of everything: 5 rows in a file and 8 in all go in."""
    files = {
        "a.csv": ("bookings", _bookings(5)),
        "b.csv": ("accounts", standard_files()["sachkonten.csv"][1]),
    }
    r = tight.put("/api/v1/bundles/b-ok", content=world.bundle(world.a, "b-ok", files), headers=world.a.agent)
    assert r.status_code == 200, r.text


def test_chunked_manual_import_stops_at_the_byte_limit(world, tight) -> None:  # type: ignore[no-untyped-def]
    """A 3 MiB manual upload without Content-Length is cut off at the 1 MiB limit while it arrives
    (the app asks for no further chunk): 413, nothing stored."""
    body = _multipart([("buchungen.csv", _bookings(3) + b"0;200001;4000;R9;01.01.2026\r\n" * 120_000)])
    assert len(body) > 3 << 20
    chunks = list(_chunked(body))
    pulled: list[int] = []

    async def receive() -> dict[str, Any]:
        i = len(pulled)
        pulled.append(i)
        return {"type": "http.request", "body": chunks[i], "more_body": i + 1 < len(chunks)}

    headers = [
        (b"authorization", world.a.advisor["Authorization"].encode()),
        (b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode()),
        (b"transfer-encoding", b"chunked"),
    ]
    before = world.data_counts()
    sent = asgi_raw.call(
        tight.app, asgi_raw.scope("POST", "/api/v1/advisor/mandanten/M1/import", headers), receive
    )
    start = next(m for m in sent if m["type"] == "http.response.start")
    answer = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert start["status"] == 413, answer
    assert b"limit of 1048576 bytes" in answer
    assert world.data_counts() == before
    assert len(pulled) * (1 << 16) <= (1 << 20) + (1 << 16) < len(body)  # stopped at the limit


def test_manual_import_with_too_many_rows_is_413(world, tight) -> None:  # type: ignore[no-untyped-def]
    """The per-file row limit holds for a manual import too, before anything is parsed."""
    r = _import(tight, world, _multipart([("buchungen.csv", _bookings(6))]))
    assert r.status_code == 413 and "buchungen.csv: 6 rows" in r.json()["error"]


def test_two_files_of_one_name_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    """Two uploaded files called buchungen.csv (from two folders) are refused, not merged into one."""
    body = _multipart([("a/buchungen.csv", _bookings(2)), ("b\\buchungen.csv", _bookings(3))])
    before = world.data_counts()
    r = _import(world.client, world, body)
    assert r.status_code == 422, r.text
    assert "two files named 'buchungen.csv'" in r.json()["error"]
    assert world.data_counts() == before


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("buchungen\x00.csv", "control character U+0000"),
        ("buchungen\ud800.csv", "lone surrogate"),
    ],
)
def test_manual_import_refuses_a_file_name_it_could_not_store(  # type: ignore[no-untyped-def]
    world, name, reason
) -> None:
    """A file name with NUL or a lone surrogate (found by the fuzz run) is refused with a reason,
    nothing stored — never an encoding error."""
    advisor = Principal("advisor", "a-1", world.a.office_id)
    before = world.data_counts()
    with pytest.raises(RefusedError, match=re.escape(reason)):
        manual_import(world.store, advisor, "M1", {name: _bookings(1)}, world.clock)
    assert world.data_counts() == before


def test_cli_import_refuses_two_files_of_one_name(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`datacenter import a/buchungen.csv b/buchungen.csv` names both paths and exits 2."""
    db = f"sqlite:///{tmp_path / 'dc.db'}"
    assert cli("datacenter", "init", "--db", db, "--office", "kanzlei-x").exit_code == 0
    for folder, n in (("a", 2), ("b", 3)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "buchungen.csv").write_bytes(_bookings(n))
    result = cli(
        "datacenter",
        "import",
        "--db",
        db,
        "--office",
        "kanzlei-x",
        "--mandant",
        "M1",
        "a/buchungen.csv",
        "b/buchungen.csv",
    )
    assert result.exit_code == 2
    assert "b/buchungen.csv: gleicher Dateiname wie a/buchungen.csv" in result.stderr


def test_cli_import_honours_the_row_limit_from_the_environment(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """SYNCSYSTEM_DATACENTER_MAX_ROWS_PER_FILE applies to `datacenter import`: refused, exit 1."""
    db = f"sqlite:///{tmp_path / 'dc.db'}"
    assert cli("datacenter", "init", "--db", db, "--office", "kanzlei-x").exit_code == 0
    (tmp_path / "buchungen.csv").write_bytes(_bookings(4))
    env = {"SYNCSYSTEM_DATACENTER_MAX_ROWS_PER_FILE": "3"}
    args = ("datacenter", "import", "--db", db, "--office", "kanzlei-x", "--mandant", "M1", "buchungen.csv")
    refused = cli(*args, environ=env)
    assert refused.exit_code == 1 and "buchungen.csv: 4 Zeilen, erlaubt sind 3 je Datei" in refused.stdout
    assert cli(*args).exit_code == 0


def test_limits_from_the_environment() -> None:
    """Each limit has a variable (MiB for sizes); unset ones keep the defaults; junk is refused by name."""
    assert set(ENV_LIMITS) == {
        "SYNCSYSTEM_DATACENTER_MAX_BUNDLE_MIB",
        "SYNCSYSTEM_DATACENTER_MAX_DECOMPRESSED_MIB",
        "SYNCSYSTEM_DATACENTER_MAX_ROWS_PER_FILE",
        "SYNCSYSTEM_DATACENTER_MAX_ROWS_PER_BUNDLE",
    }
    limits = limits_from_env({"SYNCSYSTEM_DATACENTER_MAX_DECOMPRESSED_MIB": "100", "OTHER": "x"})
    assert limits == replace(Limits(), max_decompressed_bytes=100 * 1024 * 1024)
    with pytest.raises(ConfigError, match="SYNCSYSTEM_DATACENTER_MAX_ROWS_PER_FILE='-3'"):
        limits_from_env({"SYNCSYSTEM_DATACENTER_MAX_ROWS_PER_FILE": "-3"})


def test_default_limits_take_the_largest_real_mandant() -> None:
    """A million bookings (~100 MB of CSV, seeds: the largest Mandant) fit the defaults with room."""
    defaults = Limits()
    assert defaults.max_rows_per_file >= 1_000_000 and defaults.max_rows_per_bundle >= 1_000_000
    assert defaults.max_decompressed_bytes >= 200 * 1000 * 1000


@pytest.mark.parametrize(
    ("message", "german_text"),
    [
        (
            mc.INGEST_DUPLICATE_NAME(name="buchungen.csv"),
            "zwei Dateien namens 'buchungen.csv' in einem Import: jeder Dateiname darf nur einmal vorkommen",
        ),
        (
            mc.INGEST_BUNDLE_INVALID(cause=Message("bundle.cause.too_many_rows"), detail="M1/b.csv: 6 > 5"),
            "Bündel abgewiesen (zu viele Zeilen): M1/b.csv: 6 > 5",
        ),
        (
            mc.INGEST_FILE_ROWS(name="buchungen.csv", rows=6, limit=5),
            "buchungen.csv: 6 Zeilen, erlaubt sind 5 je Datei",
        ),
        (
            mc.INGEST_IMPORT_ROWS(rows=9, limit=8),
            "die Dateien haben zusammen 9 Zeilen, erlaubt sind 8 je Import",
        ),
        (
            mc.INGEST_FILES_TOO_LARGE(total=9, limit=8),
            "die Dateien sind zusammen 9 Bytes groß, erlaubt sind 8",
        ),
        (
            mc.INGEST_BUNDLE_INVALID(cause=Message("bundle.cause.decompressed_too_large"), detail="9 > 8"),
            "Bündel abgewiesen (entpackt zu groß): 9 > 8",
        ),
    ],
)
def test_limit_refusals_read_german_on_the_advisor_page(message: Message, german_text: str) -> None:
    """Every limit refusal is a code the advisor page words in German (text written by hand)."""
    assert message.text("de").startswith(german_text)
