"""A real HTTPS server on loopback for the customer-number callback (trustme CA), recording requests.

``answers`` is a queue of (status, body) the server replies with in turn (then 200); each request
is kept as (headers, parsed JSON body).
"""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import trustme


@dataclass
class CallbackServer:
    url: str
    ca_file: Path
    answers: list[tuple[int, str]] = field(default_factory=list)
    received: list[tuple[dict[str, str], Any]] = field(default_factory=list)


@contextmanager
def callback_server(folder: Path) -> Iterator[CallbackServer]:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    ca_file = folder / "vorsystem-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    state = CallbackServer("", ca_file)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            state.received.append((dict(self.headers.items()), json.loads(body)))
            status, text = state.answers.pop(0) if state.answers else (200, '{"ok": true}')
            data = text.encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    state.url = f"https://127.0.0.1:{server.server_address[1]}/vorsystem/kundennummern"
    thread = threading.Thread(target=server.serve_forever, name="callback-server", daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
