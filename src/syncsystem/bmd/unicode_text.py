"""UTF-16 input (Excel "Unicode-Text"): recognised by its byte-order mark or ``--encoding utf-16``.

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


def is_utf16(data: bytes, encoding: str | None) -> bool:
    """Whether to read ``data`` as UTF-16: the encoding says so, or none is given and a BOM does."""
    if encoding is not None:
        return codecs.lookup(encoding).name.startswith("utf-16")
    return data.startswith(_BOMS)


def _cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if ";" in text or '"' in text else text


def to_utf8(data: bytes, encoding: str | None, label: str) -> bytes | Problem:
    """The file as UTF-8 ``;`` text, or the problem that it is not valid UTF-16."""
    codec = codecs.lookup(encoding).name if encoding else "utf-16"
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
