"""A real datacenter on loopback: uvicorn in a thread, TLS with trustme certificates.

Reuses the unit layer's store and world fixtures (loaded from ``tests/unit/datacenter/conftest.py``)
and stops the server in teardown, so the session's leak check stays green.
"""

from __future__ import annotations

import importlib.util
import ssl
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import trustme
from tests.uvicorn_thread import running

_UNIT = Path(__file__).resolve().parents[2] / "unit" / "datacenter" / "conftest.py"
_spec = importlib.util.spec_from_file_location("datacenter_unit_conftest", _UNIT)
assert _spec is not None and _spec.loader is not None
unit = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = unit  # dataclasses look their module up there
_spec.loader.exec_module(unit)
_pg_engine = unit._pg_engine
store = unit.store
world = unit.world


@dataclass
class LiveServer:
    url: str
    ca_file: str
    ssl_context: ssl.SSLContext


@pytest.fixture(scope="session")
def tls_ca(tmp_path_factory: pytest.TempPathFactory) -> tuple[trustme.CA, Path, Path, Path]:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    folder = tmp_path_factory.mktemp("tls")
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    cert.private_key_and_cert_chain_pem.write_to_path(str(cert_file))
    cert.private_key_pem.write_to_path(str(key_file))
    return ca, ca_file, cert_file, key_file


@pytest.fixture
def live(world, tls_ca) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    """The world's app served over TLS on a loopback port, stopped after the test."""
    _, ca_file, cert_file, key_file = tls_ca
    with running(world.app, ssl_certfile=str(cert_file), ssl_keyfile=str(key_file)) as port:
        context = ssl.create_default_context(cafile=str(ca_file))
        yield LiveServer(f"https://127.0.0.1:{port}", str(ca_file), context)
