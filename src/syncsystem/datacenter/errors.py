"""The datacenter's operational errors; `syncsystem.datacenter.app` maps each to one HTTP status.

Handlers and the store raise these; nothing else in the datacenter builds error responses. A
record of another office is *not found* (404), never *forbidden*, so a caller learns nothing about
other offices.
"""

from __future__ import annotations

from collections.abc import Iterable

from syncsystem.errors import Problem, SyncsystemError
from syncsystem.messages import Message, language
from syncsystem.messages import codes as mc

__all__ = [
    "AuthError",
    "ConflictError",
    "DatacenterError",
    "ForbiddenError",
    "NotFoundError",
    "RefusedError",
    "TooLargeError",
]


class DatacenterError(SyncsystemError):
    """Base of the errors a datacenter request can end with."""

    status = 500


class AuthError(DatacenterError):
    """No, an unknown, a revoked or an expired token (401)."""

    status = 401


class ForbiddenError(DatacenterError):
    """The caller is known, but their role does not allow this (403; see `datacenter.roles`)."""

    status = 403


class NotFoundError(DatacenterError):
    """No such record in the caller's office (404) — also when it exists in another office."""

    status = 404


class ConflictError(DatacenterError):
    """The request contradicts the stored state: same bundle id with other content, wrong state (409)."""

    status = 409


class TooLargeError(DatacenterError):
    """The body, its decompressed contents or its rows exceed the configured limit (413);
    ``rows`` tells a row limit from a size limit (the advisor page words them differently)."""

    status = 413

    def __init__(self, message: str | Message, *, rows: bool = False) -> None:
        super().__init__(message)
        self.rows = rows


class RefusedError(DatacenterError):
    """The content was understood and refused; nothing was stored (422). Carries data problems."""

    status = 422

    def __init__(self, reason: Message, problems: Iterable[Problem] = ()) -> None:
        self.problems = tuple(problems)
        self.reason = reason
        super().__init__(reason)

    def text(self, lang: str | None = None) -> str:
        """The reason and the first problems in ``lang`` (default: the language in use)."""
        lang = lang or language()
        shown = "; ".join(f"{p.where}: {p.text_in(lang)}" for p in self.problems[:20])
        left = len(self.problems) - 20
        more = f" {mc.REFUSAL_MORE(count=left).text(lang)}" if left > 0 else ""
        head = self.reason.text(lang)
        return f"{head}: {shown}{more}" if shown else head

    def __str__(self) -> str:  # worded when shown, in the language chosen by then
        return self.text()
