"""Progress bars go to stderr only where a person watches: a terminal, no --json, no --quiet.

The "terminal" is a real pseudo-terminal (``pty``); everything else is a `StringIO`, which is what
a pipe or a log file looks like to the command. The pure core hears progress through a plain
``(done, total)`` callback and never imports the bar.
"""

from __future__ import annotations

import io
import os
import pty
import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import TextIO

from syncsystem import bmd
from syncsystem.cli import run
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.progress import enabled, progress_bar
from syncsystem.runtime import Runtime

ROWS = b"konto;nachname\r\n" + b"200001;Kunde\r\n" * 50


@contextmanager
def terminal() -> Iterator[tuple[TextIO, list[bytes]]]:
    """A pseudo-terminal's writing end as a text stream, and what arrived at the other end."""
    master, slave = pty.openpty()
    received: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            received.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    stream = os.fdopen(slave, "w", encoding="utf-8")
    try:
        yield stream, received
    finally:
        stream.close()
        reader.join(timeout=5)
        os.close(master)


def _run(argv: list[str], stderr: TextIO, cwd: Path) -> tuple[int, str]:
    out = io.StringIO()
    runtime = Runtime(
        SimulatedClock(datetime(2026, 3, 2, 8, 0, tzinfo=DEFAULT_TZ)), {}, out, stderr, cwd, random.Random(1)
    )
    return run(argv, runtime), out.getvalue()


def test_enabled_only_on_a_terminal_without_json_or_quiet() -> None:
    """A StringIO (pipe, log) never gets a bar; a pty does, unless --json or --quiet."""
    plain = SimpleNamespace(json=False, quiet=False)
    assert not enabled(plain, io.StringIO())
    with terminal() as (tty, _):
        assert enabled(plain, tty)
        assert not enabled(SimpleNamespace(json=True, quiet=False), tty)
        assert not enabled(SimpleNamespace(json=False, quiet=True), tty)
        assert enabled(SimpleNamespace(), tty)  # commands without --json


def test_bar_draws_on_a_terminal_and_nothing_elsewhere() -> None:
    """The same updates reach a pty as a rich bar with its label; a StringIO stays empty."""
    pipe = io.StringIO()
    with progress_bar(SimpleNamespace(), pipe, "Prüfe x.csv", total=10) as bar:
        bar(5)
        bar.describe("Prüfe y.csv")
    assert pipe.getvalue() == "" and not bar.shown
    with terminal() as (tty, received), progress_bar(SimpleNamespace(), tty, "Prüfe x.csv", total=10) as bar:
        assert bar.shown
        bar(5)
        bar.describe("Prüfe y.csv")
    drawn = b"".join(received).decode("utf-8", "replace")
    assert "Prüfe" in drawn and "\x1b[" in drawn  # drawn with terminal control sequences


def test_bmd_validate_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    """On a pty stderr carries the bar and stdout the result; --json and --quiet draw nothing."""
    path = tmp_path / "p.csv"
    path.write_bytes(ROWS)
    with terminal() as (tty, received):
        code, out = _run(["bmd", "validate", "--kind", "persons", str(path)], tty, tmp_path)
    assert code == 0 and out == f"{path}: persons, 50 Zeile(n), cp1252: in Ordnung\n"
    assert "Prüfe p.csv" in b"".join(received).decode("utf-8", "replace")

    for quiet in (["--quiet", "bmd", "validate"], ["bmd", "validate", "--json"]):
        with terminal() as (tty, received):
            code, _ = _run([*quiet, "--kind", "persons", str(path)], tty, tmp_path)
        assert code == 0 and b"".join(received) == b"", quiet

    pipe = io.StringIO()
    code, _ = _run(["bmd", "validate", "--kind", "persons", str(path)], pipe, tmp_path)
    assert code == 0 and pipe.getvalue() == ""


def test_the_reader_reports_bytes_through_the_callback(tmp_path: Path) -> None:
    """bmd.read tells the callback 0 of N bytes, then N of N (N = the file's size)."""
    path = tmp_path / "p.csv"
    path.write_bytes(ROWS)
    heard: list[tuple[int, int]] = []
    result = bmd.read(path, bmd.Kind.PERSONS, progress=lambda done, total: heard.append((done, total)))
    assert result.ok and heard == [(0, len(ROWS)), (len(ROWS), len(ROWS))]


def test_clearing_import_labels_its_bar_in_the_cli_language(tmp_path: Path) -> None:
    """The bar of ``clearing import`` reads "Importiere" in German and "Importing" under --lang en."""
    path = tmp_path / "ausz.csv"
    path.write_bytes(b"konto;belegnr;betrag;datum\r\n200001;R-1;10,00;05.03.2026\r\n")
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    for lang, word, other in (("de", "Importiere", "Importing"), ("en", "Importing", "Importiere")):
        with terminal() as (tty, received):
            _run(["--lang", lang, "clearing", "import", str(path), "--db", db], tty, tmp_path)
        drawn = b"".join(received).decode("utf-8", "replace")
        assert word in drawn and other not in drawn, lang


def test_bmd_bars_are_labelled_in_the_cli_language(tmp_path: Path) -> None:
    """validate's and convert's bars read "Prüfe/Lese/Schreibe" in German, "Checking/Reading/Writing"
    under --lang en."""
    path = tmp_path / "p.csv"
    path.write_bytes(ROWS)
    words = {
        "de": ("Prüfe p.csv", "Lese p.csv", "Schreibe q.csv"),
        "en": ("Checking p.csv", "Reading p.csv", "Writing q.csv"),
    }
    for lang, expected in words.items():
        with terminal() as (tty, received):
            _run(["--lang", lang, "bmd", "validate", "--kind", "persons", str(path)], tty, tmp_path)
            _run(["--lang", lang, "bmd", "convert", "--kind", "persons", str(path), "q.csv"], tty, tmp_path)
        drawn = b"".join(received).decode("utf-8", "replace")
        assert all(word in drawn for word in expected), (lang, drawn)
        assert lang == "de" or not any(word in drawn for word in ("Prüfe", "Lese", "Schreibe")), drawn
