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

from syncsystem.messages import codes as mc
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
        r.bad("source", mc.CFG_SECTION())
        return SourceSettings()
    kind = r.choice(SourceKind, section, "source", "kind") or SourceKind.FOLDER
    folder = r.text(section, "source", "dir")
    if legacy and folder and legacy != folder:
        r.bad("source_dir", mc.SRC_CONFLICT())
    folder = folder or legacy
    store = r.text(section, "source", "store")
    config = r.text(section, "source", "config")
    if kind is SourceKind.FOLDER:
        if not folder:
            r.bad("source.dir", mc.SRC_DIR_FOLDER())
        for key, value in (("store", store), ("config", config)):
            if value:
                r.bad(f"source.{key}", mc.SRC_ONLY_TRANSACTIONS())
        return SourceSettings(kind, folder)
    if not folder and not store:
        r.bad("source.dir", mc.SRC_DIR_TRANSACTIONS())
    if folder and not config:
        r.bad("source.config", mc.SRC_CONFIG())
    if store and filiale:
        r.bad("scope.filiale", mc.SRC_STORE_FILIALE())
    if store and payment_types:
        r.bad("execution.payment_types", mc.SRC_STORE_PAYMENT())
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




def refuse_folder_options(r: FieldReader, sections: Mapping[str, Any]) -> None:
    """Refuse, when a job is saved, the options a folder source cannot honour (each field named)."""
    sc, ex = sections["scope"], sections["execution"]
    if sc.get("filiale"):
        r.bad("scope.filiale", mc.SRC_FOLDER_FILIALE())
    for key, what in (
        ("document_types", mc.SRC_FOLDER_DOCUMENT_TYPES),
        ("payment_types", mc.SRC_FOLDER_PAYMENT_TYPES),
    ):
        if ex.get(key):
            r.bad(f"execution.{key}", what())
    if ex.get("format"):
        r.bad("execution.format", mc.SRC_FOLDER_FORMAT())
    if ex.get("incoming_invoices") or ex.get("incoming_format"):
        key = "incoming_invoices" if ex.get("incoming_invoices") else "incoming_format"
        r.bad(f"execution.{key}", mc.SRC_FOLDER_INCOMING())


def is_folder_job(data: Mapping[str, Any]) -> bool:
    """Whether the job delivers a folder of closed files (``source.kind`` folder or ``source_dir``)."""
    section = data.get("source")
    if isinstance(section, Mapping) and section:
        return bool(section.get("kind", "folder") == "folder")
    return bool(data.get("source_dir"))
