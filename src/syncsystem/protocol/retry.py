"""Which answers of the datacenter are worth trying again — part of the protocol both sides honour.

The datacenter answers 429 and 5xx (with ``Retry-After`` in delta-seconds) when a later attempt can
succeed; 401 and the 4xx refusals (409, 413, 422) are final. The agent's client and the fake
datacenter's in-process client classify with these same functions.
"""

from __future__ import annotations

__all__ = ["RETRYABLE_STATUS", "is_retryable_status", "parse_retry_after"]

RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


def is_retryable_status(status: int) -> bool:
    """True when a response with ``status`` may succeed if tried again later."""
    return status in RETRYABLE_STATUS or status >= 500


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header in delta-seconds form.

    The HTTP-date form would need the wall clock to turn into seconds; it yields None and the
    agent's own backoff applies instead (the datacenter sends delta-seconds).
    """
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
