"""Message codes — the labels and hints of declared settings (`syncsystem.declared.label`), worded
where a person reads them: a field's code names the words its form shows (the office's pages speak
German; the English serves a later English page).

A settings model names its fields' codes with ``Field(json_schema_extra=label(CODE, HINT))``;
`syncsystem.declared.labels` words them for a page.
"""

from __future__ import annotations

from syncsystem.messages.code import declare as _code

__all__ = [
    "SET_AGENT_AGENT",
    "SET_AGENT_CA_FILE",
    "SET_AGENT_CA_FILE_HINT",
    "SET_AGENT_CHECK_COMMAND",
    "SET_AGENT_CHECK_COMMAND_HINT",
    "SET_AGENT_COMMAND",
    "SET_AGENT_COMMAND_HINT",
    "SET_AGENT_COUNTRY",
    "SET_AGENT_COUNTRY_HINT",
    "SET_AGENT_DATACENTER",
    "SET_AGENT_EXPORT",
    "SET_AGENT_EXPORT_FOLDER",
    "SET_AGENT_EXPORT_KIND",
    "SET_AGENT_EXPORT_KIND_HINT",
    "SET_AGENT_EXPORT_TIMEOUT",
    "SET_AGENT_ID",
    "SET_AGENT_ID_HINT",
    "SET_AGENT_MANDANTEN",
    "SET_AGENT_MANDANTEN_HINT",
    "SET_AGENT_OFFICE_ID",
    "SET_AGENT_POLL",
    "SET_AGENT_PROFILE",
    "SET_AGENT_PROFILE_HINT",
    "SET_AGENT_PUBLIC_KEY",
    "SET_AGENT_PUBLIC_KEY_HINT",
    "SET_AGENT_REGION",
    "SET_AGENT_REGION_HINT",
    "SET_AGENT_SCHEDULE",
    "SET_AGENT_TIMEOUT",
    "SET_AGENT_TIMEZONE",
    "SET_AGENT_TRANSFER",
    "SET_AGENT_TRANSFER_STATE",
    "SET_AGENT_TRANSFER_STATE_HINT",
    "SET_AGENT_URL",
    "SET_AGENT_URL_HINT",
    "SET_AGENT_WINDOW",
    "SET_AGENT_WINDOW_HINT",
    "SET_AGENT_WORKSTATION",
    "SET_AGENT_WORKSTATION_HINT",
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
    "SET_JOB_DOCUMENT_TYPES",
    "SET_JOB_DOCUMENT_TYPES_HINT",
    "SET_JOB_EXECUTION",
    "SET_JOB_EXPORT_DEBTORS",
    "SET_JOB_FORMAT",
    "SET_JOB_INCOMING_FORMAT",
    "SET_JOB_INCOMING_INVOICES",
    "SET_JOB_MAIL",
    "SET_JOB_MAIL_CA_FILE",
    "SET_JOB_MAIL_LANGUAGE",
    "SET_JOB_MAIL_REMINDER",
    "SET_JOB_MAIL_SENDER",
    "SET_JOB_MAIL_SMTP_HOST",
    "SET_JOB_MAIL_SMTP_PASSWORD",
    "SET_JOB_MAIL_SMTP_PORT",
    "SET_JOB_MAIL_SMTP_USER",
    "SET_JOB_MAIL_STARTTLS",
    "SET_JOB_MAIL_STARTTLS_HINT",
    "SET_JOB_MAIL_TO",
    "SET_JOB_MAIL_TO_HINT",
    "SET_JOB_MANDANTEN",
    "SET_JOB_MANDANTEN_HINT",
    "SET_JOB_NAME",
    "SET_JOB_NAME_HINT",
    "SET_JOB_PAYMENT_TYPES",
    "SET_JOB_PAYMENT_TYPES_HINT",
    "SET_JOB_SCHEDULE",
    "SET_JOB_SCOPE",
    "SET_JOB_SCOPE_FILIALE",
    "SET_JOB_SCOPE_FILIALE_HINT",
    "SET_JOB_SCOPE_START",
    "SET_JOB_SCOPE_START_HINT",
    "SET_JOB_SCOPE_WORKSTATION",
    "SET_JOB_SCOPE_WORKSTATION_HINT",
    "SET_JOB_SOURCE",
    "SET_JOB_SOURCE_CONFIG",
    "SET_JOB_SOURCE_CONFIG_HINT",
    "SET_JOB_SOURCE_DIR",
    "SET_JOB_SOURCE_DIR_HINT",
    "SET_JOB_SOURCE_FOLDER",
    "SET_JOB_SOURCE_FOLDER_HINT",
    "SET_JOB_SOURCE_KIND",
    "SET_JOB_SOURCE_STORE",
    "SET_JOB_TARGET",
    "SET_JOB_TARGET_CA_FILE",
    "SET_JOB_TARGET_CA_FILE_HINT",
    "SET_JOB_TARGET_DIRECTORY",
    "SET_JOB_TARGET_DIRECTORY_HINT",
    "SET_JOB_TARGET_HOST",
    "SET_JOB_TARGET_HOST_KEY",
    "SET_JOB_TARGET_HOST_KEY_HINT",
    "SET_JOB_TARGET_KEY",
    "SET_JOB_TARGET_PASSWORD",
    "SET_JOB_TARGET_PORT",
    "SET_JOB_TARGET_PORT_HINT",
    "SET_JOB_TARGET_PROTOCOL",
    "SET_JOB_TARGET_USER",
    "SET_JOB_TARGET_USER_HINT",
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

# a transfer job file (transfer.job_model): the fields the export dialog shows worded as it shows them,
# the others (the sections, source_dir, mail.starttls, mail.ca_file) as the model held them
SET_JOB_NAME = _code("settings.job.name")
SET_JOB_NAME_HINT = _code("settings.job.name.hint")
SET_JOB_SCOPE = _code("settings.job.scope")
SET_JOB_TARGET = _code("settings.job.target")
SET_JOB_EXECUTION = _code("settings.job.execution")
SET_JOB_SCHEDULE = _code("settings.job.schedule")
SET_JOB_MAIL = _code("settings.job.mail")
SET_JOB_SOURCE_DIR = _code("settings.job.source_dir")
SET_JOB_SOURCE_DIR_HINT = _code("settings.job.source_dir.hint")
SET_JOB_SOURCE = _code("settings.job.source")
SET_JOB_SCOPE_FILIALE = _code("settings.job.scope.filiale")
SET_JOB_SCOPE_FILIALE_HINT = _code("settings.job.scope.filiale.hint")
SET_JOB_SCOPE_WORKSTATION = _code("settings.job.scope.workstation")
SET_JOB_SCOPE_WORKSTATION_HINT = _code("settings.job.scope.workstation.hint")
SET_JOB_SCOPE_START = _code("settings.job.scope.start")
SET_JOB_SCOPE_START_HINT = _code("settings.job.scope.start.hint")
SET_JOB_SOURCE_KIND = _code("settings.job.source.kind")
SET_JOB_SOURCE_FOLDER = _code("settings.job.source.dir")
SET_JOB_SOURCE_FOLDER_HINT = _code("settings.job.source.dir.hint")
SET_JOB_SOURCE_STORE = _code("settings.job.source.store")
SET_JOB_SOURCE_CONFIG = _code("settings.job.source.config")
SET_JOB_SOURCE_CONFIG_HINT = _code("settings.job.source.config.hint")
SET_JOB_TARGET_PROTOCOL = _code("settings.job.target.protocol")
SET_JOB_TARGET_HOST = _code("settings.job.target.host")
SET_JOB_TARGET_PORT = _code("settings.job.target.port")
SET_JOB_TARGET_PORT_HINT = _code("settings.job.target.port.hint")
SET_JOB_TARGET_DIRECTORY = _code("settings.job.target.directory")
SET_JOB_TARGET_DIRECTORY_HINT = _code("settings.job.target.directory.hint")
SET_JOB_TARGET_USER = _code("settings.job.target.user")
SET_JOB_TARGET_USER_HINT = _code("settings.job.target.user.hint")
SET_JOB_TARGET_PASSWORD = _code("settings.job.target.password")
SET_JOB_TARGET_KEY = _code("settings.job.target.key")
SET_JOB_TARGET_HOST_KEY = _code("settings.job.target.host_key")
SET_JOB_TARGET_HOST_KEY_HINT = _code("settings.job.target.host_key.hint")
SET_JOB_TARGET_CA_FILE = _code("settings.job.target.ca_file")
SET_JOB_TARGET_CA_FILE_HINT = _code("settings.job.target.ca_file.hint")
SET_JOB_MANDANTEN = _code("settings.job.execution.mandanten")
SET_JOB_MANDANTEN_HINT = _code("settings.job.execution.mandanten.hint")
SET_JOB_DOCUMENT_TYPES = _code("settings.job.execution.document_types")
SET_JOB_DOCUMENT_TYPES_HINT = _code("settings.job.execution.document_types.hint")
SET_JOB_PAYMENT_TYPES = _code("settings.job.execution.payment_types")
SET_JOB_PAYMENT_TYPES_HINT = _code("settings.job.execution.payment_types.hint")
SET_JOB_EXPORT_DEBTORS = _code("settings.job.execution.export_debtors")
SET_JOB_FORMAT = _code("settings.job.execution.format")
SET_JOB_INCOMING_INVOICES = _code("settings.job.execution.incoming_invoices")
SET_JOB_INCOMING_FORMAT = _code("settings.job.execution.incoming_format")
SET_JOB_MAIL_TO = _code("settings.job.mail.to")
SET_JOB_MAIL_TO_HINT = _code("settings.job.mail.to.hint")
SET_JOB_MAIL_REMINDER = _code("settings.job.mail.reminder_after")
SET_JOB_MAIL_LANGUAGE = _code("settings.job.mail.language")
SET_JOB_MAIL_SMTP_HOST = _code("settings.job.mail.smtp_host")
SET_JOB_MAIL_SMTP_PORT = _code("settings.job.mail.smtp_port")
SET_JOB_MAIL_SMTP_USER = _code("settings.job.mail.smtp_user")
SET_JOB_MAIL_SMTP_PASSWORD = _code("settings.job.mail.smtp_password")
SET_JOB_MAIL_SENDER = _code("settings.job.mail.sender")
SET_JOB_MAIL_STARTTLS = _code("settings.job.mail.starttls")
SET_JOB_MAIL_STARTTLS_HINT = _code("settings.job.mail.starttls.hint")
SET_JOB_MAIL_CA_FILE = _code("settings.job.mail.ca_file")

# agent.toml (agent.toml_model), which no page shows: worded as the model held them
SET_AGENT_AGENT = _code("settings.agent.agent")
SET_AGENT_DATACENTER = _code("settings.agent.datacenter")
SET_AGENT_SCHEDULE = _code("settings.agent.schedule")
SET_AGENT_EXPORT = _code("settings.agent.export")
SET_AGENT_TRANSFER = _code("settings.agent.transfer")
SET_AGENT_PROFILE = _code("settings.agent.agent.profile")
SET_AGENT_PROFILE_HINT = _code("settings.agent.agent.profile.hint")
SET_AGENT_ID = _code("settings.agent.agent.agent_id")
SET_AGENT_ID_HINT = _code("settings.agent.agent.agent_id.hint")
SET_AGENT_OFFICE_ID = _code("settings.agent.agent.office_id")
SET_AGENT_URL = _code("settings.agent.datacenter.url")
SET_AGENT_URL_HINT = _code("settings.agent.datacenter.url.hint")
SET_AGENT_PUBLIC_KEY = _code("settings.agent.datacenter.public_key")
SET_AGENT_PUBLIC_KEY_HINT = _code("settings.agent.datacenter.public_key.hint")
SET_AGENT_CA_FILE = _code("settings.agent.datacenter.ca_file")
SET_AGENT_CA_FILE_HINT = _code("settings.agent.datacenter.ca_file.hint")
SET_AGENT_TIMEOUT = _code("settings.agent.datacenter.timeout_seconds")
SET_AGENT_POLL = _code("settings.agent.schedule.poll_minutes")
SET_AGENT_WINDOW = _code("settings.agent.schedule.nightly_window")
SET_AGENT_WINDOW_HINT = _code("settings.agent.schedule.nightly_window.hint")
SET_AGENT_TIMEZONE = _code("settings.agent.schedule.timezone")
SET_AGENT_COUNTRY = _code("settings.agent.schedule.country")
SET_AGENT_COUNTRY_HINT = _code("settings.agent.schedule.country.hint")
SET_AGENT_REGION = _code("settings.agent.schedule.region")
SET_AGENT_REGION_HINT = _code("settings.agent.schedule.region.hint")
SET_AGENT_MANDANTEN = _code("settings.agent.export.mandanten")
SET_AGENT_MANDANTEN_HINT = _code("settings.agent.export.mandanten.hint")
SET_AGENT_EXPORT_KIND = _code("settings.agent.export.kind")
SET_AGENT_EXPORT_KIND_HINT = _code("settings.agent.export.kind.hint")
SET_AGENT_COMMAND = _code("settings.agent.export.command")
SET_AGENT_COMMAND_HINT = _code("settings.agent.export.command.hint")
SET_AGENT_CHECK_COMMAND = _code("settings.agent.export.check_command")
SET_AGENT_CHECK_COMMAND_HINT = _code("settings.agent.export.check_command.hint")
SET_AGENT_EXPORT_FOLDER = _code("settings.agent.export.folder")
SET_AGENT_EXPORT_TIMEOUT = _code("settings.agent.export.timeout_seconds")
SET_AGENT_TRANSFER_STATE = _code("settings.agent.transfer.state")
SET_AGENT_TRANSFER_STATE_HINT = _code("settings.agent.transfer.state.hint")
SET_AGENT_WORKSTATION = _code("settings.agent.transfer.workstation")
SET_AGENT_WORKSTATION_HINT = _code("settings.agent.transfer.workstation.hint")
