"""Every message code, declared once with its placeholders; use them by name.

``CELL_DECIMALS(count=3, most=2, cell="1,234")`` is a :class:`~syncsystem.messages.Message`; the words
are in ``de.po`` and ``en.po`` under the code. A code's placeholders are exactly the names its
templates use (a test walks every code in both catalogues); calling a code with other names raises.
"""

from __future__ import annotations

from dataclasses import dataclass

from syncsystem.messages import Message, Value

__all__ = ["CODES", "Code"]


@dataclass(frozen=True, slots=True)
class Code:
    """A message code and the names of the values its wording needs."""

    name: str
    params: tuple[str, ...]

    def __call__(self, **values: Value) -> Message:
        if len(values) != len(self.params) or any(key not in values for key in self.params):
            taken = ", ".join(self.params) or "no values"
            raise TypeError(f"{self.name} takes {taken}, not {', '.join(values)}")
        return Message(self.name, tuple(values.items()))


CODES: dict[str, Code] = {}


def _code(name: str, *params: str) -> Code:
    assert name not in CODES, name
    CODES[name] = code = Code(name, params)
    return code


CELL_DECIMAL_POINT = _code("bmd.cell.decimal_point", "cell")
CELL_NOT_NUMBER = _code("bmd.cell.not_number", "cell")
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
SYMBOL_NEEDS_PERSON = _code("bmd.symbol.needs_person", "symbol", "span")
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
FILE_EMPTY = _code("bmd.file.empty")
HEADER_UNDECODABLE = _code("bmd.header.undecodable", "reason")
HEADER_SEPARATOR = _code("bmd.header.separator", "separator")
SEPARATOR_TABS = _code("bmd.separator.tabs")
HEADER_NO_KIND = _code("bmd.header.no_kind", "start")
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
CLEARING_COLUMN_MISSPELT = _code("clearing.column.misspelt", "caption", "meant", "list_kind")
CLEARING_COLUMN_MISSING = _code("clearing.column.missing", "column", "list_kind")
CLEARING_COLUMN_MISSING_GUESS = _code("clearing.column.missing_guess", "column", "list_kind", "guess")
CLEARING_LIST_CLEARINGS = _code("clearing.list.clearings")
CLEARING_LIST_OPENITEMS = _code("clearing.list.openitems")
CLEARING_WRONG_KIND = _code("clearing.file.wrong_kind", "kind")
CLEARING_NO_MANDANT = _code("clearing.file.no_mandant")
MANIFEST_ROWS = _code("ingest.manifest.rows", "declared", "found")
MANIFEST_KIND = _code("ingest.manifest.kind", "declared", "found")
INGEST_INVALID_DATA = _code("ingest.invalid_data")
INGEST_MANIFEST_MISMATCH = _code("ingest.manifest_mismatch")
INGEST_NO_FILES = _code("ingest.no_files")
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
CFG_CHOICE = _code("config.choice", "value", "allowed")
CFG_SECTION = _code("config.section")
CFG_EVERY_REQUIRED = _code("config.schedule.every_required")
CFG_DAY_REQUIRED = _code("config.schedule.day_required")
CFG_INTERVAL = _code("config.schedule.interval", "value")
CFG_WEEKDAY = _code("config.schedule.weekday", "value")
CFG_SCHEDULE_MISSING = _code("config.schedule.missing")
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
LEGACY_TEXT = _code("legacy.text", "text")
