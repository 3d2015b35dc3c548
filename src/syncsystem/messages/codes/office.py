"""Message codes — Source-system interfaces, clearing and the office's pages."""

from __future__ import annotations

from syncsystem.messages.code import declare as _code

__all__ = [
    "CLEARING_BELONGS_ELSEWHERE",
    "CLEARING_COLUMN_MISSING",
    "CLEARING_COLUMN_MISSING_GUESS",
    "CLEARING_COLUMN_MISSPELT",
    "CLEARING_IMPORTING",
    "CLEARING_LIST_CLEARINGS",
    "CLEARING_LIST_OPENITEMS",
    "CLEARING_NO_INVOICES",
    "CLEARING_NO_MANDANT",
    "CLEARING_NO_UNATTACHED",
    "CLEARING_PAID",
    "CLEARING_PAID_MANDANT",
    "CLEARING_PAID_SUMMARY",
    "CLEARING_REFUSED",
    "CLEARING_SEVERAL_ACCOUNTS",
    "CLEARING_SEVERAL_MANDANTEN",
    "CLEARING_SEVERAL_MANDANTEN_ACCOUNT",
    "CLEARING_SUM_AMBIGUOUS",
    "CLEARING_SUM_CREATED",
    "CLEARING_SUM_FILES",
    "CLEARING_SUM_NOW_PAID",
    "CLEARING_SUM_PRESENT",
    "CLEARING_SUM_REGISTERED",
    "CLEARING_SUM_UNKNOWN",
    "CLEARING_UNKNOWN",
    "CLEARING_UNKNOWN_ACCOUNT",
    "CLEARING_UNKNOWN_ACCOUNT_IN",
    "CLEARING_UNKNOWN_IN",
    "CLEARING_WRONG_KIND",
    "DC_MANDANTEN_FIGURES",
    "DC_MANDANTEN_NONE",
    "DC_MANDANTEN_NONE_FOUND",
    "DC_MANDANTEN_RANGE",
    "DC_MANDANTEN_RANGE_FOUND",
    "DC_MANDANT_FIGURES",
    "DC_MANDANT_ONE",
    "DC_MANDANT_ONE_FOUND",
    "IN_ACCOUNT_TYPE",
    "IN_ALREADY_BOOKED",
    "IN_ALREADY_CANCELLED",
    "IN_AMOUNT_DECIMALS",
    "IN_CALLBACK_CA",
    "IN_CALLBACK_REFUSED",
    "IN_CALLBACK_SENT",
    "IN_CALLBACK_UNREACHABLE",
    "IN_CALLBACK_URL",
    "IN_CLI_BOOKED",
    "IN_CLI_CANCELLED",
    "IN_CLI_CLOSED",
    "IN_CLI_CREATED",
    "IN_CLI_EMPTY",
    "IN_CLI_EXPORTED",
    "IN_CLI_NOTHING_TO_CLOSE",
    "IN_CLI_NOT_DATE",
    "IN_CLI_NOT_FOLDER",
    "IN_CLI_NO_EXPORTS",
    "IN_CLI_NO_PICKLIST",
    "IN_CLI_PAIR",
    "IN_CLI_RESYNCED",
    "IN_CLI_SET_UNKNOWN",
    "IN_CLI_UPDATED",
    "IN_CLI_WROTE",
    "IN_CLOSED_EXISTS",
    "IN_DEBTOR_RANGE",
    "IN_DEBTOR_UNKNOWN",
    "IN_DIFFERS",
    "IN_ENCODING",
    "IN_INVOICE_DEBTOR_UNKNOWN",
    "IN_IN_CLEARING",
    "IN_JSON",
    "IN_JSON_OBJECT",
    "IN_KONTO_MISSING",
    "IN_LINE_KIND",
    "IN_LIST_OF_OBJECTS",
    "IN_LOCK_DATE",
    "IN_MANDANT_SHAPE",
    "IN_MAPPING",
    "IN_MISSING",
    "IN_MISSING_MANDANT",
    "IN_MISSING_NAME",
    "IN_MORE_CELLS",
    "IN_NET_AND_GROSS",
    "IN_NEVER_BOOKED",
    "IN_NOT_AMOUNT",
    "IN_NOT_DATE",
    "IN_NOT_ISO_DATE",
    "IN_NOT_WHOLE",
    "IN_NO_BMD_MAPPING",
    "IN_NO_LINES",
    "IN_ONE_OF",
    "IN_REFUSED_BOOKING",
    "IN_REFUSED_CANCELLATION",
    "IN_REFUSED_CONFIG",
    "IN_REFUSED_DEBTORS",
    "IN_REFUSED_EXPORT",
    "IN_REFUSED_PICKLIST",
    "IN_REFUSED_TRANSACTIONS",
    "IN_REFUSED_UPDATE",
    "IN_REFUSED_WORKFILE",
    "IN_ROLE_UNSET",
    "IN_STORE_UNREADABLE",
    "IN_TRANSACTION_LIST",
    "IN_VAT_FORM",
    "IN_VAT_RATE",
    "OFFICE_CONFIRM_DELETE",
    "OFFICE_NAME_TAKEN",
    "OFFICE_NOTHING_STORED",
    "OFFICE_OWN_PASSWORD_WRONG",
    "OFFICE_REVEAL_OFF",
    "OFFICE_WORKSTATION_AND_SERVER",
    "OFFICE_WORKSTATION_MISSING",
    "PG_AGGREGATE_TEXT",
    "PG_NOT_IN_LIST",
    "PG_NOT_LEDGER",
    "PG_NOT_WHOLE",
    "PG_NO_MAPPING",
    "PG_NUMBER_TAKEN",
    "PG_OUT_OF_RANGE",
    "PG_PERIOD",
    "PG_RANGE_ORDER",
    "PG_REFUSED_CONFIG",
    "PG_REFUSED_SETTINGS",
    "PG_REQUIRED",
    "PG_SOURCE_ACCOUNT",
    "PG_SYMBOL",
]

CLEARING_REFUSED = _code("clearing.refused", "count")
CLEARING_COLUMN_MISSPELT = _code("clearing.column.misspelt", "caption", "meant", "list_kind")
CLEARING_COLUMN_MISSING = _code("clearing.column.missing", "column", "list_kind")
CLEARING_COLUMN_MISSING_GUESS = _code("clearing.column.missing_guess", "column", "list_kind", "guess")
CLEARING_LIST_CLEARINGS = _code("clearing.list.clearings")
CLEARING_LIST_OPENITEMS = _code("clearing.list.openitems")
CLEARING_WRONG_KIND = _code("clearing.file.wrong_kind", "kind")
CLEARING_NO_MANDANT = _code("clearing.file.no_mandant")
CLEARING_SUM_FILES = _code("clearing.import.files", "count")
CLEARING_SUM_REGISTERED = _code("clearing.import.registered", "count")
CLEARING_SUM_CREATED = _code("clearing.import.created", "count")
CLEARING_SUM_PRESENT = _code("clearing.import.present", "count")
CLEARING_SUM_AMBIGUOUS = _code("clearing.import.ambiguous", "count")
CLEARING_SUM_UNKNOWN = _code("clearing.import.unknown", "count")
CLEARING_SUM_NOW_PAID = _code("clearing.import.now_paid", "count")
CLEARING_PAID = _code("clearing.import.paid", "mandant", "konto", "number")
CLEARING_PAID_SUMMARY = _code("clearing.import.paid_summary", "per_mandant")
CLEARING_PAID_MANDANT = _code("clearing.import.paid_mandant", "mandant", "count")
CLEARING_NO_INVOICES = _code("clearing.invoices.none")
CLEARING_NO_UNATTACHED = _code("clearing.unattached.none")
CLEARING_IMPORTING = _code("clearing.import.importing")  # the progress bar's label
CLEARING_UNKNOWN = _code("clearing.unresolved.unknown")
CLEARING_UNKNOWN_IN = _code("clearing.unresolved.unknown_in", "mandant")
CLEARING_UNKNOWN_ACCOUNT = _code("clearing.unresolved.unknown_account", "konto")
CLEARING_UNKNOWN_ACCOUNT_IN = _code("clearing.unresolved.unknown_account_in", "konto", "mandant")
CLEARING_BELONGS_ELSEWHERE = _code("clearing.unresolved.belongs_elsewhere", "reason", "konten")
CLEARING_SEVERAL_MANDANTEN = _code("clearing.unresolved.several_mandanten")
CLEARING_SEVERAL_MANDANTEN_ACCOUNT = _code("clearing.unresolved.several_mandanten_account", "konto")
CLEARING_SEVERAL_ACCOUNTS = _code("clearing.unresolved.several_accounts", "konten", "mandant")
IN_ENCODING = _code("interfaces.encoding", "reason")
IN_JSON = _code("interfaces.json", "reason")
IN_LIST_OF_OBJECTS = _code("interfaces.list_of_objects")
IN_MORE_CELLS = _code("interfaces.more_cells")
IN_NO_LINES = _code("interfaces.no_lines")
IN_DIFFERS = _code("interfaces.differs", "line", "invoice")
IN_MISSING = _code("interfaces.missing")
IN_MISSING_MANDANT = _code("interfaces.missing_mandant")
IN_MISSING_NAME = _code("interfaces.missing_name")
IN_NOT_DATE = _code("interfaces.not_date", "value")
IN_NOT_AMOUNT = _code("interfaces.not_amount", "value")
IN_AMOUNT_DECIMALS = _code("interfaces.amount_decimals", "value")
IN_NOT_WHOLE = _code("interfaces.not_whole", "value")
IN_NOT_ISO_DATE = _code("interfaces.not_iso_date", "value")
IN_VAT_FORM = _code("interfaces.vat_form", "value")
IN_VAT_RATE = _code("interfaces.vat_rate", "value")
IN_NET_AND_GROSS = _code("interfaces.net_and_gross")
IN_ONE_OF = _code("interfaces.one_of", "allowed")
IN_JSON_OBJECT = _code("interfaces.json_object")
IN_MAPPING = _code("interfaces.mapping", "reason")
IN_ACCOUNT_TYPE = _code("interfaces.account_type")
IN_TRANSACTION_LIST = _code("interfaces.transaction_list")
IN_KONTO_MISSING = _code("interfaces.konto_missing", "name")
IN_DEBTOR_UNKNOWN = _code("interfaces.debtor_unknown", "konto")
IN_NO_BMD_MAPPING = _code("interfaces.no_bmd_mapping", "id", "account")
IN_LOCK_DATE = _code("interfaces.lock_date", "invoice", "day", "lock")
IN_INVOICE_DEBTOR_UNKNOWN = _code("interfaces.invoice_debtor_unknown", "invoice", "debtor")
IN_ALREADY_BOOKED = _code("interfaces.already_booked", "invoice", "mandant")
IN_NEVER_BOOKED = _code("interfaces.never_booked", "invoice", "mandant")
IN_ALREADY_CANCELLED = _code("interfaces.already_cancelled", "invoice", "day")
IN_IN_CLEARING = _code("interfaces.in_clearing", "invoice")
IN_REFUSED_CONFIG = _code("interfaces.refused.config", "name")
IN_REFUSED_TRANSACTIONS = _code("interfaces.refused.transactions", "name")
IN_REFUSED_PICKLIST = _code("interfaces.refused.picklist", "name")
IN_REFUSED_WORKFILE = _code("interfaces.refused.workfile", "name")
IN_REFUSED_BOOKING = _code("interfaces.refused.booking")
IN_REFUSED_CANCELLATION = _code("interfaces.refused.cancellation")
IN_REFUSED_UPDATE = _code("interfaces.refused.update")
IN_REFUSED_DEBTORS = _code("interfaces.refused.debtors")
IN_REFUSED_EXPORT = _code("interfaces.refused.export")
IN_CLI_NOT_FOLDER = _code("interfaces.cli.not_folder", "folder")
IN_CLI_NOT_DATE = _code("interfaces.cli.not_date", "option", "text")
IN_CLI_CREATED = _code("interfaces.cli.created", "konto", "name")
IN_CLI_UPDATED = _code("interfaces.cli.updated", "count")
IN_CLI_BOOKED = _code("interfaces.cli.booked", "mandant", "number", "amount")
IN_CLI_CANCELLED = _code("interfaces.cli.cancelled", "mandant", "number", "day")
IN_CLI_NOTHING_TO_CLOSE = _code("interfaces.cli.nothing_to_close")
IN_CLI_CLOSED = _code("interfaces.cli.closed", "stamp")
IN_CLI_EMPTY = _code("interfaces.cli.empty")
IN_CLI_WROTE = _code("interfaces.cli.wrote", "path", "rows")
IN_CLI_PAIR = _code("interfaces.cli.pair", "option", "text")
IN_CLI_SET_UNKNOWN = _code("interfaces.cli.set_unknown", "key", "allowed")
IN_CLI_NO_PICKLIST = _code("interfaces.cli.no_picklist", "file", "folder")
PG_REQUIRED = _code("pages.form.required")
PG_NOT_WHOLE = _code("pages.form.not_whole", "value")
PG_OUT_OF_RANGE = _code("pages.form.out_of_range", "value", "low", "high")
PG_NOT_LEDGER = _code("pages.form.not_ledger", "konto")
PG_NOT_IN_LIST = _code("pages.form.not_in_list", "value", "list")
PG_NUMBER_TAKEN = _code("pages.form.number_taken", "number")
PG_REFUSED_SETTINGS = _code("pages.refused.settings")
PG_SOURCE_ACCOUNT = _code("pages.form.source_account")
PG_REFUSED_CONFIG = _code("pages.refused.config")
PG_NO_MAPPING = _code("pages.form.no_mapping", "source")
PG_SYMBOL = _code("pages.form.symbol", "value")
PG_AGGREGATE_TEXT = _code("pages.form.aggregate_text")
PG_RANGE_ORDER = _code("pages.form.range_order", "start", "end")
PG_PERIOD = _code("pages.form.period", "kind", "value")
IN_LINE_KIND = _code("interfaces.line_kind", "value", "allowed")
IN_ROLE_UNSET = _code("interfaces.role_unset", "kind")
IN_CLI_RESYNCED = _code("interfaces.cli.resynced", "old", "new")
IN_CLI_EXPORTED = _code("interfaces.cli.exported", "folder", "count")
IN_CLI_NO_EXPORTS = _code("interfaces.cli.no_exports")
IN_CALLBACK_URL = _code("interfaces.callback.url", "url")
IN_CALLBACK_CA = _code("interfaces.callback.ca_file", "path")
IN_CALLBACK_REFUSED = _code("interfaces.callback.refused", "url", "status", "reason")
IN_CALLBACK_UNREACHABLE = _code("interfaces.callback.unreachable", "url", "reason")
IN_CALLBACK_SENT = _code("interfaces.callback.sent", "count", "url")
OFFICE_WORKSTATION_MISSING = _code("office.form.workstation_missing")
OFFICE_WORKSTATION_AND_SERVER = _code("office.form.workstation_and_server")
OFFICE_NAME_TAKEN = _code("office.form.name_taken", "name")
OFFICE_OWN_PASSWORD_WRONG = _code("office.form.own_password_wrong")
OFFICE_REVEAL_OFF = _code("office.form.reveal_off")
OFFICE_NOTHING_STORED = _code("office.form.nothing_stored")
OFFICE_CONFIRM_DELETE = _code("office.form.confirm_delete")
# the advisor page's Mandanten list (datacenter.listing): its place among all, the office's counts
DC_MANDANTEN_RANGE = _code("datacenter.page.mandanten_range", "first", "last", "total")
DC_MANDANTEN_RANGE_FOUND = _code(
    "datacenter.page.mandanten_range_found", "first", "last", "matching", "search"
)
DC_MANDANTEN_NONE = _code("datacenter.page.mandanten_none")
DC_MANDANTEN_NONE_FOUND = _code("datacenter.page.mandanten_none_found", "search")
DC_MANDANTEN_FIGURES = _code("datacenter.page.mandanten_figures", "total", "errors", "stale", "days")
DC_MANDANT_ONE = _code("datacenter.page.mandant_one")  # the range of a list of one
DC_MANDANT_ONE_FOUND = _code("datacenter.page.mandant_one_found", "search")
DC_MANDANT_FIGURES = _code("datacenter.page.mandant_figures", "errors", "stale", "days")  # an office of one
# the interfaces' work files and stores (interfaces.workfiles, debtors, closing, store)
IN_MANDANT_SHAPE = _code("interfaces.mandant_shape", "mandant")
IN_DEBTOR_RANGE = _code("interfaces.debtor_range", "low", "high", "next")
IN_CLOSED_EXISTS = _code("interfaces.closed_exists", "path")
IN_STORE_UNREADABLE = _code("interfaces.store_unreadable", "path", "reason")
