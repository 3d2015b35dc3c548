"""The agent renews its datacenter token by itself, well before it expires.

`TokenRenewal` is one of the worker child's tasks (`syncsystem.agent.tasks`): due after two thirds
of the token's life (`renew_at`), it asks the datacenter for a new token
(``POST /api/v1/token/rotate``) and stores it with its expiry (`config.write_token`, atomic). The
old token keeps working for the datacenter's grace period, so a poll or an upload running with it
meanwhile is not refused — the agent keeps working through a rotation. No person is involved,
and the token belongs to the office's agent, not to whoever enrolled it. A token whose expiry the
agent never learnt (enrolled before tokens expired) never expires and is not renewed. A failed
renewal is the doctor's ``problem.renewal`` and is tried again at the next wake-up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from syncsystem.agent.config import read_token_expiry, write_token
from syncsystem.logs import log_event
from syncsystem.protocol.messages import RotateResponse
from syncsystem.tasks import TaskResult

__all__ = ["RENEW_BEFORE", "Rotator", "TokenRenewal", "renew_at"]

log = logging.getLogger(__name__)

RENEW_BEFORE = timedelta(days=30)
"""Renew at the latest when this much is left (a third of the datacenter's 90 days): an agent
switched off for weeks still comes back with a working token."""


def renew_at(received: datetime | None, expires: datetime | None) -> datetime | None:
    """When to renew: after two thirds of the token's life (day 60 of 90); `RENEW_BEFORE` ahead of
    its expiry when the agent did not record when it received it; None when it never expires."""
    if expires is None:
        return None
    if received is None:
        return expires - RENEW_BEFORE
    return received + (expires - received) * 2 / 3


class Rotator(Protocol):
    def rotate(self) -> RotateResponse: ...

    def close(self) -> None: ...


class TokenRenewal:
    """A `syncsystem.tasks.Task`: renew the profile's token when it is due."""

    name = "renewal"

    def __init__(self, state_dir: Path, client_factory: Callable[[], Rotator]) -> None:
        self.state_dir = state_dir
        self.client_factory = client_factory

    def due(self, now: datetime) -> datetime | None:
        return renew_at(*read_token_expiry(self.state_dir))

    def run(self, now: datetime) -> TaskResult:
        client = self.client_factory()
        try:
            answer = client.rotate()
        finally:
            client.close()
        write_token(self.state_dir, answer.token, answer.token_expires_at, received_at=now)
        expires = answer.token_expires_at
        log_event(
            log,
            "token_renewed",
            {
                "outcome": "ok",
                "previous_valid_until": answer.previous_valid_until.isoformat(),
                "expires_at": expires.isoformat() if expires else None,
            },
        )
        return TaskResult(self.name, True, self.due(now))
