"""Message codes — BMD files: cells, records, headers, conversion, checks (and the shared data/file/capping
words).
"""

from __future__ import annotations

from syncsystem.messages.code import declare as _code

__all__ = [
    "ACCOUNT_RANGE",
    "ACCOUNT_ZERO",
    "BIC_MALFORMED",
    "BMD_CANNOT_READ",
    "BMD_CANNOT_WRITE",
    "BMD_CLI_CHECKING",
    "BMD_CLI_CONVERTED",
    "BMD_CLI_IGNORED",
    "BMD_CLI_NOTHING_WRITTEN",
    "BMD_CLI_NOT_CONVERTED",
    "BMD_CLI_OK",
    "BMD_CLI_PROBLEMS",
    "BMD_CLI_READING",
    "BMD_CLI_SUMMARY",
    "BMD_CLI_SUMMARY_LINES",
    "BMD_CLI_SUMMARY_READ",
    "BMD_CLI_SUMMARY_UNREAD",
    "BMD_CLI_WRITING",
    "BMD_FILE_PROBLEMS",
    "BMD_NOT_TABLE",
    "BMD_UNKNOWN_ENCODING",
    "BMD_UNREADABLE",
    "BMD_WRITE_FAILED",
    "CELL_BUCHCODE",
    "CELL_DECIMALS",
    "CELL_DECIMAL_POINT",
    "CELL_NOT_DATE",
    "CELL_NOT_NUMBER",
    "CELL_NOT_WHOLE",
    "CELL_NO_SUCH_DATE",
    "CELL_REQUIRED",
    "CELL_THOUSANDS",
    "CELL_TOO_LARGE",
    "CELL_UNDECODABLE",
    "CLEARING_NOT_PERSON",
    "CLEARING_NO_ACCOUNT",
    "CLEARING_ZERO",
    "COLUMNAR_CONTROL",
    "DATA_MORE",
    "DATA_PROBLEMS",
    "EMAIL_MALFORMED",
    "FILE_EMPTY",
    "FILE_UNREADABLE",
    "FIXED_LAYOUT",
    "FIXED_NOT_BOOKINGS",
    "FIXED_RECORD_LENGTH",
    "HEADER_DUPLICATE",
    "HEADER_IS_DATA",
    "HEADER_MISSING",
    "HEADER_NO_KIND",
    "HEADER_SEPARATOR",
    "HEADER_UNDECODABLE",
    "IBAN_INVALID",
    "JOURNAL_DOCUMENT",
    "JOURNAL_HABEN_POSITIVE",
    "JOURNAL_SOLL_NEGATIVE",
    "JOURNAL_UNBALANCED",
    "KIND_UNKNOWN",
    "LEDGER_NOT_SACHKONTO",
    "LEGACY_TEXT",
    "LINES_CR_ONLY",
    "LINE_STRAY_SEPARATOR",
    "LINE_TRUNCATED",
    "LINE_UNDECODABLE",
    "MORE_LINE",
    "MORE_LINES",
    "MORE_PROBLEM",
    "MORE_PROBLEMS",
    "OPENITEM_EXCEEDS",
    "OPENITEM_NOT_PERSON",
    "OPENITEM_SIGN",
    "PERCENT_RANGE",
    "PERIODE_INVALID",
    "PERSON_RANGE",
    "PREAMBLE_BAD_DATE",
    "PREAMBLE_NO_DATE",
    "SAMMELKONTO_PERSON",
    "SATZART_INVALID",
    "SEPARATOR_TABS",
    "TAX_BY_CODE",
    "TAX_BY_SYMBOL",
    "TAX_CODE_AGAINST_DOCUMENT",
    "TAX_DOC_BY_CUSTOMER",
    "TAX_DOC_BY_SUPPLIER",
    "TAX_DOC_BY_SYMBOL",
    "TAX_DOC_PURCHASE",
    "TAX_DOC_SALE",
    "TAX_GROSS_MISMATCH",
    "TAX_LEDGER_NO_CONVENTION",
    "TAX_LINE_CREDIT",
    "TAX_LINE_ORDINARY",
    "TAX_LINE_PERSON_HABEN",
    "TAX_LINE_PERSON_SOLL",
    "TAX_NET_MISMATCH",
    "TAX_NO_CONVENTION",
    "TAX_TYPE_ERWERB",
    "TAX_TYPE_INPUT",
    "TAX_TYPE_OUTPUT",
    "TAX_WRONG_SIGN",
    "TEXT_INVALID_BYTES",
    "UID_INVALID_AT",
    "UID_MALFORMED",
    "WRITE_DECIMALS",
    "WRITE_NEGATIVE_WHOLE",
    "WRITE_RECORD",
    "WRITE_UNENCODABLE",
    "WRONG_RECORD_TYPE",
]

CELL_DECIMAL_POINT = _code("bmd.cell.decimal_point", "cell")
CELL_NOT_NUMBER = _code("bmd.cell.not_number", "cell")
CELL_THOUSANDS = _code("bmd.cell.thousands", "cell", "plain")
CELL_DECIMALS = _code("bmd.cell.decimals", "count", "most", "cell")
CELL_TOO_LARGE = _code("bmd.cell.too_large", "digits", "cell")
CELL_NOT_WHOLE = _code("bmd.cell.not_whole", "cell")
CELL_NO_SUCH_DATE = _code("bmd.cell.no_such_date", "cell")
CELL_NOT_DATE = _code("bmd.cell.not_date", "cell")
CELL_BUCHCODE = _code("bmd.cell.buchcode", "cell")
CELL_UNDECODABLE = _code("bmd.cell.undecodable", "data", "encoding")
LINE_UNDECODABLE = _code("bmd.line.undecodable")
CELL_REQUIRED = _code("bmd.cell.required")
WRITE_DECIMALS = _code("bmd.write.decimals", "value", "ctype")
WRITE_NEGATIVE_WHOLE = _code("bmd.write.negative_whole", "number")
WRITE_RECORD = _code("bmd.write.record", "record", "message")
WRONG_RECORD_TYPE = _code("bmd.record.wrong_type", "record_type", "kind")
WRITE_UNENCODABLE = _code("bmd.write.unencodable", "chars", "codec")
ACCOUNT_RANGE = _code("bmd.account.range", "konto", "most")
ACCOUNT_ZERO = _code("bmd.account.zero")
PERCENT_RANGE = _code("bmd.percent.range", "value")
SATZART_INVALID = _code("bmd.satzart.invalid", "value")
PERIODE_INVALID = _code("bmd.periode.invalid", "value")
PERSON_RANGE = _code("bmd.person.range", "konto", "span")
UID_INVALID_AT = _code("bmd.uid.invalid_at", "uid")
UID_MALFORMED = _code("bmd.uid.malformed", "uid")
IBAN_INVALID = _code("bmd.iban.invalid", "iban")
BIC_MALFORMED = _code("bmd.bic.malformed", "bic")
EMAIL_MALFORMED = _code("bmd.email.malformed", "email")
SAMMELKONTO_PERSON = _code("bmd.sammelkonto.person", "konto")
LEDGER_NOT_SACHKONTO = _code("bmd.ledger.not_sachkonto", "konto", "span")
OPENITEM_NOT_PERSON = _code("bmd.openitem.not_person", "konto", "span")
OPENITEM_EXCEEDS = _code("bmd.openitem.exceeds")
OPENITEM_SIGN = _code("bmd.openitem.sign")
CLEARING_NO_ACCOUNT = _code("bmd.clearing.no_account")
CLEARING_NOT_PERSON = _code("bmd.clearing.not_person", "konto", "span")
CLEARING_ZERO = _code("bmd.clearing.zero")
JOURNAL_HABEN_POSITIVE = _code("bmd.journal.haben_positive")
JOURNAL_SOLL_NEGATIVE = _code("bmd.journal.soll_negative")
JOURNAL_UNBALANCED = _code("bmd.journal.unbalanced", "documents", "total")
JOURNAL_DOCUMENT = _code("bmd.journal.document", "symbol", "number", "day")
TAX_GROSS_MISMATCH = _code("bmd.tax.gross_mismatch", "steuer", "prozent", "betrag", "expected")
TAX_LEDGER_NO_CONVENTION = _code(
    "bmd.tax.ledger_no_convention", "steuer", "konto", "gkonto", "betrag", "prozent", "net", "gross"
)
TAX_NET_MISMATCH = _code("bmd.tax.net_mismatch", "steuer", "prozent", "betrag", "code", "expected")
TAX_NO_CONVENTION = _code(
    "bmd.tax.no_convention", "steuer", "konto", "gkonto", "betrag", "prozent", "net", "gross"
)
TAX_WRONG_SIGN = _code("bmd.tax.wrong_sign", "steuer", "tax_type", "by", "sign", "line", "buchcode", "betrag")
TAX_TYPE_OUTPUT = _code("bmd.tax.type.output")
TAX_TYPE_INPUT = _code("bmd.tax.type.input")
TAX_TYPE_ERWERB = _code("bmd.tax.type.erwerb")
TAX_BY_CODE = _code("bmd.tax.by_code", "value")
TAX_BY_SYMBOL = _code("bmd.tax.by_symbol", "value")
TAX_LINE_CREDIT = _code("bmd.tax.line.credit")
TAX_LINE_ORDINARY = _code("bmd.tax.line.ordinary")
TAX_LINE_PERSON_SOLL = _code("bmd.tax.line.person_soll", "konto")
TAX_LINE_PERSON_HABEN = _code("bmd.tax.line.person_haben", "konto")
TAX_CODE_AGAINST_DOCUMENT = _code("bmd.tax.code_against_document", "code", "tax_type", "document", "why")
TAX_DOC_SALE = _code("bmd.tax.document.sale")
TAX_DOC_PURCHASE = _code("bmd.tax.document.purchase")
TAX_DOC_BY_CUSTOMER = _code("bmd.tax.document.by_customer", "konto")
TAX_DOC_BY_SUPPLIER = _code("bmd.tax.document.by_supplier", "konto")
TAX_DOC_BY_SYMBOL = _code("bmd.tax.document.by_symbol", "value")
DATA_PROBLEMS = _code("data.problems", "count")
DATA_MORE = _code("data.more", "count")
MORE_PROBLEM = _code("capping.more_problem")
MORE_PROBLEMS = _code("capping.more_problems", "count")
MORE_LINE = _code("capping.more_line")
MORE_LINES = _code("capping.more_lines", "count")
BMD_UNREADABLE = _code("bmd.refused.unreadable", "name")
BMD_NOT_TABLE = _code("bmd.refused.table", "name")
BMD_CANNOT_WRITE = _code("bmd.refused.write", "name", "kind")
BMD_FILE_PROBLEMS = _code("bmd.refused.problems", "name", "count", "kind")
BMD_CLI_SUMMARY = _code("bmd.cli.summary", "name", "kind", "rows", "encoding", "state")
BMD_CLI_SUMMARY_LINES = _code("bmd.cli.summary_lines", "name", "kind", "lines", "faulty", "encoding", "state")
BMD_CLI_SUMMARY_READ = _code("bmd.cli.summary_read", "name", "kind", "lines", "encoding", "state")
BMD_CLI_SUMMARY_UNREAD = _code("bmd.cli.summary_unread", "name", "state")
BMD_CLI_OK = _code("bmd.cli.ok")
BMD_CLI_PROBLEMS = _code("bmd.cli.problems", "count")
# the progress bars' labels
BMD_CLI_CHECKING = _code("bmd.cli.checking", "name")
BMD_CLI_READING = _code("bmd.cli.reading", "name")
BMD_CLI_WRITING = _code("bmd.cli.writing", "name")
BMD_CLI_NOT_CONVERTED = _code("bmd.cli.not_converted", "name")
BMD_CLI_NOTHING_WRITTEN = _code("bmd.cli.nothing_written", "name")
BMD_CLI_CONVERTED = _code(
    "bmd.cli.converted", "source", "target", "rows", "kind", "source_encoding", "target_encoding"
)
BMD_CLI_IGNORED = _code("bmd.cli.ignored", "columns")
FILE_EMPTY = _code("bmd.file.empty")
HEADER_UNDECODABLE = _code("bmd.header.undecodable", "reason")
HEADER_SEPARATOR = _code("bmd.header.separator", "separator")
SEPARATOR_TABS = _code("bmd.separator.tabs")
HEADER_NO_KIND = _code("bmd.header.no_kind", "start")
HEADER_IS_DATA = _code("bmd.header.is_data", "start")
LINES_CR_ONLY = _code("bmd.lines.cr_only")
HEADER_DUPLICATE = _code("bmd.header.duplicate", "caption")
HEADER_MISSING = _code("bmd.header.missing", "kind")
LINE_TRUNCATED = _code("bmd.line.truncated", "count", "width")
LINE_STRAY_SEPARATOR = _code("bmd.line.stray_separator", "count", "width")
COLUMNAR_CONTROL = _code("bmd.columnar.control")
PREAMBLE_BAD_DATE = _code("bmd.preamble.bad_date", "text")
PREAMBLE_NO_DATE = _code("bmd.preamble.no_date")
FIXED_NOT_BOOKINGS = _code("bmd.fixed.not_bookings", "length", "kind")
FIXED_LAYOUT = _code("bmd.fixed.layout", "length", "expected")
FIXED_RECORD_LENGTH = _code("bmd.fixed.record_length", "length", "expected")
TEXT_INVALID_BYTES = _code("bmd.text.invalid_bytes", "data", "codec")
KIND_UNKNOWN = _code("bmd.kind.unknown", "kind")
FILE_UNREADABLE = _code("file.unreadable", "reason")
BMD_CANNOT_READ = _code("bmd.file.cannot_read", "name", "reason")
LEGACY_TEXT = _code("legacy.text", "text")
BMD_WRITE_FAILED = _code("bmd.file.write_failed", "name", "reason")
BMD_UNKNOWN_ENCODING = _code("bmd.file.unknown_encoding", "encoding")
