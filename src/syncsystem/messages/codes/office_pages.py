"""Message codes — the office's own pages (`syncsystem.office`): their notices, refusals and the
checks of their forms, and the user store's refusals (`office.accounts`, shared with the CLI).

The pages speak German (`office.web.PAGE`); the English words serve the CLI under ``--lang en``
and a later English page.
"""

from __future__ import annotations

from syncsystem.messages.code import declare as _code

__all__ = [
    "OFFICE_ADMINS_ONLY",
    "OFFICE_AGENT_STARTED",
    "OFFICE_AGENT_STOPPED",
    "OFFICE_BMD_ACCOUNT_REMOVED",
    "OFFICE_BMD_ACCOUNT_SAVED",
    "OFFICE_BMD_EXPORTED",
    "OFFICE_BMD_FIELDS_SAVED",
    "OFFICE_BMD_NO_FILE",
    "OFFICE_CLEARING_BINARY",
    "OFFICE_CLEARING_MANDANT_NEEDED",
    "OFFICE_CLEARING_NOT_KONTO",
    "OFFICE_CLEARING_NO_FILES",
    "OFFICE_CLEARING_NO_ROWS",
    "OFFICE_CLEARING_OP_NO_MANDANT",
    "OFFICE_CLEARING_STATUS",
    "OFFICE_CONTROL_CHARACTERS",
    "OFFICE_CURRENT_MISSING",
    "OFFICE_CURRENT_WRONG",
    "OFFICE_DEB_CALLBACK_SAVED",
    "OFFICE_DEB_CALLBACK_SENT",
    "OFFICE_DEB_CLOSED",
    "OFFICE_DEB_NOTHING",
    "OFFICE_DEB_NO_CALLBACK",
    "OFFICE_DEB_NO_FILE",
    "OFFICE_DEB_RESYNCED",
    "OFFICE_FORM_BROKEN",
    "OFFICE_JOB_DAY_REQUIRED",
    "OFFICE_JOB_DELETED",
    "OFFICE_JOB_DISABLED",
    "OFFICE_JOB_DUPLICATED",
    "OFFICE_JOB_ENABLED",
    "OFFICE_JOB_EVERY_REQUIRED",
    "OFFICE_JOB_FOLDER_DOCUMENT_TYPES",
    "OFFICE_JOB_FOLDER_FILIALE",
    "OFFICE_JOB_FOLDER_INCOMING",
    "OFFICE_JOB_FOLDER_PAYMENT_TYPES",
    "OFFICE_JOB_HOST_KEY",
    "OFFICE_JOB_MAIL_FAILED",
    "OFFICE_JOB_MAIL_SENT",
    "OFFICE_JOB_ONLY_TRANSACTIONS",
    "OFFICE_JOB_PASSWORD_SFTP",
    "OFFICE_JOB_RUN_DONE",
    "OFFICE_JOB_RUN_DONE_ONE",
    "OFFICE_JOB_RUN_FAILED",
    "OFFICE_JOB_SAVED",
    "OFFICE_JOB_SOURCE_FOLDER",
    "OFFICE_JOB_SOURCE_TRANSACTIONS",
    "OFFICE_JOB_STORE_FILIALE",
    "OFFICE_JOB_STORE_PAYMENT",
    "OFFICE_LAST_ADMIN",
    "OFFICE_LOGGED_OUT",
    "OFFICE_LOGIN_FOREIGN",
    "OFFICE_LOGIN_NAME_MISSING",
    "OFFICE_LOGIN_NAME_SHAPE",
    "OFFICE_LOGIN_NEEDED",
    "OFFICE_LOGIN_PASSWORD_MISSING",
    "OFFICE_LOGIN_WRONG",
    "OFFICE_LOGOUT_EXPIRED",
    "OFFICE_LOGOUT_FOREIGN",
    "OFFICE_MORE_PROBLEM",
    "OFFICE_MORE_PROBLEMS",
    "OFFICE_NEW_MISSING",
    "OFFICE_NOT_SENT_BACK",
    "OFFICE_NOT_SIGNED_IN",
    "OFFICE_PAGE_METHOD",
    "OFFICE_PAGE_UNKNOWN",
    "OFFICE_PASSWORD_CHANGED",
    "OFFICE_PASSWORD_NOT_SENT",
    "OFFICE_PASSWORD_SHORT",
    "OFFICE_PLACES_SAVED",
    "OFFICE_PLACE_DB_URL",
    "OFFICE_PLACE_FILE_FOLDER",
    "OFFICE_PLACE_NOT_ABSOLUTE",
    "OFFICE_PLACE_NO_FOLDER",
    "OFFICE_REPEAT_DIFFERS",
    "OFFICE_REQUEST_REFUSED",
    "OFFICE_SETTINGS_SAVED",
    "OFFICE_TOO_LARGE",
    "OFFICE_USERS_UNUSABLE",
    "OFFICE_USER_ACTIVATED",
    "OFFICE_USER_CREATED",
    "OFFICE_USER_DEACTIVATED",
    "OFFICE_USER_EXISTS",
    "OFFICE_USER_NAME_MISSING",
    "OFFICE_USER_NAME_SHAPE",
    "OFFICE_USER_PASSWORD_RESET",
    "OFFICE_USER_ROLE_CHANGED",
    "OFFICE_USER_ROLE_MISSING",
    "OFFICE_USER_UNKNOWN",
]

# sign-in, sign-out and every request (office.app, office.web)
OFFICE_LOGIN_NEEDED = _code("office.page.login_needed")
OFFICE_LOGGED_OUT = _code("office.page.logged_out")
OFFICE_PAGE_UNKNOWN = _code("office.page.unknown")
OFFICE_PAGE_METHOD = _code("office.page.method")
OFFICE_LOGIN_FOREIGN = _code("office.login.foreign_origin")
OFFICE_LOGIN_WRONG = _code("office.login.wrong")
OFFICE_LOGIN_NAME_MISSING = _code("office.login.name_missing")
OFFICE_LOGIN_NAME_SHAPE = _code("office.login.name_shape")
OFFICE_LOGIN_PASSWORD_MISSING = _code("office.login.password_missing")
OFFICE_PASSWORD_NOT_SENT = _code("office.login.password_not_sent")
OFFICE_LOGOUT_FOREIGN = _code("office.logout.foreign_origin")
OFFICE_LOGOUT_EXPIRED = _code("office.logout.expired_form")
OFFICE_NOT_SIGNED_IN = _code("office.request.not_signed_in")
OFFICE_ADMINS_ONLY = _code("office.request.admins_only")
OFFICE_TOO_LARGE = _code("office.request.too_large", "limit")
OFFICE_FORM_BROKEN = _code("office.request.form_broken")
OFFICE_REQUEST_REFUSED = _code("office.request.refused")
OFFICE_CONTROL_CHARACTERS = _code("office.request.control_characters")
# the users (office.accounts, shared with `syncsystem office add-user`), the pages Benutzer and Mein Konto
OFFICE_USERS_UNUSABLE = _code("office.users.unusable", "path", "reason")
OFFICE_USER_NAME_SHAPE = _code("office.users.name_shape", "name")
OFFICE_USER_EXISTS = _code("office.users.exists", "name")
OFFICE_USER_UNKNOWN = _code("office.users.unknown", "name")
OFFICE_PASSWORD_SHORT = _code("office.users.password_short", "name", "least")
OFFICE_LAST_ADMIN = _code("office.users.last_admin", "name")
OFFICE_USER_CREATED = _code("office.users.created")
OFFICE_USER_ROLE_CHANGED = _code("office.users.role_changed")
OFFICE_USER_DEACTIVATED = _code("office.users.deactivated")
OFFICE_USER_ACTIVATED = _code("office.users.activated")
OFFICE_USER_PASSWORD_RESET = _code("office.users.password_reset")
OFFICE_USER_ROLE_MISSING = _code("office.users.role_missing")
OFFICE_USER_NAME_MISSING = _code("office.users.name_missing")
OFFICE_PASSWORD_CHANGED = _code("office.account.password_changed")
OFFICE_NOT_SENT_BACK = _code("office.account.not_sent_back")
OFFICE_CURRENT_MISSING = _code("office.account.current_missing")
OFFICE_NEW_MISSING = _code("office.account.new_missing")
OFFICE_REPEAT_DIFFERS = _code("office.account.repeat_differs")
OFFICE_CURRENT_WRONG = _code("office.account.current_wrong")
# the places (pages._places, Ablageorte) and what the pages 2–5 share (pages._forms)
OFFICE_PLACES_SAVED = _code("office.places.saved")
OFFICE_PLACE_NOT_ABSOLUTE = _code("office.places.not_absolute")
OFFICE_PLACE_NO_FOLDER = _code("office.places.no_folder", "path")
OFFICE_PLACE_FILE_FOLDER = _code("office.places.file_folder")
OFFICE_PLACE_DB_URL = _code("office.places.db_url")
OFFICE_MORE_PROBLEM = _code("office.page.more_problem", "count")
OFFICE_MORE_PROBLEMS = _code("office.page.more_problems", "count")
# the pages Debitoren-Schnittstelle and Kanzlei-Einstellungen
OFFICE_SETTINGS_SAVED = _code("office.settings.saved")
OFFICE_DEB_CLOSED = _code("office.debtors.closed")
OFFICE_DEB_NOTHING = _code("office.debtors.nothing_to_close")
OFFICE_DEB_RESYNCED = _code("office.debtors.resynced")
OFFICE_DEB_CALLBACK_SAVED = _code("office.debtors.callback_saved")
OFFICE_DEB_CALLBACK_SENT = _code("office.debtors.callback_sent")
OFFICE_DEB_NO_CALLBACK = _code("office.debtors.no_callback")
OFFICE_DEB_NO_FILE = _code("office.debtors.no_file", "file")
# the page BMD-Konfiguration
OFFICE_BMD_ACCOUNT_SAVED = _code("office.bmd.account_saved")
OFFICE_BMD_ACCOUNT_REMOVED = _code("office.bmd.account_removed")
OFFICE_BMD_FIELDS_SAVED = _code("office.bmd.fields_saved")
OFFICE_BMD_EXPORTED = _code("office.bmd.exported")
OFFICE_BMD_NO_FILE = _code("office.bmd.no_file", "file")
# the page Zahlungsabgleich
OFFICE_CLEARING_NOT_KONTO = _code("office.clearing.not_konto", "konto")
OFFICE_CLEARING_STATUS = _code("office.clearing.status", "statuses")
OFFICE_CLEARING_BINARY = _code("office.clearing.binary", "files")
OFFICE_CLEARING_NO_FILES = _code("office.clearing.no_files")
OFFICE_CLEARING_NO_ROWS = _code("office.clearing.no_rows", "file")
OFFICE_CLEARING_MANDANT_NEEDED = _code("office.clearing.mandant_needed")
OFFICE_CLEARING_OP_NO_MANDANT = _code("office.clearing.op_no_mandant")  # clearing.file.no_mandant on the page
# the page Agent
OFFICE_AGENT_STARTED = _code("office.agent.started")
OFFICE_AGENT_STOPPED = _code("office.agent.stopped")
# the page Automatischer Buchhaltungsexport and its actions
OFFICE_JOB_SAVED = _code("office.job.saved")
OFFICE_JOB_ENABLED = _code("office.job.enabled")
OFFICE_JOB_DISABLED = _code("office.job.disabled")
OFFICE_JOB_DUPLICATED = _code("office.job.duplicated")
OFFICE_JOB_DELETED = _code("office.job.deleted")
OFFICE_JOB_HOST_KEY = _code("office.job.host_key")
OFFICE_JOB_MAIL_SENT = _code("office.job.mail_sent", "to")
OFFICE_JOB_MAIL_FAILED = _code("office.job.mail_failed", "reason")
OFFICE_JOB_RUN_DONE = _code("office.job.run_done", "files", "bytes")
OFFICE_JOB_RUN_DONE_ONE = _code("office.job.run_done_one", "bytes")  # one file: "1 Datei"
OFFICE_JOB_RUN_FAILED = _code("office.job.run_failed", "reason")

# the job file's rules as the export dialog words them (its labels, not the job file's keys)
OFFICE_JOB_SOURCE_TRANSACTIONS = _code("office.job.source_transactions")
OFFICE_JOB_SOURCE_FOLDER = _code("office.job.source_folder")
OFFICE_JOB_ONLY_TRANSACTIONS = _code("office.job.only_transactions")
OFFICE_JOB_FOLDER_FILIALE = _code("office.job.folder_filiale")
OFFICE_JOB_FOLDER_DOCUMENT_TYPES = _code("office.job.folder_document_types")
OFFICE_JOB_FOLDER_PAYMENT_TYPES = _code("office.job.folder_payment_types")
OFFICE_JOB_FOLDER_INCOMING = _code("office.job.folder_incoming")
OFFICE_JOB_STORE_FILIALE = _code("office.job.store_filiale")
OFFICE_JOB_STORE_PAYMENT = _code("office.job.store_payment")
OFFICE_JOB_EVERY_REQUIRED = _code("office.job.every_required")
OFFICE_JOB_DAY_REQUIRED = _code("office.job.day_required")
OFFICE_JOB_PASSWORD_SFTP = _code("office.job.password_sftp")
