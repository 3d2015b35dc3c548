"""An export's failure is a catalogue message whose values name the Mandant and the contract's kind,
and the words the agent reports are the English sentences an older datacenter parses — the same
whatever language the agent speaks.

Expected texts written out by hand: the English as `agent.exporter` sent it before the codes
(``export of Mandant {m} failed (exit {n}, {kind}): {output}`` …), the German from de.po.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from syncsystem import messages
from syncsystem.agent import exporter as exporter_module
from syncsystem.agent.exporter import CommandExporter, ExportFailedError, OfficeExporter
from syncsystem.errors import SyncsystemError


class _LicenceExpiredError(SyncsystemError):
    exit_code = 3  # the contract's licence code, as the emulator's BMD errors carry it


class _Office:
    """An in-process BMD office that raises ``error`` or answers without the Mandant asked for."""

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error

    def export(self, out_dir: Path, **_: Any) -> Any:
        if self.error is not None:
            raise self.error
        return SimpleNamespace(mandanten=())


def _exit(code: int, said: str = "") -> CommandExporter:
    script = f"import sys; print({said!r}, file=sys.stderr, end=''); sys.exit({code})"
    return CommandExporter([sys.executable, "-c", script])


def _timeout(*_: Any, **__: Any) -> Any:
    raise subprocess.TimeoutExpired("bmdexport", 3600)


CASES = [
    (
        lambda: _exit(3, "Lizenz abgelaufen am 31.12."),
        "agent.export.exit",
        "licence",
        "export of Mandant 1001 failed (exit 3, licence): Lizenz abgelaufen am 31.12.",
        "Export von Mandant 1001 fehlgeschlagen (Exit-Code 3, licence): Lizenz abgelaufen am 31.12.",
    ),
    (
        lambda: _exit(9),
        "agent.export.exit",
        "other",
        "export of Mandant 1001 failed (exit 9, other): exit code 9",
        "Export von Mandant 1001 fehlgeschlagen (Exit-Code 9, other): Exit-Code 9",
    ),
    (
        lambda: CommandExporter(["/nonexistent/bmdexport"]),
        "agent.export.cannot_start",
        None,
        "export command cannot be started: /nonexistent/bmdexport: No such file or directory",
        "Exportbefehl kann nicht gestartet werden: /nonexistent/bmdexport: No such file or directory",
    ),
    (
        lambda: OfficeExporter(_Office(_LicenceExpiredError("Lizenz abgelaufen"))),
        "agent.export.bmd_failed",
        "licence",
        "export of Mandant 1001 failed (licence): Lizenz abgelaufen",
        "Export von Mandant 1001 fehlgeschlagen (licence): Lizenz abgelaufen",
    ),
    (
        lambda: OfficeExporter(_Office()),
        "agent.export.no_result",
        None,
        "export of Mandant 1001 returned no result",
        "Export von Mandant 1001 lieferte kein Ergebnis",
    ),
]


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize(
    ("make", "code", "kind", "english", "german"), CASES, ids=[c[3].split(":")[0][:40] for c in CASES]
)
def test_a_failed_export_says_a_code_and_reports_the_english_words(
    tmp_path: Path, lang: str, make: Any, code: str, kind: str | None, english: str, german: str
) -> None:
    with messages.speaking(lang):
        with pytest.raises(ExportFailedError) as err:
            make().export("1001", None, tmp_path)
        words = err.value.words  # read while the agent speaks ``lang``
    said = err.value.message
    assert said is not None and said.code == code
    assert words == english
    assert said.text("de") == german and said.text("en") == english
    values = said.value_map()
    assert values.get("kind") == kind and values.get("mandant", "1001") == "1001"


def test_a_timed_out_export_says_so_in_the_english_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command ran longer than its limit (here: the run is told so, no waiting)."""
    monkeypatch.setattr(exporter_module.subprocess, "run", _timeout)
    with messages.speaking("de"):
        with pytest.raises(ExportFailedError) as err:
            CommandExporter(["bmdexport"], timeout=3600).export("1001", None, tmp_path)
        shown = str(err.value)  # the agent's own voice, for its log and commands
    assert err.value.reason == "timeout" and err.value.retryable
    assert err.value.words == "export of Mandant 1001 took longer than 3600 s"
    assert shown == "Export von Mandant 1001 dauerte länger als 3600 s"
