"""Payment clearing (Auszifferung): BMD's cleared payments back into the source system, exactly once.

`rules` holds the pure decisions (natural key, invoice resolution, paid status), `schema` the
tables whose UNIQUE natural key makes duplicates impossible, `store` the store's façade (open,
import transaction, queries) over `writes` (payments in), `paid` (paid sums and dates) and `bulk`
(driver-level statements), `frames` the columnar read and set-wise resolution of big files,
`importer` the validate-then-commit-once import, `commands` the CLI.
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
