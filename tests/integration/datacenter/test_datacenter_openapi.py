"""The served OpenAPI description matches the app (schemathesis, bounded examples)."""

from __future__ import annotations

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from syncsystem.protocol.messages import OPENAPI_PATH

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def test_openapi_is_served(world) -> None:  # type: ignore[no-untyped-def]
    """The description is served and lists the agent endpoints."""
    doc = world.client.get(OPENAPI_PATH).json()
    assert doc["openapi"].startswith("3.") and "/api/v1/bundles/{bundle_id}" in doc["paths"]


def test_api_conforms_to_its_description(world, live) -> None:  # type: ignore[no-untyped-def]
    """Generated calls over TLS get answers whose status and body the description allows, never a 500."""
    schema = schemathesis.openapi.from_dict(world.client.get(OPENAPI_PATH).json())
    schema.config.update(base_url=live.url)
    failures = []
    session = httpx.Client(verify=live.ssl_context, timeout=30)
    for operation in schema.get_all_operations():
        op = operation.ok()

        @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=op.as_strategy())
        def check(case) -> None:  # type: ignore[no-untyped-def]
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {world.a.agent_token}"}
            if "/advisor/" in case.path:
                case.headers["Authorization"] = f"Bearer {world.a.advisor_token}"
            kwargs = case.as_transport_kwargs(base_url=live.url)
            body = kwargs.get("data")
            response = session.request(
                kwargs["method"],
                kwargs["url"],
                headers=kwargs.get("headers"),
                params=kwargs.get("params"),
                json=kwargs.get("json"),
                content=body if isinstance(body, bytes | str) else None,
            )
            assert response.status_code < 500, (case.path, response.status_code, response.text)
            # Checks on this one response only (others re-send requests through their own client).
            # positive_data_acceptance is left out: schema-valid is not content-valid — a random
            # octet stream is rightly refused with 422.
            case.validate_response(response, checks=CHECKS)

        try:
            check()
        except Exception as exc:  # collect every operation's failure, then report them together
            failures.append(f"{op.method.upper()} {op.path}: {exc}")
    session.close()
    assert not failures, "\n".join(failures)
