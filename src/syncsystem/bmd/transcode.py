"""File bytes → UTF-8 for polars, exactly as Python's codec would decode them, at C speed.

polars reads UTF-8 only, and BMD files are Windows-1252 by default. Decoding a 100 MB file with the
``cp1252`` codec and encoding it again is the largest single cost of a columnar read, so the common
case takes a faster exact route: the codec's Latin-1 path plus a fix-up of the few bytes where the two
code pages differ. Files the columnar reader cannot take verbatim — control characters that polars
and ``str.strip()`` treat differently, bytes the encoding does not define — raise
:class:`UntranscodableError`; the caller then uses the row reader, which reports them exactly.
"""

from __future__ import annotations

import re

__all__ = ["UntranscodableError", "odd_bytes", "to_utf8"]


class UntranscodableError(Exception):
    """Only the row reader reads (and reports) these bytes exactly."""


_ORDINARY = bytes(range(0x20, 0x7F)) + b"\t\r\n"
_C1 = bytes(range(0x80, 0xA0))
_SPACE = re.compile(r"\s")


def odd_bytes(data: bytes) -> bytes:
    """The bytes of ``data`` that are neither printable ASCII nor tab/CR/LF, in order (usually few).

    One C-speed pass shared by encoding detection and :func:`to_utf8`, which both only look at these.
    """
    return data.translate(None, _ORDINARY)


def to_utf8(data: bytes, encoding: str, odd: bytes | None = None) -> tuple[bytes, bool]:
    """The file as UTF-8 for polars, exactly as ``data.decode(encoding)`` would read it.

    ``odd``: :func:`odd_bytes` of ``data`` if the caller has it already. Also tells whether the
    file holds a non-ASCII whitespace character (from its few odd bytes, not another pass).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data, odd = data[3:], None if odd is None else odd[3:]
    stripped = data.rstrip(b"\x1a")
    if stripped is not data:
        data, odd = stripped, None
    if odd is None:
        odd = odd_bytes(data)
    if odd.translate(None, _HIGH):
        # Control characters: polars and str.strip() disagree on some, and \x1f splits our lines.
        raise UntranscodableError
    utf8 = encoding in ("utf-8", "utf-8-sig")
    try:
        # Complete sequences stay contiguous in ``odd``, so it decodes whenever the file does.
        unicode_space = _SPACE.search(odd.decode("utf-8" if utf8 else encoding)) is not None
        if not odd:  # printable ASCII, tab, CR and LF only: already UTF-8, no pass over the file
            return data, unicode_space
        if utf8:
            data.decode("utf-8")
            return data, unicode_space
        if encoding == "cp1252":
            return _cp1252_to_utf8(data, odd), unicode_space
        return data.decode(encoding).encode("utf-8"), unicode_space
    except UnicodeDecodeError as exc:
        raise UntranscodableError from exc


def _cp1252_to_utf8(data: bytes, high: bytes) -> bytes:
    """Windows-1252 → UTF-8 via the codec's fast Latin-1 path, then fix the few 0x80–0x9F bytes.

    Windows-1252 and Latin-1 differ only in 0x80–0x9F. Latin-1 turns such a byte into U+0080–U+009F,
    which UTF-8 writes as ``C2 80``–``C2 9F`` — a pair no other Latin-1 character produces — so each
    can be replaced by the Windows-1252 character afterwards (undefined bytes raise as the codec does).
    """
    utf8 = data.decode("latin-1").encode("utf-8")
    for byte in set(high.translate(None, _C1_COMPLEMENT)):
        char = bytes([byte]).decode("cp1252")  # raises UnicodeDecodeError for 0x81, 0x8D, …
        utf8 = utf8.replace(chr(byte).encode("utf-8"), char.encode("utf-8"))
    return utf8


_HIGH = bytes(range(0x80, 0x100))
_C1_COMPLEMENT = bytes(b for b in range(0x100) if b not in _C1)
