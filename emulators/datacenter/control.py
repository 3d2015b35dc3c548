"""Control plane of the fake datacenter: fault injection and read-only inspection.

Faults are scripted, not random: ``fail_next(3, status=503)`` answers the next three calls with
503; ``offline(until)`` drops every connection until an instant; ``reset_uploads(1,
after_ingest=True)`` takes the next upload in and then drops the connection before the answer (the
agent never sees the acknowledgement — the classic duplicate maker); ``slow(seconds)`` delays each
answer; ``clock_offset`` makes ``server_time`` wrong. TLS errors are a property of the server
(``serve(..., tls="untrusted")``), not of the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

__all__ = ["Faults"]


@dataclass
class Faults:
    """The current fault plan; mutate through the methods, read by the model on every call."""

    failures: list[tuple[int, float | None, str]] = field(default_factory=list)
    offline_until: datetime | None = None
    upload_resets: list[bool] = field(default_factory=list)
    delay_seconds: float = 0.0
    delay_path: str = ""
    clock_offset: timedelta = timedelta(0)

    def fail_next(
        self, count: int, *, status: int = 503, retry_after: float | None = None, path_contains: str = ""
    ) -> None:
        """Answer the next ``count`` calls (whose path contains ``path_contains``) with ``status``."""
        self.failures.extend([(status, retry_after, path_contains)] * count)

    def offline(self, until: datetime) -> None:
        """Drop every connection until ``until``."""
        self.offline_until = until

    def reset_uploads(self, count: int = 1, *, after_ingest: bool = True) -> None:
        """Drop the connection of the next ``count`` uploads, after (or before) ingesting them."""
        self.upload_resets.extend([after_ingest] * count)

    def slow(self, seconds: float, *, path_contains: str = "") -> None:
        """Delay each answer (whose path contains ``path_contains``) by ``seconds``; the call is
        handled after the delay, even if the client has gone away meanwhile."""
        self.delay_seconds, self.delay_path = seconds, path_contains

    def delay_for(self, path: str) -> float:
        return self.delay_seconds if self.delay_path in path else 0.0

    def reset(self) -> None:
        self.failures.clear()
        self.upload_resets.clear()
        self.offline_until, self.delay_seconds, self.clock_offset = None, 0.0, timedelta(0)
        self.delay_path = ""

    def take_failure(self, path: str) -> tuple[int, float | None] | None:
        for i, (status, retry_after, part) in enumerate(self.failures):
            if part in path:
                del self.failures[i]
                return status, retry_after
        return None
