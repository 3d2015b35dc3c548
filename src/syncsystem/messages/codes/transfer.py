"""Message codes — The scheduled transfer: jobs, targets, runs, mails."""

from __future__ import annotations

from syncsystem.messages.code import declare as _code

__all__ = [
    "MAIL_BODY_ALL_CLEAR",
    "MAIL_BODY_FAILURE",
    "MAIL_BODY_REMINDER",
    "MAIL_BODY_TEST",
    "MAIL_CERTIFICATE",
    "MAIL_LOGIN_DENIED",
    "MAIL_NOT_CONFIGURED",
    "MAIL_NOT_SUPPORTED",
    "MAIL_OTHER",
    "MAIL_SERVER_SAYS",
    "MAIL_STEP_CONNECT",
    "MAIL_STEP_SEND",
    "MAIL_SUBJECT_ALL_CLEAR",
    "MAIL_SUBJECT_FAILURE",
    "MAIL_SUBJECT_REMINDER",
    "MAIL_SUBJECT_TEST",
    "SEC_ADMIN_OLD_WRONG",
    "SEC_ADMIN_SET",
    "SEC_ADMIN_SHORT",
    "SEC_ADMIN_WRONG",
    "SEC_CANNOT_OPEN",
    "SEC_KEY_DAMAGED",
    "SEC_KEY_READABLE",
    "SEC_NOT_SEALED",
    "SEC_NO_ADMIN",
    "TGT_DIFFERENT",
    "TGT_DISCONNECTED",
    "TGT_DISK_FULL",
    "TGT_EXISTS",
    "TGT_FILE_REASON",
    "TGT_HOST_KEY",
    "TGT_LOGIN_DENIED",
    "TGT_NOT_FOUND",
    "TGT_NOT_READY",
    "TGT_NO_DIR",
    "TGT_NO_PERMISSION",
    "TGT_READ_DIFFERS",
    "TGT_READ_ONLY",
    "TGT_REFUSED",
    "TGT_SERVER_SAYS",
    "TGT_STEP_FAILED",
    "TGT_TIMEOUT",
    "TGT_TLS",
    "TX_CHANGED",
    "TX_CLI_ADMIN_CHANGED",
    "TX_CLI_ADMIN_SET",
    "TX_CLI_ASK_ADMIN",
    "TX_CLI_ASK_NEW",
    "TX_CLI_ASK_OLD",
    "TX_CLI_BAD_JSON",
    "TX_CLI_BEFORE_START",
    "TX_CLI_DELIVERED",
    "TX_CLI_ENV_UNSET",
    "TX_CLI_FAILED",
    "TX_CLI_FAILURES",
    "TX_CLI_FIELD_CHOICE",
    "TX_CLI_FIELD_ENV_UNSET",
    "TX_CLI_FIELD_UNSET",
    "TX_CLI_FILES",
    "TX_CLI_FROM_DATE",
    "TX_CLI_HOST_KEY",
    "TX_CLI_JSON_OBJECT",
    "TX_CLI_MAIL_FAILED",
    "TX_CLI_MAIL_NOT",
    "TX_CLI_MAIL_OUT",
    "TX_CLI_MAIL_SENT",
    "TX_CLI_NEXT_RUN",
    "TX_CLI_NOTE",
    "TX_CLI_NOTHING_DUE",
    "TX_CLI_NO_JOBS",
    "TX_CLI_NO_PASSWORD",
    "TX_CLI_NO_RUNS",
    "TX_CLI_NO_TERMINAL",
    "TX_CLI_SAVED",
    "TX_CLI_SECRET_FILE",
    "TX_CLI_STATUS_DELIVERED",
    "TX_CLI_STATUS_FAILED",
    "TX_CLI_STATUS_RUNNING",
    "TX_CLI_TRANSFERRING",
    "TX_CLI_TRANSFERRING_JOB",
    "TX_CLI_UNREADABLE",
    "TX_COLUMN_MISSING",
    "TX_DUPLICATE",
    "TX_FIELD_COUNT",
    "TX_FILES_CHANGED",
    "TX_FILES_FAULTY",
    "TX_FORMAT_AGGREGATED",
    "TX_FORMAT_SINGLE",
    "TX_INTERVAL_DAILY",
    "TX_INTERVAL_HOURLY",
    "TX_INTERVAL_MINUTES",
    "TX_INTERVAL_MONTHLY",
    "TX_INTERVAL_WEEKLY",
    "TX_LIST_EXPECTED",
    "TX_MAIL_KIND_ALL_CLEAR",
    "TX_MAIL_KIND_FAILURE",
    "TX_MAIL_KIND_NONE",
    "TX_MAIL_KIND_REMINDER",
    "TX_MAIL_LANGUAGE_DE",
    "TX_MAIL_LANGUAGE_EN",
    "TX_MAIL_NOT_SENT",
    "TX_MANDANT_REQUIRED",
    "TX_NOT_IMPORT_FILE",
    "TX_NOT_JSON",
    "TX_NOT_UTF8",
    "TX_NO_FOLDER",
    "TX_NO_STORE",
    "TX_PROTOCOL_FOLDER",
    "TX_PROTOCOL_FTPS",
    "TX_PROTOCOL_SFTP",
    "TX_REFUSED_BOOKINGS",
    "TX_REFUSED_EXPORTS",
    "TX_REFUSED_IMPORT_FILES",
    "TX_REFUSED_NOT_BUILT",
    "TX_SOURCE_CLOSED",
    "TX_SOURCE_NO_CONFIG",
    "TX_SOURCE_NO_DIR",
    "TX_SOURCE_NO_EXPORT_DIR",
    "TX_SOURCE_TRANSACTIONS",
    "TX_STEP_DELETE",
    "TX_STEP_DIRECTORY",
    "TX_STEP_LOGIN",
    "TX_STEP_READ",
    "TX_STEP_WRITE",
    "TX_TEST_ERROR",
    "TX_TEST_FAILED",
    "TX_TEST_OK",
    "TX_TEST_SUCCEEDED",
    "TX_YES_NO",
]

TX_NOT_UTF8 = _code("transfer.tx.not_utf8")
TX_COLUMN_MISSING = _code("transfer.tx.column_missing")
TX_FIELD_COUNT = _code("transfer.tx.field_count", "count", "width")
TX_MANDANT_REQUIRED = _code("transfer.tx.mandant_required")
TX_YES_NO = _code("transfer.tx.yes_no")
TX_NO_FOLDER = _code("transfer.tx.no_folder")
TX_NOT_JSON = _code("transfer.tx.not_json", "reason")
TX_LIST_EXPECTED = _code("transfer.tx.list_expected")
TX_DUPLICATE = _code("transfer.tx.duplicate", "id", "where")
TX_NO_STORE = _code("transfer.tx.no_store")
TX_NOT_IMPORT_FILE = _code("transfer.source.not_import_file", "kind")
TX_CHANGED = _code("transfer.source.changed")
TX_REFUSED_EXPORTS = _code("transfer.refused.exports", "name")
TX_REFUSED_IMPORT_FILES = _code("transfer.refused.import_files")
TX_REFUSED_BOOKINGS = _code("transfer.refused.bookings", "name")
TX_REFUSED_NOT_BUILT = _code("transfer.refused.not_built")
TX_CLI_ENV_UNSET = _code("transfer.cli.env_unset", "var")
TX_CLI_FIELD_ENV_UNSET = _code("transfer.cli.field_env_unset", "field", "var")
TX_CLI_SECRET_FILE = _code("transfer.cli.secret_file", "field", "path", "reason")
TX_CLI_STATUS_DELIVERED = _code("transfer.cli.status_delivered")
TX_CLI_STATUS_FAILED = _code("transfer.cli.status_failed")
TX_CLI_STATUS_RUNNING = _code("transfer.cli.status_running")
TX_CLI_UNREADABLE = _code("transfer.cli.unreadable", "path", "reason")
TX_CLI_BAD_JSON = _code("transfer.cli.bad_json", "path", "line", "reason")
TX_CLI_JSON_OBJECT = _code("transfer.cli.json_object", "path")
TX_CLI_SAVED = _code("transfer.cli.saved", "job", "schedule", "next")
TX_CLI_NEXT_RUN = _code("transfer.cli.next_run", "when")
TX_CLI_FAILURES = _code("transfer.cli.failures", "count")
TX_CLI_NO_JOBS = _code("transfer.cli.no_jobs")
TX_PROTOCOL_FOLDER = _code("transfer.protocol.folder")  # a job list's name of the folder target
# the export dialog's longer names of the encrypted protocols (FTP is named as it is)
TX_PROTOCOL_FTPS = _code("transfer.protocol.ftps")
TX_PROTOCOL_SFTP = _code("transfer.protocol.sftp")
# the export dialog's other choices (a job file's source.kind, execution.format, schedule.interval,
# mail.language) and the mail a run sent, as its run history names them
TX_SOURCE_TRANSACTIONS = _code("transfer.source_kind.transactions")
TX_SOURCE_CLOSED = _code("transfer.source_kind.folder")
TX_FORMAT_SINGLE = _code("transfer.format.single")
TX_FORMAT_AGGREGATED = _code("transfer.format.aggregated")
TX_INTERVAL_HOURLY = _code("transfer.interval.hourly")
TX_INTERVAL_MINUTES = _code("transfer.interval.minutes")
TX_INTERVAL_DAILY = _code("transfer.interval.daily")
TX_INTERVAL_WEEKLY = _code("transfer.interval.weekly")
TX_INTERVAL_MONTHLY = _code("transfer.interval.monthly")
TX_MAIL_LANGUAGE_DE = _code("transfer.mail.language_de")
TX_MAIL_LANGUAGE_EN = _code("transfer.mail.language_en")
TX_MAIL_KIND_FAILURE = _code("transfer.mail.kind_failure")
TX_MAIL_KIND_REMINDER = _code("transfer.mail.kind_reminder")
TX_MAIL_KIND_ALL_CLEAR = _code("transfer.mail.kind_all_clear")
TX_MAIL_KIND_NONE = _code("transfer.mail.kind_none")
TX_CLI_FROM_DATE = _code("transfer.cli.from_date", "value")
TX_CLI_HOST_KEY = _code("transfer.cli.host_key", "seen")
TX_CLI_MAIL_FAILED = _code("transfer.cli.mail_failed", "error")
TX_CLI_MAIL_SENT = _code("transfer.cli.mail_sent", "to")
TX_CLI_DELIVERED = _code("transfer.cli.delivered", "job", "files", "size", "run_id")
TX_CLI_FAILED = _code("transfer.cli.failed", "job", "error")
TX_CLI_NOTE = _code("transfer.cli.note", "note")
TX_CLI_MAIL_OUT = _code("transfer.cli.mail_out", "mail")
TX_CLI_MAIL_NOT = _code("transfer.cli.mail_not", "error")
TX_CLI_NOTHING_DUE = _code("transfer.cli.nothing_due")
TX_CLI_TRANSFERRING = _code("transfer.cli.transferring")
TX_CLI_TRANSFERRING_JOB = _code("transfer.cli.transferring_job", "job")
TX_CLI_BEFORE_START = _code("transfer.cli.before_start")
TX_CLI_FILES = _code("transfer.cli.files", "count")
TX_CLI_NO_RUNS = _code("transfer.cli.no_runs")
TX_CLI_ADMIN_CHANGED = _code("transfer.cli.admin_changed")
TX_CLI_ADMIN_SET = _code("transfer.cli.admin_set")
TX_CLI_FIELD_CHOICE = _code("transfer.cli.field_choice", "field")
TX_CLI_FIELD_UNSET = _code("transfer.cli.field_unset", "job", "field")
TX_CLI_ASK_OLD = _code("transfer.cli.ask_old")
TX_CLI_ASK_NEW = _code("transfer.cli.ask_new")
TX_CLI_ASK_ADMIN = _code("transfer.cli.ask_admin")
TX_CLI_NO_TERMINAL = _code("transfer.cli.no_terminal", "what", "option")
TX_CLI_NO_PASSWORD = _code("transfer.cli.no_password", "option")
TX_TEST_OK = _code("transfer.test.ok")
TX_TEST_ERROR = _code("transfer.test.error")
TX_TEST_SUCCEEDED = _code("transfer.test.succeeded")
TX_TEST_FAILED = _code("transfer.test.failed", "step")
TX_STEP_LOGIN = _code("transfer.step.login")
TX_STEP_WRITE = _code("transfer.step.write")
TX_STEP_READ = _code("transfer.step.read")
TX_STEP_DELETE = _code("transfer.step.delete")
TX_STEP_DIRECTORY = _code("transfer.step.directory")
TGT_STEP_FAILED = _code("transfer.target.step_failed", "step", "detail")
TGT_REFUSED = _code("transfer.target.refused", "reason")
TGT_NOT_READY = _code("transfer.target.not_ready", "reason")
TGT_TLS = _code("transfer.target.tls", "reason")
TGT_TIMEOUT = _code("transfer.target.timeout")
TGT_DISCONNECTED = _code("transfer.target.disconnected")
TGT_LOGIN_DENIED = _code("transfer.target.login_denied", "reason")
TGT_HOST_KEY = _code("transfer.target.host_key", "reason")
TGT_SERVER_SAYS = _code("transfer.target.server_says", "reason")
TGT_NO_PERMISSION = _code("transfer.target.no_permission")
TGT_READ_ONLY = _code("transfer.target.read_only")
TGT_DISK_FULL = _code("transfer.target.disk_full")
TGT_EXISTS = _code("transfer.target.exists")
TGT_NOT_FOUND = _code("transfer.target.not_found")
TGT_FILE_REASON = _code("transfer.target.file_reason", "file", "reason")
TGT_NO_DIR = _code("transfer.target.no_dir", "directory")
TGT_DIFFERENT = _code("transfer.target.different", "name")
TGT_READ_DIFFERS = _code("transfer.target.read_differs", "got", "expected")
SEC_NOT_SEALED = _code("transfer.secret.not_sealed")
SEC_CANNOT_OPEN = _code("transfer.secret.cannot_open")
SEC_KEY_READABLE = _code("transfer.secret.key_readable", "path", "mode")
SEC_KEY_DAMAGED = _code("transfer.secret.key_damaged", "path")
SEC_ADMIN_SET = _code("transfer.secret.admin_set")
SEC_ADMIN_OLD_WRONG = _code("transfer.secret.admin_old_wrong")
SEC_ADMIN_SHORT = _code("transfer.secret.admin_short")
SEC_NO_ADMIN = _code("transfer.secret.no_admin")
SEC_ADMIN_WRONG = _code("transfer.secret.admin_wrong")
MAIL_NOT_CONFIGURED = _code("transfer.mail.not_configured")
MAIL_STEP_CONNECT = _code("transfer.mail.step_connect")
MAIL_STEP_SEND = _code("transfer.mail.step_send")
MAIL_LOGIN_DENIED = _code("transfer.mail.login_denied", "step", "code")
MAIL_NOT_SUPPORTED = _code("transfer.mail.not_supported", "step")
MAIL_SERVER_SAYS = _code("transfer.mail.server_says", "step", "code", "reply")
MAIL_CERTIFICATE = _code("transfer.mail.certificate", "step", "reason")
MAIL_OTHER = _code("transfer.mail.other", "step", "reason")
# the notification mails themselves (transfer.mail.compose): a subject and a body per kind;
# ``stamp`` is the run's local time with its UTC offset, ``error`` the run's error as worded then
MAIL_SUBJECT_FAILURE = _code("transfer.mail.subject_failure", "job")
MAIL_SUBJECT_REMINDER = _code("transfer.mail.subject_reminder", "job", "failures")
MAIL_SUBJECT_ALL_CLEAR = _code("transfer.mail.subject_all_clear", "job")
MAIL_SUBJECT_TEST = _code("transfer.mail.subject_test", "job")
MAIL_BODY_FAILURE = _code("transfer.mail.body_failure", "job", "stamp", "error")
MAIL_BODY_REMINDER = _code("transfer.mail.body_reminder", "job", "failures", "stamp", "error")
MAIL_BODY_ALL_CLEAR = _code("transfer.mail.body_all_clear", "job", "stamp")
MAIL_BODY_TEST = _code("transfer.mail.body_test", "job", "stamp")
TX_FILES_CHANGED = _code("transfer.source.files_changed")
TX_FILES_FAULTY = _code("transfer.source.files_faulty", "count")
# the run journal's note of a notification mail that could not be sent (page 1's "E-Mail" column)
TX_MAIL_NOT_SENT = _code("transfer.run.mail_not_sent", "reason")
# the folders a job reads from (transfer.source, closed_sets, transaction_source)
TX_SOURCE_NO_DIR = _code("transfer.source.no_dir", "path")
TX_SOURCE_NO_EXPORT_DIR = _code("transfer.source.no_export_dir", "path")
TX_SOURCE_NO_CONFIG = _code("transfer.source.no_config")
