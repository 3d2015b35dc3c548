"""Unit tests of the agent's HTTPS client error classification, mocked with `responses`."""

from __future__ import annotations

import pytest
import requests
import responses

from syncsystem.agent.client import DatacenterClient
from syncsystem.errors import ConfigError, RemoteError

URL = "https://dc.example"


@responses.activate
def test_429_with_retry_after_is_retryable_and_carries_the_delay() -> None:
    """A 429 answer becomes a retryable error with the server's Retry-After seconds."""
    responses.get(f"{URL}/api/v1/poll", status=429, json={"error": "slow down"},
                  headers={"Retry-After": "120"})
    with DatacenterClient(URL, "t") as client, pytest.raises(RemoteError) as err:
        client.poll()
    assert err.value.retryable and err.value.retry_after == 120 and err.value.status == 429


@responses.activate
def test_401_and_422_surface_at_once() -> None:
    """A bad token and a refused bundle are not retryable."""
    responses.get(f"{URL}/api/v1/poll", status=401, json={"error": "invalid token"})
    responses.put(f"{URL}/api/v1/bundles/b-1", status=422, json={"error": "tampered"})
    with DatacenterClient(URL, "t") as client:
        with pytest.raises(RemoteError) as err:
            client.poll()
        assert not err.value.retryable and "invalid token" in str(err.value)
        with pytest.raises(RemoteError) as err:
            client.upload("b-1", b"x", "req-1")
        assert not err.value.retryable


@responses.activate
def test_503_and_connection_errors_are_retryable() -> None:
    """5xx and a dropped connection are worth retrying later."""
    responses.get(f"{URL}/api/v1/poll", status=503)
    with DatacenterClient(URL, "t") as client, pytest.raises(RemoteError) as err:
        client.poll()
    assert err.value.retryable
    responses.get(f"{URL}/api/v1/poll", body=requests.exceptions.ConnectionError("reset"))
    with DatacenterClient(URL, "t") as client, pytest.raises(RemoteError) as err:
        client.poll()
    assert err.value.retryable


def test_plain_http_is_refused() -> None:
    """The agent talks HTTPS only."""
    with pytest.raises(ConfigError):
        DatacenterClient("http://dc.example", "t")


def test_fail_reason_with_control_characters_is_cleaned_before_sending() -> None:
    """BMD's message with NUL, escape codes or undecodable bytes reaches the datacenter as clean text."""
    import json  # noqa: PLC0415

    from syncsystem.protocol.messages import FailRequest  # noqa: PLC0415

    with responses.RequestsMock() as mock:
        mock.add(responses.POST, "https://dc.example/api/v1/requests/req-1/fail", json={"state": "failed"})
        DatacenterClient("https://dc.example", "t").fail("req-1", "BMD: \x1b[31mFehler\x00 \udce4 Ende")
        sent = json.loads(mock.calls[0].request.body)
    assert sent == {"reason": "BMD:  [31mFehler  ? Ende"}
    assert FailRequest.from_json(sent).reason == sent["reason"]  # what the datacenter accepts
