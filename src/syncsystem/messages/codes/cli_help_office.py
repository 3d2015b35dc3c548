"""Message codes — the help texts of the office's own areas of the command line: what
``syncsystem agent|transfer|office|bmd|clearing|demo … --help`` says of each subcommand and option
(`syncsystem.cli` words the first page, ``cli.help.<area>``; `cli_help_ops` the operators' areas).

Printed in the CLI's language (``--lang``, else the locale; German by default) when the parser is built.
A help text is formatted by argparse with ``%``: a literal percent sign is ``%%`` in both catalogues.
"""

from __future__ import annotations

from syncsystem.messages.code import declare as _code

__all__ = [
    "CLI_HELP_AGENT_DOCTOR",
    "CLI_HELP_AGENT_DOCTOR_JSON",
    "CLI_HELP_AGENT_ENROL",
    "CLI_HELP_AGENT_ENROL_CA_FILE",
    "CLI_HELP_AGENT_ENROL_CODE",
    "CLI_HELP_AGENT_ENROL_EXPORT_COMMAND",
    "CLI_HELP_AGENT_ENROL_EXPORT_FOLDER",
    "CLI_HELP_AGENT_ENROL_JSON",
    "CLI_HELP_AGENT_ENROL_MANDANT",
    "CLI_HELP_AGENT_ENROL_NAME",
    "CLI_HELP_AGENT_ENROL_URL",
    "CLI_HELP_AGENT_HOME",
    "CLI_HELP_AGENT_INSTALL",
    "CLI_HELP_AGENT_INSTALL_PRINT",
    "CLI_HELP_AGENT_INSTALL_UNIT_DIR",
    "CLI_HELP_AGENT_INSTALL_USER",
    "CLI_HELP_AGENT_PLAN",
    "CLI_HELP_AGENT_PLAN_FROM",
    "CLI_HELP_AGENT_PLAN_JSON",
    "CLI_HELP_AGENT_PLAN_TO",
    "CLI_HELP_AGENT_PROFILE",
    "CLI_HELP_AGENT_RUN",
    "CLI_HELP_AGENT_RUNS",
    "CLI_HELP_AGENT_RUNS_JSON",
    "CLI_HELP_AGENT_RUNS_LIMIT",
    "CLI_HELP_AGENT_RUN_ONCE",
    "CLI_HELP_AGENT_START",
    "CLI_HELP_AGENT_START_UNIT_DIR",
    "CLI_HELP_AGENT_STATUS",
    "CLI_HELP_AGENT_STATUS_JSON",
    "CLI_HELP_AGENT_STOP",
    "CLI_HELP_AGENT_SYSTEMD",
    "CLI_HELP_AGENT_WINDOWS",
    "CLI_HELP_BMD_CONVERT",
    "CLI_HELP_BMD_CONVERT_ALL",
    "CLI_HELP_BMD_CONVERT_DESCRIPTION",
    "CLI_HELP_BMD_CONVERT_ENCODING",
    "CLI_HELP_BMD_CONVERT_INPUT",
    "CLI_HELP_BMD_CONVERT_INPUT_ENCODING",
    "CLI_HELP_BMD_CONVERT_NAMES",
    "CLI_HELP_BMD_CONVERT_OUTPUT",
    "CLI_HELP_BMD_CUSTOMERS",
    "CLI_HELP_BMD_JSON",
    "CLI_HELP_BMD_KIND",
    "CLI_HELP_BMD_SUPPLIERS",
    "CLI_HELP_BMD_VALIDATE",
    "CLI_HELP_BMD_VALIDATE_ALL",
    "CLI_HELP_BMD_VALIDATE_DESCRIPTION",
    "CLI_HELP_BMD_VALIDATE_ENCODING",
    "CLI_HELP_BMD_VALIDATE_FILES",
    "CLI_HELP_CLEARING_DB",
    "CLI_HELP_CLEARING_IMPORT",
    "CLI_HELP_CLEARING_IMPORT_ALL",
    "CLI_HELP_CLEARING_IMPORT_DESCRIPTION",
    "CLI_HELP_CLEARING_IMPORT_FILES",
    "CLI_HELP_CLEARING_IMPORT_JSON",
    "CLI_HELP_CLEARING_IMPORT_MANDANT",
    "CLI_HELP_CLEARING_IMPORT_VERBOSE",
    "CLI_HELP_CLEARING_INVOICES",
    "CLI_HELP_CLEARING_INVOICES_KONTO",
    "CLI_HELP_CLEARING_INVOICES_STATUS",
    "CLI_HELP_CLEARING_JSON",
    "CLI_HELP_CLEARING_MANDANT",
    "CLI_HELP_CLEARING_UNATTACHED",
    "CLI_HELP_DEMO_DAYS",
    "CLI_HELP_DEMO_DESCRIPTION",
    "CLI_HELP_DEMO_JSON",
    "CLI_HELP_DEMO_KEEP_RUNNING",
    "CLI_HELP_DEMO_MANDANTEN",
    "CLI_HELP_DEMO_SEED",
    "CLI_HELP_DEMO_START",
    "CLI_HELP_DEMO_STATE",
    "CLI_HELP_OFFICE_ADD_USER",
    "CLI_HELP_OFFICE_ADD_USER_ADMIN",
    "CLI_HELP_OFFICE_ADD_USER_PASSWORD_FILE",
    "CLI_HELP_OFFICE_ADD_USER_REPLACE",
    "CLI_HELP_OFFICE_JSON",
    "CLI_HELP_OFFICE_NAME",
    "CLI_HELP_OFFICE_OPTIONS",
    "CLI_HELP_OFFICE_OPTIONS_ADMINS_MAY_REVEAL",
    "CLI_HELP_OFFICE_SERVE",
    "CLI_HELP_OFFICE_SERVE_CERT",
    "CLI_HELP_OFFICE_SERVE_HOST",
    "CLI_HELP_OFFICE_SERVE_KEY",
    "CLI_HELP_OFFICE_SERVE_PORT",
    "CLI_HELP_OFFICE_SET_USER",
    "CLI_HELP_OFFICE_SET_USER_ACTIVE",
    "CLI_HELP_OFFICE_SET_USER_ROLE",
    "CLI_HELP_OFFICE_SMTP",
    "CLI_HELP_OFFICE_SMTP_CA_FILE",
    "CLI_HELP_OFFICE_SMTP_CLEAR",
    "CLI_HELP_OFFICE_SMTP_HOST",
    "CLI_HELP_OFFICE_SMTP_NO_STARTTLS",
    "CLI_HELP_OFFICE_SMTP_PASSWORD_ENV",
    "CLI_HELP_OFFICE_SMTP_PORT",
    "CLI_HELP_OFFICE_SMTP_SENDER",
    "CLI_HELP_OFFICE_SMTP_USER",
    "CLI_HELP_OFFICE_STATE_DIR",
    "CLI_HELP_OFFICE_USERS",
    "CLI_HELP_TRANSFER_ADD",
    "CLI_HELP_TRANSFER_ADD_CONFIG",
    "CLI_HELP_TRANSFER_ADD_REPLACE",
    "CLI_HELP_TRANSFER_ADMIN_PASSWORD",
    "CLI_HELP_TRANSFER_ADMIN_PASSWORD_OLD_PASSWORD_ENV",
    "CLI_HELP_TRANSFER_ADMIN_PASSWORD_PASSWORD_ENV",
    "CLI_HELP_TRANSFER_DELETE",
    "CLI_HELP_TRANSFER_DELETE_YES",
    "CLI_HELP_TRANSFER_DISABLE",
    "CLI_HELP_TRANSFER_ENABLE",
    "CLI_HELP_TRANSFER_JOB",
    "CLI_HELP_TRANSFER_JSON",
    "CLI_HELP_TRANSFER_LIST",
    "CLI_HELP_TRANSFER_NEXT",
    "CLI_HELP_TRANSFER_NEXT_COUNT",
    "CLI_HELP_TRANSFER_NEXT_FROM",
    "CLI_HELP_TRANSFER_REVEAL",
    "CLI_HELP_TRANSFER_REVEAL_ADMIN_PASSWORD_ENV",
    "CLI_HELP_TRANSFER_REVEAL_FIELD",
    "CLI_HELP_TRANSFER_RUN",
    "CLI_HELP_TRANSFER_RUNS",
    "CLI_HELP_TRANSFER_RUNS_LIMIT",
    "CLI_HELP_TRANSFER_RUN_DUE",
    "CLI_HELP_TRANSFER_RUN_DUE_WORKSTATION",
    "CLI_HELP_TRANSFER_SHOW",
    "CLI_HELP_TRANSFER_STATE",
    "CLI_HELP_TRANSFER_TEST",
    "CLI_HELP_TRANSFER_TEST_MAIL",
]

# syncsystem agent … --help
CLI_HELP_AGENT_DOCTOR = _code("cli.help.agent.doctor")
CLI_HELP_AGENT_DOCTOR_JSON = _code("cli.help.agent.doctor.json")
CLI_HELP_AGENT_ENROL = _code("cli.help.agent.enrol")
CLI_HELP_AGENT_ENROL_CA_FILE = _code("cli.help.agent.enrol.ca_file")
CLI_HELP_AGENT_ENROL_CODE = _code("cli.help.agent.enrol.code")
CLI_HELP_AGENT_ENROL_EXPORT_COMMAND = _code(
    "cli.help.agent.enrol.export_command", "out_dir", "mandant", "since"
)
CLI_HELP_AGENT_ENROL_EXPORT_FOLDER = _code("cli.help.agent.enrol.export_folder")
CLI_HELP_AGENT_ENROL_JSON = _code("cli.help.agent.enrol.json")
CLI_HELP_AGENT_ENROL_MANDANT = _code("cli.help.agent.enrol.mandant")
CLI_HELP_AGENT_ENROL_NAME = _code("cli.help.agent.enrol.name")
CLI_HELP_AGENT_ENROL_URL = _code("cli.help.agent.enrol.url")
CLI_HELP_AGENT_HOME = _code("cli.help.agent.home")
CLI_HELP_AGENT_INSTALL = _code("cli.help.agent.install")
CLI_HELP_AGENT_INSTALL_PRINT = _code("cli.help.agent.install.print")
CLI_HELP_AGENT_INSTALL_UNIT_DIR = _code("cli.help.agent.install.unit_dir")
CLI_HELP_AGENT_INSTALL_USER = _code("cli.help.agent.install.user")
CLI_HELP_AGENT_PLAN = _code("cli.help.agent.plan")
CLI_HELP_AGENT_PLAN_FROM = _code("cli.help.agent.plan.from")
CLI_HELP_AGENT_PLAN_JSON = _code("cli.help.agent.plan.json")
CLI_HELP_AGENT_PLAN_TO = _code("cli.help.agent.plan.to")
CLI_HELP_AGENT_PROFILE = _code("cli.help.agent.profile")
CLI_HELP_AGENT_RUN = _code("cli.help.agent.run")
CLI_HELP_AGENT_RUN_ONCE = _code("cli.help.agent.run.once")
CLI_HELP_AGENT_RUNS = _code("cli.help.agent.runs")
CLI_HELP_AGENT_RUNS_JSON = _code("cli.help.agent.runs.json")
CLI_HELP_AGENT_RUNS_LIMIT = _code("cli.help.agent.runs.limit")
CLI_HELP_AGENT_START = _code("cli.help.agent.start")
CLI_HELP_AGENT_START_UNIT_DIR = _code("cli.help.agent.start.unit_dir")
CLI_HELP_AGENT_STATUS = _code("cli.help.agent.status")
CLI_HELP_AGENT_STATUS_JSON = _code("cli.help.agent.status.json")
CLI_HELP_AGENT_STOP = _code("cli.help.agent.stop")
CLI_HELP_AGENT_SYSTEMD = _code("cli.help.agent.systemd")
CLI_HELP_AGENT_WINDOWS = _code("cli.help.agent.windows")
# syncsystem transfer … --help
CLI_HELP_TRANSFER_ADD = _code("cli.help.transfer.add")
CLI_HELP_TRANSFER_ADD_CONFIG = _code("cli.help.transfer.add.config")
CLI_HELP_TRANSFER_ADD_REPLACE = _code("cli.help.transfer.add.replace")
CLI_HELP_TRANSFER_ADMIN_PASSWORD = _code("cli.help.transfer.admin_password")
CLI_HELP_TRANSFER_ADMIN_PASSWORD_OLD_PASSWORD_ENV = _code("cli.help.transfer.admin_password.old_password_env")
CLI_HELP_TRANSFER_ADMIN_PASSWORD_PASSWORD_ENV = _code("cli.help.transfer.admin_password.password_env")
CLI_HELP_TRANSFER_DELETE = _code("cli.help.transfer.delete")
CLI_HELP_TRANSFER_DELETE_YES = _code("cli.help.transfer.delete.yes")
CLI_HELP_TRANSFER_DISABLE = _code("cli.help.transfer.disable")
CLI_HELP_TRANSFER_ENABLE = _code("cli.help.transfer.enable")
CLI_HELP_TRANSFER_JOB = _code("cli.help.transfer.job")
CLI_HELP_TRANSFER_JSON = _code("cli.help.transfer.json")
CLI_HELP_TRANSFER_LIST = _code("cli.help.transfer.list")
CLI_HELP_TRANSFER_NEXT = _code("cli.help.transfer.next")
CLI_HELP_TRANSFER_NEXT_COUNT = _code("cli.help.transfer.next.count")
CLI_HELP_TRANSFER_NEXT_FROM = _code("cli.help.transfer.next.from")
CLI_HELP_TRANSFER_REVEAL = _code("cli.help.transfer.reveal")
CLI_HELP_TRANSFER_REVEAL_ADMIN_PASSWORD_ENV = _code("cli.help.transfer.reveal.admin_password_env")
CLI_HELP_TRANSFER_REVEAL_FIELD = _code("cli.help.transfer.reveal.field")
CLI_HELP_TRANSFER_RUN = _code("cli.help.transfer.run")
CLI_HELP_TRANSFER_RUN_DUE = _code("cli.help.transfer.run_due")
CLI_HELP_TRANSFER_RUN_DUE_WORKSTATION = _code("cli.help.transfer.run_due.workstation")
CLI_HELP_TRANSFER_RUNS = _code("cli.help.transfer.runs")
CLI_HELP_TRANSFER_RUNS_LIMIT = _code("cli.help.transfer.runs.limit")
CLI_HELP_TRANSFER_SHOW = _code("cli.help.transfer.show")
CLI_HELP_TRANSFER_STATE = _code("cli.help.transfer.state")
CLI_HELP_TRANSFER_TEST = _code("cli.help.transfer.test")
CLI_HELP_TRANSFER_TEST_MAIL = _code("cli.help.transfer.test_mail")
# syncsystem office … --help
CLI_HELP_OFFICE_ADD_USER = _code("cli.help.office.add_user")
CLI_HELP_OFFICE_ADD_USER_ADMIN = _code("cli.help.office.add_user.admin")
CLI_HELP_OFFICE_ADD_USER_PASSWORD_FILE = _code("cli.help.office.add_user.password_file")
CLI_HELP_OFFICE_ADD_USER_REPLACE = _code("cli.help.office.add_user.replace")
CLI_HELP_OFFICE_JSON = _code("cli.help.office.json")
CLI_HELP_OFFICE_NAME = _code("cli.help.office.name")
CLI_HELP_OFFICE_OPTIONS = _code("cli.help.office.options")
CLI_HELP_OFFICE_OPTIONS_ADMINS_MAY_REVEAL = _code("cli.help.office.options.admins_may_reveal")
CLI_HELP_OFFICE_SERVE = _code("cli.help.office.serve")
CLI_HELP_OFFICE_SERVE_CERT = _code("cli.help.office.serve.cert")
CLI_HELP_OFFICE_SERVE_HOST = _code("cli.help.office.serve.host")
CLI_HELP_OFFICE_SERVE_KEY = _code("cli.help.office.serve.key")
CLI_HELP_OFFICE_SERVE_PORT = _code("cli.help.office.serve.port")
CLI_HELP_OFFICE_SET_USER = _code("cli.help.office.set_user")
CLI_HELP_OFFICE_SET_USER_ACTIVE = _code("cli.help.office.set_user.active")
CLI_HELP_OFFICE_SET_USER_ROLE = _code("cli.help.office.set_user.role")
CLI_HELP_OFFICE_SMTP = _code("cli.help.office.smtp")
CLI_HELP_OFFICE_SMTP_CA_FILE = _code("cli.help.office.smtp.ca_file")
CLI_HELP_OFFICE_SMTP_CLEAR = _code("cli.help.office.smtp.clear")
CLI_HELP_OFFICE_SMTP_HOST = _code("cli.help.office.smtp.host")
CLI_HELP_OFFICE_SMTP_NO_STARTTLS = _code("cli.help.office.smtp.no_starttls")
CLI_HELP_OFFICE_SMTP_PASSWORD_ENV = _code("cli.help.office.smtp.password_env")
CLI_HELP_OFFICE_SMTP_PORT = _code("cli.help.office.smtp.port")
CLI_HELP_OFFICE_SMTP_SENDER = _code("cli.help.office.smtp.sender")
CLI_HELP_OFFICE_SMTP_USER = _code("cli.help.office.smtp.user")
CLI_HELP_OFFICE_STATE_DIR = _code("cli.help.office.state_dir")
CLI_HELP_OFFICE_USERS = _code("cli.help.office.users")
# syncsystem bmd … --help
CLI_HELP_BMD_CONVERT = _code("cli.help.bmd.convert")
CLI_HELP_BMD_CONVERT_ALL = _code("cli.help.bmd.convert.all")
CLI_HELP_BMD_CONVERT_DESCRIPTION = _code("cli.help.bmd.convert.description")
CLI_HELP_BMD_CONVERT_ENCODING = _code("cli.help.bmd.convert.encoding")
CLI_HELP_BMD_CONVERT_INPUT = _code("cli.help.bmd.convert.input")
CLI_HELP_BMD_CONVERT_INPUT_ENCODING = _code("cli.help.bmd.convert.input_encoding")
CLI_HELP_BMD_CONVERT_NAMES = _code("cli.help.bmd.convert.names")
CLI_HELP_BMD_CONVERT_OUTPUT = _code("cli.help.bmd.convert.output")
CLI_HELP_BMD_CUSTOMERS = _code("cli.help.bmd.customers", "first", "last")
CLI_HELP_BMD_JSON = _code("cli.help.bmd.json")
CLI_HELP_BMD_KIND = _code("cli.help.bmd.kind")
CLI_HELP_BMD_SUPPLIERS = _code("cli.help.bmd.suppliers", "first", "last")
CLI_HELP_BMD_VALIDATE = _code("cli.help.bmd.validate")
CLI_HELP_BMD_VALIDATE_ALL = _code("cli.help.bmd.validate.all")
CLI_HELP_BMD_VALIDATE_DESCRIPTION = _code("cli.help.bmd.validate.description")
CLI_HELP_BMD_VALIDATE_ENCODING = _code("cli.help.bmd.validate.encoding")
CLI_HELP_BMD_VALIDATE_FILES = _code("cli.help.bmd.validate.files")
# syncsystem clearing … --help
CLI_HELP_CLEARING_DB = _code("cli.help.clearing.db")
CLI_HELP_CLEARING_IMPORT = _code("cli.help.clearing.import")
CLI_HELP_CLEARING_IMPORT_ALL = _code("cli.help.clearing.import.all")
CLI_HELP_CLEARING_IMPORT_DESCRIPTION = _code("cli.help.clearing.import.description")
CLI_HELP_CLEARING_IMPORT_FILES = _code("cli.help.clearing.import.files")
CLI_HELP_CLEARING_IMPORT_JSON = _code("cli.help.clearing.import.json")
CLI_HELP_CLEARING_IMPORT_MANDANT = _code("cli.help.clearing.import.mandant")
CLI_HELP_CLEARING_IMPORT_VERBOSE = _code("cli.help.clearing.import.verbose")
CLI_HELP_CLEARING_INVOICES = _code("cli.help.clearing.invoices")
CLI_HELP_CLEARING_INVOICES_KONTO = _code("cli.help.clearing.invoices.konto")
CLI_HELP_CLEARING_INVOICES_STATUS = _code("cli.help.clearing.invoices.status")
CLI_HELP_CLEARING_JSON = _code("cli.help.clearing.json")
CLI_HELP_CLEARING_MANDANT = _code("cli.help.clearing.mandant")
CLI_HELP_CLEARING_UNATTACHED = _code("cli.help.clearing.unattached")
# syncsystem demo … --help
CLI_HELP_DEMO_DAYS = _code("cli.help.demo.days")
CLI_HELP_DEMO_DESCRIPTION = _code("cli.help.demo.description")
CLI_HELP_DEMO_JSON = _code("cli.help.demo.json")
CLI_HELP_DEMO_KEEP_RUNNING = _code("cli.help.demo.keep_running")
CLI_HELP_DEMO_MANDANTEN = _code("cli.help.demo.mandanten")
CLI_HELP_DEMO_SEED = _code("cli.help.demo.seed")
CLI_HELP_DEMO_START = _code("cli.help.demo.start")
CLI_HELP_DEMO_STATE = _code("cli.help.demo.state")
