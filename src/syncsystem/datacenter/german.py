"""German wording of BMD data problems for the advisor page.

`syncsystem.bmd` words its problems in English (they also go to logs, the API and the CLI). The
advisor page is German, so `german` rewrites every message shape `syncsystem.bmd` and the ingest
produce into German; values quoted in the message (cells, account numbers) are kept verbatim. A
message this catalogue does not know is shown unchanged rather than dropped — an English sentence
on the page is a gap to add here, a lost problem would be a defect. `german` also rewrites the
problem lists embedded in a stored refusal reason (``file:line:field: message; …``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from syncsystem.errors import Problem

__all__ = ["ProblemView", "german", "problem_view"]

_Q = r"('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\S+)"  # a repr()-quoted value or a bare token
_N = r"(\S+?)"

# (English message shape, German template); ``{1}``… are the shape's groups, kept verbatim.
_CATALOGUE: tuple[tuple[str, str], ...] = (
    (r"record (\d+): (.+)", "Datensatz {1}: {2*}"),
    (r"invalid BMD data", "ungültige BMD-Daten"),
    (r"bundle refused \(([^)]+)\): (.+)", "Bündel abgewiesen ({1}): {2*}"),
    (r"bundle does not match its manifest", "Bündel passt nicht zu seinem Manifest"),
    (r"no files uploaded(?: \(form field 'files'\))?", "keine Dateien hochgeladen"),
    (
        rf"two files named {_Q} in one import: each file name may occur once \(one would replace the other\)",
        "zwei Dateien namens {1} in einem Import: jeder Dateiname darf nur einmal vorkommen",
    ),
    (r"more than (\d+) rows, the limit per file", "mehr als {1} Zeilen, erlaubt sind so viele je Datei"),
    (
        r"bundle: more than (\d+) rows, the limit per bundle",
        "Bündel: mehr als {1} Zeilen, erlaubt sind so viele",
    ),
    (r"(\d+) rows, the limit per file is (\d+)", "{1} Zeilen, erlaubt sind {2} je Datei"),
    (
        r"manifest declares (\d+) rows, the limit per file is (\d+)",
        "Manifest nennt {1} Zeilen, erlaubt sind {2} je Datei",
    ),
    (
        r"manifest declares (\d+) rows, the limit per bundle is (\d+)",
        "Manifest nennt {1} Zeilen, erlaubt sind {2}",
    ),
    (
        r"files hold (\d+) rows together, the limit per import is (\d+)",
        "die Dateien haben zusammen {1} Zeilen, erlaubt sind {2}",
    ),
    (
        r"files are (\d+) bytes together, the limit is (\d+)",
        "die Dateien sind zusammen {1} Bytes groß, erlaubt sind {2}",
    ),
    (
        r"decompressed contents would be (\d+) bytes, the limit is (\d+)",
        "entpackt wären es {1} Bytes, erlaubt sind {2}",
    ),
    (
        r"contents are longer than the (\d+) bytes the manifest accounts for",
        "Inhalt ist länger als die {1} Bytes laut Manifest",
    ),
    (r"contents end inside (.+)", "Inhalt endet mitten in {1}"),
    (
        rf"bytes (.+?) are not valid {_N} \(wrong encoding\? try --encoding\)",
        "Bytes {1} sind kein gültiges {2} (falsche Zeichenkodierung?)",
    ),
    (rf"decimal separator must be ',' not '\.': {_Q}", "Dezimaltrennzeichen muss ',' sein, nicht '.': {1}"),
    (rf"not a number: {_Q}", "keine Zahl: {1}"),
    (rf"(\d+) decimals, at most (\d+) allowed: {_Q}", "{1} Nachkommastellen, höchstens {2} erlaubt: {3}"),
    (
        rf"number too large \(more than (\d+) digits before the comma\): {_Q}",
        "Zahl zu groß (mehr als {1} Stellen vor dem Komma): {2}",
    ),
    (rf"not a whole number: {_Q}", "keine ganze Zahl: {1}"),
    (rf"no such date: {_Q}", "dieses Datum gibt es nicht: {1}"),
    (
        rf"not a date \(expected TT\.MM\.JJJJ, JJJJMMTT or JJMMTT\): {_Q}",
        "kein Datum (erwartet TT.MM.JJJJ, JJJJMMTT oder JJMMTT): {1}",
    ),
    (
        rf"buchcode must be 1 \(Soll\) or 2 \(Haben\), not {_Q}",
        "Buchcode muss 1 (Soll) oder 2 (Haben) sein, nicht {1}",
    ),
    (r"account 0 is not an account", "Konto 0 ist kein Konto"),
    (rf"person account {_N} outside 200000–399999", "Personenkonto {1} außerhalb von 200000–399999"),
    (rf"account {_N} outside 0–(\d+)", "Konto {1} außerhalb von 0–{2}"),
    (rf"percentage {_N} outside 0–100", "Prozentsatz {1} außerhalb von 0–100"),
    (rf"satzart must be 0, 1 or 2, not {_N}", "Satzart muss 0, 1 oder 2 sein, nicht {1}"),
    (rf"periode must be 1–13, not {_N}", "Periode muss 1–13 sein, nicht {1}"),
    (
        rf"buchsymbol {_N} needs a person account \(200000–399999\) as konto or gkonto",
        "Buchsymbol {1} braucht ein Personenkonto (200000–399999) als Konto oder Gegenkonto",
    ),
    (
        rf"tax {_N} does not match {_N} % of gross {_N} \(expected {_N} ±0,01 in magnitude\)",
        "Steuer {1} passt nicht zu {2} % vom Bruttobetrag {3} (erwartet {4} ±0,01)",
    ),
    (
        rf"invalid Austrian UID {_Q} \(ATU \+ 8 digits, check digit\)",
        "ungültige österreichische UID {1} (ATU und 8 Ziffern, Prüfziffer)",
    ),
    (rf"malformed UID {_Q}", "UID falsch aufgebaut: {1}"),
    (rf"invalid IBAN {_Q} \(format or check digits\)", "ungültige IBAN {1} (Aufbau oder Prüfziffern)"),
    (rf"malformed BIC {_Q}", "BIC falsch aufgebaut: {1}"),
    (rf"malformed e-mail address {_Q}", "E-Mail-Adresse falsch aufgebaut: {1}"),
    (
        rf"sammelkonto {_N} is a person account, not a Sachkonto",
        "Sammelkonto {1} ist ein Personenkonto, kein Sachkonto",
    ),
    (
        rf"{_N} is not a Sachkonto number \(person accounts are 200000–399999\)",
        "{1} ist keine Sachkontonummer (Personenkonten sind 200000–399999)",
    ),
    (r"required field is empty", "Pflichtfeld ist leer"),
    (
        rf"open item on {_N}: not a person account \(200000–399999\)",
        "offener Posten auf {1}: kein Personenkonto (200000–399999)",
    ),
    (r"open amount exceeds the invoice amount", "offener Betrag übersteigt den Rechnungsbetrag"),
    (
        r"open amount has the opposite sign of the invoice amount",
        "offener Betrag hat das umgekehrte Vorzeichen des Rechnungsbetrags",
    ),
    (
        rf"clearing on {_N}: not a person account \(200000–399999\)",
        "Auszifferung auf {1}: kein Personenkonto (200000–399999)",
    ),
    (r"cleared amount is zero", "ausgezifferter Betrag ist null"),
    (r"positive amount on a Haben \(B=2\) posting", "positiver Betrag auf einer Haben-Buchung (B=2)"),
    (r"negative amount on a Soll \(B=1\) posting", "negativer Betrag auf einer Soll-Buchung (B=1)"),
    (
        rf"document (.+?) does not balance: its Sachkonto postings sum to {_N}",
        "Beleg {1*} ist nicht ausgeglichen: Summe der Sachkonto-Buchungen {2}",
    ),
    (r"(\w+) in an? (\w+) file", "Datensatz {1} in einer Datei der Art {2}"),
    (r"file is empty", "Datei ist leer"),
    (r"header line cannot be decoded: (.+)", "Kopfzeile nicht lesbar: {1*}"),
    (
        r"fields are separated by (.+?); BMD files use ';'",
        "Felder sind durch {1} getrennt; BMD-Dateien verwenden ';'",
    ),
    (rf"header names no BMD file kind: {_Q} \(give --kind\)", "Kopfzeile passt zu keiner BMD-Dateiart: {1}"),
    (rf"column duplicates {_Q}", "Spalte doppelt vorhanden (wie {1})"),
    (rf"required column missing from the {_N} header", "Pflichtspalte fehlt in der Kopfzeile ({1})"),
    (
        r"line has (\d+) fields, the header (\d+): truncated line",
        "Zeile hat {1} Felder, die Kopfzeile {2}: Zeile abgeschnitten",
    ),
    (
        r"line has (\d+) fields, the header (\d+): stray ';' in a value\?",
        "Zeile hat {1} Felder, die Kopfzeile {2}: ein ';' innerhalb eines Werts?",
    ),
    (rf"preamble date is not a real date: {_Q}", "Datum im Vorspann gibt es nicht: {1}"),
    (
        r"OP list preamble has no 'per <Tag>\. <Monat> <Jahr>' date",
        "Vorspann der OP-Liste nennt kein Datum 'per <Tag>. <Monat> <Jahr>'",
    ),
    (rf"unknown file kind {_Q}", "unbekannte Dateiart {1}"),
    (r"([^,]+) of (\d\d\.\d\d\.\d{4})", "{1} vom {2}"),
)
_COMPILED = tuple((re.compile(rf"^{pattern}$"), template) for pattern, template in _CATALOGUE)
_SLOT = re.compile(r"\{(\d+)(\*?)\}")
# A stored refusal reason lists problems as ``mandant/file:line:field: message`` joined by "; ".
# Ingest labels every file ``mandant/name`` (`syncsystem.protocol.manifest.file_key`), and labels
# hold no ":" or ";", so a location is recognisable wherever it starts.
_WHERE = r"[^:;/\s]+/[^:;/]+(?::\d+(?::[^:;]*)?)?: "
_FIRST = re.compile(rf"(?:^|: )(?={_WHERE})")
_NEXT = re.compile(rf"; (?={_WHERE})")
_MORE = re.compile(r"^(.*) … and (\d+) more$")


def _fill(template: str, match: re.Match[str], translate: Callable[[str], str]) -> str:
    def slot(found: re.Match[str]) -> str:
        value = match.group(int(found.group(1)))
        # "{n*}" marks a group that is itself a message (or a list of them) to translate.
        return translate(value) if found.group(2) else value

    return _SLOT.sub(slot, template)


def _message(text: str) -> str:
    for pattern, template in _COMPILED:
        match = pattern.match(text)
        if match:
            return _fill(template, match, _phrase)
    return text


def _phrase(text: str) -> str:
    """A message, or a comma-separated list such as ``AR 5 of 01.04.2026, AR 6 of 01.04.2026``."""
    whole = _message(text)
    if whole != text or ", " not in text:
        return whole
    return ", ".join(_message(part) for part in text.split(", "))


def german(text: str) -> str:
    """``text`` — one problem message, or a refusal reason with its problem list — in German."""
    start = _FIRST.search(text)
    if start is None:
        return _sentence(text)
    head, listed = text[: start.start()], text[start.end() :]
    more = _MORE.match(listed)
    if more:
        listed = more.group(1)
    parts = []
    for item in _NEXT.split(listed):
        where = re.match(_WHERE, item)
        assert where is not None  # every item starts with a location by construction of the split
        parts.append(where.group(0) + _message(item[where.end() :]))
    shown = "; ".join(parts) + (f" … und {more.group(2)} weitere" if more else "")
    return f"{_sentence(head)}: {shown}" if head else shown


def _sentence(text: str) -> str:
    """A known message, or ``prefix: known message`` with the prefix translated in turn."""
    whole = _message(text)
    if whole != text:
        return whole
    at = text.find(": ")
    while at != -1:
        rest = _message(text[at + 2 :])
        if rest != text[at + 2 :]:
            return f"{_sentence(text[:at])}: {rest}"
        at = text.find(": ", at + 2)
    return text


@dataclass(frozen=True, slots=True)
class ProblemView:
    """One problem as the page lists it: its ``file:Zeile:Feld`` location and the German message."""

    where: str
    file: str
    line: int
    field: str
    message: str


def problem_view(problem: Problem) -> ProblemView:
    where = str(problem)[: -len(problem.message) - 2]
    return ProblemView(where, problem.file, problem.line, problem.field, german(problem.message))
