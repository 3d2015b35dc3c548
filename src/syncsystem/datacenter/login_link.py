"""One-time login links: ``/anmelden/<code>`` starts an advisor's session once, then never again.

`syncsystem demo --keep-running` prints such a link, so nobody pastes a token. Codes live in the
memory of the process that issued them (`LoginLinks`, kept in `context.Datacenter`), only their
sha256 is kept, and each is taken on first use; an unknown or used code shows the login form
saying that the link was used already (not that a key is wrong: the demo's advisor never had one).
The session is the same server-side session a token login starts.
"""

from __future__ import annotations

import hashlib
import secrets
import threading

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.store import sessions

__all__ = ["LoginLinks", "route"]


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


class LoginLinks:
    """Codes issued for advisors, each good for one login."""

    def __init__(self) -> None:
        self._codes: dict[str, Principal] = {}
        self._lock = threading.Lock()

    def issue(self, advisor: Principal) -> str:
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[_digest(code)] = advisor
        return code

    def take(self, code: str) -> Principal | None:
        with self._lock:
            return self._codes.pop(_digest(code), None)


def route(cookie: str) -> Route:
    """``GET /anmelden/{code}``: the session cookie (named ``cookie``, as a token login sets it)."""

    def start(request: Request) -> Response:
        ctx = request.app.state.dc
        advisor = ctx.login_links.take(request.path_params["code"])
        if advisor is None:
            return RedirectResponse("/?login=link", status_code=303)
        with ctx.store.write() as conn:
            session_id = sessions.start_session(conn, advisor, ctx.clock.now(), ctx.settings.session_lifetime)
        response = RedirectResponse("/", status_code=303)
        # Lax, not Strict: the link is followed from another place (the terminal), and a Strict
        # cookie would not go along with that first navigation.
        response.set_cookie(
            cookie,
            session_id,
            httponly=True,
            samesite="lax",
            secure=ctx.settings.secure_cookies,
            max_age=int(ctx.settings.session_lifetime.total_seconds()),
        )
        return response

    async def anmelden(request: Request) -> Response:
        return await run_in_threadpool(start, request)

    return Route("/anmelden/{code}", anmelden, methods=["GET"])
