"""The real datacenter on loopback for the demo and the end-to-end scenarios, and the advisor's view.

`LiveDatacenter` opens the SQLite store in a folder, builds the app with `create_app` on the
caller's clock (the demo's `SimulatedClock`, so "last updated" reads in simulated time) and serves
it with uvicorn in a thread over TLS. `stop()` shuts the server down for real — agents then meet a
refused connection, as during a maintenance outage — and `start()` brings it back on the same port.
`AdvisorClient` does over HTTPS what the advisor page does: log in with the advisor token, request
a sync, read the Mandanten overview (JSON and the HTML page).
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import uvicorn

from syncsystem.clock import Clock
from syncsystem.datacenter.app import create_app
from syncsystem.datacenter.context import Settings
from syncsystem.datacenter.store import tenancy
from syncsystem.datacenter.store.engine import Store
from syncsystem.demo.tls import TlsFiles
from syncsystem.errors import ConfigError, RemoteError
from syncsystem.messages import codes as mc

__all__ = ["AdvisorClient", "LiveDatacenter", "OfficeAccess", "free_port"]

_START_TIMEOUT = 10.0  # real seconds; uvicorn starts in well under one on loopback


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True, slots=True)
class OfficeAccess:
    """What `syncsystem datacenter init` hands an office: the advisor's token and an enrolment code."""

    office_id: str
    advisor_token: str
    enrolment_code: str


class LiveDatacenter:
    """The datacenter app over ``db_path`` on ``127.0.0.1:port``; use as a context manager."""

    def __init__(
        self,
        db_path: Path,
        clock: Clock,
        tls: TlsFiles,
        *,
        port: int = 0,
        poll_seconds: int = 1800,
        settings: Settings | None = None,
    ) -> None:
        """``settings`` replaces the default ones (``poll_seconds`` then comes from them)."""
        self.clock, self.tls = clock, tls
        self.port = port or free_port()
        self.store = Store.open(f"sqlite:///{db_path}")
        # Cookies go to a loopback address over HTTPS, so ``Secure`` cookies work in the browser.
        self.app = create_app(self.store, clock, settings=settings or Settings(poll_seconds=poll_seconds))
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._page: tuple[uvicorn.Server, threading.Thread] | None = None
        self.page_port = 0

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    def create_office(self, office_id: str, name: str, advisor: str) -> OfficeAccess:
        """Office, advisor and enrolment code, as ``syncsystem datacenter init`` makes them."""
        now = self.clock.now()
        with self.store.write() as conn:
            tenancy.create_office(conn, office_id, name, now)
            _, token = tenancy.create_advisor(conn, office_id, advisor, now)
            code = tenancy.create_enrolment_code(conn, office_id, now)
        return OfficeAccess(office_id, token, code)

    @property
    def page_url(self) -> str:
        """The browser's address: plain HTTP on loopback (`serve_page`), else the TLS address."""
        return f"http://127.0.0.1:{self.page_port}" if self._page is not None else self.url

    def start(self) -> None:
        """Serve until `stop()`; returns once the port accepts connections."""
        if self._server is not None:
            return
        self._server, self._thread = self._serve(self.port, tls=True)

    def serve_page(self) -> None:
        """A second listener for the browser: plain HTTP on 127.0.0.1 only, so the page opens without
        a certificate warning; the agent keeps talking TLS to `url`. Runs until `close()`."""
        if self._page is None:
            self.page_port = free_port()
            self._page = self._serve(self.page_port, tls=False)

    def _serve(self, port: int, *, tls: bool) -> tuple[uvicorn.Server, threading.Thread]:
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=port,
            log_level="error",
            access_log=False,
            lifespan="off",
            ssl_certfile=str(self.tls.cert_file) if tls else None,
            ssl_keyfile=str(self.tls.key_file) if tls else None,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, name=f"datacenter-{port}", daemon=True)
        thread.start()
        deadline = time.monotonic() + _START_TIMEOUT  # real time: waiting for a real server
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                server.should_exit = True
                thread.join(_START_TIMEOUT)
                raise ConfigError(mc.DEMO_DC_NOT_STARTED(port=port))
            time.sleep(0.01)
        return server, thread

    def stop(self) -> None:
        """Shut the server down; connections are refused until `start()`."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None and thread is not None:
            server.should_exit = True
            thread.join(_START_TIMEOUT)

    def close(self) -> None:
        self.stop()
        if self._page is not None:
            server, thread = self._page
            self._page = None
            server.should_exit = True
            thread.join(_START_TIMEOUT)
        self.store.close()

    def __enter__(self) -> LiveDatacenter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AdvisorClient:
    """The advisor at the datacenter, over HTTPS with the advisor token (API) or its cookie (page)."""

    def __init__(self, base_url: str, token: str, ca_file: Path, *, timeout: float = 30.0) -> None:
        self.base_url, self.token, self.timeout = base_url.rstrip("/"), token, timeout
        self.session = requests.Session()
        # Passed with every request: a session-level value would lose against REQUESTS_CA_BUNDLE.
        self.verify = str(ca_file)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> AdvisorClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _api(self, method: str, path: str, body: Any = None) -> Any:
        try:
            response = self.session.request(
                method,
                self.base_url + path,
                json=body,
                timeout=self.timeout,
                verify=self.verify,
                headers={"Authorization": f"Bearer {self.token}"},
            )
        except requests.RequestException as exc:
            kind, reason = type(exc).__name__, str(exc)
            unreachable = mc.AG_REMOTE_UNREACHABLE(method=method, path=path, kind=kind, reason=reason)
            raise RemoteError(unreachable, retryable=True) from exc
        if response.status_code >= 400:
            raise RemoteError(
                mc.AG_REMOTE_HTTP(
                    method=method, path=path, status=response.status_code, error=response.text[:300]
                ),
                retryable=response.status_code >= 500,
                status=response.status_code,
            )
        return response.json()

    def request_sync(self, mandanten: list[str], mode: str = "incremental") -> dict[str, Any]:
        """What the page's "Jetzt synchronisieren" does; returns the new request."""
        answer: dict[str, Any] = self._api(
            "POST", "/api/v1/advisor/requests", {"mandanten": mandanten, "mode": mode}
        )
        return answer

    def sync_request(self, request_id: str) -> dict[str, Any]:
        answer: dict[str, Any] = self._api("GET", f"/api/v1/advisor/requests/{request_id}")
        return answer

    def mandanten(self) -> list[dict[str, Any]]:
        """The overview the page shows: per Mandant last updated, rows fetched, duration, errors."""
        answer = self._api("GET", "/api/v1/advisor/mandanten")
        return list(answer["mandanten"])

    def click_update(self, mandant: str) -> requests.Response:
        """What the page's "Jetzt aktualisieren" button of ``mandant`` posts (logged in by `page`):
        the answer, its redirect to the live log not followed."""
        return self.session.post(
            self.base_url + "/sync",
            data={"jetzt": mandant},
            headers={"Origin": self.base_url},
            verify=self.verify,
            allow_redirects=False,
            timeout=self.timeout,
        )

    def page(self) -> str:
        """The advisor page's HTML after logging in with the token, as a browser would."""
        origin = {"Origin": self.base_url}
        try:
            login = self.session.post(
                self.base_url + "/login",
                data={"token": self.token},
                headers=origin,
                timeout=self.timeout,
                verify=self.verify,
                allow_redirects=True,
            )
        except requests.RequestException as exc:
            kind, reason = type(exc).__name__, str(exc)
            unreachable = mc.AG_REMOTE_UNREACHABLE(method="POST", path="/login", kind=kind, reason=reason)
            raise RemoteError(unreachable, retryable=True) from exc
        if login.status_code != 200 or 'id="mandanten"' not in login.text:
            raise RemoteError(
                mc.DEMO_LOGIN_REFUSED(status=login.status_code),
                retryable=False,
                status=login.status_code,
            )
        return login.text
