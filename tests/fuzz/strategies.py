"""Input strategies shared by the fuzz targets: real files mutated the way damage and hostility do.

`mutated(seeds)` takes one seed file and applies a few edits — flipped bytes, inserted or deleted
runs, duplicated or cut lines, and splices of tokens that have broken parsers before (a lone
surrogate in UTF-8, NUL, BOMs, NaN/Infinity, huge numbers, impossible dates, stray quotes and
separators). `bmd_bytes(seeds)` mixes those with raw random bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

TOKENS: tuple[bytes, ...] = (
    b";",
    b";;;;",
    b"\r\n",
    b"\n",
    b"\r",
    b'"',
    b'""',
    b"\x00",
    b"\t",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xed\xa0\x80",
    b"\x81",
    b"\xe4",
    "ä".encode(),
    "\u2028".encode(),
    b"NaN",
    b"Infinity",
    b"-inf",
    b"1e999",
    b"-0,00",
    b"99999999999999999999999999",
    b"9" * 400,
    b"31.02.2026",
    b"00.00.0000",
    b"2026-13-45",
    b"0",
    b"-",
    b",",
    b".",
    b"1.000.000,00",
    b"=cmd|' /C calc'!A0",
    b"\\x41",
    b"%s%n",
    b"konto;gkonto;belegnr;belegdatum;betrag",
    b"Satzart;Konto-Nr",
    b"A" * 5000,
)


@st.composite
def mutated(draw: st.DrawFn, seeds: Sequence[tuple[str, bytes]]) -> bytes:
    """One seed file with up to eight random edits."""
    _, seed = draw(st.sampled_from(list(seeds)))
    data = bytearray(seed)
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(("flip", "insert", "delete", "token", "dup_line", "cut", "drop_line")))
        at = draw(st.integers(0, max(len(data), 1) - 1)) if data else 0
        if op == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete" and data:
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif op in ("dup_line", "drop_line"):
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines[i : i + 1] = [lines[i]] * draw(st.integers(2, 50)) if op == "dup_line" else []
            data = bytearray(b"\n".join(lines))
        elif op == "cut":
            data = data[:at]
    return bytes(data)


def bmd_bytes(seeds: Sequence[tuple[str, bytes]]) -> st.SearchStrategy[bytes]:
    """Mostly mutated real files, some raw random bytes."""
    return st.one_of(mutated(seeds), mutated(seeds), mutated(seeds), st.binary(max_size=4096))


def file_names() -> st.SearchStrategy[str]:
    """File names as uploads and exports bring them: German letters, separators, surrogates, NUL."""
    plain = st.sampled_from(
        [
            "buchungen.csv",
            "sachkonten.csv",
            "kostenstellen_März.csv",
            "personenkonten.csv",
            "op-liste.csv",
            "auszifferungen.csv",
            "journal.csv",
        ]
    )
    odd = st.text(st.characters(codec=None, exclude_categories=()), min_size=0, max_size=40)
    latin1 = st.sampled_from(["kostenstellen_M\udce4rz.csv", "a\x00b.csv", "\ud800.csv", "../x.csv", ""])
    return st.one_of(plain, plain, odd, latin1)
