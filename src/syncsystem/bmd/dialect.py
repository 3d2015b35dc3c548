"""The BMD CSV dialect: encodings, lines, cells, and the scalar cell converters.

Reading is lenient where BMD files vary and strict where a value could be misread:

* **Encoding detection** (when the caller gives none): a UTF-8 BOM means UTF-8; bytes that decode
  as strict UTF-8 are UTF-8 (pure ASCII is reported as ``cp1252``, the default it is a subset of);
  bytes that hold valid UTF-8 multi-byte sequences *and* invalid ones are UTF-8 with broken lines
  (each broken line becomes a problem); otherwise the file is a single-byte code page: DOS CP850
  (BMD 5.5) when its German-letter bytes (``0x81 ü``, ``0x84 ä``, ``0x94 ö``, ``0xE1 ß`` …) outnumber
  the Windows-1252 ones (``0xFC ü``, ``0xE4 ä``, ``0xDF ß`` …) or the file holds bytes Windows-1252
  leaves undefined, else Windows-1252.
* **Lines**: CRLF or LF, a DOS end-of-file ``0x1A`` is dropped, blank lines are skipped, and so are
  lines of only separators and ASCII spaces (``;;;;;;;``: what Excel writes for a formatted empty
  row; they carry no data, docs/buchhaltung.md "Leere Zeilen"); a file whose lines end in CR only
  (the old Mac format) is refused by name at its header.
* **Cells**: ``;`` separated, an optional trailing ``;``, padding spaces stripped. Quoting follows
  RFC 4180: a cell that begins with ``"`` (after padding) runs to the next lone ``"``, so it may hold
  ``;``; ``""`` inside it is one ``"``. A quoted cell whose text starts with ``'`` followed by ``=``,
  ``+``, ``-``, ``@``, tab or CR is syncsystem's own formula-injection escape (see
  :func:`format_cell`); the apostrophe is dropped on read. Unquoted cells are taken verbatim.
* **Values**: decimal comma, optional sign and zero padding (`` 000000019,20``, ``-000000003,20``);
  dates ``TT.MM.JJJJ``, ``JJJJMMTT``, ``JJMMTT`` (years 00–79 are 20xx, 80–99 are 19xx) and the OP
  list's ``JJ/MM/TT``; whole numbers are digits only.

The grammars are regular expressions defined once here and used by both the row reader and the
columnar reader, so both accept exactly the same cells. Converters return ``(value, None)`` or
``(None, message)``: data problems are values, never exceptions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import lru_cache

from syncsystem.bmd.quoting import clean_cell, quote_text, split_cells
from syncsystem.bmd.records import Buchcode
from syncsystem.messages import Message
from syncsystem.messages import codes as mc

__all__ = [
    "CP850_LETTERS",
    "CP1252_LETTERS",
    "DATE_DMY",
    "DATE_SLASH",
    "DATE_YMD",
    "DATE_YYMMDD",
    "INT_RE",
    "NUMBER_RE",
    "SAMPLE_BYTES",
    "CellType",
    "Converted",
    "clean_cell",
    "convert",
    "converter",
    "decode_lines",
    "detect_encoding",
    "encoding_by_bytes",
    "format_cell",
    "high_bytes",
    "normalise_caption",
    "quote_text",
    "split_cells",
    "yy_to_year",
]

MAX_INT_DIGITS = 13  # num 15,2 in NTCS: 13 integer digits

NUMBER_RE = re.compile(r"^([+-]?)\s*(\d+)(?:,(\d+))?$")
INT_RE = re.compile(r"^\d{1,10}$")
DATE_DMY = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
DATE_YMD = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
DATE_YYMMDD = re.compile(r"^(\d{2})(\d{2})(\d{2})$")
DATE_SLASH = re.compile(r"^(\d{2})/(\d{2})/(\d{2})$")
_DOT_NUMBER_RE = re.compile(r"^[+-]?\s*\d+\.\d+$")
# Groups of three digits after points, then a decimal comma or a second point group: a thousands
# separator (eitea Connect wrote `1.250,00` until its "csv decimal fix"; docs/buchhaltung.md). A lone
# `1.250` stays a decimal point: it may be 1,25 as much as 1250.
_THOUSANDS_RE = re.compile(r"^[+-]?\s*\d{1,3}(?:\.\d{3})+(?:,\d+)?$")

# German letters: their byte in each single-byte code page (ä ö ü Ä Ö Ü ß).
CP850_LETTERS = frozenset(b"\x84\x94\x81\x8e\x99\x9a\xe1")
CP1252_LETTERS = frozenset(b"\xe4\xf6\xfc\xc4\xd6\xdc\xdf\x80")
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_CP850_BYTES, _CP1252_BYTES, _UNDEFINED_BYTES = (
    bytes(sorted(s)) for s in (CP850_LETTERS, CP1252_LETTERS, _CP1252_UNDEFINED)
)
_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_ASCII = bytes(range(0x80))
_SAMPLE = SAMPLE_BYTES = 1 << 20  # the encoding statistics look at the start of a file


class CellType(Enum):
    """How a cell is read and written."""

    TEXT = "text"
    INT = "int"  # small whole numbers: satzart, steuercode, zziel, periode, journalnr
    ACCOUNT = "account"  # account numbers (5.5 zero padding is dropped)
    MONEY = "money"  # Decimal, at most 2 decimals
    RATE = "rate"  # Decimal, at most 3 decimals (prozent is num 3,3)
    DATE = "date"
    BUCHCODE = "buchcode"


Converted = tuple[object, Message | None]


def detect_encoding(data: bytes, odd: bytes | None = None) -> str:
    """Guess the encoding of BMD file bytes (see the module docstring for the rules).

    ``odd``: the file's bytes outside printable ASCII (``transcode.odd_bytes``) if the caller has
    them already; the non-ASCII ones are taken from there instead of another pass over the file.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.isascii():
        return "cp1252"
    # A failed decode copies the whole input into the exception (~50 ms for 100 MB), so first ask
    # the non-ASCII bytes alone: UTF-8 sequences consist of them only, so if they do not decode,
    # the file does not either.
    high = high_bytes(data if odd is None else odd)
    try:
        high.decode("utf-8")
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    sample = data[:_SAMPLE]  # the UTF-8 statistics need no more than a sample
    return encoding_by_bytes(sample, high if len(sample) == len(data) else high_bytes(sample), high)


def encoding_by_bytes(sample: bytes, sample_high: bytes, high: bytes) -> str:
    """The last step of :func:`detect_encoding`, for a file that is neither ASCII nor UTF-8 as a
    whole: ``sample`` its first MiB, ``sample_high`` and ``high`` the non-ASCII bytes of the sample
    and of the whole file (a file read in chunks gathers those chunk by chunk)."""
    # A UTF-8 sequence is a run of adjacent non-ASCII bytes, so it also appears in the sample's
    # non-ASCII bytes joined up; when none does there, scanning the whole sample (slow) finds none.
    multibyte = len(_UTF8_SEQ.findall(sample)) if _UTF8_SEQ.search(sample_high) else 0
    non_ascii = len(sample_high)
    if multibyte and multibyte * 2 >= non_ascii - multibyte:
        return "utf-8"
    # One C-speed pass (bytes.translate) keeps only the non-ASCII bytes, typically a few per cent of
    # the file; the questions are then asked of that remainder, not of 100 MB three times.
    cp850 = len(high) - len(high.translate(None, _CP850_BYTES))
    cp1252 = len(high) - len(high.translate(None, _CP1252_BYTES))
    if cp850 > cp1252 or len(high.translate(None, _UNDEFINED_BYTES)) != len(high):
        return "cp850"
    return "cp1252"


def high_bytes(data: bytes) -> bytes:
    """The bytes of ``data`` outside ASCII, in order (one C-speed pass)."""
    return data.translate(None, _ASCII)


def decode_lines(data: bytes, encoding: str) -> list[tuple[int, str | bytes]]:
    """Split ``data`` into ``(physical line number, text)``; undecodable lines stay ``bytes``.

    Blank lines and lines of only separators are dropped (they carry nothing); the numbering still
    counts them.
    """
    if encoding == "utf-8-sig" and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        encoding = "utf-8"
    data = data.rstrip(b"\x1a")
    if encoding in _LINE_SAFE:
        try:  # ASCII bytes are the same characters in every line-safe codec: the fast decoder
            text = data.decode("ascii" if data.isascii() else encoding)
        except UnicodeDecodeError:
            pass  # some line is undecodable: find which, line by line
        else:
            # These codecs map the bytes of ASCII whitespace and nothing else to those characters,
            # so the decoded lines and their blankness are exactly those of the byte lines.
            return [
                (number, line.rstrip("\r"))
                for number, line in enumerate(text.split("\n"), start=1)
                if line.strip(_BLANK)
            ]
    out: list[tuple[int, str | bytes]] = []
    for number, chunk in enumerate(data.split(b"\n"), start=1):
        raw = chunk.rstrip(b"\r")
        if not raw.strip(_BLANK_BYTES):
            continue
        try:
            out.append((number, raw.decode(encoding)))
        except UnicodeDecodeError:
            out.append((number, raw))
    return out


# Stateless codecs in which byte 0x0A is the only "\n" and ASCII whitespace bytes are the only
# ASCII whitespace characters: decoding the whole file and splitting it gives the same lines.
_LINE_SAFE = frozenset({"utf-8", "cp1252", "cp850", "iso8859-1", "iso8859-15", "ascii"})
_ASCII_SPACE = " \t\n\r\x0b\x0c"  # what bytes.strip() strips
# A line of only these is no record: blank, or an empty spreadsheet row (``;;;;;;;``, Excel's).
_BLANK = _ASCII_SPACE + ";"
_BLANK_BYTES = _BLANK.encode("ascii")
# The same lines for whole-file searches: polars (a line, anchored) and Python (after a newline; the
# first class lacks ';' so the search stays linear on lines that begin with empty cells).
SEPARATORS_ONLY = r"^[ \t\r\x0b\x0c;]*$"
SEPARATOR_LINE = re.compile(r"\n[ \t\r\x0b\x0c]*;[ \t\r\x0b\x0c;]*(?=\n|\Z)")


def undecodable_cell(raw: bytes, encoding: str) -> tuple[int, Message]:
    """For a line that failed to decode: index of the first bad cell and a message naming the bytes."""
    try:
        raw.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.end]
        index = raw[: exc.start].count(b";")
        return index, mc.CELL_UNDECODABLE(data=bad.hex(" "), encoding=encoding)
    return 0, mc.LINE_UNDECODABLE()  # pragma: no cover - only called after a failure


@lru_cache(maxsize=1024)  # a handful of distinct captions, looked up for every file read
def normalise_caption(caption: str) -> str:
    """Header caption → lookup key: case, umlauts, spaces and punctuation do not matter."""
    key = clean_cell(caption).lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        key = key.replace(a, b)
    return re.sub(r"[^0-9a-z%]", "", key)


def yy_to_year(yy: int) -> int:
    """Two-digit year pivot: 00–79 → 2000–2079, 80–99 → 1980–1999 (BMD 5.5 files are from 1980 on)."""
    return 2000 + yy if yy < 80 else 1900 + yy


# ---------------------------------------------------------------- scalar converters (cell → value)


def _number(cell: str, max_decimals: int) -> Converted:
    # The common spelling first, with str methods: [+-]digits[,digits] within the limits. Exactly
    # what NUMBER_RE accepts without spaces (``str.isdecimal`` is ``\d``: Unicode category Nd).
    whole, comma, frac = cell.partition(",")
    sign = whole[:1]
    if sign in {"+", "-"}:
        whole = whole[1:]
    else:
        sign = ""
    if (
        whole.isdecimal()
        and (frac.isdecimal() if comma else True)
        and len(frac) <= max_decimals
        and len(whole.lstrip("0")) <= MAX_INT_DIGITS
    ):
        value = Decimal(f"{sign}{whole}.{frac or '0'}")
        return (value if value else abs(value)), None
    match = NUMBER_RE.match(cell)
    if match is None:
        if _THOUSANDS_RE.match(cell) and ("," in cell or cell.count(".") > 1):
            return None, mc.CELL_THOUSANDS(cell=cell, plain=re.sub(r"[.\s]", "", cell))
        if _DOT_NUMBER_RE.match(cell):
            return None, mc.CELL_DECIMAL_POINT(cell=cell)
        return None, mc.CELL_NOT_NUMBER(cell=cell)
    sign, whole, frac = match.groups()
    if frac is not None and len(frac) > max_decimals:
        return None, mc.CELL_DECIMALS(count=len(frac), most=max_decimals, cell=cell)
    if len(whole.lstrip("0")) > MAX_INT_DIGITS:
        return None, mc.CELL_TOO_LARGE(digits=MAX_INT_DIGITS, cell=cell)
    value = Decimal(f"{sign}{whole}.{frac or '0'}")
    return (value if value else abs(value)), None  # "-0,00" is zero, not Decimal's negative zero


def _money(cell: str) -> Converted:
    return _number(cell, 2)


def _rate(cell: str) -> Converted:
    return _number(cell, 3)


def _int(cell: str) -> Converted:
    # INT_RE as str methods (``\d`` is ``str.isdecimal``; cells are stripped, so no "\n" before ``$``).
    if len(cell) > 10 or not cell.isdecimal():
        return None, mc.CELL_NOT_WHOLE(cell=cell)
    return int(cell), None


def _date(cell: str) -> Converted:
    for pattern, order in ((DATE_DMY, "dmy"), (DATE_YMD, "ymd"), (DATE_YYMMDD, "ymd"), (DATE_SLASH, "ymd")):
        match = pattern.match(cell)
        if match is None:
            continue
        parts = [int(p) for p in match.groups()]
        day, month, year = parts if order == "dmy" else parts[::-1]
        if pattern in (DATE_YYMMDD, DATE_SLASH):
            year = yy_to_year(year)
        try:
            return date(year, month, day), None
        except ValueError:
            return None, mc.CELL_NO_SUCH_DATE(cell=cell)
    return None, mc.CELL_NOT_DATE(cell=cell)


def _buchcode(cell: str) -> Converted:
    if cell in ("1", "01"):
        return Buchcode.SOLL, None
    if cell in ("2", "02"):
        return Buchcode.HABEN, None
    return None, mc.CELL_BUCHCODE(cell=cell)


def _text(cell: str) -> Converted:
    return cell, None


_CONVERTERS: dict[CellType, Callable[[str], Converted]] = {
    CellType.TEXT: _text,
    CellType.INT: _int,
    CellType.ACCOUNT: _int,
    CellType.MONEY: _money,
    CellType.RATE: _rate,
    CellType.DATE: _date,
    CellType.BUCHCODE: _buchcode,
}


def convert(ctype: CellType, cell: str) -> Converted:
    """Convert one cleaned, non-empty cell; ``(value, None)`` or ``(None, message)``."""
    return _CONVERTERS[ctype](cell)


def converter(ctype: CellType) -> Callable[[str], Converted]:
    """The converter :func:`convert` uses for ``ctype`` (looked up once per column, not per cell)."""
    return _CONVERTERS[ctype]


# ---------------------------------------------------------------- writer side (value → cell)

_FORBIDDEN_IN_TEXT = re.compile(r"[\x00-\x1f\x7f]")


def _format_decimal(value: Decimal, max_decimals: int, fixed: bool) -> str | None:
    if not value.is_finite():
        return None
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -max_decimals and value != round(value, max_decimals):
        return None
    if fixed:
        text = format(value.quantize(Decimal(1).scaleb(-max_decimals)), "f")
    else:
        text = format(value.normalize() if value else Decimal(0), "f")
    return text.replace(".", ",")


def format_cell(ctype: CellType, value: object, date_format: str) -> tuple[str, Message | None]:
    """Render one value as BMD writes it: ``(cell, None)`` or ``("", message)`` if it cannot be."""
    if value is None:
        return "", None
    if ctype is CellType.TEXT:
        return quote_text(_FORBIDDEN_IN_TEXT.sub(" ", str(value)).strip()), None
    if ctype in (CellType.MONEY, CellType.RATE):
        assert isinstance(value, Decimal)
        cell = _format_decimal(value, 2 if ctype is CellType.MONEY else 3, ctype is CellType.MONEY)
        if cell is None:
            return "", mc.WRITE_DECIMALS(value=str(value), ctype=ctype.value)
        return cell, None
    if ctype is CellType.DATE:
        assert isinstance(value, date)
        if date_format == "ymd":
            return f"{value.year:04d}{value.month:02d}{value.day:02d}", None
        return f"{value.day:02d}.{value.month:02d}.{value.year:04d}", None
    if ctype in (CellType.INT, CellType.ACCOUNT, CellType.BUCHCODE):
        number = int(value)  # type: ignore[call-overload]
        if number < 0:
            return "", mc.WRITE_NEGATIVE_WHOLE(number=number)
        return str(number), None
    raise AssertionError(ctype)  # pragma: no cover
