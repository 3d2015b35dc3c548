"""The one exception tree of syncsystem, and data problems as values.

Three kinds of error live here (see docs/architecture.md):

* **Data problems** are not exceptions: a :class:`Problem` names ``file:line:field`` and what is
  wrong as a message code and its values (:mod:`syncsystem.messages`); its words come from the
  German or English catalogue when it is shown. Readers and validators collect every problem of a
  run and return them beside the records.
  :class:`DataError` wraps a batch of them where a caller asked for strict behaviour.
* **Operational errors** derive from :class:`SyncsystemError`. Each subsystem raises its own subclass
  and translates third-party exceptions at its boundary with ``raise ... from exc``.
* **Wire errors** are mapped to HTTP responses in one place, the datacenter's exception handlers.

Every error carries the process exit code the CLI uses for it: 1 when the work found problems,
2 for usage or environment errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from syncsystem.messages import PARAMS, Message, Value, render, values_from_json, values_json
from syncsystem.messages.codes import CFG_REFUSED, CODES, DATA_MORE, DATA_PROBLEMS, LEGACY_TEXT

__all__ = [
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "BundleError",
    "ConfigError",
    "DataError",
    "DeliveryError",
    "ExportError",
    "Problem",
    "RemoteError",
    "SettingsError",
    "StoreError",
    "SyncsystemError",
    "UsageError",
]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with one piece of input, located as precisely as the input allows.

    ``line`` is 1-based and counts physical lines of the file (the header is line 1); 0 means the
    problem concerns the whole file. ``field`` is the column name as the file spells it, or ``""``.
    ``code`` is a declared message code (:data:`syncsystem.messages.codes.CODES`) and ``values``
    its placeholders' values, given by name and kept as a flat tuple in the code's placeholder order
    (small and hashable: a bulk read can hold a million problems); ``message`` (and ``str()``)
    renders them in the current language.
    """

    file: str
    line: int
    field: str
    code: str
    values: tuple[Value, ...] | Mapping[str, Value] = ()

    def __post_init__(self) -> None:
        code = CODES.get(self.code)
        if code is None:
            raise ValueError(f"undeclared message code {self.code!r} (see syncsystem.messages.codes)")
        if not isinstance(self.values, tuple):  # given by name: checked and put in placeholder order
            object.__setattr__(self, "values", code(**self.values).values)

    @classmethod
    def of(cls, file: str, line: int, field: str, message: Message) -> Problem:
        """The problem at ``file:line:field`` that ``message`` (a code with values) describes."""
        return cls(file, line, field, message.code, message.values)

    @classmethod
    def text(cls, file: str, line: int, field: str, text: str) -> Problem:
        """A problem whose message is not catalogued yet: shown as ``text`` in every language."""
        return cls(file, line, field, LEGACY_TEXT.name, (text,))

    @property
    def value_map(self) -> dict[str, Value]:
        """The values by placeholder name."""
        return dict(zip(PARAMS[self.code], self.values, strict=True))

    @property
    def message(self) -> str:
        return render(self.code, self.value_map)

    def text_in(self, lang: str) -> str:
        """The message in ``lang`` (``"de"`` or ``"en"``)."""
        return render(self.code, self.value_map, lang)

    @property
    def where(self) -> str:
        """``file:line:field`` (line and field left out where they are 0 and empty)."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}:{self.field}" if self.field else where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "code": self.code,
            "values": values_json(self.value_map),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Problem:
        """The inverse of `as_dict` (its ``message`` not needed); a code this version does not know,
        or other values than its placeholders, is a `ValueError` or `TypeError`."""
        values = values_from_json(data.get("values", {}))
        return cls(str(data["file"]), int(data["line"]), str(data["field"]), str(data["code"]), values)


class SyncsystemError(Exception):
    """Base of every operational error syncsystem raises on purpose.

    Raised with a message (``raise BmdFileError(mc.BMD_CANNOT_READ(...))``) the error is worded in
    the language chosen when it is shown; a plain string is shown as written.
    """

    exit_code: int = EXIT_PROBLEMS

    @property
    def message(self) -> Message | None:
        """The message code and values the error was raised with, if any."""
        first = self.args[0] if self.args else None
        return first if isinstance(first, Message) else None


class UsageError(SyncsystemError):
    """The command line or a call was used wrongly (bad option, missing argument)."""

    exit_code = EXIT_USAGE


class ConfigError(SyncsystemError):
    """A configuration value is missing or invalid; the message names the setting."""

    exit_code = EXIT_USAGE


class SettingsError(ConfigError):
    """A settings file was refused; ``problems`` names every bad field as ``file:section.field``."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(*self.problems)

    def __str__(self) -> str:  # rendered when shown, in the language chosen by then
        return "\n".join([str(CFG_REFUSED()), *(f"  {p}" for p in self.problems)])


class DataError(SyncsystemError):
    """Input was refused as a whole because of the data problems it carries."""

    def __init__(
        self, problems: Iterable[Problem], summary: str | Message = "", *, total: int | None = None
    ) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        # how many problems there are: ``problems`` may hold only the first (a file read in chunks)
        self.total = len(self.problems) if total is None else total
        self.summary = summary or DATA_PROBLEMS(count=self.total)
        super().__init__(self.problems, self.summary)  # the arguments again: copy and pickle rebuild it

    def __str__(self) -> str:  # rendered when shown, in the language chosen by then
        shown = "\n".join(str(p) for p in self.problems[:20])
        more = f"\n{DATA_MORE(count=self.total - 20)}" if self.total > 20 else ""
        return f"{self.summary}\n{shown}{more}" if shown else str(self.summary)


class ExportError(SyncsystemError):
    """BMD's export interface failed (licence, lock, password, crash, unreachable)."""


class BundleError(SyncsystemError):
    """A bundle could not be built, or was refused: tampered, truncated, wrong key, too large."""


class RemoteError(SyncsystemError):
    """A remote service answered with an error or could not be reached.

    ``retryable`` tells the caller whether trying again later can help (network, 5xx, 429) or not
    (401, a refusal of the content). ``retry_after`` is the server's hint in seconds, if any;
    ``detail`` the server's own reason as codes where its answer carried them (a refusal's code,
    values and problems), to pass on in any language.
    """

    def __init__(
        self,
        message: str | Message,
        *,
        retryable: bool,
        status: int | None = None,
        retry_after: float | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after
        self.detail = detail


class StoreError(SyncsystemError):
    """The database could not be opened, migrated or written."""


class DeliveryError(SyncsystemError):
    """A scheduled delivery to a folder or (S)FTP server, or a mail, failed."""
