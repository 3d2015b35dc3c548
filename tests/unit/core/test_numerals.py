"""Whole numbers typed by people and peers: only ASCII digits are read, anything else is refused in
words — never a ValueError that would surface as an error page or a 500.

``str.isdigit`` says yes to '²' (in Windows-1252 and Latin-1, so in HTTP headers and BMD files) and
to '①'; ``int`` refuses both. The table is written by hand from those two facts.
"""

from __future__ import annotations

import pytest

from syncsystem.clearing.queries import natural_key
from syncsystem.datacenter.context import ENV_LIMITS, ENV_TOKEN_CACHE, limits_from_env, token_cache_from_env
from syncsystem.errors import ConfigError
from syncsystem.interfaces.form_values import FieldReader
from syncsystem.messages import codes as mc
from syncsystem.numerals import content_length, whole


@pytest.mark.parametrize(
    ("text", "most", "expected"),
    [
        ("0", 4000, 0),
        ("007", 4000, 7),
        ("123456", 6, 123456),
        ("1234567", 6, None),  # more digits than asked for
        ("", 4000, None),
        ("²", 4000, None),  # superscript two: isdigit() yes, int() no
        ("1²", 4000, None),
        ("①", 4000, None),
        ("١٢", 4000, None),  # Arabic-Indic twelve: int() would read it, no office means it
        ("１２", 4000, None),  # full-width twelve
        ("-1", 4000, None),
        ("+1", 4000, None),
        (" 1", 4000, None),
        ("1_000", 4000, None),  # int() reads the underscore
        ("9" * 4000, 4000, int("9" * 4000)),
        ("9" * 5000, 4000, None),  # int() refuses more than 4,300 digits
    ],
)
def test_only_ascii_digits_are_a_whole_number(text: str, most: int, expected: int | None) -> None:
    assert whole(text, most) == expected


@pytest.mark.parametrize("typed", ["²", "①", "9" * 5000])
def test_a_form_field_wanting_a_whole_number_names_the_typed_value(typed: str) -> None:
    fields = FieldReader("formular", {"tage": typed})
    assert fields.whole("tage", low=1, high=99) is None
    refused = mc.PG_NOT_WHOLE(value=typed)
    assert [(p.field, p.code, p.values) for p in fields.problems] == [("tage", refused.code, refused.values)]


def test_environment_limits_with_a_superscript_digit_are_refused_at_start() -> None:
    name = next(iter(ENV_LIMITS))
    with pytest.raises(ConfigError, match=name):
        limits_from_env({name: "²"})
    with pytest.raises(ConfigError, match=ENV_TOKEN_CACHE):
        token_cache_from_env({ENV_TOKEN_CACHE: "³"})


def test_invoice_numbers_with_superscripts_sort_without_failing() -> None:
    """'R-²' is text to the natural order (not a digit run), 'R-2' and 'R-10' are numbers."""
    assert sorted(["R-10", "R-²", "R-2"], key=natural_key) == ["R-2", "R-10", "R-²"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),  # no Content-Length header
        ("0", 0),
        ("9" * 18, 999_999_999_999_999_999),  # 18 digits: still read
        ("1" + "0" * 18, None),  # 19 digits (10^18 bytes): refused, though int() would read it
        ("1²", None),
    ],
)
def test_a_content_length_is_at_most_18_ascii_digits(header: str | None, expected: int | None) -> None:
    assert content_length(header) == expected
