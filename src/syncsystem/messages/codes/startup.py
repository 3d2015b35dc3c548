"""Message codes — a server's start-up: the checks before it listens (`syncsystem.serving`), the
datacenter's bundle key file (`datacenter.keys`), its limits from the environment
(`datacenter.context`, `datacenter.serve`) and the refusals of `syncsystem datacenter init`, `serve`,
`import` and `rotate-key`.

Printed in the CLI's language (``--lang``, else the locale; German by default) and logged for the
administrator when a server refuses to start.
"""

from __future__ import annotations

from syncsystem.messages.code import declare as _code

__all__ = [
    "DB_CANNOT_CREATE",
    "DB_NOT_A_URL",
    "DB_UNSUPPORTED",
    "DC_CLI_OFFICE_EXISTS",
    "DC_ENV_DB_UNSET",
    "DC_ENV_INGESTS",
    "DC_ENV_LIMIT",
    "DC_ENV_TOKEN_CACHE",
    "DC_KEYS_LACKS",
    "DC_KEYS_LAYOUT",
    "DC_KEYS_NEEDED",
    "DC_KEYS_NONE_YET",
    "DC_KEYS_NOT_PRIVATE",
    "DC_KEYS_NO_CURRENT",
    "DC_KEYS_NO_FILE",
    "DC_KEYS_OPEN",
    "DC_SERVE_AT_LEAST_ONE",
    "DC_SERVE_OFFICE_POLL",
    "DC_SERVE_WORKERS",
    "SRV_BAD_CERT",
    "SRV_CANNOT_LISTEN",
    "SRV_CERT_NEEDS_KEY",
    "SRV_HOST_UNRESOLVED",
    "SRV_KEY_NEEDS_CERT",
    "SRV_NOT_A_PORT",
    "SRV_NOT_READABLE",
    "SRV_NO_SUCH_FILE",
    "SRV_PORT_IN_USE",
    "STORE_CLEARING_FAILED",
    "STORE_CLEARING_OPEN",
    "STORE_CLEARING_REVISION",
    "STORE_CLEARING_URL",
    "STORE_MIGRATE",
    "STORE_WRITE",
]

# before a server listens (serving: datacenter serve and office serve)
SRV_KEY_NEEDS_CERT = _code("serve.key_needs_cert")
SRV_CERT_NEEDS_KEY = _code("serve.cert_needs_key")
SRV_NO_SUCH_FILE = _code("serve.no_such_file", "option", "path")
SRV_NOT_READABLE = _code("serve.not_readable", "option", "path")
SRV_BAD_CERT = _code("serve.bad_cert", "cert", "key", "reason")
SRV_NOT_A_PORT = _code("serve.not_a_port", "port")
SRV_HOST_UNRESOLVED = _code("serve.host_unresolved", "host", "reason")
SRV_PORT_IN_USE = _code("serve.port_in_use", "port", "host")
SRV_CANNOT_LISTEN = _code("serve.cannot_listen", "host", "port", "reason")
# syncsystem datacenter serve: its options and the limits from the environment
DC_SERVE_WORKERS = _code("datacenter.serve.workers")
DC_SERVE_OFFICE_POLL = _code("datacenter.serve.office_poll", "seconds")
DC_SERVE_AT_LEAST_ONE = _code("datacenter.serve.at_least_one", "option", "value")
DC_ENV_DB_UNSET = _code("datacenter.env.db_unset", "name")
DC_ENV_LIMIT = _code("datacenter.env.limit", "name", "value")
DC_ENV_TOKEN_CACHE = _code("datacenter.env.token_cache", "name", "value", "limit")
DC_ENV_INGESTS = _code("datacenter.env.ingests", "name", "value", "most")
DC_CLI_OFFICE_EXISTS = _code("datacenter.cli.office_exists", "office")
# the bundle key file (datacenter.keys, app, credentials)
DC_KEYS_NEEDED = _code("datacenter.keys.needed")
DC_KEYS_NONE_YET = _code("datacenter.keys.none_yet", "path")
DC_KEYS_OPEN = _code("datacenter.keys.open", "path", "mode")
DC_KEYS_NOT_PRIVATE = _code("datacenter.keys.not_private", "path", "line")
DC_KEYS_LAYOUT = _code("datacenter.keys.layout", "path", "line")
DC_KEYS_NO_CURRENT = _code("datacenter.keys.no_current", "path")
DC_KEYS_NO_FILE = _code("datacenter.keys.no_file", "path")
DC_KEYS_LACKS = _code("datacenter.keys.lacks", "path")
# the database URL (syncsystem.db: the datacenter's, the office's and the clearing store's)
DB_NOT_A_URL = _code("db.not_a_url", "url")
DB_UNSUPPORTED = _code("db.unsupported", "url", "backend")
DB_CANNOT_CREATE = _code("db.cannot_create", "path", "reason")
# opening a store (clearing.store, clearing.migrate, datacenter.store.engine)
STORE_CLEARING_URL = _code("store.clearing.url", "url")
STORE_CLEARING_OPEN = _code("store.clearing.open", "url", "reason")
STORE_CLEARING_FAILED = _code("store.clearing.failed", "reason")
STORE_CLEARING_REVISION = _code("store.clearing.revision", "reason")
STORE_MIGRATE = _code("store.migrate", "reason")
STORE_WRITE = _code("store.write", "reason")
