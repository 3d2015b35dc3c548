"""Helpers the pages 2–5 share: problems of a refused input as form messages, file downloads."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from starlette.responses import Response

from syncsystem.errors import Problem

__all__ = ["download", "field_errors", "problem_lines"]


def field_errors(problems: Iterable[Problem]) -> dict[str, str]:
    """One German message per form field (several problems of one field are joined)."""
    errors: dict[str, str] = {}
    for problem in problems:
        text = problem.message
        errors[problem.field] = f"{errors[problem.field]}; {text}" if problem.field in errors else text
    return errors


def problem_lines(problems: Iterable[Problem]) -> list[str]:
    """``datei:zeile:feld: Meldung`` per problem, the file named without its folder."""
    lines = []
    for p in problems:
        where = ":".join(part for part in (Path(p.file).name, str(p.line) if p.line else "", p.field) if part)
        lines.append(f"{where}: {p.message}")
    return lines


def download(path: Path) -> Response:
    """``path`` as an attachment (CSV files as text in their own encoding, untouched)."""
    media = "text/csv" if path.suffix.lower() == ".csv" else "application/json"
    return Response(path.read_bytes(), media_type=media,
                    headers={"content-disposition": f'attachment; filename="{path.name}"'})
