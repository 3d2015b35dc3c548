"""Payment clearing (Auszifferung): BMD's cleared payments back into the source system, exactly once.

`rules` holds the pure decisions (natural key, invoice resolution, paid status), `store` the
database schema whose UNIQUE natural key makes duplicates impossible, `frames` the columnar read
and set-wise resolution of big files, `importer` the validate-then-commit-once import, `commands`
the CLI.
"""

from syncsystem.clearing.importer import ImportReport, import_files
from syncsystem.clearing.rules import Invoice, InvoiceStatus, Payment, Unresolved
from syncsystem.clearing.store import ClearingStore

__all__ = [
    "ClearingStore",
    "ImportReport",
    "Invoice",
    "InvoiceStatus",
    "Payment",
    "Unresolved",
    "import_files",
]
