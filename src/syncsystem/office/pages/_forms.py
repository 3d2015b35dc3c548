"""Helpers the pages 2–5 share: problems of a refused input as form messages, file downloads.

The pages speak German whatever the server's locale: messages are rendered in `web.PAGE`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from starlette.responses import Response

from syncsystem.errors import DataError, Problem, SyncsystemError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.office.web import PAGE

__all__ = ["download", "field_errors", "german", "problem_lines"]


def german(error: SyncsystemError | Message) -> str:
    """An error (or message) in German: its summary line; a plain-text error as written."""
    if isinstance(error, Message):
        return error.text(PAGE)
    if isinstance(error, DataError):
        summary = error.summary
        return summary.text(PAGE) if isinstance(summary, Message) else str(summary)
    return error.message.text(PAGE) if error.message is not None else str(error)


def field_errors(problems: Iterable[Problem]) -> dict[str, str]:
    """One German message per form field (several problems of one field are joined)."""
    errors: dict[str, str] = {}
    for problem in problems:
        text = problem.text_in(PAGE)
        errors[problem.field] = f"{errors[problem.field]}; {text}" if problem.field in errors else text
    return errors


SHOWN = 50
"""Problems a page lists at most; the rest are counted (a broken million-row file stays readable)."""


def problem_lines(problems: Iterable[Problem]) -> list[str]:
    """``datei:zeile:feld: Meldung`` per problem (the first `SHOWN`), the file named without its folder."""
    problems = list(problems)
    lines = []
    if len(problems) > SHOWN:
        more = len(problems) - SHOWN
        said = (mc.OFFICE_MORE_PROBLEM if more == 1 else mc.OFFICE_MORE_PROBLEMS)(count=more)
        return [*problem_lines(problems[:SHOWN]), said.text(PAGE)]
    for p in problems:
        where = ":".join(part for part in (Path(p.file).name, str(p.line) if p.line else "", p.field) if part)
        lines.append(f"{where}: {p.text_in(PAGE)}")
    return lines


def download(path: Path) -> Response:
    """``path`` as an attachment (CSV files as text in their own encoding, untouched)."""
    media = "text/csv" if path.suffix.lower() == ".csv" else "application/json"
    return Response(
        path.read_bytes(),
        media_type=media,
        headers={"content-disposition": f'attachment; filename="{path.name}"'},
    )
