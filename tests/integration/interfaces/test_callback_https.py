"""Customer numbers back to the source system by an https callback, against a real HTTPS server on
loopback with its own (trustme) CA. Expected: the numbers of an empty folder start at 200000 (BMD's
customer range); the idempotency key is the SHA-256 of the batch as documented (computed here)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.callback_server import CallbackServer, callback_server

ROWS = [
    {"quelle": "V-17", "konto": 200000, "nachname": "Hotel Alpenblick GmbH"},
    {"quelle": "V-18", "konto": 200001, "nachname": "Gasthof Post"},
]


def _key(rows: list[dict[str, Any]]) -> str:
    canonical = json.dumps(rows, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[CallbackServer]:
    with callback_server(tmp_path) as running:
        yield running


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "export"
    path.mkdir()
    return path


def _debtors(tmp_path: Path) -> Path:
    path = tmp_path / "debtors.json"
    path.write_text(
        json.dumps(
            [
                {"id": "V-17", "nachname": "Hotel Alpenblick GmbH", "land": "AT"},
                {"quelle": "V-18", "nachname": "Gasthof Post", "land": "AT"},
            ]
        ),
        encoding="utf-8",
    )
    return path


def test_new_numbers_are_posted_with_an_idempotency_key(  # type: ignore[no-untyped-def]
    tmp_path: Path, folder: Path, server: Any, cli: Any
) -> None:
    set_up = cli("interfaces", "callback", "--dir", folder, "--url", server.url, "--ca-file", server.ca_file)
    assert set_up.exit_code == 0, set_up.stderr
    created = cli("interfaces", "debtors", "create", "--dir", folder, "--input", _debtors(tmp_path))
    assert created.exit_code == 0, created.stderr
    assert created.stdout.splitlines()[-1] == f"2 Kundennummer(n) an {server.url} gemeldet"
    [(headers, body)] = server.received
    assert body == {"kundennummern": ROWS}
    assert headers["Idempotency-Key"] == _key(ROWS)
    assert headers["Content-Type"].startswith("application/json")
    shown = json.loads(cli("interfaces", "callback", "--dir", folder, "--json").stdout)
    assert shown == {"url": server.url, "ca_file": str(server.ca_file), "pending": 0}
    assert "V-17;200000;Hotel Alpenblick GmbH" in (folder / "Kundennummern.csv").read_text(encoding="utf-8")


def test_a_refusal_is_said_in_german_and_the_batch_goes_again_with_the_same_key(  # type: ignore[no-untyped-def]
    tmp_path: Path, folder: Path, server: Any, cli: Any
) -> None:
    cli("interfaces", "callback", "--dir", folder, "--url", server.url, "--ca-file", server.ca_file)
    server.answers.append((422, "Adresse V-17 ist gesperrt"))
    created = cli("interfaces", "debtors", "create", "--dir", folder, "--input", _debtors(tmp_path))
    assert created.exit_code == 2  # the source system's answer, not the input, is the problem
    assert created.stderr.strip() == (
        f"syncsystem: Das Vorsystem ({server.url}) hat die Kundennummern abgelehnt: "
        "HTTP 422 Unprocessable Entity – Adresse V-17 ist gesperrt. Sie stehen in Kundennummern.csv "
        "und gehen mit „Rückmeldungen erneut senden“ nochmals hinaus."
    )
    assert "angelegt: 200000 Hotel Alpenblick GmbH" in created.stdout  # the numbers are given anyway
    assert json.loads(cli("interfaces", "callback", "--dir", folder, "--json").stdout)["pending"] == 1
    again = cli("interfaces", "callback", "--dir", folder, "--send")
    assert again.exit_code == 0, again.stderr
    assert [h["Idempotency-Key"] for h, _ in server.received] == [_key(ROWS), _key(ROWS)]
    assert server.received[1][1] == {"kundennummern": ROWS}
    assert json.loads(cli("interfaces", "callback", "--dir", folder, "--json").stdout)["pending"] == 0


def test_a_certificate_of_an_unknown_ca_is_refused(  # type: ignore[no-untyped-def]
    tmp_path: Path, folder: Path, server: Any, cli: Any
) -> None:
    """Without the source system's CA the TLS check fails: a German sentence, nothing sent, queued."""
    cli("interfaces", "callback", "--dir", folder, "--url", server.url)
    created = cli("interfaces", "debtors", "create", "--dir", folder, "--input", _debtors(tmp_path))
    assert created.exit_code == 2
    assert created.stderr.startswith(f"syncsystem: Das Vorsystem ({server.url}) ist nicht erreichbar: ")
    assert "CERTIFICATE_VERIFY_FAILED" in created.stderr
    assert server.received == []
    assert json.loads(cli("interfaces", "callback", "--dir", folder, "--json").stdout)["pending"] == 1


@pytest.mark.parametrize("url", ["http://127.0.0.1/kundennummern", "https:///ohne-rechner", "vorsystem"])
def test_only_an_https_url_of_a_host_is_taken(folder: Path, cli: Any, url: str) -> None:
    refused = cli("interfaces", "callback", "--dir", folder, "--url", url)
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        f"syncsystem: {url}: keine https-Adresse eines Rechners "
        "(erwartet wie https://vorsystem.kanzlei.example/kundennummern)"
    )
    assert json.loads(cli("interfaces", "callback", "--dir", folder, "--json").stdout)["url"] is None
