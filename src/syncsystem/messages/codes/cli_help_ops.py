"""Message codes — the help texts of the operators' areas of the command line: what
``syncsystem datacenter|interfaces|emulate … --help`` says of each subcommand and option (the office's
areas are in `cli_help_office`).

Printed in the CLI's language (``--lang``, else the locale; German by default) when the parser is built.
A help text is formatted by argparse with ``%``: a literal percent sign is ``%%`` in both catalogues.
"""

from __future__ import annotations

from syncsystem.messages.code import declare as _code

__all__ = [
    "CLI_HELP_DATACENTER_ADVISOR",
    "CLI_HELP_DATACENTER_ADVISORS",
    "CLI_HELP_DATACENTER_ADVISOR_NAME",
    "CLI_HELP_DATACENTER_ADVISOR_TOKEN",
    "CLI_HELP_DATACENTER_ADVISOR_TOKEN_ADVISOR",
    "CLI_HELP_DATACENTER_CODE",
    "CLI_HELP_DATACENTER_DB",
    "CLI_HELP_DATACENTER_IMPORT",
    "CLI_HELP_DATACENTER_IMPORT_ALL",
    "CLI_HELP_DATACENTER_IMPORT_FILES",
    "CLI_HELP_DATACENTER_IMPORT_MANDANT",
    "CLI_HELP_DATACENTER_INIT",
    "CLI_HELP_DATACENTER_INIT_ADVISOR",
    "CLI_HELP_DATACENTER_INIT_OFFICE",
    "CLI_HELP_DATACENTER_INIT_OFFICE_NAME",
    "CLI_HELP_DATACENTER_JSON",
    "CLI_HELP_DATACENTER_KEY_FILE",
    "CLI_HELP_DATACENTER_MAX_BUNDLE",
    "CLI_HELP_DATACENTER_MAX_BUNDLE_ROWS",
    "CLI_HELP_DATACENTER_MAX_DECOMPRESSED",
    "CLI_HELP_DATACENTER_MAX_FILE_ROWS",
    "CLI_HELP_DATACENTER_OFFICE",
    "CLI_HELP_DATACENTER_REQUEST",
    "CLI_HELP_DATACENTER_REQUEST_MANDANT",
    "CLI_HELP_DATACENTER_REQUEST_MODE",
    "CLI_HELP_DATACENTER_REVOKE",
    "CLI_HELP_DATACENTER_ROTATE",
    "CLI_HELP_DATACENTER_ROTATE_KEY",
    "CLI_HELP_DATACENTER_SERVE",
    "CLI_HELP_DATACENTER_SERVE_CERT",
    "CLI_HELP_DATACENTER_SERVE_HOST",
    "CLI_HELP_DATACENTER_SERVE_KEY",
    "CLI_HELP_DATACENTER_SERVE_OFFICE_POLL_SECONDS",
    "CLI_HELP_DATACENTER_SERVE_POLL_SECONDS",
    "CLI_HELP_DATACENTER_SERVE_PORT",
    "CLI_HELP_DATACENTER_SERVE_WORKERS",
    "CLI_HELP_DATACENTER_STATUS",
    "CLI_HELP_EMULATE_ADVANCE",
    "CLI_HELP_EMULATE_ADVANCE_DESCRIPTION",
    "CLI_HELP_EMULATE_ADVANCE_TO",
    "CLI_HELP_EMULATE_ALL",
    "CLI_HELP_EMULATE_BMD",
    "CLI_HELP_EMULATE_EXPORT",
    "CLI_HELP_EMULATE_EXPORT_DESCRIPTION",
    "CLI_HELP_EMULATE_EXPORT_FLAT",
    "CLI_HELP_EMULATE_EXPORT_OUT",
    "CLI_HELP_EMULATE_EXPORT_SINCE",
    "CLI_HELP_EMULATE_EXPORT_TIMEOUT",
    "CLI_HELP_EMULATE_EXPORT_WAIT",
    "CLI_HELP_EMULATE_FAULT",
    "CLI_HELP_EMULATE_FAULT_ALWAYS",
    "CLI_HELP_EMULATE_FAULT_CLEAR",
    "CLI_HELP_EMULATE_FAULT_DESCRIPTION",
    "CLI_HELP_EMULATE_FAULT_FACTOR",
    "CLI_HELP_EMULATE_FAULT_FAULT_PASSWORD",
    "CLI_HELP_EMULATE_FAULT_KIND",
    "CLI_HELP_EMULATE_FAULT_LIST",
    "CLI_HELP_EMULATE_FAULT_MANDANT",
    "CLI_HELP_EMULATE_FAULT_MINUTES",
    "CLI_HELP_EMULATE_FAULT_PROBABILITY",
    "CLI_HELP_EMULATE_FAULT_SEED",
    "CLI_HELP_EMULATE_FAULT_TIMES",
    "CLI_HELP_EMULATE_FAULT_USER",
    "CLI_HELP_EMULATE_IMPORT",
    "CLI_HELP_EMULATE_IMPORT_DESCRIPTION",
    "CLI_HELP_EMULATE_IMPORT_FILES",
    "CLI_HELP_EMULATE_IMPORT_MANDANT",
    "CLI_HELP_EMULATE_INIT",
    "CLI_HELP_EMULATE_INIT_DESCRIPTION",
    "CLI_HELP_EMULATE_INIT_MANDANTEN",
    "CLI_HELP_EMULATE_INIT_OFFICE",
    "CLI_HELP_EMULATE_INIT_PROFILE",
    "CLI_HELP_EMULATE_INIT_SEED",
    "CLI_HELP_EMULATE_INIT_START",
    "CLI_HELP_EMULATE_INSPECT",
    "CLI_HELP_EMULATE_INSPECT_DESCRIPTION",
    "CLI_HELP_EMULATE_INSPECT_MANDANT",
    "CLI_HELP_EMULATE_JSON",
    "CLI_HELP_EMULATE_MANDANT",
    "CLI_HELP_EMULATE_OFFICE",
    "CLI_HELP_EMULATE_PASSWORD",
    "CLI_HELP_EMULATE_RESET",
    "CLI_HELP_EMULATE_RESET_DESCRIPTION",
    "CLI_HELP_INTERFACES_BOOK",
    "CLI_HELP_INTERFACES_CALLBACK",
    "CLI_HELP_INTERFACES_CALLBACK_CA_FILE",
    "CLI_HELP_INTERFACES_CALLBACK_CLEAR",
    "CLI_HELP_INTERFACES_CALLBACK_SEND",
    "CLI_HELP_INTERFACES_CALLBACK_URL",
    "CLI_HELP_INTERFACES_CANCEL",
    "CLI_HELP_INTERFACES_CANCEL_DATE",
    "CLI_HELP_INTERFACES_CANCEL_DB",
    "CLI_HELP_INTERFACES_CANCEL_INVOICE",
    "CLI_HELP_INTERFACES_CANCEL_MANDANT",
    "CLI_HELP_INTERFACES_CLOSE",
    "CLI_HELP_INTERFACES_CLOSED",
    "CLI_HELP_INTERFACES_CONFIG",
    "CLI_HELP_INTERFACES_CONFIG_ACCOUNT",
    "CLI_HELP_INTERFACES_CONFIG_AGGREGATE_TEXT",
    "CLI_HELP_INTERFACES_CONFIG_CONFIG",
    "CLI_HELP_INTERFACES_CONFIG_DIR",
    "CLI_HELP_INTERFACES_CONFIG_JSON",
    "CLI_HELP_INTERFACES_CONFIG_PERSONS",
    "CLI_HELP_INTERFACES_CONFIG_REMOVE_ACCOUNT",
    "CLI_HELP_INTERFACES_CONFIG_SOURCE",
    "CLI_HELP_INTERFACES_CONFIG_SYMBOL",
    "CLI_HELP_INTERFACES_CREATE",
    "CLI_HELP_INTERFACES_DAY",
    "CLI_HELP_INTERFACES_DB",
    "CLI_HELP_INTERFACES_DEBTORS",
    "CLI_HELP_INTERFACES_DIR",
    "CLI_HELP_INTERFACES_EXPORT",
    "CLI_HELP_INTERFACES_EXPORTS",
    "CLI_HELP_INTERFACES_EXPORTS_JSON",
    "CLI_HELP_INTERFACES_EXPORTS_OUT_DIR",
    "CLI_HELP_INTERFACES_EXPORT_AGGREGATED",
    "CLI_HELP_INTERFACES_EXPORT_CONFIG",
    "CLI_HELP_INTERFACES_EXPORT_INCOMING",
    "CLI_HELP_INTERFACES_EXPORT_OUT",
    "CLI_HELP_INTERFACES_EXPORT_PERSONS",
    "CLI_HELP_INTERFACES_EXPORT_RANGE",
    "CLI_HELP_INTERFACES_EXPORT_RANGE_CONFIG",
    "CLI_HELP_INTERFACES_EXPORT_RANGE_MANDANT",
    "CLI_HELP_INTERFACES_EXPORT_RANGE_OUT_DIR",
    "CLI_HELP_INTERFACES_EXPORT_RANGE_TO",
    "CLI_HELP_INTERFACES_EXPORT_RANGE_TRANSACTIONS_DIR",
    "CLI_HELP_INTERFACES_EXPORT_TRANSACTIONS",
    "CLI_HELP_INTERFACES_FROM",
    "CLI_HELP_INTERFACES_INPUT",
    "CLI_HELP_INTERFACES_JSON",
    "CLI_HELP_INTERFACES_MANDANT",
    "CLI_HELP_INTERFACES_MONTH",
    "CLI_HELP_INTERFACES_PICKLIST",
    "CLI_HELP_INTERFACES_PICKLIST_WHICH",
    "CLI_HELP_INTERFACES_ROLES",
    "CLI_HELP_INTERFACES_ROLES_RESYNC_NEXT_CUSTOMER",
    "CLI_HELP_INTERFACES_ROLES_SET",
    "CLI_HELP_INTERFACES_SETTINGS",
    "CLI_HELP_INTERFACES_SETTINGS_AUTO_UPDATE_DEBTOR",
    "CLI_HELP_INTERFACES_SETTINGS_LOCK_DATE",
    "CLI_HELP_INTERFACES_SETTINGS_NEXT_CUSTOMER",
    "CLI_HELP_INTERFACES_UPDATE",
    "CLI_HELP_INTERFACES_WORKING",
]

# syncsystem datacenter … --help
CLI_HELP_DATACENTER_ADVISOR = _code("cli.help.datacenter.advisor")
CLI_HELP_DATACENTER_ADVISOR_NAME = _code("cli.help.datacenter.advisor.name")
CLI_HELP_DATACENTER_ADVISOR_TOKEN = _code("cli.help.datacenter.advisor_token")
CLI_HELP_DATACENTER_ADVISOR_TOKEN_ADVISOR = _code("cli.help.datacenter.advisor_token.advisor")
CLI_HELP_DATACENTER_ADVISORS = _code("cli.help.datacenter.advisors")
CLI_HELP_DATACENTER_CODE = _code("cli.help.datacenter.code")
CLI_HELP_DATACENTER_DB = _code("cli.help.datacenter.db")
CLI_HELP_DATACENTER_IMPORT = _code("cli.help.datacenter.import")
CLI_HELP_DATACENTER_IMPORT_ALL = _code("cli.help.datacenter.import.all")
CLI_HELP_DATACENTER_IMPORT_FILES = _code("cli.help.datacenter.import.files")
CLI_HELP_DATACENTER_IMPORT_MANDANT = _code("cli.help.datacenter.import.mandant")
CLI_HELP_DATACENTER_INIT = _code("cli.help.datacenter.init")
CLI_HELP_DATACENTER_INIT_ADVISOR = _code("cli.help.datacenter.init.advisor")
CLI_HELP_DATACENTER_INIT_OFFICE = _code("cli.help.datacenter.init.office")
CLI_HELP_DATACENTER_INIT_OFFICE_NAME = _code("cli.help.datacenter.init.office_name")
CLI_HELP_DATACENTER_JSON = _code("cli.help.datacenter.json")
CLI_HELP_DATACENTER_KEY_FILE = _code("cli.help.datacenter.key_file")
CLI_HELP_DATACENTER_MAX_BUNDLE = _code("cli.help.datacenter.max_bundle", "default", "env")
CLI_HELP_DATACENTER_MAX_BUNDLE_ROWS = _code("cli.help.datacenter.max_bundle_rows", "default", "env")
CLI_HELP_DATACENTER_MAX_DECOMPRESSED = _code("cli.help.datacenter.max_decompressed", "default", "env")
CLI_HELP_DATACENTER_MAX_FILE_ROWS = _code("cli.help.datacenter.max_file_rows", "default", "env")
CLI_HELP_DATACENTER_OFFICE = _code("cli.help.datacenter.office")
CLI_HELP_DATACENTER_REQUEST = _code("cli.help.datacenter.request")
CLI_HELP_DATACENTER_REQUEST_MANDANT = _code("cli.help.datacenter.request.mandant")
CLI_HELP_DATACENTER_REQUEST_MODE = _code("cli.help.datacenter.request.mode")
CLI_HELP_DATACENTER_REVOKE = _code("cli.help.datacenter.revoke")
CLI_HELP_DATACENTER_ROTATE = _code("cli.help.datacenter.rotate")
CLI_HELP_DATACENTER_ROTATE_KEY = _code("cli.help.datacenter.rotate_key")
CLI_HELP_DATACENTER_SERVE = _code("cli.help.datacenter.serve")
CLI_HELP_DATACENTER_SERVE_CERT = _code("cli.help.datacenter.serve.cert")
CLI_HELP_DATACENTER_SERVE_HOST = _code("cli.help.datacenter.serve.host")
CLI_HELP_DATACENTER_SERVE_KEY = _code("cli.help.datacenter.serve.key")
CLI_HELP_DATACENTER_SERVE_OFFICE_POLL_SECONDS = _code("cli.help.datacenter.serve.office_poll_seconds")
CLI_HELP_DATACENTER_SERVE_POLL_SECONDS = _code("cli.help.datacenter.serve.poll_seconds")
CLI_HELP_DATACENTER_SERVE_PORT = _code("cli.help.datacenter.serve.port")
CLI_HELP_DATACENTER_SERVE_WORKERS = _code("cli.help.datacenter.serve.workers")
CLI_HELP_DATACENTER_STATUS = _code("cli.help.datacenter.status")
# syncsystem interfaces … --help
CLI_HELP_INTERFACES_BOOK = _code("cli.help.interfaces.book")
CLI_HELP_INTERFACES_CALLBACK = _code("cli.help.interfaces.callback")
CLI_HELP_INTERFACES_CALLBACK_CA_FILE = _code("cli.help.interfaces.callback.ca_file")
CLI_HELP_INTERFACES_CALLBACK_CLEAR = _code("cli.help.interfaces.callback.clear")
CLI_HELP_INTERFACES_CALLBACK_SEND = _code("cli.help.interfaces.callback.send")
CLI_HELP_INTERFACES_CALLBACK_URL = _code("cli.help.interfaces.callback.url")
CLI_HELP_INTERFACES_CANCEL = _code("cli.help.interfaces.cancel")
CLI_HELP_INTERFACES_CANCEL_DATE = _code("cli.help.interfaces.cancel.date")
CLI_HELP_INTERFACES_CANCEL_DB = _code("cli.help.interfaces.cancel.db")
CLI_HELP_INTERFACES_CANCEL_INVOICE = _code("cli.help.interfaces.cancel.invoice")
CLI_HELP_INTERFACES_CANCEL_MANDANT = _code("cli.help.interfaces.cancel.mandant")
CLI_HELP_INTERFACES_CLOSE = _code("cli.help.interfaces.close")
CLI_HELP_INTERFACES_CLOSED = _code("cli.help.interfaces.closed")
CLI_HELP_INTERFACES_CONFIG = _code("cli.help.interfaces.config")
CLI_HELP_INTERFACES_CONFIG_ACCOUNT = _code("cli.help.interfaces.config.account")
CLI_HELP_INTERFACES_CONFIG_AGGREGATE_TEXT = _code("cli.help.interfaces.config.aggregate_text")
CLI_HELP_INTERFACES_CONFIG_CONFIG = _code("cli.help.interfaces.config.config")
CLI_HELP_INTERFACES_CONFIG_DIR = _code("cli.help.interfaces.config.dir")
CLI_HELP_INTERFACES_CONFIG_JSON = _code("cli.help.interfaces.config.json")
CLI_HELP_INTERFACES_CONFIG_PERSONS = _code("cli.help.interfaces.config.persons")
CLI_HELP_INTERFACES_CONFIG_REMOVE_ACCOUNT = _code("cli.help.interfaces.config.remove_account")
CLI_HELP_INTERFACES_CONFIG_SOURCE = _code("cli.help.interfaces.config.source", "field")
CLI_HELP_INTERFACES_CONFIG_SYMBOL = _code("cli.help.interfaces.config.symbol", "types")
CLI_HELP_INTERFACES_CREATE = _code("cli.help.interfaces.create")
CLI_HELP_INTERFACES_DAY = _code("cli.help.interfaces.day")
CLI_HELP_INTERFACES_DB = _code("cli.help.interfaces.db")
CLI_HELP_INTERFACES_DEBTORS = _code("cli.help.interfaces.debtors")
CLI_HELP_INTERFACES_DIR = _code("cli.help.interfaces.dir")
CLI_HELP_INTERFACES_EXPORT = _code("cli.help.interfaces.export")
CLI_HELP_INTERFACES_EXPORT_AGGREGATED = _code("cli.help.interfaces.export.aggregated")
CLI_HELP_INTERFACES_EXPORT_CONFIG = _code("cli.help.interfaces.export.config")
CLI_HELP_INTERFACES_EXPORT_INCOMING = _code("cli.help.interfaces.export.incoming")
CLI_HELP_INTERFACES_EXPORT_OUT = _code("cli.help.interfaces.export.out")
CLI_HELP_INTERFACES_EXPORT_PERSONS = _code("cli.help.interfaces.export.persons")
CLI_HELP_INTERFACES_EXPORT_TRANSACTIONS = _code("cli.help.interfaces.export.transactions")
CLI_HELP_INTERFACES_EXPORT_RANGE = _code("cli.help.interfaces.export_range")
CLI_HELP_INTERFACES_EXPORT_RANGE_CONFIG = _code("cli.help.interfaces.export_range.config")
CLI_HELP_INTERFACES_EXPORT_RANGE_MANDANT = _code("cli.help.interfaces.export_range.mandant")
CLI_HELP_INTERFACES_EXPORT_RANGE_OUT_DIR = _code("cli.help.interfaces.export_range.out_dir")
CLI_HELP_INTERFACES_EXPORT_RANGE_TO = _code("cli.help.interfaces.export_range.to")
CLI_HELP_INTERFACES_EXPORT_RANGE_TRANSACTIONS_DIR = _code("cli.help.interfaces.export_range.transactions_dir")
CLI_HELP_INTERFACES_EXPORTS = _code("cli.help.interfaces.exports")
CLI_HELP_INTERFACES_EXPORTS_JSON = _code("cli.help.interfaces.exports.json")
CLI_HELP_INTERFACES_EXPORTS_OUT_DIR = _code("cli.help.interfaces.exports.out_dir")
CLI_HELP_INTERFACES_FROM = _code("cli.help.interfaces.from")
CLI_HELP_INTERFACES_INPUT = _code("cli.help.interfaces.input")
CLI_HELP_INTERFACES_JSON = _code("cli.help.interfaces.json")
CLI_HELP_INTERFACES_MANDANT = _code("cli.help.interfaces.mandant")
CLI_HELP_INTERFACES_MONTH = _code("cli.help.interfaces.month")
CLI_HELP_INTERFACES_PICKLIST = _code("cli.help.interfaces.picklist")
CLI_HELP_INTERFACES_PICKLIST_WHICH = _code("cli.help.interfaces.picklist.which")
CLI_HELP_INTERFACES_ROLES = _code("cli.help.interfaces.roles")
CLI_HELP_INTERFACES_ROLES_RESYNC_NEXT_CUSTOMER = _code("cli.help.interfaces.roles.resync_next_customer")
CLI_HELP_INTERFACES_ROLES_SET = _code("cli.help.interfaces.roles.set")
CLI_HELP_INTERFACES_SETTINGS = _code("cli.help.interfaces.settings")
CLI_HELP_INTERFACES_SETTINGS_AUTO_UPDATE_DEBTOR = _code("cli.help.interfaces.settings.auto_update_debtor")
CLI_HELP_INTERFACES_SETTINGS_LOCK_DATE = _code("cli.help.interfaces.settings.lock_date")
CLI_HELP_INTERFACES_SETTINGS_NEXT_CUSTOMER = _code("cli.help.interfaces.settings.next_customer")
CLI_HELP_INTERFACES_UPDATE = _code("cli.help.interfaces.update")
CLI_HELP_INTERFACES_WORKING = _code("cli.help.interfaces.working")
# syncsystem emulate … --help
CLI_HELP_EMULATE_ADVANCE = _code("cli.help.emulate.advance")
CLI_HELP_EMULATE_ADVANCE_DESCRIPTION = _code("cli.help.emulate.advance.description")
CLI_HELP_EMULATE_ADVANCE_TO = _code("cli.help.emulate.advance.to")
CLI_HELP_EMULATE_ALL = _code("cli.help.emulate.all")
CLI_HELP_EMULATE_BMD = _code("cli.help.emulate.bmd")
CLI_HELP_EMULATE_EXPORT = _code("cli.help.emulate.export")
CLI_HELP_EMULATE_EXPORT_DESCRIPTION = _code("cli.help.emulate.export.description")
CLI_HELP_EMULATE_EXPORT_FLAT = _code("cli.help.emulate.export.flat")
CLI_HELP_EMULATE_EXPORT_OUT = _code("cli.help.emulate.export.out")
CLI_HELP_EMULATE_EXPORT_SINCE = _code("cli.help.emulate.export.since")
CLI_HELP_EMULATE_EXPORT_TIMEOUT = _code("cli.help.emulate.export.timeout")
CLI_HELP_EMULATE_EXPORT_WAIT = _code("cli.help.emulate.export.wait")
CLI_HELP_EMULATE_FAULT = _code("cli.help.emulate.fault")
CLI_HELP_EMULATE_FAULT_ALWAYS = _code("cli.help.emulate.fault.always")
CLI_HELP_EMULATE_FAULT_CLEAR = _code("cli.help.emulate.fault.clear")
CLI_HELP_EMULATE_FAULT_DESCRIPTION = _code("cli.help.emulate.fault.description", "kinds")
CLI_HELP_EMULATE_FAULT_FACTOR = _code("cli.help.emulate.fault.factor")
CLI_HELP_EMULATE_FAULT_FAULT_PASSWORD = _code("cli.help.emulate.fault.fault_password")
CLI_HELP_EMULATE_FAULT_KIND = _code("cli.help.emulate.fault.kind")
CLI_HELP_EMULATE_FAULT_LIST = _code("cli.help.emulate.fault.list")
CLI_HELP_EMULATE_FAULT_MANDANT = _code("cli.help.emulate.fault.mandant")
CLI_HELP_EMULATE_FAULT_MINUTES = _code("cli.help.emulate.fault.minutes")
CLI_HELP_EMULATE_FAULT_PROBABILITY = _code("cli.help.emulate.fault.probability")
CLI_HELP_EMULATE_FAULT_SEED = _code("cli.help.emulate.fault.seed")
CLI_HELP_EMULATE_FAULT_TIMES = _code("cli.help.emulate.fault.times")
CLI_HELP_EMULATE_FAULT_USER = _code("cli.help.emulate.fault.user")
CLI_HELP_EMULATE_IMPORT = _code("cli.help.emulate.import")
CLI_HELP_EMULATE_IMPORT_DESCRIPTION = _code("cli.help.emulate.import.description")
CLI_HELP_EMULATE_IMPORT_FILES = _code("cli.help.emulate.import.files")
CLI_HELP_EMULATE_IMPORT_MANDANT = _code("cli.help.emulate.import.mandant")
CLI_HELP_EMULATE_INIT = _code("cli.help.emulate.init")
CLI_HELP_EMULATE_INIT_DESCRIPTION = _code("cli.help.emulate.init.description")
CLI_HELP_EMULATE_INIT_MANDANTEN = _code("cli.help.emulate.init.mandanten")
CLI_HELP_EMULATE_INIT_OFFICE = _code("cli.help.emulate.init.office")
CLI_HELP_EMULATE_INIT_PROFILE = _code("cli.help.emulate.init.profile")
CLI_HELP_EMULATE_INIT_SEED = _code("cli.help.emulate.init.seed")
CLI_HELP_EMULATE_INIT_START = _code("cli.help.emulate.init.start")
CLI_HELP_EMULATE_INSPECT = _code("cli.help.emulate.inspect")
CLI_HELP_EMULATE_INSPECT_DESCRIPTION = _code("cli.help.emulate.inspect.description")
CLI_HELP_EMULATE_INSPECT_MANDANT = _code("cli.help.emulate.inspect.mandant")
CLI_HELP_EMULATE_JSON = _code("cli.help.emulate.json")
CLI_HELP_EMULATE_MANDANT = _code("cli.help.emulate.mandant")
CLI_HELP_EMULATE_OFFICE = _code("cli.help.emulate.office")
CLI_HELP_EMULATE_PASSWORD = _code("cli.help.emulate.password")
CLI_HELP_EMULATE_RESET = _code("cli.help.emulate.reset")
CLI_HELP_EMULATE_RESET_DESCRIPTION = _code("cli.help.emulate.reset.description")
