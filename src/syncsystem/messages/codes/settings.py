"""Message codes — the labels and hints of declared settings (`syncsystem.declared.label`), worded
where a person reads them: a field's code names the words its form shows (the office's pages speak
German; the English serves a later English page).

A settings model names its fields' codes with ``Field(json_schema_extra=label(CODE, HINT))``;
`syncsystem.declared.labels` words them for a page.
"""

from __future__ import annotations

from syncsystem.messages.code import declare as _code

__all__ = [
    "SET_IF_AUTO_UPDATE",
    "SET_IF_AUTO_UPDATE_HINT",
    "SET_IF_BUCHSYMBOL",
    "SET_IF_BUCHSYMBOL_HINT",
    "SET_IF_CUSTOMER_RANGE",
    "SET_IF_CUSTOMER_RANGE_HINT",
    "SET_IF_LOCK_DATE",
    "SET_IF_LOCK_DATE_HINT",
    "SET_IF_NEXT_CUSTOMER",
    "SET_IF_NEXT_CUSTOMER_HINT",
    "SET_IF_ROLES",
    "SET_IF_ROLES_HINT",
    "SET_SCHEDULE_AT",
    "SET_SCHEDULE_AT_HINT",
    "SET_SCHEDULE_DAY",
    "SET_SCHEDULE_DAYS",
    "SET_SCHEDULE_DAY_HINT",
    "SET_SCHEDULE_EVERY",
    "SET_SCHEDULE_EVERY_HINT",
    "SET_SCHEDULE_INTERVAL",
    "SET_SMTP_CA_FILE",
    "SET_SMTP_CA_FILE_HINT",
    "SET_SMTP_HOST",
    "SET_SMTP_PASSWORD",
    "SET_SMTP_PORT",
    "SET_SMTP_SENDER",
    "SET_SMTP_SENDER_HINT",
    "SET_SMTP_STARTTLS",
    "SET_SMTP_USER",
]

# the office's SMTP server (transfer.office_options.SmtpSection) on the Kanzlei-Einstellungen page
SET_SMTP_HOST = _code("settings.smtp.host")
SET_SMTP_PORT = _code("settings.smtp.port")
SET_SMTP_USER = _code("settings.smtp.user")
SET_SMTP_PASSWORD = _code("settings.smtp.password")
SET_SMTP_SENDER = _code("settings.smtp.sender")
SET_SMTP_SENDER_HINT = _code("settings.smtp.sender.hint")
SET_SMTP_STARTTLS = _code("settings.smtp.starttls")
SET_SMTP_CA_FILE = _code("settings.smtp.ca_file")
SET_SMTP_CA_FILE_HINT = _code("settings.smtp.ca_file.hint")

# the settings of one interface installation (interfaces.settings_model.InterfaceSettingsFile): the
# first three as the Debitoren page shows them, the others as the model held them (no page shows them)
SET_IF_NEXT_CUSTOMER = _code("settings.interfaces.next_customer_number")
SET_IF_NEXT_CUSTOMER_HINT = _code("settings.interfaces.next_customer_number.hint")
SET_IF_AUTO_UPDATE = _code("settings.interfaces.auto_update_debtor")
SET_IF_AUTO_UPDATE_HINT = _code("settings.interfaces.auto_update_debtor.hint")
SET_IF_LOCK_DATE = _code("settings.interfaces.lock_date")
SET_IF_LOCK_DATE_HINT = _code("settings.interfaces.lock_date.hint")
SET_IF_CUSTOMER_RANGE = _code("settings.interfaces.customer_range")
SET_IF_CUSTOMER_RANGE_HINT = _code("settings.interfaces.customer_range.hint")
SET_IF_BUCHSYMBOL = _code("settings.interfaces.buchsymbol")
SET_IF_BUCHSYMBOL_HINT = _code("settings.interfaces.buchsymbol.hint")
SET_IF_ROLES = _code("settings.interfaces.roles")
SET_IF_ROLES_HINT = _code("settings.interfaces.roles.hint")

# when a transfer job runs (transfer.schedule_model.ScheduleSection) as the export dialog shows it
SET_SCHEDULE_INTERVAL = _code("settings.schedule.interval")
SET_SCHEDULE_AT = _code("settings.schedule.at")
SET_SCHEDULE_AT_HINT = _code("settings.schedule.at.hint")
SET_SCHEDULE_EVERY = _code("settings.schedule.every")
SET_SCHEDULE_EVERY_HINT = _code("settings.schedule.every.hint")
SET_SCHEDULE_DAYS = _code("settings.schedule.days")
SET_SCHEDULE_DAY = _code("settings.schedule.day")
SET_SCHEDULE_DAY_HINT = _code("settings.schedule.day.hint")
