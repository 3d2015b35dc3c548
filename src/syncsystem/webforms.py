"""A POSTed form read whole or refused, its uploaded files closed on every path (datacenter and office pages).

Starlette's `Request.form` takes a ``multipart/form-data`` body that ends before its closing boundary
(a dropped upload, a hostile client) as a complete form: python-multipart does not check that it
reached the end. The fields read so far come back as if nothing were missing — a page would act on
half a form — and the file part cut short is neither in the form nor closed, so its spooled
temporary file (on disk past 1 MiB) stays open until the garbage collector finds it. `whole_form`
refuses such a body with Starlette's own 400 for a malformed form (`HTTPException`), after Starlette
closed every file spooled for it; the form it hands out is closed when the ``async with`` ends.
A body that stops because the client went away raises Starlette's ``ClientDisconnect`` as before
(its files closed too); both apps answer it with `client_gone`, a line in the log instead of a
traceback and a 500 that nobody receives. Shared by both web apps; Starlette and python-multipart only.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing, asynccontextmanager

from python_multipart.multipart import parse_options_header
from starlette.datastructures import FormData, Headers
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

__all__ = ["CUT_SHORT", "client_gone", "whole_form"]

log = logging.getLogger(__name__)

CUT_SHORT = "Multipart body ends before its closing boundary."
"""The 400's detail (Starlette's own refusals of a malformed form are English details too)."""


class _WholeMultiPartParser(MultiPartParser):
    """Starlette's parser, failing when the body ends before the closing boundary. The failure is
    raised from the body stream itself, so it passes through Starlette's own clean-up, which
    closes every file spooled so far — the one cut short included."""

    def __init__(
        self, headers: Headers, stream: AsyncGenerator[bytes, None], *, max_files: int, max_fields: int
    ) -> None:
        self.ended = False
        super().__init__(headers, self._to_the_end(stream), max_files=max_files, max_fields=max_fields)

    async def _to_the_end(self, stream: AsyncGenerator[bytes, None]) -> AsyncGenerator[bytes, None]:
        async for chunk in stream:
            yield chunk  # the parser calls `on_end` while it reads the closing boundary
        if not self.ended:
            raise MultiPartException(CUT_SHORT)

    def on_end(self) -> None:
        self.ended = True


@asynccontextmanager
async def whole_form(
    request: Request, *, max_files: int = 1000, max_fields: int = 1000
) -> AsyncIterator[FormData]:
    """The request's form (empty for a body that is no form), closed when the block ends; a
    multipart body cut short is refused with ``HTTPException(400, CUT_SHORT)``."""
    content_type, _ = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data":
        async with request.form(max_files=max_files, max_fields=max_fields) as form:
            yield form
        return
    try:
        async with aclosing(request.stream()) as stream:
            parser = _WholeMultiPartParser(
                request.headers, stream, max_files=max_files, max_fields=max_fields
            )
            form = await parser.parse()
    except MultiPartException as exc:
        raise HTTPException(status_code=400, detail=exc.message) from exc
    try:
        yield form
    finally:
        await form.close()


async def client_gone(request: Request, exc: Exception) -> Response:
    """The client went away while its body was read: nothing half-done was kept (the form is read
    whole before anything acts on it), so this is worth a log line, not a traceback. The 400 goes to
    nobody; it only keeps Starlette from counting the request as a server error."""
    assert isinstance(exc, ClientDisconnect)
    log.info("client went away during %s %s", request.method, request.url.path)
    return Response(status_code=400)
