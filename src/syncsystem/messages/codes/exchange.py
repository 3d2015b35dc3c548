"""Message codes — Agent ⇄ datacenter: the agent's commands and doctor, bundles, protocol values, the live
log, ingest, refusals.
"""

from __future__ import annotations

from syncsystem.messages.code import declare as _code

__all__ = [
    "AGENT_ACCESS_REVOKED",
    "AGENT_ACCESS_VALID",
    "AGENT_ALREADY_RUNNING",
    "AGENT_EXPORT_BOTH",
    "AGENT_NOT_AGENT",
    "AGENT_NOT_RUNNING",
    "AGENT_NOT_STOPPABLE",
    "AGENT_NO_PID",
    "AGENT_NO_URL",
    "AGENT_PERIOD_ORDER",
    "AGENT_PID",
    "AGENT_REENROLLED",
    "AGENT_START_BACKGROUND",
    "AGENT_START_RUNNING",
    "AGENT_START_UNIT",
    "AGENT_START_UNIT_FAILED",
    "AGENT_STOPPED",
    "AG_CA_FILE",
    "AG_CA_NO_CERT",
    "AG_CLI_CHECK_FAILED",
    "AG_CLI_CHECK_OK",
    "AG_CLI_ENROLLED",
    "AG_CLI_NIGHTLY",
    "AG_CLI_PLAN_SUM",
    "AG_CLI_POLL",
    "AG_CLI_SET_ASIDE",
    "AG_CLI_SET_ASIDE_UNREPORTED",
    "AG_CLI_STATUS",
    "AG_CLI_SYSTEMD_AFTER",
    "AG_CLI_WINSW_AFTER",
    "AG_CLI_WRITTEN",
    "AG_NO_TRANSFER_STATE",
    "AG_PROXY",
    "AG_URL_BAD",
    "AG_URL_HTTPS",
    "AG_URL_NO_HOST",
    "BD_AUTH",
    "BD_BUNDLE_ROWS",
    "BD_CHECKSUM",
    "BD_COMPRESSED",
    "BD_DECOMPRESSED",
    "BD_ENDS_BEFORE_LENGTH",
    "BD_ENDS_INSIDE",
    "BD_ENDS_INSIDE_FILE",
    "BD_FILES_LIMIT",
    "BD_FILES_MISMATCH",
    "BD_FILE_CHANGED",
    "BD_FILE_ROWS",
    "BD_FLAGS",
    "BD_LENGTH",
    "BD_LISTED_TWICE",
    "BD_LONGER",
    "BD_MAGIC",
    "BD_MANIFEST_INVALID",
    "BD_MANIFEST_LENGTH",
    "BD_MANIFEST_VERSION",
    "BD_MORE_BUNDLE_ROWS",
    "BD_MORE_FILE_ROWS",
    "BD_SHORT_HEADER",
    "BD_SIZE_DIFFERS",
    "BD_THE_MANIFEST",
    "BD_TOO_LARGE",
    "BD_TRUNCATED",
    "BD_VERSION",
    "BD_WRONG_KEY",
    "BUNDLE_CAUSE_CHECKSUM_MISMATCH",
    "BUNDLE_CAUSE_CORRUPT",
    "BUNDLE_CAUSE_DECOMPRESSED_TOO_LARGE",
    "BUNDLE_CAUSE_INVALID_INPUT",
    "BUNDLE_CAUSE_MANIFEST_INVALID",
    "BUNDLE_CAUSE_NOT_A_BUNDLE",
    "BUNDLE_CAUSE_TAMPERED",
    "BUNDLE_CAUSE_TOO_LARGE",
    "BUNDLE_CAUSE_TOO_MANY_ROWS",
    "BUNDLE_CAUSE_TRUNCATED",
    "BUNDLE_CAUSE_UNSUPPORTED_VERSION",
    "BUNDLE_CAUSE_WRONG_KEY",
    "BUNDLE_PRIVATE_KEY",
    "BUNDLE_PUBLIC_KEY",
    "CMD_ESCAPE",
    "CMD_QUOTE",
    "DC_BODY_OVER",
    "DC_BODY_TOO_LARGE",
    "DC_BUNDLE_OTHER_CONTENT",
    "DC_BUNDLE_TOO_LARGE",
    "DC_HEALTH_NO_CREDENTIALS",
    "DC_REQUEST_BODY",
    "DC_UPLOAD_OVER",
    "DC_UPLOAD_TOO_LARGE",
    "DEMO_STATE_NOT_EMPTY",
    "DOC_BMD_CLOCK",
    "DOC_BMD_CLOCK_HINT",
    "DOC_CA_FILE",
    "DOC_CA_FILE_HINT",
    "DOC_CLOCK",
    "DOC_CLOCK_CONNECT_FIRST",
    "DOC_CLOCK_HINT",
    "DOC_CLOCK_SEEN",
    "DOC_CLOCK_UNMEASURED",
    "DOC_DIALOG",
    "DOC_DIALOG_HINT",
    "DOC_EXPORT",
    "DOC_EXPORT_COMMAND_HINT",
    "DOC_EXPORT_FOLDER",
    "DOC_EXPORT_FOLDER_HINT",
    "DOC_EXPORT_HINT",
    "DOC_EXPORT_NOT_FOUND",
    "DOC_LAST_RUN",
    "DOC_LAST_RUN_HINT",
    "DOC_LICENCE",
    "DOC_LICENCE_HINT",
    "DOC_LOCKED",
    "DOC_LOCKED_HINT",
    "DOC_OUTBOX",
    "DOC_OUTBOX_HINT",
    "DOC_PASSWORD",
    "DOC_PASSWORD_HINT",
    "DOC_POLL_ANSWERED",
    "DOC_PORT",
    "DOC_PORT_HINT",
    "DOC_PROBE",
    "DOC_PROBE_HINT",
    "DOC_SERVICE",
    "DOC_SERVICE_HINT",
    "DOC_SET_ASIDE",
    "DOC_SET_ASIDE_HINT",
    "DOC_SET_ASIDE_REPORTED",
    "DOC_SET_ASIDE_UNREPORTED",
    "DOC_TOKEN",
    "DOC_TOKEN_LATER",
    "DOC_UNREADABLE",
    "DOC_WRITABLE",
    "DOC_WRITABLE_HINT",
    "IMPORT_REFUSED",
    "INGEST_BAD_NAME",
    "INGEST_BUNDLE_INVALID",
    "INGEST_CURSOR_GAP",
    "INGEST_CURSOR_ORDER",
    "INGEST_DRAFTS",
    "INGEST_DUPLICATE_NAME",
    "INGEST_FILES_TOO_LARGE",
    "INGEST_FILE_ROWS",
    "INGEST_IMPORT_ROWS",
    "INGEST_INVALID_DATA",
    "INGEST_MANIFEST_AGENT",
    "INGEST_MANIFEST_BUNDLE",
    "INGEST_MANIFEST_MISMATCH",
    "INGEST_NOTHING_ACKNOWLEDGED",
    "INGEST_NO_FILES",
    "LIVE_AGENT_OFFLINE",
    "LIVE_CREATED",
    "LIVE_DONE",
    "LIVE_EXPORT_FAILED",
    "LIVE_EXPORT_FINISHED",
    "LIVE_EXPORT_STARTED",
    "LIVE_FAILED",
    "LIVE_FAIL_CLOCK",
    "LIVE_FAIL_LICENCE",
    "LIVE_FAIL_LOCKED",
    "LIVE_FAIL_OTHER",
    "LIVE_FAIL_PASSWORD",
    "LIVE_INGESTED",
    "LIVE_LAST_UPDATED",
    "LIVE_NO_AGENT",
    "LIVE_PICKED_UP",
    "LIVE_UPLOADED",
    "LIVE_WAITING",
    "MANIFEST_KIND",
    "MANIFEST_ROWS",
    "PROTO_BOOL",
    "PROTO_CHOICE",
    "PROTO_CONTROL",
    "PROTO_DOCTOR_CHECKS",
    "PROTO_EMPTY",
    "PROTO_ENROL_MANDANTEN",
    "PROTO_FILE_KIND",
    "PROTO_FILE_NAME",
    "PROTO_FLOAT_RANGE",
    "PROTO_ID",
    "PROTO_INTEGER",
    "PROTO_ISO_STRING",
    "PROTO_KEY_BYTES",
    "PROTO_LIST",
    "PROTO_LIST_MOST",
    "PROTO_LIST_OF_MANDANTEN",
    "PROTO_LIST_OF_TEXTS",
    "PROTO_MANDANT_NAME",
    "PROTO_MESSAGE_VALUE",
    "PROTO_NOT_BASE64",
    "PROTO_NOT_ISO",
    "PROTO_NOT_JSON",
    "PROTO_NOT_JSON_NUMBER",
    "PROTO_NO_ZONE",
    "PROTO_NUMBER",
    "PROTO_OBJECT",
    "PROTO_OBJECT_PLAIN",
    "PROTO_ONE_OF",
    "PROTO_PROGRESS_EVENTS",
    "PROTO_SHA256",
    "PROTO_STRING",
    "PROTO_SURROGATE",
    "PROTO_TOO_LONG",
    "PROTO_TWICE",
    "PROTO_WHOLE_RANGE",
    "REFUSAL_BUNDLE",
    "REFUSAL_MANUAL",
    "REFUSAL_MORE",
    "REFUSAL_SET_ASIDE",
    "REQUEST_UNKNOWN_MANDANT",
]

MANIFEST_ROWS = _code("ingest.manifest.rows", "declared", "found")
MANIFEST_KIND = _code("ingest.manifest.kind", "declared", "found")
INGEST_INVALID_DATA = _code("ingest.invalid_data")
INGEST_MANIFEST_MISMATCH = _code("ingest.manifest_mismatch")
INGEST_NO_FILES = _code("ingest.no_files")
INGEST_DUPLICATE_NAME = _code("ingest.duplicate_name", "name")
INGEST_BAD_NAME = _code("ingest.bad_name", "reason")
INGEST_FILES_TOO_LARGE = _code("ingest.files_too_large", "total", "limit")
INGEST_FILE_ROWS = _code("ingest.file_rows", "name", "rows", "limit")
INGEST_IMPORT_ROWS = _code("ingest.import_rows", "rows", "limit")
INGEST_MANIFEST_BUNDLE = _code("ingest.manifest_bundle", "named", "uploaded")
INGEST_MANIFEST_AGENT = _code("ingest.manifest_agent", "named", "uploaded")
INGEST_BUNDLE_INVALID = _code("ingest.bundle_invalid", "cause", "detail")
INGEST_CURSOR_GAP = _code("ingest.cursor_gap", "mandant", "start", "acknowledged")
INGEST_NOTHING_ACKNOWLEDGED = _code("ingest.nothing_acknowledged")
INGEST_CURSOR_ORDER = _code("ingest.cursor_order", "mandant", "end", "start")
BUNDLE_CAUSE_CHECKSUM_MISMATCH = _code("bundle.cause.checksum_mismatch")
BUNDLE_CAUSE_CORRUPT = _code("bundle.cause.corrupt")
BUNDLE_CAUSE_INVALID_INPUT = _code("bundle.cause.invalid_input")
BUNDLE_CAUSE_MANIFEST_INVALID = _code("bundle.cause.manifest_invalid")
BUNDLE_CAUSE_NOT_A_BUNDLE = _code("bundle.cause.not_a_bundle")
BUNDLE_CAUSE_TOO_MANY_ROWS = _code("bundle.cause.too_many_rows")
BUNDLE_CAUSE_TAMPERED = _code("bundle.cause.tampered")
BUNDLE_CAUSE_DECOMPRESSED_TOO_LARGE = _code("bundle.cause.decompressed_too_large")
BUNDLE_CAUSE_TOO_LARGE = _code("bundle.cause.too_large")
BUNDLE_CAUSE_TRUNCATED = _code("bundle.cause.truncated")
BUNDLE_CAUSE_UNSUPPORTED_VERSION = _code("bundle.cause.unsupported_version")
BUNDLE_CAUSE_WRONG_KEY = _code("bundle.cause.wrong_key")
REFUSAL_BUNDLE = _code("refusal.bundle", "bundle_id", "cause")
REFUSAL_MANUAL = _code("refusal.manual", "cause")
REFUSAL_SET_ASIDE = _code("refusal.set_aside", "bundle_id", "reason")
IMPORT_REFUSED = _code("datacenter.import_refused", "reason")
REFUSAL_MORE = _code("refusal.more", "count")
AGENT_NO_PID = _code("agent.resident.no_pid")
AGENT_NOT_RUNNING = _code("agent.resident.not_running", "pid")
AGENT_NOT_AGENT = _code("agent.resident.not_agent", "pid", "cmdline")
AGENT_PID = _code("agent.resident.pid", "pid")
AGENT_EXPORT_BOTH = _code("agent.cli.export_both")
AGENT_PERIOD_ORDER = _code("agent.cli.period_order")
AGENT_ACCESS_REVOKED = _code("agent.access.revoked", "profile")
AGENT_ACCESS_VALID = _code("agent.access.valid", "until", "renew")
AGENT_REENROLLED = _code("agent.cli.reenrolled", "agent_id", "profile")
AGENT_NO_URL = _code("agent.cli.no_url")
REQUEST_UNKNOWN_MANDANT = _code("datacenter.request.unknown_mandant", "mandanten", "known")
INGEST_DRAFTS = _code("datacenter.ingest.drafts", "count")
DEMO_STATE_NOT_EMPTY = _code("demo.cli.state_not_empty", "folder")
AGENT_STOPPED = _code("agent.service.stopped", "pid")
AGENT_ALREADY_RUNNING = _code("agent.service.already_running", "detail")
AGENT_START_RUNNING = _code("agent.service.start_running", "detail")
AGENT_START_UNIT = _code("agent.service.unit_started", "unit")
AGENT_START_UNIT_FAILED = _code("agent.service.unit_failed", "unit", "error")
AGENT_START_BACKGROUND = _code("agent.service.background", "pid", "log")
AGENT_NOT_STOPPABLE = _code("agent.service.not_stoppable", "detail")
CMD_QUOTE = _code("agent.cmdline.quote", "line")
CMD_ESCAPE = _code("agent.cmdline.escape", "line")
AG_CLI_ENROLLED = _code("agent.cli.enrolled", "agent_id", "profile", "path")
AG_CLI_SYSTEMD_AFTER = _code("agent.cli.systemd_after", "unit")
AG_CLI_WINSW_AFTER = _code("agent.cli.winsw_after", "target")
AG_CLI_WRITTEN = _code("agent.cli.written", "target")
AG_CLI_POLL = _code("agent.cli.poll")
AG_CLI_NIGHTLY = _code("agent.cli.nightly")
AG_CLI_PLAN_SUM = _code("agent.cli.plan_sum", "polls", "nightly", "timezone")
AG_CLI_CHECK_OK = _code("agent.cli.check_ok")
AG_CLI_CHECK_FAILED = _code("agent.cli.check_failed")
AG_CLI_STATUS = _code("agent.cli.status", "pending", "next_poll", "cursors")
AG_CLI_SET_ASIDE = _code("agent.cli.set_aside", "bundle_id", "mandanten", "reason")
AG_CLI_SET_ASIDE_UNREPORTED = _code("agent.cli.set_aside_unreported", "bundle_id", "mandanten", "reason")
PROTO_NOT_JSON_NUMBER = _code("protocol.not_json_number", "constant")
PROTO_FLOAT_RANGE = _code("protocol.float_range", "number")
PROTO_NOT_JSON = _code("protocol.not_json", "reason")
PROTO_SURROGATE = _code("protocol.surrogate", "what", "position")
PROTO_CONTROL = _code("protocol.control", "what", "char", "position")
PROTO_WHOLE_RANGE = _code("protocol.whole_range", "what", "minimum", "got")
PROTO_NUMBER = _code("protocol.number", "what", "got")
PROTO_ID = _code("protocol.id", "what", "got")
PROTO_OBJECT = _code("protocol.object", "what", "got")
PROTO_OBJECT_PLAIN = _code("protocol.object_plain", "what")
PROTO_STRING = _code("protocol.string", "what", "got")
PROTO_TOO_LONG = _code("protocol.too_long", "what", "most")
PROTO_INTEGER = _code("protocol.integer", "what", "got")
PROTO_ISO_STRING = _code("protocol.iso_string", "what", "got")
PROTO_NOT_ISO = _code("protocol.not_iso", "what", "value")
PROTO_NO_ZONE = _code("protocol.no_zone", "what", "value")
PROTO_NOT_BASE64 = _code("protocol.not_base64", "what")
PROTO_KEY_BYTES = _code("protocol.key_bytes", "what", "got")
PROTO_LIST = _code("protocol.list", "what")
PROTO_LIST_MOST = _code("protocol.list_most", "what", "most")
# a value of a message sent as codes (a failure's ``detail``): text, a whole number or a message
PROTO_MESSAGE_VALUE = _code("protocol.message_value", "what", "got")
PROTO_LIST_OF_TEXTS = _code("protocol.list_of_texts", "what")
PROTO_LIST_OF_MANDANTEN = _code("protocol.list_of_mandanten", "what")
PROTO_CHOICE = _code("protocol.choice", "what", "first", "second", "got")
PROTO_EMPTY = _code("protocol.empty", "what")
PROTO_TWICE = _code("protocol.twice", "what", "mandant")
PROTO_FILE_NAME = _code("protocol.file_name", "what", "got")
PROTO_FILE_KIND = _code("protocol.file_kind", "what", "got")
PROTO_SHA256 = _code("protocol.sha256", "what")
PROTO_ONE_OF = _code("protocol.one_of", "what", "expected", "got")
PROTO_BOOL = _code("protocol.bool", "what")
PROTO_PROGRESS_EVENTS = _code("protocol.progress_events", "most")
PROTO_DOCTOR_CHECKS = _code("protocol.doctor_checks", "most")
PROTO_MANDANT_NAME = _code("protocol.mandant_name", "what", "most")
PROTO_ENROL_MANDANTEN = _code("protocol.enrol_mandanten", "most")
BUNDLE_PUBLIC_KEY = _code("bundle.key.public", "reason")
BUNDLE_PRIVATE_KEY = _code("bundle.key.private", "reason")
BD_LISTED_TWICE = _code("bundle.detail.listed_twice")
BD_FILES_MISMATCH = _code("bundle.detail.files_mismatch", "missing", "extra")
BD_SIZE_DIFFERS = _code("bundle.detail.size_differs", "key")
BD_FILE_CHANGED = _code("bundle.detail.file_changed", "key")
BD_TOO_LARGE = _code("bundle.detail.too_large", "size", "limit")
BD_MAGIC = _code("bundle.detail.magic")
BD_SHORT_HEADER = _code("bundle.detail.short_header", "size", "header")
BD_VERSION = _code("bundle.detail.version", "version", "supported")
BD_TRUNCATED = _code("bundle.detail.truncated", "announced", "arrived")
BD_LENGTH = _code("bundle.detail.length")
BD_FLAGS = _code("bundle.detail.flags", "flags")
BD_WRONG_KEY = _code("bundle.detail.wrong_key", "kid", "ours")
BD_AUTH = _code("bundle.detail.auth")
BD_THE_MANIFEST = _code("bundle.detail.the_manifest")
BD_ENDS_INSIDE = _code("bundle.detail.ends_inside", "what")
BD_ENDS_INSIDE_FILE = _code("bundle.detail.ends_inside_file", "key")
BD_ENDS_BEFORE_LENGTH = _code("bundle.detail.ends_before_length")
BD_MANIFEST_LENGTH = _code("bundle.detail.manifest_length", "length", "limit")
BD_CHECKSUM = _code("bundle.detail.checksum", "key")
BD_LONGER = _code("bundle.detail.longer", "size")
BD_COMPRESSED = _code("bundle.detail.compressed", "reason")
BD_MANIFEST_VERSION = _code("bundle.detail.manifest_version", "expected", "got")
BD_MANIFEST_INVALID = _code("bundle.detail.manifest_invalid", "reason")
BD_FILES_LIMIT = _code("bundle.detail.files_limit", "count", "limit")
BD_DECOMPRESSED = _code("bundle.detail.decompressed", "size", "limit")
BD_FILE_ROWS = _code("bundle.detail.file_rows", "key", "rows", "limit")
BD_BUNDLE_ROWS = _code("bundle.detail.bundle_rows", "rows", "limit")
BD_MORE_FILE_ROWS = _code("bundle.detail.more_file_rows", "key", "limit")
BD_MORE_BUNDLE_ROWS = _code("bundle.detail.more_bundle_rows", "limit")
DOC_SERVICE = _code("agent.doctor.service")
DOC_SERVICE_HINT = _code("agent.doctor.service_hint", "profile")
DOC_PORT = _code("agent.doctor.port")
DOC_PORT_HINT = _code("agent.doctor.port_hint", "host", "port")
DOC_TOKEN = _code("agent.doctor.token")
DOC_TOKEN_LATER = _code("agent.doctor.token_later")
DOC_POLL_ANSWERED = _code("agent.doctor.poll_answered")
DOC_CLOCK = _code("agent.doctor.clock")
DOC_CLOCK_UNMEASURED = _code("agent.doctor.clock_unmeasured")
DOC_CLOCK_CONNECT_FIRST = _code("agent.doctor.clock_connect_first")
DOC_CLOCK_SEEN = _code("agent.doctor.clock_seen", "seconds")
DOC_CLOCK_HINT = _code("agent.doctor.clock_hint", "minutes")
DOC_EXPORT = _code("agent.doctor.export")
DOC_EXPORT_HINT = _code("agent.doctor.export_hint")
DOC_EXPORT_COMMAND_HINT = _code("agent.doctor.export_command_hint")
DOC_EXPORT_NOT_FOUND = _code("agent.doctor.export_not_found", "program")
DOC_EXPORT_FOLDER = _code("agent.doctor.export_folder")
DOC_EXPORT_FOLDER_HINT = _code("agent.doctor.export_folder_hint")
DOC_LAST_RUN = _code("agent.doctor.last_run", "task")
DOC_LAST_RUN_HINT = _code("agent.doctor.last_run_hint")
DOC_SET_ASIDE = _code("agent.doctor.set_aside", "bundle_id")
DOC_SET_ASIDE_REPORTED = _code("agent.doctor.set_aside_reported", "mandanten", "reason")
DOC_SET_ASIDE_UNREPORTED = _code("agent.doctor.set_aside_unreported", "mandanten", "reason")
DOC_SET_ASIDE_HINT = _code("agent.doctor.set_aside_hint")
DOC_WRITABLE = _code("agent.doctor.writable")
DOC_CA_FILE = _code("agent.doctor.ca_file")
DOC_CA_FILE_HINT = _code("agent.doctor.ca_file_hint")
DOC_OUTBOX = _code("agent.doctor.outbox")
DOC_OUTBOX_HINT = _code("agent.doctor.outbox_hint")
DOC_UNREADABLE = _code("agent.doctor.unreadable", "path", "reason")
DOC_WRITABLE_HINT = _code("agent.doctor.writable_hint")
DOC_LICENCE = _code("agent.doctor.licence")
DOC_LICENCE_HINT = _code("agent.doctor.licence_hint")
DOC_LOCKED = _code("agent.doctor.locked")
DOC_LOCKED_HINT = _code("agent.doctor.locked_hint")
DOC_PASSWORD = _code("agent.doctor.password")
DOC_PASSWORD_HINT = _code("agent.doctor.password_hint")
DOC_BMD_CLOCK = _code("agent.doctor.bmd_clock")
DOC_BMD_CLOCK_HINT = _code("agent.doctor.bmd_clock_hint")
DOC_DIALOG = _code("agent.doctor.dialog")
DOC_DIALOG_HINT = _code("agent.doctor.dialog_hint")
DOC_PROBE = _code("agent.doctor.probe")
DOC_PROBE_HINT = _code("agent.doctor.probe_hint")
DC_BODY_TOO_LARGE = _code("datacenter.body_too_large", "size", "limit")
DC_BODY_OVER = _code("datacenter.body_over", "limit")
DC_UPLOAD_OVER = _code("datacenter.upload_over", "limit")
DC_UPLOAD_TOO_LARGE = _code("datacenter.upload_too_large", "size", "limit")
DC_HEALTH_NO_CREDENTIALS = _code("datacenter.health_no_credentials")
DC_REQUEST_BODY = _code("datacenter.request_body")
DC_BUNDLE_OTHER_CONTENT = _code("datacenter.bundle_other_content", "bundle")
DC_BUNDLE_TOO_LARGE = _code("datacenter.bundle_too_large", "size", "limit")
AG_CA_FILE = _code("agent.client.ca_file", "path", "reason")
AG_CA_NO_CERT = _code("agent.client.ca_no_cert")
AG_URL_HTTPS = _code("agent.client.url_https", "url")
AG_URL_BAD = _code("agent.client.url_bad", "url", "reason")
AG_URL_NO_HOST = _code("agent.client.url_no_host", "url")
AG_PROXY = _code("agent.client.proxy", "proxy")
AG_NO_TRANSFER_STATE = _code("agent.transfer.no_state", "folder")
# the advisor's live log of a sync request (datacenter.live)
LIVE_CREATED = _code("live.created", "mandanten", "mode")
LIVE_WAITING = _code("live.waiting")
LIVE_PICKED_UP = _code("live.picked_up")
LIVE_EXPORT_STARTED = _code("live.export_started", "mandant")
LIVE_EXPORT_FINISHED = _code("live.export_finished", "mandant", "rows", "seconds")
LIVE_EXPORT_FAILED = _code("live.export_failed", "mandant", "reason")
LIVE_UPLOADED = _code("live.uploaded", "size")
LIVE_INGESTED = _code("live.ingested", "rows")
LIVE_DONE = _code("live.done", "transactions", "duration")
LIVE_FAILED = _code("live.failed", "reason")
LIVE_AGENT_OFFLINE = _code("live.agent_offline", "since")
LIVE_NO_AGENT = _code("live.no_agent")
LIVE_FAIL_LICENCE = _code("live.fail.licence", "mandant")
LIVE_FAIL_LOCKED = _code("live.fail.locked", "mandant")
LIVE_FAIL_PASSWORD = _code("live.fail.password", "mandant")
LIVE_FAIL_CLOCK = _code("live.fail.clock", "mandant")
LIVE_FAIL_OTHER = _code("live.fail.other", "text")
LIVE_LAST_UPDATED = _code("live.last_updated", "moment")
