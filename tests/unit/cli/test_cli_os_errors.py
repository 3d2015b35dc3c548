"""An operating-system error is said in the reader's language, not in the C library's English.

Expected words are written by hand; the errors are real ones raised by the system.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from syncsystem.oserrors import os_reason


def _refused() -> OSError:
    """A real ECONNREFUSED: a port that was just bound and closed again has no listener."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except OSError as exc:
        return exc
    pytest.skip("something listens on a just-freed port")


def test_common_errors_have_german_and_english_words(tmp_path: Path) -> None:
    """Missing file, folder as file and refused connection: catalogued words in both languages."""
    try:
        (tmp_path / "fehlt.csv").read_bytes()
    except OSError as exc:
        missing = exc
    try:
        tmp_path.read_bytes()
    except OSError as exc:
        folder = exc
    said = {lang: [os_reason(e).text(lang) for e in (missing, folder, _refused())] for lang in ("de", "en")}
    assert said == {
        "de": [
            "nicht gefunden",
            "ist ein Ordner, keine Datei",
            "Verbindung abgewiesen (läuft der Server, stimmt der Port?)",
        ],
        "en": [
            "not found",
            "is a folder, not a file",
            "connection refused (is the server running, is the port right?)",
        ],
    }


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (("bmd", "validate", "fehlt.csv"), "syncsystem: fehlt.csv: nicht lesbar: nicht gefunden"),  # as given
        (
            ("transfer", "add", "--state", "st", "--config", "job.json"),
            "syncsystem: job.json: nicht lesbar: nicht gefunden",
        ),
    ],
)
def test_a_missing_file_is_said_in_german(cli: Any, tmp_path: Path, argv: tuple[str, ...], said: str) -> None:
    """``bmd validate`` and ``transfer add`` of a missing file: exit 2, one German sentence."""
    result = cli(*argv)
    assert (result.exit_code, result.stderr.strip()) == (2, said.format(tmp=tmp_path))


def test_an_unreachable_datacenter_is_said_in_german(cli: Any, tmp_path: Path) -> None:
    """``agent enrol`` against a port nobody listens on: the refused connection in German words, not
    ``ConnectionRefusedError: [Errno 111] Connection refused``."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = cli("agent", "enrol", "--home", tmp_path, "--url", f"https://127.0.0.1:{port}", "--code", "X")
    assert (result.exit_code, result.stderr.strip()) == (
        2,
        "syncsystem: POST /api/v1/enrol: Rechenzentrum nicht erreichbar: "
        "Verbindung abgewiesen (läuft der Server, stimmt der Port?)",
    )


def test_an_unknown_host_to_serve_on_is_one_plain_sentence(cli: Any, tmp_path: Path) -> None:
    """``datacenter serve --host`` with a name no resolver knows (``.invalid`` is reserved for that)."""
    try:
        socket.getaddrinfo("nohost.invalid", 443)
        pytest.skip("this resolver answers for .invalid (the server would start)")
    except socket.gaierror:
        pass
    db = f"sqlite:///{tmp_path / 'dc.db'}"
    result = cli("datacenter", "serve", "--db", db, "--host", "nohost.invalid", "--port", "18449")
    assert (result.exit_code, result.stderr.strip()) == (
        2,
        "syncsystem: --host nohost.invalid: Rechnername unbekannt (Tippfehler oder DNS?)",
    )
