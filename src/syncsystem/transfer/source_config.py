"""Where a transfer job's files come from: the ``source`` section of a job file, validated per field.

``{"kind": "folder", "dir": …}`` delivers closed BMD import files prepared in a folder (the
behaviour of the older top-level ``source_dir``, still read). ``{"kind": "transactions", "dir": …,
"store": …, "config": …}`` builds the files itself from the source system's documents: ``dir`` is
the folder of transaction exports, ``store`` an `interfaces` export folder holding the invoice
store, ``config`` the export configuration (account mapping, field sources, Buchungssymbole — the
file ``interfaces export --config`` reads; required with ``dir``). The invoice store records no
Filiale and no payment type, so a job filtering on those over the store is refused rather than
silently delivering nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from syncsystem.transfer.fields import FieldReader

__all__ = ["SourceKind", "SourceSettings", "parse_source", "source_mapping"]


class SourceKind(StrEnum):
    FOLDER = "folder"
    TRANSACTIONS = "transactions"


@dataclass(frozen=True, slots=True)
class SourceSettings:
    """The job's source; ``dir`` is the folder of closed files or of transaction exports."""

    kind: SourceKind = SourceKind.FOLDER
    dir: str = ""
    store: str = ""
    config: str = ""


def parse_source(
    r: FieldReader, data: Mapping[str, Any], *, filiale: str | None, payment_types: tuple[str, ...]
) -> SourceSettings:
    """The ``source`` section (or the legacy ``source_dir``), every bad field reported to ``r``."""
    section = data.get("source")
    legacy = r.text(data, "job", "source_dir")
    if section in (None, {}):
        return SourceSettings(SourceKind.FOLDER, legacy)
    if not isinstance(section, Mapping):
        r.bad("source", "Abschnitt erwartet (Objekt)")
        return SourceSettings()
    kind = r.choice(SourceKind, section, "source", "kind") or SourceKind.FOLDER
    folder = r.text(section, "source", "dir")
    if legacy and folder and legacy != folder:
        r.bad("source_dir", "widerspricht source.dir; nur eines angeben")
    folder = folder or legacy
    store = r.text(section, "source", "store")
    config = r.text(section, "source", "config")
    if kind is SourceKind.FOLDER:
        if not folder:
            r.bad("source.dir", "Pflichtfeld bei kind 'folder': Ordner der abgeschlossenen Importdateien")
        for key, value in (("store", store), ("config", config)):
            if value:
                r.bad(f"source.{key}", "nur bei kind 'transactions' möglich")
        return SourceSettings(kind, folder)
    if not folder and not store:
        r.bad(
            "source.dir",
            "Pflichtfeld bei kind 'transactions': source.dir (Transaktionsexporte) "
            "und/oder source.store (Rechnungsspeicher)",
        )
    if folder and not config:
        r.bad("source.config", "Pflichtfeld mit source.dir: Exportkonfiguration (Kontenzuordnung)")
    if store and filiale:
        r.bad("scope.filiale", "der Rechnungsspeicher (source.store) kennt keine Filiale")
    if store and payment_types:
        r.bad("execution.payment_types", "der Rechnungsspeicher (source.store) kennt keine Zahlungsart")
    return SourceSettings(kind, folder, store, config)


def source_mapping(source: SourceSettings) -> dict[str, Any]:
    """The ``source`` section `parse_source` reads back (empty for a job without a source)."""
    if source.kind is SourceKind.FOLDER and not source.dir:
        return {}
    return {
        k: v
        for k, v in {
            "kind": source.kind.value,
            "dir": source.dir,
            "store": source.store,
            "config": source.config,
        }.items()
        if v
    }
