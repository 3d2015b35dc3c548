"""The token cache's lifetime — the revocation delay across server processes — is configurable and
bounded: 2 seconds by default, 0 turns it off, more than 60 is refused (docs/scaling.md)."""

from __future__ import annotations

import pytest

from syncsystem.datacenter.auth import AgentCache, Principal
from syncsystem.datacenter.context import ENV_TOKEN_CACHE, token_cache_from_env
from syncsystem.errors import ConfigError

AGENT = Principal("agent", "agent-1", "kanzlei-a")


@pytest.mark.parametrize(("raw", "seconds"), [(None, 2.0), ("", 2.0), ("0", 0.0), ("5", 5.0), ("60", 60.0)])
def test_lifetime_from_the_environment(raw: str | None, seconds: float) -> None:
    assert token_cache_from_env({} if raw is None else {ENV_TOKEN_CACHE: raw}) == seconds


@pytest.mark.parametrize("raw", ["61", "-1", "1.5", "zwei"])
def test_lifetime_out_of_bounds_is_refused(raw: str) -> None:
    with pytest.raises(ConfigError, match=ENV_TOKEN_CACHE):
        token_cache_from_env({ENV_TOKEN_CACHE: raw})


def test_an_entry_lives_exactly_ttl_seconds() -> None:
    cache = AgentCache(ttl=2.0)
    cache.put("d", AGENT, 100.0)
    assert cache.get("d", 101.999) == AGENT
    assert cache.get("d", 102.0) is None  # from the bound on, the database is asked again


def test_ttl_zero_caches_nothing() -> None:
    cache = AgentCache(ttl=0)
    cache.put("d", AGENT, 100.0)
    assert cache.get("d", 100.0) is None
