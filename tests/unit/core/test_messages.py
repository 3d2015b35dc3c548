"""Message codes and their catalogues: every code has both wordings, every placeholder is filled,
no code is used in the sources without a catalogue entry, and the language follows the choice."""

from __future__ import annotations

import ast
import json
import string
from decimal import Decimal
from pathlib import Path

import pytest

from syncsystem import messages
from syncsystem.errors import Problem
from syncsystem.messages import codes as mc

ROOT = Path(__file__).resolve().parents[3]


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("code", sorted(mc.CODES))
def test_every_code_has_both_wordings_with_exactly_its_placeholders(code: str) -> None:
    """Each declared code is in de.po and en.po, each template names exactly the code's values,
    and rendering with values for all of them leaves no placeholder behind."""
    declared = mc.CODES[code]
    values = {name: f"<{name}>" for name in declared.params}
    for lang in messages.LANGUAGES:
        template = messages.catalogue(lang).get(code)
        assert template, f"{code} has no {lang} wording"
        assert _placeholders(template) == set(declared.params), (lang, template)
        text = messages.render(code, values, lang)
        assert "{" not in text.replace("'{", "") and all(f"<{n}>" in text for n in declared.params)


def test_the_catalogues_hold_no_code_that_is_not_declared() -> None:
    """A catalogue entry without a declared code is a leftover; it would never be shown."""
    for lang in messages.LANGUAGES:
        assert set(messages.catalogue(lang)) - set(mc.CODES) == set(), lang


def test_german_and_english_wordings_differ_where_the_words_are_not_names() -> None:
    """The German catalogue is a translation, not a copy (a few proper names are the same)."""
    same = [c for c in mc.CODES if messages.catalogue("de")[c] == messages.catalogue("en")[c]]
    assert set(same) <= {
        mc.TAX_TYPE_ERWERB.name,
        mc.CLEARING_LIST_CLEARINGS.name,
        mc.LEGACY_TEXT.name,
        mc.CLEARING_PAID_MANDANT.name,  # 'Mandant' is the English texts' word too
        mc.AG_CLI_CHECK_OK.name,  # 'ok' is German too
        mc.TX_TEST_OK.name,  # so is 'OK'
        mc.TGT_STEP_FAILED.name,  # placeholders only: "{step}: {detail}"
        mc.TGT_FILE_REASON.name,  # placeholders only: "{file}: {reason}"
        mc.MAIL_OTHER.name,  # "SMTP {step}: {reason}"
        mc.DC_STATUS_MANDANT.name,  # 'Mandant' again, as a column head
        mc.DC_MANDANT_ONE.name,  # "1 Mandant", the list of one
        mc.SET_SMTP_PORT.name,  # 'Port', a field's label, is German too
        mc.SET_JOB_TARGET_PORT.name,  # again
        mc.SET_JOB_MAIL_STARTTLS.name,  # the protocol's name
        mc.TX_PROTOCOL_SFTP.name,  # "SFTP (SSH)", protocols' names
        mc.SET_AGENT_AGENT.name,  # 'Agent' and 'Transfer', the tables of agent.toml, are German too
        mc.SET_AGENT_TRANSFER.name,
        mc.SET_AGENT_REGION.name,  # so is 'Region'
        mc.SET_AGENT_URL_HINT.name,  # "https://…", an address's form
        mc.SRV_HOST_UNRESOLVED.name,  # placeholders only: "--host {host}: {reason}"
    }


def _code_literals(tree: ast.AST) -> list[tuple[int, str]]:
    """String literals given as a message code: ``code=…``, ``Message("…")``, ``Problem(f, l, f, "…")``."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        args: list[ast.expr] = [k.value for k in node.keywords if k.arg == "code"]
        if name == "Message" and node.args:
            args.append(node.args[0])
        if name == "Problem" and len(node.args) >= 4:
            args.append(node.args[3])
        literal = [a for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        found += [(a.lineno, str(a.value)) for a in literal if isinstance(a, ast.Constant)]
    return found


def test_no_code_is_used_in_the_sources_without_a_catalogue_entry() -> None:
    """Codes are used by name (``mc.CELL_DECIMALS``); any literal code in src/ or emulators/ is declared."""
    sources = [*(ROOT / "src").rglob("*.py"), *(ROOT / "emulators").rglob("*.py")]
    unknown = [
        f"{path.relative_to(ROOT)}:{line}: {code}"
        for path in sources
        for line, code in _code_literals(ast.parse(path.read_text(encoding="utf-8")))
        if code not in mc.CODES
    ]
    assert unknown == []
    assert _code_literals(ast.parse('Problem("f", 1, "x", "no.such")')) == [(1, "no.such")]


def names_used(tree: ast.AST) -> set[str]:
    """Every name a module refers to: ``X``, ``mc.X``, ``from … import X``."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            found |= {alias.name for alias in node.names}
    return found


def test_every_declared_code_is_used_by_name_in_the_sources() -> None:
    """A code no module of src/ or emulators/ names (``mc.X``; the codes modules themselves aside)
    is never shown: it goes, with its words in de.po and en.po."""
    declarations = ROOT / "src" / "syncsystem" / "messages" / "codes"
    sources = [*(ROOT / "src").rglob("*.py"), *(ROOT / "emulators").rglob("*.py")]
    used = set().union(
        *(
            names_used(ast.parse(path.read_text(encoding="utf-8")))
            for path in sources
            if declarations not in path.parents
        )
    )
    declared = {name for name, value in vars(mc).items() if isinstance(value, mc.Code)}
    assert len(declared) == len(mc.CODES)  # every code has its Python name in `mc`
    assert sorted(declared - used) == []
    assert names_used(ast.parse("from m import A\nmc.B(x=C)")) == {"A", "mc", "B", "C"}


def test_a_problem_with_an_undeclared_code_is_refused() -> None:
    """A typo in a code fails where the problem is made, not later when it is shown."""
    with pytest.raises(ValueError, match="undeclared message code"):
        Problem("f.csv", 2, "Betrag", "bmd.cell.decimalz", {})
    with pytest.raises(TypeError, match="takes count, most, cell"):
        mc.CELL_DECIMALS(count=3, most=2)


def test_a_problem_renders_in_the_chosen_language_and_keeps_code_and_values() -> None:
    """``str(problem)`` is ``file:line:field: message`` in the chosen language; JSON keeps code and values."""
    problem = Problem.of("buchungen.csv", 7, "Betrag", mc.CELL_DECIMALS(count=3, most=2, cell="1,234"))
    messages.set_language("de")
    assert str(problem) == "buchungen.csv:7:Betrag: 3 Nachkommastellen, höchstens 2 erlaubt: '1,234'"
    messages.set_language("en")
    assert str(problem) == "buchungen.csv:7:Betrag: 3 decimals, at most 2 allowed: '1,234'"
    data = json.loads(json.dumps(problem.as_dict()))
    assert data["code"] == "bmd.cell.decimals"
    assert data["values"] == {"count": 3, "most": 2, "cell": "1,234"}


def test_nested_messages_render_in_the_same_language_and_survive_json() -> None:
    """A value that is itself a message (a list of documents) is worded in the outer message's language."""
    docs = (
        mc.JOURNAL_DOCUMENT(symbol="AR", number="5", day="01.04.2026"),
        mc.JOURNAL_DOCUMENT(symbol="AR", number="6", day="01.04.2026"),
    )
    message = mc.JOURNAL_UNBALANCED(documents=docs, total="10,00")
    assert message.text("de") == (
        "Beleg AR 5 vom 01.04.2026, AR 6 vom 01.04.2026 ist nicht ausgeglichen: "
        "Summe der Sachkonto-Buchungen 10,00"
    )
    again = messages.from_json(json.loads(json.dumps(message.as_dict())))
    assert again == message


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "de"),
        ({"LANG": "C.UTF-8"}, "de"),
        ({"LANG": "de_AT.UTF-8"}, "de"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "de_AT.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "de_AT.UTF-8"}, "de"),
    ],
)
def test_the_language_is_german_unless_the_locale_is_english(environ: dict[str, str], expected: str) -> None:
    """German by default; LC_ALL, then LC_MESSAGES, then LANG decide when set."""
    assert messages.language_from(environ) == expected


def test_weekday_names_come_from_the_locale_data() -> None:
    """``Mo 27.03.2026``-style days (CLDR's de_AT weekday names), English when English is chosen."""
    from datetime import date  # noqa: PLC0415

    assert messages.short_day(date(2026, 3, 30), "de") == "Mo 30.03.2026"
    assert messages.short_day(date(2026, 4, 2), "de") == "Do 02.04.2026"
    assert messages.short_day(date(2026, 4, 2), "en") == "Thu 02.04.2026"


def test_the_weekday_table_holds_babels_cldr_names() -> None:
    """The fourteen names per language are CLDR's, as Babel formats them (abbreviations without '.')."""
    from datetime import date, timedelta  # noqa: PLC0415

    from babel.dates import format_date  # noqa: PLC0415

    for offset in range(7):
        day = date(2026, 3, 30) + timedelta(days=offset)
        for lang, locale in (("de", "de_AT"), ("en", "en_GB")):
            assert messages.weekday(day, lang) == format_date(day, "EEE", locale=locale).rstrip(".")
            assert messages.weekday(day, lang, wide=True) == format_date(day, "EEEE", locale=locale)


SAMPLE_PO = """# a comment
msgid ""
msgstr ""
"Language: de\\n"

#. placeholders: cell
msgid "one"
msgstr "eins: {cell!r}"

#, fuzzy
msgid "two"
msgstr "zwei (unsicher)"

msgid "three"
msgstr ""
"drei, "
"fortgesetzt \\"zitiert\\" \\\\ Ende\\n"

#, python-format
msgid "four"
msgstr ""

#~ msgid "old"
#~ msgstr "alt"
"""


@pytest.mark.parametrize("lang", messages.LANGUAGES)
def test_the_catalogue_reader_reads_what_babel_reads(lang: str) -> None:
    """The standard-library reader gives exactly Babel's entries (non-fuzzy, non-empty) of each .po."""
    import io  # noqa: PLC0415

    from babel.messages.pofile import read_po  # noqa: PLC0415

    path = ROOT / "src" / "syncsystem" / "messages" / f"{lang}.po"
    babel = read_po(io.BytesIO(path.read_bytes()), locale=lang)
    expected = {str(e.id): str(e.string) for e in babel if e.id and e.string and not e.fuzzy}
    assert dict(messages.catalogue(lang)) == expected and len(expected) > 200


def test_the_catalogue_reader_handles_continuations_escapes_and_fuzzy_like_babel() -> None:
    import io  # noqa: PLC0415

    from babel.messages.pofile import read_po  # noqa: PLC0415

    babel = read_po(io.BytesIO(SAMPLE_PO.encode()), locale="de")
    expected = {str(e.id): str(e.string) for e in babel if e.id and e.string and not e.fuzzy}
    assert (
        messages.read_po(SAMPLE_PO)
        == expected
        == {"one": "eins: {cell!r}", "three": 'drei, fortgesetzt "zitiert" \\ Ende\n'}
    )


@pytest.mark.parametrize(
    "text, line",
    [
        ('msgid "a"\nmsgctxt "b"\n', 2),
        ('msgid "a"\nmsgid_plural "as"\n', 2),
        ('msgstr "a"\n', 1),
        ('"dangling"\n', 1),
        ('msgid "a"\nmsgstr "b\n', 2),
        ("msgid a\n", 1),
    ],
)
def test_the_catalogue_reader_names_the_line_it_cannot_read(text: str, line: int) -> None:
    with pytest.raises(ValueError, match=f"x.po:{line}: "):
        messages.read_po(text, "x.po")


def test_uncatalogued_text_stays_where_it_is_allowed() -> None:
    """``Problem.text`` (words not in the catalogues) is kept to the emulator, which speaks as BMD
    does, and to refusals worded by Python or another error (``int()``, a VAT type, an unreadable
    file without a code); a new use elsewhere needs a code instead."""
    allowed = {
        "emulators/bmd/importer.py",
        "emulators/bmd/strict.py",
        "src/syncsystem/datacenter/ingest/validate.py",
        "src/syncsystem/interfaces/export_io.py",
        "src/syncsystem/interfaces/inputs.py",
        "src/syncsystem/transfer/validation.py",
    }
    sources = [*(ROOT / "src").rglob("*.py"), *(ROOT / "emulators").rglob("*.py")]
    using = {str(p.relative_to(ROOT)) for p in sources if "Problem.text(" in p.read_text(encoding="utf-8")}
    assert using <= allowed


def test_speaking_changes_the_language_of_its_own_context_only() -> None:
    """A German-only server wraps each request in ``speaking("de")``; a thread outside it — another
    request, the CLI's main thread — keeps the process-wide choice."""
    import threading  # noqa: PLC0415

    from syncsystem import messages  # noqa: PLC0415

    messages.set_language("en")
    seen: list[str] = []
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        inside.wait(5)
        seen.append(messages.language())
        release.set()

    thread = threading.Thread(target=other)
    thread.start()
    with messages.speaking("de"):
        inside.set()
        release.wait(5)
        seen.append(messages.language())
    thread.join(5)
    assert seen == ["en", "de"] and messages.language() == "en"


# value -> German, English (as written by hand: decimal comma / point, places kept, no grouping unless
# asked; an int stays as it is)
NUMBERS = [
    (Decimal("9.0"), "9,0", "9.0"),
    (Decimal("0.05"), "0,05", "0.05"),
    (Decimal("1234.50"), "1234,50", "1234.50"),
    (Decimal("-12.3"), "-12,3", "-12.3"),
    (8080, "8080", "8080"),
]
GROUPED = [
    (Decimal("1234.5"), "1.234,5", "1,234.5"),
    (Decimal("-1234567.50"), "-1.234.567,50", "-1,234,567.50"),
    (Decimal("105.0"), "105,0", "105.0"),
    (1110, "1.110", "1,110"),
]


@pytest.mark.parametrize(("value", "german", "english"), NUMBERS)
def test_a_number_is_written_in_the_message_language(value: Decimal | int, german: str, english: str) -> None:
    assert (messages.number(value, "de"), messages.number(value, "en")) == (german, english)


@pytest.mark.parametrize(("value", "german", "english"), GROUPED)
def test_a_grouped_number_separates_thousands_per_language(
    value: Decimal | int, german: str, english: str
) -> None:
    assert messages.number(value, "de", grouped=True) == german
    assert messages.number(value, "en", grouped=True) == english


def test_the_number_separators_are_babels_cldr_ones() -> None:
    """de_AT writes 1.234,5 and en_GB 1,234.5 in CLDR, as Babel formats them."""
    from babel.numbers import format_decimal  # noqa: PLC0415

    for value, _, _ in GROUPED:
        places = len(str(value).partition(".")[2])
        pattern = "#,##0" + ("." + "0" * places if places else "")
        for lang, locale in (("de", "de_AT"), ("en", "en_GB")):
            assert messages.number(value, lang, grouped=True) == format_decimal(value, pattern, locale=locale)


def test_a_decimal_value_is_written_by_the_language_that_renders_the_message() -> None:
    """The demo's closing line: "9,0 s" in German, "9.0 s" in English, from one value; JSON keeps it."""
    played = mc.DEMO_PLAYED(seconds=Decimal("9.0"), url="https://127.0.0.1:8443")
    assert played.text("de") == (
        "In 9,0 s gespielt. Die Beraterseite (https://127.0.0.1:8443) bleibt mit --keep-running offen."
    )
    assert played.text("en") == (
        "Played in 9.0 s. The advisor page (https://127.0.0.1:8443) stays open with --keep-running."
    )
    data = json.loads(json.dumps(played.as_dict()))
    assert data["values"]["seconds"] == {"number": "9.0"}
    assert messages.from_json(data) == played


def test_values_read_back_from_json_keep_places_and_nested_messages() -> None:
    """A number keeps its places ("9.0" stays 9,0, not 9), a message inside a message comes back as
    that message, and a stored message reads back to the one written."""
    played = messages.from_json(
        json.loads(
            '{"code":"demo.played.open","values":{"seconds":{"number":"9.0"},"url":"https://127.0.0.1:8443"}}'
        )
    )
    assert played.text("de").startswith("In 9,0 s gespielt.")
    sign = mc.TAX_WRONG_SIGN(
        steuer="20,00",
        tax_type=mc.TAX_TYPE_OUTPUT(),
        by=mc.TAX_BY_CODE(value=1),
        sign="≤ 0",
        line=mc.TAX_LINE_ORDINARY(),
        buchcode=1,
        betrag="120,00",
    )
    assert messages.from_json(json.loads(json.dumps(sign.as_dict()))) == sign


def test_a_number_without_a_language_follows_the_language_in_use() -> None:
    messages.set_language("de")
    try:
        assert messages.number(Decimal("1234.5"), grouped=True) == "1.234,5"
    finally:
        messages.set_language("en")
    assert messages.number(Decimal("1234.5"), grouped=True) == "1,234.5"
