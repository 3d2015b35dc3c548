"""Message codes — Settings files (declared models), schedules and the holiday calendar."""

from __future__ import annotations

from syncsystem.messages.code import declare as _code

__all__ = [
    "CAL_COUNTRY",
    "CAL_COUNTRY_PACKAGE",
    "CAL_REGION",
    "CAL_REGION_AT",
    "CFG_AT_LEAST",
    "CFG_AT_LEAST_ONE",
    "CFG_BASE64",
    "CFG_CHOICE",
    "CFG_CLOCK_TIME",
    "CFG_COMMAND",
    "CFG_DATE",
    "CFG_DAY_REQUIRED",
    "CFG_EMPTY_TOKEN",
    "CFG_EVERY_REQUIRED",
    "CFG_FLAG",
    "CFG_HOST_KEY",
    "CFG_HTTPS_URL",
    "CFG_INTERVAL",
    "CFG_INVALID",
    "CFG_JOB_NAME",
    "CFG_JSON",
    "CFG_KEY_ONLY_SFTP",
    "CFG_MAIL_TO",
    "CFG_NEXT_CUSTOMER",
    "CFG_NOT_FOLDER",
    "CFG_NO_CONFIG",
    "CFG_NO_TOKEN",
    "CFG_NUMBER",
    "CFG_NUMBER_RANGE",
    "CFG_PASSWORD_FTP",
    "CFG_PASSWORD_SFTP",
    "CFG_POSITIVE",
    "CFG_PROFILE",
    "CFG_RANGE",
    "CFG_REFUSED",
    "CFG_REQUIRED",
    "CFG_SECTION",
    "CFG_TEXT",
    "CFG_TEXT_LIST",
    "CFG_TEXT_PLAIN",
    "CFG_TIMEZONE",
    "CFG_TOML",
    "CFG_UNKNOWN_FIELD",
    "CFG_WEEKDAY",
    "CFG_WHOLE",
    "CFG_WINDOW",
    "SCHED_DAYS_RANGE",
    "SCHED_DAY_RANGE",
    "SCHED_DESC_DAILY",
    "SCHED_DESC_HOURLY",
    "SCHED_DESC_MINUTES",
    "SCHED_DESC_MONTHLY",
    "SCHED_DESC_WEEKLY",
    "SCHED_EVERY_RANGE",
    "SCHED_LOCAL_TIME",
    "SCHED_NO_DAYS",
    "SCHED_WINDOW",
    "SRC_CONFIG",
    "SRC_CONFLICT",
    "SRC_DIR_FOLDER",
    "SRC_DIR_TRANSACTIONS",
    "SRC_FOLDER_DOCUMENT_TYPES",
    "SRC_FOLDER_FILIALE",
    "SRC_FOLDER_FORMAT",
    "SRC_FOLDER_INCOMING",
    "SRC_FOLDER_PAYMENT_TYPES",
    "SRC_ONLY_TRANSACTIONS",
    "SRC_STORE_FILIALE",
    "SRC_STORE_PAYMENT",
]

CFG_REFUSED = _code("config.refused")
CFG_REQUIRED = _code("config.required")
CFG_TEXT = _code("config.text", "value")
CFG_TEXT_PLAIN = _code("config.text_plain")
CFG_TEXT_LIST = _code("config.text_list")
CFG_AT_LEAST_ONE = _code("config.at_least_one")
CFG_FLAG = _code("config.flag", "value")
CFG_WHOLE = _code("config.whole", "value")
CFG_RANGE = _code("config.range", "value", "lo", "hi")
CFG_CLOCK_TIME = _code("config.clock_time", "value")
CFG_HOST_KEY = _code("config.host_key")
CFG_CHOICE = _code("config.choice", "value", "allowed")
CFG_SECTION = _code("config.section")
CFG_EVERY_REQUIRED = _code("config.schedule.every_required")
CFG_DAY_REQUIRED = _code("config.schedule.day_required")
CFG_INTERVAL = _code("config.schedule.interval", "value")
CFG_WEEKDAY = _code("config.schedule.weekday", "value")
CFG_JOB_NAME = _code("config.job_name")
CFG_DATE = _code("config.date", "value")
CFG_KEY_ONLY_SFTP = _code("config.target.key_only_sftp")
CFG_PASSWORD_FTP = _code("config.target.password_ftp")
CFG_PASSWORD_SFTP = _code("config.target.password_sftp")
CFG_MAIL_TO = _code("config.mail.to", "value")
SCHED_EVERY_RANGE = _code("schedule.every_range", "minutes")
SCHED_LOCAL_TIME = _code("schedule.local_time")
SCHED_WINDOW = _code("schedule.window", "at")
SCHED_NO_DAYS = _code("schedule.no_days")
SCHED_DAYS_RANGE = _code("schedule.days_range")
SCHED_DAY_RANGE = _code("schedule.day_range", "day")
SRC_CONFLICT = _code("config.source.conflict")
SRC_DIR_FOLDER = _code("config.source.dir_folder")
SRC_ONLY_TRANSACTIONS = _code("config.source.only_transactions")
SRC_DIR_TRANSACTIONS = _code("config.source.dir_transactions")
SRC_CONFIG = _code("config.source.config")
SRC_STORE_FILIALE = _code("config.source.store_filiale")
SRC_STORE_PAYMENT = _code("config.source.store_payment")
SRC_FOLDER_FILIALE = _code("config.source.folder_filiale")
SRC_FOLDER_DOCUMENT_TYPES = _code("config.source.folder_document_types")
SRC_FOLDER_PAYMENT_TYPES = _code("config.source.folder_payment_types")
SRC_FOLDER_FORMAT = _code("config.source.folder_format")
SRC_FOLDER_INCOMING = _code("config.source.folder_incoming")
CFG_NUMBER = _code("config.number", "value")
CFG_AT_LEAST = _code("config.at_least", "value", "lo")
CFG_UNKNOWN_FIELD = _code("config.unknown_field")
CFG_INVALID = _code("config.invalid", "value")
CAL_REGION_AT = _code("calendar.region_at", "region")
CAL_COUNTRY_PACKAGE = _code("calendar.country_package", "country")
CAL_COUNTRY = _code("calendar.country", "country")
CAL_REGION = _code("calendar.region", "region", "country")
CFG_HTTPS_URL = _code("config.https_url", "value")
CFG_BASE64 = _code("config.base64")
CFG_WINDOW = _code("config.window", "value")
CFG_TIMEZONE = _code("config.timezone", "value")
CFG_POSITIVE = _code("config.positive", "value")
CFG_COMMAND = _code("config.command")
CFG_NO_CONFIG = _code("config.agent.missing", "path")
CFG_TOML = _code("config.toml", "reason")
CFG_PROFILE = _code("config.agent.profile", "profile")
CFG_NO_TOKEN = _code("config.agent.no_token", "path")
CFG_EMPTY_TOKEN = _code("config.agent.empty_token", "path")
CFG_NUMBER_RANGE = _code("config.number_range", "value")
CFG_NEXT_CUSTOMER = _code("config.next_customer", "number", "low", "high")
CFG_JSON = _code("config.json", "reason")
CFG_NOT_FOLDER = _code("config.not_folder", "folder")
SCHED_DESC_HOURLY = _code("schedule.describe.hourly")
SCHED_DESC_MINUTES = _code("schedule.describe.minutes", "minutes")
SCHED_DESC_DAILY = _code("schedule.describe.daily", "at")
SCHED_DESC_WEEKLY = _code("schedule.describe.weekly", "days", "at")
SCHED_DESC_MONTHLY = _code("schedule.describe.monthly", "day", "at")
