"""UTF-16 input (Excel "Unicode-Text"): recognised by its byte-order mark, ``--encoding utf-16``, or
without a mark by its first characters (`bomless`).

Excel saves "Unicode-Text (*.txt)" as UTF-16 little-endian with a BOM and **tab-separated** cells
(quoted like its CSV: ``"`` around a cell holding a tab, ``;`` is nothing special there), so a BMD
file someone opened and re-saved in Excel arrives in that shape. :func:`to_utf8` decodes it and, when
the header line is tab-separated and holds no ``;``, rewrites each line as ``;`` cells with RFC 4180
quoting where a cell holds ``;`` or ``"`` — line by line, so physical line numbers stay those of the
file. Everything after that is an ordinary UTF-8 BMD file. A ``;``-separated UTF-16 file is only
decoded.
"""

from __future__ import annotations

import codecs
import csv

from syncsystem.errors import Problem
from syncsystem.messages import codes as mc

__all__ = ["is_utf16", "to_utf8"]

_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
NTCS_CONSTID = "NTCS_CONSTID_INFO%"
_PROBE = 64
"""Bytes `bomless` looks at: 32 characters, all of a BMD or clearing header line's first ones ASCII."""


def bomless(data: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` for UTF-16 without a byte-order mark (some Windows tools save so), else
    ``None``. A header line begins in ASCII, so in UTF-16 every other byte of it is NUL — which no
    Windows-1252 or UTF-8 text holds. Without this such a file read as single bytes with a CR inside
    its first line and was refused as "old Mac line ends", naming the wrong cause."""
    head = data[: min(_PROBE, len(data)) & ~1]
    if len(head) < 4:  # two characters at least
        return None
    even, odd = head[0::2], head[1::2]
    if not odd.strip(b"\0") and b"\0" not in even:
        return "utf-16-le"
    if not even.strip(b"\0") and b"\0" not in odd:
        return "utf-16-be"
    return None


def is_utf16(data: bytes, encoding: str | None) -> bool:
    """Whether to read ``data`` as UTF-16: the encoding says so, or none is given and a BOM or the
    first characters (`bomless`) do."""
    if encoding is not None:
        return codecs.lookup(encoding).name.startswith("utf-16")
    return data.startswith(_BOMS) or bomless(data) is not None


def _cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if ";" in text or '"' in text else text


def to_utf8(data: bytes, encoding: str | None, label: str) -> bytes | Problem:
    """The file as UTF-8 ``;`` text, or the problem that it is not valid UTF-16."""
    codec = codecs.lookup(encoding).name if encoding else "utf-16"
    if not encoding and not data.startswith(_BOMS):
        codec = bomless(data) or codec
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        at = data[: exc.start].decode(codec, errors="replace").count("\n") + 1
        bad = data[exc.start : exc.end].hex(" ")
        return Problem.of(label, at, "", mc.TEXT_INVALID_BYTES(data=bad, codec=codec))
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    header = next((ln for ln in lines if ln.strip() and not ln.startswith(NTCS_CONSTID)), "")
    if "\t" in header and ";" not in header:
        out: list[str] = []
        for line in lines:
            body = line.rstrip("\r")
            if "\t" in body:
                cells: list[str] = next(csv.reader([body], dialect="excel-tab"), [])
                body = ";".join(map(_cell, cells))
            out.append(body + line[len(line.rstrip("\r")) :])
        text = "\n".join(out)
    return text.encode("utf-8")
