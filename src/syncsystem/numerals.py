"""Whole numbers that people and peers type: ASCII digits 0-9 and nothing else.

``str.isdigit`` also says yes to '²', '³' and '①', which ``int`` refuses with a ValueError, and
``int`` reads Arabic-Indic or full-width digits that no office means — and refuses more than 4,300
digits. A page number, a Content-Length, an account number typed into a form or a setting from the
environment is therefore read with `whole`, which answers None for anything else, so the caller
refuses it in words instead of failing with a ValueError.
"""

from __future__ import annotations

__all__ = ["MOST_DIGITS", "content_length", "whole"]

MOST_DIGITS = 4000  # below CPython's limit for reading an int from text (4,300 digits)


def whole(text: str, most: int = MOST_DIGITS) -> int | None:
    """``text`` as a whole number when it is 1 to ``most`` ASCII digits, else None."""
    if 0 < len(text) <= most and text.isascii() and text.isdigit():
        return int(text)
    return None


def content_length(header: str | None) -> int | None:
    """A ``Content-Length`` header's bytes; None when it is absent or not a number (at most 18 digits)."""
    return None if header is None else whole(header, 18)
