"""Every file a run is about to send is read back with `syncsystem.bmd` first, whatever its source.

A folder's closed files, a closed set of `syncsystem.interfaces` and the files a transaction source
builds are all checked the same way, after they are built and before any connection is opened:
one problem in one file stops the whole run (nothing of it is delivered, the run's documents stay
reserved for the retry) and every problem is named ``file:line:field``, so the failure mail tells
the office exactly what to correct.
"""

from __future__ import annotations

from collections.abc import Sequence

from syncsystem import bmd
from syncsystem.errors import DataError, Problem
from syncsystem.messages import codes as mc
from syncsystem.transfer.source import SourceProblemsError

__all__ = ["InvalidFilesError", "file_problems", "validate_files"]


class InvalidFilesError(SourceProblemsError):
    """A file of the run is not a valid BMD import file; nothing of the run was delivered."""

    step = "Prüfen"

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(mc.TX_FILES_FAULTY(count=len(problems)), problems)


def file_problems(name: str, data: bytes) -> list[Problem]:
    """The problems `syncsystem.bmd` finds in one file (read and validated)."""
    try:
        result = bmd.read(data, name=name)
    except DataError as exc:
        return list(exc.problems)
    except bmd.BmdFileError as exc:
        return [Problem.of(name, 0, "", exc.message) if exc.message else Problem.text(name, 0, "", str(exc))]
    return list(result.problems)


def validate_files(files: Sequence[tuple[str, bytes]]) -> None:
    """Raise `InvalidFilesError` naming every problem of every file; return when all are valid."""
    problems = [p for name, data in files for p in file_problems(name, data)]
    if problems:
        raise InvalidFilesError(problems)
