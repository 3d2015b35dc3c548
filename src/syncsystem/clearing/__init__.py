"""Payment clearing (Auszifferung): BMD's cleared payments back into the source system, exactly once.

An invoice is (Mandant, person account, invoice number). `rules` holds the pure decisions (natural
key, invoice resolution by account and number, paid status), `schema` the tables whose UNIQUE keys
make duplicates impossible, `migrate` (with the Alembic revisions in ``migrations``) brings a store
to the newest schema, `store` the store's façade (open, import transaction, queries) over `writes`
(payments in), `paid` (paid sums and dates) and `bulk` (driver-level statements), `frames` the
columnar read and set-wise resolution of big files, `chunks` a large file validated and read again
a chunk at a time, `occurrences` the numbering of identical rows across chunks, `headers` column
problems in one sentence, `importer` the validate-then-commit-once import, `commands` the CLI.
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
