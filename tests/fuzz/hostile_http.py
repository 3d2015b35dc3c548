"""Hostile HTTP requests for any route of a Starlette app: the route walker's strategies.

`routes_of(app)` lists every (path template, methods) the app answers — read from the app itself,
so a route added tomorrow is walked without touching the tests. `hostile_request(route, ...)`
draws one request for it: an allowed or a wrong method; path parameters that are empty, ``..``,
odd unicode (``²``), percent-encoded lone surrogates and invalid UTF-8, or very long; query strings
with duplicate keys, huge, negative and non-ASCII digits and keys without a value; form, multipart
and JSON bodies of wrong types, nesting and size, invalid UTF-8 and the wrong content type; and
headers with a bad ``Content-Length``, cookies, sessions, tokens and origins. The caller adds who
is logged in (`Identity`). Expectations come from the rule, not the code: no answer is a 5xx, and a
4xx says why (its body is not empty).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette
from starlette.routing import Mount, Route

__all__ = [
    "HostileRequest",
    "Identity",
    "RouteSpec",
    "hostile_request",
    "problem",
    "routes_of",
    "walk",
]

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
_PARAM = re.compile(r"\{([^}:]+)(?::[^}]+)?\}")


@dataclass(frozen=True)
class RouteSpec:
    path: str
    methods: tuple[str, ...]

    def wrong_methods(self) -> tuple[str, ...]:
        return tuple(m for m in METHODS if m not in self.methods)


@dataclass(frozen=True)
class Identity:
    """Who sends: extra headers (a token), cookies (a session) and form fields (a CSRF token)."""

    name: str
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class HostileRequest:
    method: str
    url: str
    headers: dict[str, str]
    content: bytes | None
    what: str

    def describe(self) -> str:
        body = b"" if self.content is None else self.content[:200]
        return f"{self.method} {self.url[:300]} headers={self.headers} body={body!r} ({self.what})"


def routes_of(app: Starlette) -> list[RouteSpec]:
    """Every route of ``app`` with its methods; a mount (static files) as ``<mount>/{path}``."""
    found: list[RouteSpec] = []
    for route in app.routes:
        if isinstance(route, Route):
            found.append(RouteSpec(route.path, tuple(sorted(route.methods or ("GET",)))))
        elif isinstance(route, Mount):
            found.append(RouteSpec(f"{route.path}/{{path}}", ("GET", "HEAD")))
    return found


_BARE = {
    b"Not Found",
    b"Method Not Allowed",
    b"Bad Request",
    b"Unauthorized",
    b"Forbidden",
    b"Request Entity Too Large",
    b"Unprocessable Entity",
}
"""Starlette's own English one-liners: a status named, no reason given."""


def problem(request: HostileRequest, status: int, body: bytes, content_type: str = "") -> str | None:
    """What is wrong with the answer, or None: a 5xx, or a 4xx without a reason — an empty body (HEAD
    has none), a framework's bare status line, or JSON without an ``error``."""
    if status >= 500:
        return f"{status} for {request.describe()}: {body[:400]!r}"
    if status < 400 or request.method == "HEAD":
        return None
    if not body.strip() or body.strip() in _BARE:
        return f"{status} without a reason ({body[:60]!r}) for {request.describe()}"
    if content_type.startswith("application/json"):
        try:
            said = json.loads(body).get("error")
        except (ValueError, AttributeError):
            said = None
        if not said:
            return f"{status} JSON without an error for {request.describe()}: {body[:400]!r}"
    return None


_SEGMENTS = [
    "",
    "..",
    "%2E%2E",
    "..%2F..%2Fetc%2Fpasswd",
    "²",
    "%C2%B2",
    "%ED%A0%80",
    "%FF%FE",
    "%00",
    "%C0%AE",
    "M100",
    "1",
    "0",
    "-1",
    "b-1",
    "9" * 40,
    "x" * 5000,
    "%20",
    "a%2Fb",
    "%25",
    "\u0663\u0664",
    "\u202egnp.exe",
    "kostenstellen_M%C3%A4rz.csv",
    "null",
    "NaN",
]
_NUMBERS = [
    "",
    "0",
    "-1",
    "-0",
    "9" * 400,
    "1e999",
    "NaN",
    "\u0661\u0662\u0663",
    "١٢",
    "²",
    "１２",
    "0x10",
    "1.5",
    "%ED%A0%80",
    "%FF",
    "true",
    "[]",
    "%00",
]
_KEYS = [
    "hinweis",
    "weiter",
    "login",
    "notice",
    "limit",
    "offset",
    "seite",
    "page",
    "mandant",
    "seit",
    "since",
    "bis",
    "q",
    "suche",
    "filter",
    "sort",
    "status",
    "name",
    "token",
    "code",
    "x",
]


def _segment(known: tuple[str, ...] = ()) -> st.SearchStrategy[str]:
    """A path parameter: odd, encoded or random — or one the app knows (a stored job, a request id)."""
    raw = st.text(st.characters(codec=None, exclude_categories=()), max_size=30)
    odd = st.one_of(st.sampled_from(_SEGMENTS), raw.map(lambda s: quote(s, safe="", errors="surrogatepass")))
    return st.one_of(st.sampled_from(known), odd) if known else odd


def _query() -> st.SearchStrategy[str]:
    value = st.one_of(st.sampled_from(_NUMBERS), _segment())
    pair = st.tuples(st.sampled_from(_KEYS), value, st.booleans()).map(
        lambda p: f"{p[0]}={p[1]}" if p[2] else p[0]
    )
    return st.lists(pair, max_size=6).map("&".join)


_JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.floats(), st.text(max_size=20)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_FIELDS = st.sampled_from(
    [
        "token",
        "code",
        "name",
        "mandant",
        "password",
        "rolle",
        "role",
        "csrf",
        "files",
        "request_id",
        "reason",
        "wert",
        "x",
        "ziel",
        "modus",
    ]
)


def _form_text(pairs: list[tuple[str, str]]) -> bytes:
    return "&".join(f"{quote(k)}={quote(v, errors='surrogatepass')}" for k, v in pairs).encode()


@st.composite
def _body(draw: st.DrawFn, extra_form: dict[str, str]) -> tuple[bytes | None, str | None, str]:
    """(content, content type, what) — form, multipart, JSON, raw bytes, huge, or nothing."""
    kind = draw(
        st.sampled_from(["none", "form", "json", "json-as-form", "bytes", "multipart", "huge", "deep-json"])
    )
    values = st.one_of(st.sampled_from(_NUMBERS), st.text(max_size=40))
    pairs = draw(st.lists(st.tuples(_FIELDS, values), max_size=6)) + list(extra_form.items())
    if kind == "form":
        return _form_text(pairs), "application/x-www-form-urlencoded", kind
    if kind in ("json", "json-as-form"):
        data = json.dumps(draw(_JSON)).encode()
        return data, "application/json" if kind == "json" else "application/x-www-form-urlencoded", kind
    if kind == "deep-json":
        depth = draw(st.integers(1, 5000))
        return b"[" * depth + b"]" * draw(st.integers(0, depth)), "application/json", kind
    if kind == "bytes":
        ctype = draw(
            st.sampled_from(
                [
                    "application/json",
                    "application/octet-stream",
                    "text/plain",
                    "application/x-www-form-urlencoded",
                    "multipart/form-data",
                    "ä/ö",
                ]
            )
        )
        return draw(st.binary(max_size=300)) + b"\xed\xa0\x80\xff", ctype, kind
    if kind == "multipart":
        return _multipart(draw, pairs)
    if kind == "huge":
        size = draw(st.sampled_from([70_000, 1_100_000]))  # past Starlette's 1 MB field limit
        return b"x=" + b"9" * size, "application/x-www-form-urlencoded", kind
    return None, None, kind


def _multipart(draw: st.DrawFn, pairs: list[tuple[str, str]]) -> tuple[bytes, str, str]:
    boundary = draw(st.sampled_from(["b0undary", "", "x" * 200]))
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode(
            "utf-8", "surrogatepass"
        )
        for k, v in pairs
    ]
    name = draw(st.sampled_from(["a.csv", "", "..\\..\\x", "\udce4.csv"])).encode("utf-8", "surrogatepass")
    parts.append(
        b"--"
        + boundary.encode()
        + b'\r\nContent-Disposition: form-data; name="files"; filename="'
        + name
        + b'"\r\n\r\n'
        + draw(st.binary(max_size=200))
        + b"\r\n"
    )
    ending = draw(st.sampled_from([b"--" + boundary.encode() + b"--\r\n", b"", b"--"]))
    return b"".join(parts) + ending, f"multipart/form-data; boundary={boundary}", "multipart"


_BAD_HEADERS: list[dict[str, str]] = [
    {},
    {"Content-Length": "-1"},
    {"Content-Length": "abc"},
    {"Content-Length": "99999999999999999999"},
    {"Authorization": "Bearer"},
    {"Authorization": "Bearer ä-not-ascii".encode().decode("latin-1")},
    {"Authorization": "Basic Zm9vOmJhcg=="},
    {"Authorization": "Bearer " + "A" * 5000},
    {"Cookie": "session=garbage; dc_session=garbage; office_session=garbage"},
    {"Cookie": "=; ;;=x; session"},
    {"Cookie": "session=" + "%ED%A0%80" * 50},
    {"Cookie": "syncsystem_advisor=%00%FF\\; syncsystem_office=" + "x" * 5000},
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Accept-Language": "xx-\u00ff".encode().decode("latin-1")},
    {"X-CSRF-Token": "nope"},
    {"Transfer-Encoding": "chunked"},
]


@st.composite
def hostile_request(
    draw: st.DrawFn, route: RouteSpec, who: Identity, known: tuple[str, ...] = ()
) -> HostileRequest:
    """One hostile request to ``route``, sent as ``who``; path parameters now and then ``known``."""
    wrong = draw(st.sampled_from(route.wrong_methods()))
    method = draw(st.sampled_from((*route.methods * 4, wrong)))  # now and then a method it does not take
    path = _PARAM.sub(lambda _: draw(_segment(known)), route.path)
    query = draw(_query())
    url = f"{path}?{query}" if query else path
    content, ctype, what = draw(_body(who.form)) if method not in ("GET", "HEAD") else (None, None, "none")
    headers = {**who.headers, **draw(st.sampled_from(_BAD_HEADERS))}
    if who.cookies and "Cookie" not in headers:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in who.cookies.items())
    if ctype is not None:
        headers["Content-Type"] = ctype
    return HostileRequest(method, url, headers, content, f"{who.name}, {what}")


def walk(
    client: Any,
    route: RouteSpec,
    who: Identity,
    examples: int,
    base: settings,
    guard: Callable[[], AbstractContextManager[None]],
    after: Callable[[HostileRequest, Any], None] | None = None,
    known: tuple[str, ...] = (),
) -> None:
    """Send ``examples`` hostile requests to ``route`` as ``who`` through ``client``; fail on the
    first bad answer. Hypothesis tries the plainest request first (the route's first method, no
    query, no body, no bad header), so each route is reached at least once as each caller."""

    @given(request=hostile_request(route, who, known))
    @settings(base, max_examples=examples)
    def run(request: HostileRequest) -> None:
        with guard():
            client.cookies.clear()  # who is logged in is the request's own Cookie header
            raw = [(k.encode(), v.encode("latin-1")) for k, v in request.headers.items()]  # sent as is
            answer = client.request(request.method, request.url, headers=raw, content=request.content)
            client.cookies.clear()
            kind = answer.headers.get("content-type", "")
            found = problem(request, answer.status_code, answer.content, kind)
            assert found is None, found
            if after is not None:
                after(request, answer)

    run()
