"""The advisor pages in a real browser: a German-locale page signed in with an advisor's token."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def sign_in(page: Any, url: str, token: str) -> None:
    """Open the datacenter at ``url`` and sign in with ``token`` on its login form."""
    page.goto(url + "/")
    page.fill("#token", token)
    page.click("button[type=submit]")


@contextmanager
def signed_in(browser: Any, url: str, token: str) -> Iterator[Any]:
    """A page of a fresh browser context (``de-AT``, the test CA's certificate accepted) signed in with
    ``token``; the context is closed afterwards, whatever the test did."""
    context = browser.new_context(ignore_https_errors=True, locale="de-AT")
    try:
        page = context.new_page()
        sign_in(page, url, token)
        yield page
    finally:
        context.close()
