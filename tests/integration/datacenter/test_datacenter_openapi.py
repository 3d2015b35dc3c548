"""The served OpenAPI description matches the app (schemathesis, bounded examples) — every route of
the agent and advisor API is in the description, and every generated call answers below 500."""

from __future__ import annotations

import os

import requests
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

# The suite's bounded slice; `tox -e fuzz` (SYNCSYSTEM_FUZZ_PROFILE=long) tries many more per operation.
EXAMPLES = 150 if os.environ.get("SYNCSYSTEM_FUZZ_PROFILE") == "long" else 6
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


def test_openapi_describes_every_api_route(world) -> None:  # type: ignore[no-untyped-def]
    """No JSON route of the app is left out of the description (the HTML pages are not API)."""
    doc = world.client.get(OPENAPI_PATH).json()
    described = {(path, method.upper()) for path, ops in doc["paths"].items() for method in ops}
    served = {
        (route.path, method)
        for route in world.app.routes
        for method in (route.methods or ()) - {"HEAD"}
        if route.path.startswith("/api/") or route.path == "/healthz"
    }
    served.discard((OPENAPI_PATH, "GET"))
    assert served - described == set()


def test_api_conforms_to_its_description(world, live) -> None:  # type: ignore[no-untyped-def]
    """Generated calls over TLS get answers whose status and body the description allows, never a 500."""
    schema = schemathesis.openapi.from_dict(world.client.get(OPENAPI_PATH).json())
    schema.config.update(base_url=live.url)
    failures = []
    session = requests.Session()
    operations = [operation.ok() for operation in schema.get_all_operations()]
    assert len(operations) >= 13  # the whole document, the three late additions included
    for op in operations:

        @settings(
            max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        @given(case=op.as_strategy())
        def check(case) -> None:  # type: ignore[no-untyped-def]
            token = world.a.advisor_token if "/advisor/" in case.path else world.a.agent_token
            headers = {} if case.path == "/healthz" else {"Authorization": f"Bearer {token}"}
            # schemathesis' own transport (requests) serialises every media type, multipart included
            response = case.call(
                base_url=live.url, session=session, headers=headers, verify=live.ca_file, timeout=30
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
