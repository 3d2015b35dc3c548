"""Bundle ingest and manual import: verify, decrypt, validate with `syncsystem.bmd`, store atomically.

The expensive, side-effect-free work (decryption, decompression, parsing, validation) happens before
the database is touched; then one write transaction claims the bundle id and stores every Mandant's
rows, cursors and figures — all or nothing. Idempotency: the same id with the same bytes, or with
other bytes of the same content (a re-sealed retry), is acknowledged as ``duplicate`` and stored
once; the same id with other content is a `ConflictError`. A refused bundle stores no data; its
reason is recorded on the Mandanten (for the advisor page) and on the sync request. By operation:
`opening` (verify, decrypt, duplicate check, refusal notes), `validate` (parse and check against
the manifest), `commit` (the one write transaction), `slices` (a large file stored in bounded
slices inside it), `bundle` (the agent upload end to end) and `manual` (an advisor's files).
"""

from syncsystem.datacenter.ingest.bundle import ingest_bundle
from syncsystem.datacenter.ingest.manual import import_files
from syncsystem.datacenter.ingest.validate import COLUMNAR_FROM, ParsedFile, parse_files, prepare_files

__all__ = ["COLUMNAR_FROM", "ParsedFile", "import_files", "ingest_bundle", "parse_files", "prepare_files"]
