"""Message codes — the command line's own words: what `syncsystem datacenter`, `office`, `transfer`,
`interfaces callback` and `agent doctor` print, and the errors of the process edge (`syncsystem.cli`).

Printed in the CLI's language (``--lang``, else the locale; German by default).
"""

from __future__ import annotations

from syncsystem.messages.code import declare as _code

__all__ = [
    "AG_CHECK_BEFORE_NOW",
    "AG_CHECK_BMD_MOVED",
    "AG_CHECK_MISSING",
    "AG_CHECK_NEW_HOST",
    "AG_CHECK_SAME_BMD",
    "AG_CHECK_SAME_HOST",
    "AG_CLI_RUN_FAILED",
    "AG_CLI_RUN_LINE",
    "AG_CLI_RUN_RETRY",
    "AG_CLI_RUN_SEALED",
    "CLI_EXTRA_MISSING",
    "CLI_HELP_AGENT",
    "CLI_HELP_BMD",
    "CLI_HELP_CLEARING",
    "CLI_HELP_COMMAND",
    "CLI_HELP_DATACENTER",
    "CLI_HELP_DEBUG",
    "CLI_HELP_DEMO",
    "CLI_HELP_EMULATE",
    "CLI_HELP_INTERFACES",
    "CLI_HELP_LANG",
    "CLI_HELP_LOG_FORMAT",
    "CLI_HELP_LOG_LEVEL",
    "CLI_HELP_OFFICE",
    "CLI_HELP_QUIET",
    "CLI_HELP_TRANSFER",
    "CLI_NO",
    "CLI_UNEXPECTED",
    "CLI_VERSION_UNKNOWN",
    "CLI_YES",
    "DB_CANNOT_OPEN",
    "DB_DAMAGED",
    "DB_IO_ERROR",
    "DB_LOCKED",
    "DB_NOT_A_DATABASE",
    "DC_CLI_ADVISOR_BLOCKED",
    "DC_CLI_ADVISOR_NEW_TOKEN",
    "DC_CLI_ADVISOR_REVOKED",
    "DC_CLI_ADVISOR_TOKEN",
    "DC_CLI_ADVISOR_UNKNOWN",
    "DC_CLI_AGENT_CODE",
    "DC_CLI_CODE",
    "DC_CLI_IMPORTED",
    "DC_CLI_IMPORTED_BEFORE",
    "DC_CLI_KEYS_RETIRED",
    "DC_CLI_KEY_ROTATED",
    "DC_CLI_NO_ADVISORS",
    "DC_CLI_OFFICE_CREATED",
    "DC_CLI_OFFICE_INVALID",
    "DC_CLI_OFFICE_UNKNOWN",
    "DC_CLI_OLD_TOKEN_VOID",
    "DC_CLI_PUBLIC_KEY",
    "DC_CLI_REQUESTED",
    "DC_CLI_SAME_NAME",
    "DC_CLI_TOO_LARGE",
    "DC_LIVE_MODE_FULL",
    "DC_LIVE_MODE_INCREMENTAL",
    "DC_STATUS_DURATION",
    "DC_STATUS_FAILED",
    "DC_STATUS_INGESTED",
    "DC_STATUS_MANDANT",
    "DC_STATUS_NEVER",
    "DC_STATUS_NO_DATA",
    "DC_STATUS_PICKED_UP",
    "DC_STATUS_ROWS",
    "DC_STATUS_STATE",
    "DC_STATUS_UPDATED",
    "DC_STATUS_UPLOADED",
    "DC_STATUS_WAITING",
    "IN_CLI_CALLBACK_NONE",
    "IN_CLI_CALLBACK_NO_URL",
    "IN_CLI_CALLBACK_SHOWN",
    "IN_CLI_CALLBACK_UNREADABLE",
    "OFFICE_CLI_ACTIVE",
    "OFFICE_CLI_ENV_UNSET",
    "OFFICE_CLI_INACTIVE",
    "OFFICE_CLI_MAY_REVEAL",
    "OFFICE_CLI_NO_SMTP",
    "OFFICE_CLI_NO_TERMINAL",
    "OFFICE_CLI_NO_TLS",
    "OFFICE_CLI_NO_USERS",
    "OFFICE_CLI_PASSWORDS_DIFFER",
    "OFFICE_CLI_PASSWORD_FILE",
    "OFFICE_CLI_PASSWORD_NONE",
    "OFFICE_CLI_PASSWORD_PROMPT",
    "OFFICE_CLI_PASSWORD_REPEAT",
    "OFFICE_CLI_PASSWORD_STORED",
    "OFFICE_CLI_ROLE_ADMIN",
    "OFFICE_CLI_ROLE_USER",
    "OFFICE_CLI_SMTP",
    "OFFICE_CLI_TLS_NEEDED",
    "OFFICE_CLI_USER_SAVED",
    "OFFICE_CLI_USER_SET",
    "OS_ADDRESS_IN_USE",
    "OS_DISK_FULL",
    "OS_EXISTS",
    "OS_HOST_UNKNOWN",
    "OS_IS_FOLDER",
    "OS_NOT_FOLDER",
    "OS_NOT_FOUND",
    "OS_NO_PERMISSION",
    "OS_READ_ONLY",
    "OS_REFUSED",
    "OS_RESET",
    "OS_TIMEOUT",
    "OS_UNREACHABLE",
    "TX_CLI_DELETED",
    "TX_CLI_DELETE_CONFIRM",
    "TX_CLI_DISABLED",
    "TX_CLI_ENABLED",
    "TX_NOTE_GONE",
    "TX_NOTE_LATE",
    "TX_STORE_JOB_EXISTS",
    "TX_STORE_JOB_UNKNOWN",
    "TX_STORE_UNUSABLE",
]

# the process edge (syncsystem.cli)
CLI_VERSION_UNKNOWN = _code("cli.version_unknown")
CLI_EXTRA_MISSING = _code("cli.extra_missing", "area", "package", "extra")
CLI_UNEXPECTED = _code("cli.unexpected", "kind", "error")
# `syncsystem --help`: the command's description, its areas' and global options' help (syncsystem.cli)
CLI_HELP_COMMAND = _code("cli.help.command")
CLI_HELP_DEMO = _code("cli.help.demo")
CLI_HELP_AGENT = _code("cli.help.agent")
CLI_HELP_DATACENTER = _code("cli.help.datacenter")
CLI_HELP_BMD = _code("cli.help.bmd")
CLI_HELP_INTERFACES = _code("cli.help.interfaces")
CLI_HELP_CLEARING = _code("cli.help.clearing")
CLI_HELP_TRANSFER = _code("cli.help.transfer")
CLI_HELP_OFFICE = _code("cli.help.office")
CLI_HELP_EMULATE = _code("cli.help.emulate")
CLI_HELP_LOG_LEVEL = _code("cli.help.log_level")
CLI_HELP_LOG_FORMAT = _code("cli.help.log_format")
CLI_HELP_LANG = _code("cli.help.lang")
CLI_HELP_QUIET = _code("cli.help.quiet")
CLI_HELP_DEBUG = _code("cli.help.debug")
CLI_YES = _code("cli.yes")
CLI_NO = _code("cli.no")
# syncsystem datacenter (datacenter.commands, cli_common, credentials)
DC_CLI_OFFICE_INVALID = _code("datacenter.cli.office_invalid", "office", "reason")
DC_CLI_OFFICE_UNKNOWN = _code("datacenter.cli.office_unknown", "office")
DC_CLI_OFFICE_CREATED = _code("datacenter.cli.office_created", "office")
DC_CLI_ADVISOR_TOKEN = _code("datacenter.cli.advisor_token", "name", "advisor", "token")
DC_CLI_AGENT_CODE = _code("datacenter.cli.agent_code", "code")
DC_CLI_PUBLIC_KEY = _code("datacenter.cli.public_key", "key")
DC_CLI_CODE = _code("datacenter.cli.code", "code")
DC_CLI_REQUESTED = _code("datacenter.cli.requested", "request", "mandanten", "mode")
DC_CLI_SAME_NAME = _code("datacenter.cli.same_name", "path", "other")
DC_CLI_TOO_LARGE = _code("datacenter.cli.too_large", "reason")
DC_CLI_IMPORTED = _code("datacenter.cli.imported", "mandant", "rows")
DC_CLI_IMPORTED_BEFORE = _code("datacenter.cli.imported_before", "mandant", "rows")
DC_CLI_ADVISOR_UNKNOWN = _code("datacenter.cli.advisor_unknown", "advisor", "office")
DC_CLI_ADVISOR_REVOKED = _code("datacenter.cli.advisor_revoked", "advisor")
DC_CLI_ADVISOR_NEW_TOKEN = _code("datacenter.cli.advisor_new_token", "advisor", "token")
DC_CLI_OLD_TOKEN_VOID = _code("datacenter.cli.old_token_void")
DC_CLI_ADVISOR_BLOCKED = _code("datacenter.cli.advisor_blocked")
DC_CLI_NO_ADVISORS = _code("datacenter.cli.no_advisors")
DC_CLI_KEY_ROTATED = _code("datacenter.cli.key_rotated", "path", "key")
DC_CLI_KEYS_RETIRED = _code("datacenter.cli.keys_retired", "count")
DC_LIVE_MODE_FULL = _code("datacenter.live.mode_full")
DC_LIVE_MODE_INCREMENTAL = _code("datacenter.live.mode_incremental")
# syncsystem datacenter status (datacenter.status): the table's heads and each Mandant's state
DC_STATUS_MANDANT = _code("datacenter.status.mandant")
DC_STATUS_UPDATED = _code("datacenter.status.updated")
DC_STATUS_ROWS = _code("datacenter.status.rows")
DC_STATUS_DURATION = _code("datacenter.status.duration")
DC_STATUS_STATE = _code("datacenter.status.state")
DC_STATUS_FAILED = _code("datacenter.status.failed")
DC_STATUS_INGESTED = _code("datacenter.status.ingested")
DC_STATUS_NO_DATA = _code("datacenter.status.no_data")
DC_STATUS_NEVER = _code("datacenter.status.never")
DC_STATUS_WAITING = _code("datacenter.status.waiting")
DC_STATUS_PICKED_UP = _code("datacenter.status.picked_up")
DC_STATUS_UPLOADED = _code("datacenter.status.uploaded")
# syncsystem office (office.commands, office.serve)
OFFICE_CLI_PASSWORD_FILE = _code("office.cli.password_file", "path", "reason")
OFFICE_CLI_NO_TERMINAL = _code("office.cli.no_terminal")
OFFICE_CLI_PASSWORD_PROMPT = _code("office.cli.password_prompt", "name")
OFFICE_CLI_PASSWORD_REPEAT = _code("office.cli.password_repeat")
OFFICE_CLI_PASSWORDS_DIFFER = _code("office.cli.passwords_differ")
OFFICE_CLI_ROLE_ADMIN = _code("office.cli.role_admin")
OFFICE_CLI_ROLE_USER = _code("office.cli.role_user")
OFFICE_CLI_ACTIVE = _code("office.cli.active")
OFFICE_CLI_INACTIVE = _code("office.cli.inactive")
OFFICE_CLI_USER_SAVED = _code("office.cli.user_saved", "name", "role")
OFFICE_CLI_NO_USERS = _code("office.cli.no_users")
OFFICE_CLI_USER_SET = _code("office.cli.user_set", "name", "role", "state")
OFFICE_CLI_NO_SMTP = _code("office.cli.no_smtp")
OFFICE_CLI_SMTP = _code("office.cli.smtp", "host", "port", "tls", "user", "sender", "password")
OFFICE_CLI_NO_TLS = _code("office.cli.no_tls")
OFFICE_CLI_PASSWORD_STORED = _code("office.cli.password_stored")
OFFICE_CLI_PASSWORD_NONE = _code("office.cli.password_none")
OFFICE_CLI_ENV_UNSET = _code("office.cli.env_unset", "name")
OFFICE_CLI_MAY_REVEAL = _code("office.cli.may_reveal", "answer")
OFFICE_CLI_TLS_NEEDED = _code("office.cli.tls_needed", "host")
# syncsystem transfer (transfer.commands, transfer.store)
# the notes of a run with tracked documents (transfer.tracking), stored in the run journal in German
TX_NOTE_GONE = _code("transfer.note.gone", "count", "keys")
TX_NOTE_LATE = _code("transfer.note.late", "count", "first", "last")
TX_CLI_ENABLED = _code("transfer.cli.enabled", "job")
TX_CLI_DISABLED = _code("transfer.cli.disabled", "job")
TX_CLI_DELETE_CONFIRM = _code("transfer.cli.delete_confirm", "job")
TX_CLI_DELETED = _code("transfer.cli.deleted", "job")
TX_STORE_UNUSABLE = _code("transfer.store.unusable", "path", "reason")
TX_STORE_JOB_EXISTS = _code("transfer.store.job_exists", "job")
TX_STORE_JOB_UNKNOWN = _code("transfer.store.job_unknown", "job")
# syncsystem interfaces callback (interfaces.callback, commands_callback)
IN_CLI_CALLBACK_UNREADABLE = _code("interfaces.cli.callback_unreadable", "path", "reason")
IN_CLI_CALLBACK_NO_URL = _code("interfaces.cli.callback_no_url", "path")
IN_CLI_CALLBACK_SHOWN = _code("interfaces.cli.callback_shown", "url", "pending")
IN_CLI_CALLBACK_NONE = _code("interfaces.cli.callback_none", "pending")
# syncsystem agent doctor: the checks against the last good run (agent.fingerprint)
AG_CHECK_SAME_HOST = _code("agent.doctor.same_host")
AG_CHECK_SAME_BMD = _code("agent.doctor.same_bmd")
AG_CHECK_BEFORE_NOW = _code("agent.doctor.before_now", "before", "now")
AG_CHECK_MISSING = _code("agent.doctor.missing", "path")
AG_CHECK_NEW_HOST = _code("agent.doctor.new_host")
AG_CHECK_BMD_MOVED = _code("agent.doctor.bmd_moved")
# operating-system errors in the reader's words (syncsystem.oserrors)
OS_NOT_FOUND = _code("os.not_found")
OS_NO_PERMISSION = _code("os.no_permission")
OS_IS_FOLDER = _code("os.is_folder")
OS_NOT_FOLDER = _code("os.not_folder")
OS_DISK_FULL = _code("os.disk_full")
OS_READ_ONLY = _code("os.read_only")
OS_EXISTS = _code("os.exists")
OS_REFUSED = _code("os.refused")
OS_RESET = _code("os.reset")
OS_TIMEOUT = _code("os.timeout")
OS_UNREACHABLE = _code("os.unreachable")
OS_ADDRESS_IN_USE = _code("os.address_in_use")
OS_HOST_UNKNOWN = _code("os.host_unknown")
# syncsystem agent runs (agent.commands_inspect)
# a SQLite file that cannot be used, in the reader's words (syncsystem.oserrors.store_reason)
DB_NOT_A_DATABASE = _code("db.not_a_database")
DB_DAMAGED = _code("db.damaged")
DB_LOCKED = _code("db.locked")
DB_CANNOT_OPEN = _code("db.cannot_open")
DB_IO_ERROR = _code("db.io_error")
# syncsystem agent runs (agent.commands)
AG_CLI_RUN_SEALED = _code("agent.cli.run_sealed")
AG_CLI_RUN_RETRY = _code("agent.cli.run_retry")
AG_CLI_RUN_FAILED = _code("agent.cli.run_failed")
AG_CLI_RUN_LINE = _code("agent.cli.run_line", "at", "status", "mandanten", "rows", "size", "seconds")
