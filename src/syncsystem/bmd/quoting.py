"""RFC 4180 quoting of BMD cells, and the formula-injection escape of the texts syncsystem writes.

Reading: a cell that begins with ``"`` (after padding) runs to the next lone ``"``, so it may hold
``;``, and ``""`` inside it is one ``"`` (RFC 4180 §2.5–2.7); a cell that is not well-formed quoting
is taken verbatim. Writing: a text holding ``;`` or ``"`` is quoted. A text a spreadsheet would run
as a formula — beginning with ``=``, ``+``, ``-`` or ``@`` — is written ``"'=…"``: the leading
apostrophe makes Excel and LibreOffice show it as text (OWASP "CSV Injection",
https://owasp.org/www-community/attacks/CSV_Injection; quotes alone do not stop it). Texts of
digits, spaces and ``+-/().,`` only (phone numbers such as ``+43 1 234``) can call no function and
no DDE and are written as they are. Reading drops exactly one apostrophe from such a quoted cell,
so every text syncsystem writes reads back unchanged; unquoted cells of other writers are verbatim.
"""

from __future__ import annotations

import re

__all__ = ["SEPARATOR", "clean_cell", "quote_text", "split_cells"]

SEPARATOR = ";"

# A quoted cell: optional padding, "…" with "" as an escaped quote, optional padding after it.
_QUOTED_CELL = re.compile(r'[ \t]*"(?:[^"]|"")*"[ \t]*')
# Text a spreadsheet would run as a formula (OWASP "CSV Injection"): written as ``"'=…"``. Leading
# apostrophes already there get one more, so reading drops exactly one and every text round-trips.
_FORMULA = re.compile(r"'*[=+\-@]")
# ... except text that cannot call anything: digits, spaces and ``+-/().,`` only (phone numbers
# ``+43 1 234``, ``-5``); no function name, no DDE ``|``, no cell reference can appear in it.
_HARMLESS = re.compile(r"[+\-]?[\d\s+\-/().,]*")


def split_cells(line: str) -> list[str]:
    """The raw cells of a line: split at ``;`` outside RFC 4180 quoted cells (quotes kept)."""
    if '"' not in line:
        return line.split(SEPARATOR)
    cells: list[str] = []
    start, end = 0, len(line)
    while True:
        match = _QUOTED_CELL.match(line, start)
        if match is not None and (match.end() == end or line[match.end()] == SEPARATOR):
            cells.append(line[start : match.end()])
            if match.end() == end:
                return cells
            start = match.end() + 1
            continue
        # Not a well-formed quoted cell: taken verbatim up to the next separator.
        nxt = line.find(SEPARATOR, start)
        if nxt < 0:
            cells.append(line[start:])
            return cells
        cells.append(line[start:nxt])
        start = nxt + 1


def clean_cell(cell: str) -> str:
    """Strip padding; unquote an RFC 4180 quoted cell (``""`` → ``"``, our formula escape undone)."""
    cell = cell.strip()
    if len(cell) >= 2 and cell[0] == '"' and cell[-1] == '"':
        inner = cell[1:-1]
        if '"' in inner:
            if _QUOTED_CELL.fullmatch(cell) is None:
                return cell  # a lone quote inside: not RFC 4180 quoting, keep the text as it is
            inner = inner.replace('""', '"')
        if inner[:1] == "'" and _FORMULA.match(inner, 1) and _HARMLESS.fullmatch(inner, 1) is None:
            return inner[1:]
        return inner.strip()
    return cell


def quote_text(text: str) -> str:
    """A text cell as written: RFC 4180 quoted when it holds ``;`` or ``"``, formula-escaped.

    A text beginning with ``=``, ``+``, ``-`` or ``@`` (after any apostrophes) gets a leading ``'``
    inside quotes, the OWASP "CSV Injection" defence (https://owasp.org/www-community/attacks/CSV_Injection):
    Excel and LibreOffice show the cell as text instead of evaluating it (quotes alone do not stop
    that). Texts of digits, spaces and ``+-/().,`` only (phone numbers) cannot call anything and are
    left alone. :func:`clean_cell` drops the apostrophe again, so syncsystem reads back the original.
    """
    formula = _FORMULA.match(text) is not None and _HARMLESS.fullmatch(text) is None
    if formula:
        text = "'" + text
    if formula or SEPARATOR in text or '"' in text:
        return '"' + text.replace('"', '""') + '"'
    return text
