"""What every office page is built from: the request context, role-checked routes, forms and rendering.

`page_route` is the one place a route declares the role it needs; it wraps the handler so that
every request is checked, in this order: a live session (else the login page, or 401 for a POST),
the role (else 403 "Keine Berechtigung"), and for every POST the ``Origin`` header and the
session's CSRF token in the form field ``csrf`` (else 403). Handlers are plain functions
``handler(req: Req) -> Response`` run in a worker thread (they may do blocking I/O: SQLite, FTP).
`Form` carries submitted values and one German message per field; the macros in
``templates/_form.html`` show each message at its field. `render` fills the base template (German
navigation of the pages the user's role may open, the user, the CSRF token, a notice).

The pages speak `PAGE` (German) whatever the server's locale: every notice, refusal and field
message is a catalogue code (`syncsystem.messages.codes.office_pages`) worded in `PAGE`. What a page
shows by name — a field's label, an option, a state — is vocabulary, kept as `Captions`.
"""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import Message as AsgiMessage

from syncsystem.clock import Clock
from syncsystem.errors import StoreError, SyncsystemError
from syncsystem.messages import Captions, Message
from syncsystem.messages import codes as mc
from syncsystem.numerals import content_length
from syncsystem.office.accounts import Accounts, Role, User
from syncsystem.transfer.jobs import Services
from syncsystem.transfer.secrets import SecretBox
from syncsystem.transfer.store import TransferStore
from syncsystem.webforms import whole_form

__all__ = [
    "COOKIE",
    "ENV",
    "MAX_REQUEST",
    "PAGE",
    "Captions",
    "Form",
    "NavEntry",
    "Office",
    "Req",
    "page_route",
    "render",
    "see_other",
    "uploads",
]

log = logging.getLogger(__name__)
COOKIE = "syncsystem_office"
PAGE = "de"
"""The language of the office pages: every message they show is worded in it (see `app`)."""
ENV = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
    # The pages speak German whatever the server's locale: a catalogue message shown in a
    # template ({{ check.name }}, a notice) is worded in German.
    finalize=lambda value: value.text(PAGE) if isinstance(value, Message) else value,
)


@dataclass(frozen=True, slots=True)
class NavEntry:
    """A page's entry in the navigation: German title, path, the role it needs, and its place."""

    title: str
    path: str
    role: Role = Role.USER
    order: int = 100


@dataclass(frozen=True)
class Office:
    """The application's edges: the state directory (shared with ``syncsystem transfer``), the clock."""

    state_dir: Path
    clock: Clock
    secure_cookies: bool = False
    use_keyring: bool = False
    nav: tuple[NavEntry, ...] = ()
    notices: Mapping[str, Message] = field(default_factory=dict)  # the pages' NOTICES, by key
    services_factory: Callable[[TransferStore, SecretBox], Services] | None = None  # tests: fake mailer
    rng: random.Random = field(default_factory=random.Random)  # probe file names of the connection test

    @contextmanager
    def accounts(self) -> Iterator[Accounts]:
        with Accounts.open(self.state_dir) as accounts:
            yield accounts

    @contextmanager
    def transfer(self) -> Iterator[Services]:
        """The transfer store and secret box exactly as ``syncsystem transfer --state DIR`` opens them."""
        with TransferStore.open(self.state_dir) as store:
            box = SecretBox.for_state(self.state_dir, use_keyring=self.use_keyring)
            if self.services_factory is not None:
                yield self.services_factory(store, box)
            else:
                yield Services(store, box, self.clock)


@dataclass
class Form:
    """Submitted (or stored) values and one message per field, for the ``_form.html`` macros."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    # shown at a field like an error but not counted as one: a typed password sent back empty
    notes: dict[str, str] = field(default_factory=dict)

    def value(self, name: str) -> str:
        raw = self.values.get(name, "")
        return ", ".join(raw) if isinstance(raw, list | tuple) else str(raw if raw is not None else "")

    def values_of(self, name: str) -> list[str]:
        raw = self.values.get(name, [])
        return [str(v) for v in raw] if isinstance(raw, list | tuple) else ([str(raw)] if raw else [])

    def checked(self, name: str, option: str = "on") -> bool:
        return option in self.values_of(name)

    def error(self, name: str) -> str:
        return self.errors.get(name) or self.notes.get(name, "")


@dataclass
class Req:
    """One authorised request as a handler sees it."""

    request: Request
    office: Office
    user: User
    csrf: str
    form: dict[str, list[str]]
    rejected: dict[str, str] = field(default_factory=dict)  # see `_garbage`: shown at these fields

    @property
    def params(self) -> Mapping[str, str]:
        return self.request.path_params

    def field(self, name: str) -> str:
        return (self.form.get(name) or [""])[0].strip()


Handler = Callable[[Req], Response]


def office_of(request: Request) -> Office:
    office: Office = request.app.state.office
    return office


def see_other(path: str, notice: str | None = None, **query: str) -> RedirectResponse:
    """Redirect after a POST; ``notice`` is a key of some page's ``NOTICES`` (never free text)."""
    params = {**({"hinweis": notice} if notice else {}), **query}
    return RedirectResponse(path + ("?" + urlencode(params) if params else ""), status_code=303)


def render(req: Req | Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """``template`` inside the base page, with navigation for the user's role and the notice."""
    request = req.request if isinstance(req, Req) else req
    office = office_of(request)
    if isinstance(req, Req) and req.rejected:
        _mark_rejected(req, context)
        status = 400
    user = req.user if isinstance(req, Req) else None
    nav = [n for n in office.nav if user and user.role.allows(n.role)]
    html = ENV.get_template(template).render(
        nav=nav,
        user=user,
        csrf=req.csrf if isinstance(req, Req) else "",
        path=request.url.path,
        notice=office.notices.get(request.query_params.get("hinweis", "")),
        **context,
    )
    return HTMLResponse(html, status_code=status)


_GARBAGE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _garbage(form: Mapping[str, list[str]]) -> dict[str, str]:
    """Fields whose value holds control or bidi-override characters: no field of any page takes them."""
    said = mc.OFFICE_CONTROL_CHARACTERS().text(PAGE)
    return {k: said for k, values in form.items() if k != "csrf" and any(_GARBAGE.search(v) for v in values)}


def _mark_rejected(req: Req, context: dict[str, Any]) -> None:
    """Put ``req.rejected`` at its fields: in the row form the path names (``rows[name]``), else in
    the forms that carry the field, else in the page's main ``form``; the bad value is not shown."""
    named = [
        v[key]
        for v in context.values()
        if isinstance(v, dict)
        for key in req.params.values()
        if isinstance(v.get(key), Form)
    ]
    forms = named or [v for v in context.values() if isinstance(v, Form)]
    if not forms:
        return
    for name, message in req.rejected.items():
        carrying = forms if named else [f for f in forms if name in f.values or name in f.errors]
        for form in carrying or [context.get("form") or forms[0]]:
            form.errors[name] = message
            form.values[name] = ""


def _form_page(request: Request) -> tuple[Handler, dict[str, str]] | None:
    """The GET handler of the page a POST came from: same path, else the nearest shorter one."""
    path = request.url.path
    while path:
        for route in request.app.routes:
            handler = getattr(route, "handler", None)
            found = route.path_regex.match(path) if isinstance(route, Route) else None
            if handler is not None and found and "GET" in (route.methods or ()):
                return handler, found.groupdict()
        path = path.rsplit("/", 1)[0]
    return None


def _garbage_page(request: Request, user: User, csrf: str, bad: dict[str, str]) -> tuple[Handler, Req] | None:
    """The form's GET page to show again with each bad field named (nothing runs, nothing is saved)."""
    page = _form_page(request)
    if page is None:
        return None
    handler, params = page
    scope = {**request.scope, "method": "GET", "path_params": {**request.path_params, **params}}
    return handler, Req(Request(scope, request.receive), office_of(request), user, csrf, {}, bad)


def _refuse(request: Request, status: int, said: Message | str) -> Response:
    """The refusal page; ``said`` a catalogue message, or an error's words (worded in `PAGE` already)."""
    text = said.text(PAGE) if isinstance(said, Message) else said
    html = ENV.get_template("refused.html").render(
        nav=[], user=None, csrf="", path="", notice=None, text=text
    )
    return HTMLResponse(html, status_code=status)


def same_origin(request: Request) -> bool:
    """A POST's ``Origin`` (when the browser sends one) must be this very site."""
    origin = request.headers.get("origin")
    if origin is None:
        return True  # non-browser clients; the CSRF token still has to match
    return origin == f"{request.url.scheme}://{request.headers.get('host', '')}"


MAX_REQUEST = 20 * 1024 * 1024
"""Largest POST body the pages accept (all uploaded files of one form together): 20 MiB."""
_TOO_LARGE = mc.OFFICE_TOO_LARGE(limit=f"{MAX_REQUEST // (1024 * 1024)} MB")


class _TooLargeError(Exception):
    """The body grew past `MAX_REQUEST` while it was read (a sender without Content-Length)."""


def _bounded(request: Request) -> Request:
    """``request`` whose body stops with `_TooLargeError` once it exceeds `MAX_REQUEST` bytes."""
    receive, seen = request.receive, 0

    async def counted() -> AsgiMessage:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > MAX_REQUEST:
            raise _TooLargeError
        return message

    return Request(request.scope, counted)


async def _read_form(request: Request) -> dict[str, list[str]]:
    if request.method != "POST":
        return {}
    async with whole_form(_bounded(request), max_files=50, max_fields=500) as data:
        out: dict[str, list[str]] = {}
        uploads: dict[str, list[tuple[str, bytes]]] = {}  # file fields: (file name, bytes), see `uploads`
        for key, value in data.multi_items():
            if isinstance(value, str):
                out.setdefault(key, []).append(value)
            elif value.filename:
                uploads.setdefault(key, []).append((value.filename, await value.read()))
        request.state.uploads = uploads
        return out


def uploads(req: Req, name: str) -> list[tuple[str, bytes]]:
    """The files sent in the form field ``name`` (multipart forms): (file name as sent, content)."""
    found: dict[str, list[tuple[str, bytes]]] = getattr(req.request.state, "uploads", {})
    return found.get(name, [])


def _session_of(request: Request) -> tuple[User, str] | None:
    session_id = request.cookies.get(COOKIE)
    if not session_id:
        return None
    office = office_of(request)
    with office.accounts() as accounts:
        session = accounts.session(session_id, office.clock.now())
    return (session.user, session.csrf) if session else None


def page_route(path: str, handler: Handler, role: Role, methods: Sequence[str] = ("GET",)) -> Route:
    """A route that only a logged-in user of ``role`` (or an administrator) reaches; POSTs need CSRF."""

    async def endpoint(request: Request) -> Response:
        found = await run_in_threadpool(_session_of, request)
        if found is None:
            if request.method == "GET":
                return see_other("/anmelden", "login_needed", weiter=request.url.path)
            return _refuse(request, 401, mc.OFFICE_NOT_SIGNED_IN())
        user, csrf = found
        if not user.role.allows(role):
            return _refuse(request, 403, mc.OFFICE_ADMINS_ONLY())
        size = content_length(request.headers.get("content-length", "0"))
        if size is None or size > MAX_REQUEST:
            return _refuse(request, 413, _TOO_LARGE)
        try:
            form = await _read_form(request)
        except _TooLargeError:
            return _refuse(request, 413, _TOO_LARGE)
        except HTTPException as exc:  # malformed or cut-off multipart body, a text field over 1 MB
            log.warning("office: POST %s refused: %s", request.url.path, exc.detail)
            return _refuse(request, 400, mc.OFFICE_FORM_BROKEN())
        if request.method == "POST" and (not same_origin(request) or form.get("csrf", [""])[0] != csrf):
            log.warning("office: POST %s refused (origin or CSRF token)", request.url.path)
            return _refuse(request, 403, mc.OFFICE_REQUEST_REFUSED())
        run, req = handler, Req(request, office_of(request), user, csrf, form)
        bad = _garbage(form)
        if bad:
            again = _garbage_page(request, user, csrf, bad)
            if again is None:
                return _refuse(request, 400, mc.OFFICE_CONTROL_CHARACTERS())
            run, req = again
        try:
            return await run_in_threadpool(run, req)
        except SyncsystemError as exc:  # e.g. a job deleted meanwhile: one sentence, no traceback
            return _refuse(request, 404 if isinstance(exc, StoreError) else 400, str(exc))

    route = Route(path, endpoint, methods=list(methods))
    route.required_role = role  # type: ignore[attr-defined]  # read by app.route_roles()
    route.handler = handler  # type: ignore[attr-defined]  # a refused POST shows its GET page again
    return route
