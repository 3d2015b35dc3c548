"""RFC 4180 quoting and the formula-injection escape: what is written, and that every text reads back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from syncsystem import bmd
from syncsystem.bmd import Buchcode, Kind
from syncsystem.bmd.dialect import split_cells

from .test_bmd_roundtrip import PHASES

# Characters that matter to the dialect, plus ordinary and cp1252 letters.
_TEXT = st.text(alphabet=st.sampled_from(list(";\"'=+-@ ,.()/0123456789aZäß€|!")), max_size=24)


def _booking(text: str) -> bmd.Booking:
    return bmd.Booking(200001, "R1", date(2026, 1, 5), Buchcode.SOLL, Decimal("120.00"), text=text)


@settings(max_examples=300, deadline=None, phases=PHASES)
@given(_TEXT, _TEXT, st.sampled_from(["rows", "columns"]))
# cp1252 "ß€" is the bytes DF 80, valid UTF-8 (U+07C0): read undeclared it is detected as UTF-8
@example("", "ß€", "rows")
@example("ß€", "ß", "columns")
def test_every_text_round_trips(text: str, name: str, engine: str) -> None:
    """Whatever a text holds (';', quotes, apostrophes, formula starts), dumps → read gives it back
    (stripped, as the writer strips padding), in a booking and in a cost centre, by either engine.
    Read in the writer's cp1252: a short text's bytes may be valid UTF-8 too, and detection is not
    what this property is about."""
    records = [_booking(text), _booking(name)]
    again = bmd.read(bmd.dumps(records), Kind.BOOKINGS, encoding="cp1252", engine=engine)  # type: ignore[arg-type]
    assert again.ok, again.problems
    assert [r.text for r in again.records if isinstance(r, bmd.Booking)] == [text.strip(), name.strip()]
    label = name.strip() or "x"
    centre = bmd.read(bmd.dumps([bmd.CostCentre("10", label, text)]), encoding="cp1252", engine=engine)  # type: ignore[arg-type]
    assert centre.records == (bmd.CostCentre("10", label, text.strip()),)


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("Foo; Bar GmbH", b'"Foo; Bar GmbH"'),
        ('say "hi"', b'"say ""hi"""'),
        ('=HYPERLINK("http://x")', b'"\'=HYPERLINK(""http://x"")"'),
        ("+cmd|' /C calc'!A0", b"\"'+cmd|' /C calc'!A0\""),
        ("-2+3", b"-2+3"),
        ("- Rabatt", b'"\'- Rabatt"'),
        ("@SUM(A1)", b'"\'@SUM(A1)"'),
        ("'=x", b"\"''=x\""),
        ("+43 1 234 56", b"+43 1 234 56"),
        ("Rechnung", b"Rechnung"),
    ],
)
def test_texts_are_quoted_and_formulas_escaped_as_documented(text: str, cell: bytes) -> None:
    """The written cell: quoted where it holds ';' or '"'; a leading =, +, -, @ gets an apostrophe
    inside quotes (OWASP CSV injection), except texts of digits and +-/()., only (phone numbers)."""
    data = bmd.dumps([_booking(text)])
    header, line = data.decode("cp1252").split("\r\n")[:2]
    assert header.split(";")[12] == "text"
    assert split_cells(line)[12] == cell.decode()
    assert bmd.read(data).records == (_booking(text),)


def test_third_party_apostrophes_and_unquoted_quotes_are_kept() -> None:
    """Only the writer's own escape (a quoted cell "'=…") loses its apostrophe; other cells are verbatim."""
    header = b"konto;belegnr;belegdatum;buchcode;betrag;text\r\n"
    rows = [
        b"200001;R1;05.01.2026;1;120,00;'=x",
        b'200001;R2;05.01.2026;1;120,00;5" Zoll',
        b'200001;R3;05.01.2026;1;120,00;"\'-5"',
    ]
    result = bmd.read(header + b"\r\n".join(rows) + b"\r\n")
    assert result.ok, result.problems
    assert [r.text for r in result.records if isinstance(r, bmd.Booking)] == ["'=x", '5" Zoll', "'-5"]
