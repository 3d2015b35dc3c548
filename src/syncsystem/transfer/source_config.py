"""Where a transfer job's files come from: the ``source`` section of a job file, validated per field.

``{"kind": "folder", "dir": …}`` delivers closed BMD import files prepared in a folder (the
behaviour of the older top-level ``source_dir``, still read). ``{"kind": "transactions", "dir": …,
"store": …, "config": …}`` builds the files itself from the source system's documents: ``dir`` is
the folder of transaction exports, ``store`` an `interfaces` export folder holding the invoice
store, ``config`` the export configuration (account mapping, field sources, Buchungssymbole — the
file ``interfaces export --config`` reads; required with ``dir``). The invoice store records no
Filiale and no payment type, so a job filtering on those over the store is refused rather than
silently delivering nothing. A folder source delivers closed files as they are, so when a job is
saved (`refuse_folder_options`) Filiale, document and payment types, format and incoming invoices
are refused there, each field named.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from syncsystem.transfer.fields import FieldReader

__all__ = [
    "SourceKind",
    "SourceSettings",
    "is_folder_job",
    "parse_source",
    "refuse_folder_options",
    "source_mapping",
]


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


_FOLDER_CANNOT = "eine Ordnerquelle liefert abgeschlossene Importdateien unverändert"
_ONLY_TX = "geht nur mit source.kind 'transactions'"


def refuse_folder_options(r: FieldReader, sections: Mapping[str, Any]) -> None:
    """Refuse, when a job is saved, the options a folder source cannot honour (each field named)."""
    sc, ex = sections["scope"], sections["execution"]
    if sc.get("filiale"):
        r.bad("scope.filiale", f"{_FOLDER_CANNOT}: nach Filiale filtern {_ONLY_TX}")
    for key, what in (("document_types", "Belegarten"), ("payment_types", "Zahlungsarten")):
        if ex.get(key):
            r.bad(f"execution.{key}", f"{_FOLDER_CANNOT}: {what} wählen {_ONLY_TX}")
    if ex.get("format"):
        r.bad("execution.format", f"{_FOLDER_CANNOT}: das Format bestimmt, wer die Dateien abgeschlossen hat")
    if ex.get("incoming_invoices") or ex.get("incoming_format"):
        key = "incoming_invoices" if ex.get("incoming_invoices") else "incoming_format"
        r.bad(f"execution.{key}", f"{_FOLDER_CANNOT}: Eingangsrechnungen {_ONLY_TX}")


def is_folder_job(data: Mapping[str, Any]) -> bool:
    """Whether the job delivers a folder of closed files (``source.kind`` folder or ``source_dir``)."""
    section = data.get("source")
    if isinstance(section, Mapping) and section:
        return bool(section.get("kind", "folder") == "folder")
    return bool(data.get("source_dir"))
