"""Where a transfer job's files come from: the ``source`` section of a job file as a value.

``{"kind": "folder", "dir": …}`` delivers closed BMD import files prepared in a folder (the
behaviour of the older top-level ``source_dir``, still read). ``{"kind": "transactions", "dir": …,
"store": …, "config": …}`` builds the files itself from the source system's documents: ``dir`` is
the folder of transaction exports, ``store`` an `interfaces` export folder holding the invoice
store, ``config`` the export configuration (account mapping, field sources, Buchungssymbole — the
file ``interfaces export --config`` reads; required with ``dir``). The invoice store records no
Filiale and no payment type, so a job filtering on those over the store is refused rather than
silently delivering nothing. A folder source delivers closed files as they are, so when a job is
saved Filiale, document and payment types, format and incoming invoices are refused there, each
field named. The rules are declared in `syncsystem.transfer.job_model`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = [
    "SourceKind",
    "SourceSettings",
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


def source_mapping(source: SourceSettings) -> dict[str, Any]:
    """The ``source`` section `parse_job` reads back (empty for a job without a source)."""
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
