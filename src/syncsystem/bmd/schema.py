"""The BMD file formats, declared once: columns, captions, aliases and per-kind dialect settings.

Every reader and writer of syncsystem (row reader, columnar reader, writer, kind detection) is driven
by the :data:`SCHEMAS` below; nothing parses BMD columns by hand elsewhere. Canonical headers as
``write()`` produces them (emulator and interfaces use exactly these):

* **bookings** (Buchungen, NTCS import): always
  ``satzart;konto;gkonto;belegnr;belegdatum;buchdatum;buchsymbol;buchcode;prozent;steuercode;betrag;steuer;text;kost;extbelegnr``
  then, only when any record uses them, in this order:
  ``skonto;zziel;skontopz;skontotage;opbetrag;periode;filiale;fwbetrag;fwsteuer;waehrung;ebkennz;ausz-belegnr;ausz-betrag;uidnr;faelligkeit;dokument;gegenbuchkz;verbuchkz``
  (read also: ``wae``, ``dokumente``).
  ``names="bmd55"`` writes the BMD 5.5 spellings (buchdat, gkto, belegdat, mwst, steucod, bucod,
  symbol). Read: NTCS and 5.5 names, case-insensitive.
* **persons** (Personenkonten):
  ``konto;nachname;vorname;matchcode;strasse;plz;ort;land;uidnummer;email;telefon;iban;bic;waehrung;zziel;skontopz;skontotage;sammelkonto;filiale``.
  Read also: the NTCS list captions
  (``Kto-Nr;Nachname;Straße;Plz;Ort;WAE;ZZiel;SktoProz1;SktoTage1;UID-Nummer``)
  and the 5.5 STAMERF header (``Konto-Nr;Matchcode;Name;Branche;Strasse;Postltz;Ort;Telefon-Nr``).
  NTCS exports start with a ``NTCS_CONSTID_INFO%…`` line before the header; it is skipped.
* **accounts** (Sachkonten): ``konto;bezeichnung;kontenart``, then when used
  ``kontoklasse;ust-kennzeichen;ust-pz;ust-stc;externe-kontonr;waehrung;filiale``. Read also the
  NTCS Sachkonten export captions (``Kto-Nr;Bezeichnung;Kontoart;Kontoklasse;USt-Kennzeichen;USt-Pz;USt-StC``,
  ``Externe KontoNr``, ``Währung``, ``Filial-Nr``): ``USt-StC``/``USt-Pz`` are the account's
  default tax code and rate.
* **costcentres** (Kostenstellen): ``kost;bezeichnung;art``.
* **openitems** (OP-Liste, BMD export): preamble ``Offene Posten;;per 31. Jänner 2026`` then
  ``Kto-Nr;Rng-Nr;Rng-Dat;Rng-Betrag;OP-Betrag;BS;Text``.
* **clearings** (Auszifferungsliste): ``Kto-Nr;Rng-Nr;Ausz-Betrag;Ausz-Datum;Zahlungs-BelegNr;Text``.
* **journal** (BMD journal export, PR10G shape): fixed-width right-aligned cells inside ``;``, a
  trailing ``;``, dates ``JJJJMMTT``:
  ``Bu-Konto ;Buch-Dat;Bel-Dat ;BelegNr  ;GegenKto ;B;Buch-Betrag        ;Steuer-Betrag      ;Sy;JournalNr;``.

Columns a file has beyond these are ignored on read and listed in ``ReadResult.ignored_columns``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from syncsystem.bmd import dialect
from syncsystem.bmd.dialect import CellType, normalise_caption
from syncsystem.bmd.kinds import Kind
from syncsystem.bmd.records import (
    Booking,
    Clearing,
    CostCentre,
    JournalLine,
    LedgerAccount,
    OpenItem,
    PersonAccount,
    Record,
)

__all__ = ["SCHEMAS", "Column", "Schema", "detect_kind", "kind_without_account", "schema_for_record"]

T, N, A, M, R, D, B = (
    CellType.TEXT,
    CellType.INT,
    CellType.ACCOUNT,
    CellType.MONEY,
    CellType.RATE,
    CellType.DATE,
    CellType.BUCHCODE,
)


@dataclass(frozen=True, slots=True)
class Column:
    """One column: the record field, its written caption, its type and the captions read as it."""

    field: str
    name: str
    ctype: CellType
    required: bool = False
    aliases: tuple[str, ...] = ()
    always: bool = True  # written even when no record has a value
    name55: str = ""  # BMD 5.5 caption (``names="bmd55"``)
    width: int = 0  # fixed width for the journal


@dataclass(frozen=True)
class Schema:
    """A file kind: its record type, columns and dialect settings."""

    kind: Kind
    record: type[Record]
    columns: tuple[Column, ...]
    signature: tuple[str, ...]  # fields whose captions identify this kind in a header
    date_format: str = "dmy"  # "dmy" = TT.MM.JJJJ, "ymd" = JJJJMMTT
    trailing_separator: bool = False
    fixed_width: bool = False
    preamble: bool = False  # OP list: one preamble line before the header
    _lookup: Mapping[str, Column] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        table: dict[str, Column] = {}
        for col in self.columns:
            for caption in (col.name, col.field, col.name55, *col.aliases):
                if caption:
                    table[normalise_caption(caption)] = col
        object.__setattr__(self, "_lookup", MappingProxyType(table))

    def lookup(self, caption: str) -> Column | None:
        """The column a header caption stands for (case, umlauts and punctuation ignored)."""
        return self._lookup.get(normalise_caption(caption))

    def column(self, field_name: str) -> Column:
        return next(c for c in self.columns if c.field == field_name)


_BOOKINGS = Schema(
    Kind.BOOKINGS,
    Booking,
    (
        Column("satzart", "satzart", N),
        Column("konto", "konto", A, required=True),
        Column("gkonto", "gkonto", A, name55="gkto"),
        Column("belegnr", "belegnr", T, required=True),
        Column("belegdatum", "belegdatum", D, required=True, name55="belegdat"),
        Column("buchdatum", "buchdatum", D, name55="buchdat"),
        Column("buchsymbol", "buchsymbol", T, name55="symbol"),
        Column("buchcode", "buchcode", B, required=True, name55="bucod"),
        Column("prozent", "prozent", R, name55="mwst"),
        Column("steuercode", "steuercode", N, name55="steucod"),
        Column("betrag", "betrag", M, required=True),
        Column("steuer", "steuer", M),
        Column("text", "text", T),
        Column("kost", "kost", T),
        Column("extbelegnr", "extbelegnr", T),
        Column("skonto", "skonto", M, always=False),
        Column("zziel", "zziel", N, always=False),
        Column("skontopz", "skontopz", R, always=False),
        Column("skontotage", "skontotage", N, always=False),
        Column("opbetrag", "opbetrag", M, always=False),
        Column("periode", "periode", N, always=False),
        Column("filiale", "filiale", T, always=False),
        Column("fwbetrag", "fwbetrag", M, always=False),
        Column("fwsteuer", "fwsteuer", M, always=False),
        Column("waehrung", "waehrung", T, always=False, aliases=("wae",)),
        Column("ebkennz", "ebkennz", N, always=False),
        Column("ausz_belegnr", "ausz-belegnr", T, always=False),
        Column("ausz_betrag", "ausz-betrag", M, always=False),
        Column("uidnr", "uidnr", T, always=False, aliases=("uid-nummer",)),
        Column("faelligkeit", "faelligkeit", D, always=False),
        Column("dokument", "dokument", T, always=False, aliases=("dokumente",)),
        Column("gegenbuchkz", "gegenbuchkz", T, always=False),
        Column("verbuchkz", "verbuchkz", T, always=False),
    ),
    signature=("konto", "belegnr", "buchcode", "betrag"),
)

_PERSONS = Schema(
    Kind.PERSONS,
    PersonAccount,
    (
        Column("konto", "konto", A, required=True, aliases=("Kto-Nr", "Konto-Nr", "ktonr", "KontoNummer")),
        Column("nachname", "nachname", T, required=True, aliases=("Name",)),
        Column("vorname", "vorname", T),
        Column("matchcode", "matchcode", T),
        Column("strasse", "strasse", T, aliases=("Straße",)),
        Column("plz", "plz", T, aliases=("Postltz",)),
        Column("ort", "ort", T),
        Column("land", "land", T),
        Column("uid", "uidnummer", T, aliases=("UID-Nummer", "uid", "uidnr", "ustid")),
        Column("email", "email", T, aliases=("mail", "E-Mail")),
        Column("telefon", "telefon", T, aliases=("Telefon-Nr", "telefonnummer")),
        Column("iban", "iban", T),
        Column("bic", "bic", T, aliases=("swift",)),
        Column("waehrung", "waehrung", T, aliases=("WAE",)),
        Column("zahlungsziel", "zziel", N, aliases=("zahlungsziel",)),
        Column("skonto", "skontopz", R, aliases=("SktoProz1", "Skonto%", "skonto")),
        Column("skontotage", "skontotage", N, aliases=("SktoTage1",)),
        Column("sammelkonto", "sammelkonto", A),
        Column("filiale", "filiale", T, aliases=("Filial-Nr",)),
    ),
    signature=("konto", "nachname"),
)

_ACCOUNTS = Schema(
    Kind.ACCOUNTS,
    LedgerAccount,
    (
        Column("konto", "konto", A, required=True, aliases=("Kontonummer", "Konto-Nr", "Kto-Nr")),
        Column("bezeichnung", "bezeichnung", T, required=True),
        Column("kontenart", "kontenart", T, aliases=("Kontoart",)),
        Column("kontoklasse", "kontoklasse", T, always=False),
        Column("ust_kennzeichen", "ust-kennzeichen", T, always=False),
        Column("prozent", "ust-pz", R, always=False, aliases=("prozent",)),
        Column("steuercode", "ust-stc", N, always=False, aliases=("steuercode",)),
        Column("externe_kontonr", "externe-kontonr", T, always=False),
        Column("waehrung", "waehrung", T, always=False, aliases=("WAE",)),
        Column("filiale", "filiale", T, always=False, aliases=("Filial-Nr",)),
    ),
    signature=("konto", "bezeichnung"),
)

_COSTCENTRES = Schema(
    Kind.COSTCENTRES,
    CostCentre,
    (
        Column("kost", "kost", T, required=True, aliases=("Kostenstelle", "KST")),
        Column("bezeichnung", "bezeichnung", T, required=True),
        Column("art", "art", T),
    ),
    signature=("kost", "bezeichnung"),
)

_OPENITEMS = Schema(
    Kind.OPENITEMS,
    OpenItem,
    (
        Column("konto", "Kto-Nr", A, required=True),
        Column("rechnungsnr", "Rng-Nr", T, required=True),
        Column("rechnungsdatum", "Rng-Dat", D, required=True),
        Column("rechnungsbetrag", "Rng-Betrag", M, required=True),
        Column("offener_betrag", "OP-Betrag", M, required=True),
        Column("buchsymbol", "BS", T),
        Column("text", "Text", T),
    ),
    signature=("konto", "rechnungsnr", "offener_betrag"),
    preamble=True,
)

_CLEARINGS = Schema(
    Kind.CLEARINGS,
    Clearing,
    (
        # optional column, but a row without account is a problem (checks.CLEARING_WITHOUT_ACCOUNT)
        # that only the clearing import accepts: it matches such rows where the number is unique
        Column("konto", "Kto-Nr", A),
        Column("rechnungsnr", "Rng-Nr", T, required=True),
        Column("betrag", "Ausz-Betrag", M, required=True),
        Column("datum", "Ausz-Datum", D, required=True),
        Column("zahlungsbelegnr", "Zahlungs-BelegNr", T, required=True),
        Column("text", "Text", T),
    ),
    signature=("rechnungsnr", "betrag", "zahlungsbelegnr"),
)

_JOURNAL = Schema(
    Kind.JOURNAL,
    JournalLine,
    (
        Column("konto", "Bu-Konto", A, required=True, width=9),
        Column("buchdatum", "Buch-Dat", D, required=True, width=8),
        Column("belegdatum", "Bel-Dat", D, required=True, width=8),
        Column("belegnr", "BelegNr", T, required=True, width=9),
        Column("gkonto", "GegenKto", A, width=9),
        Column("buchcode", "B", B, required=True, width=1),
        Column("betrag", "Buch-Betrag", M, required=True, width=19),
        Column("steuer", "Steuer-Betrag", M, required=True, width=19),
        Column("buchsymbol", "Sy", T, width=2),
        Column("journalnr", "JournalNr", N, required=True, width=9),
    ),
    signature=("konto", "journalnr"),
    date_format="ymd",
    trailing_separator=True,
    fixed_width=True,
)

SCHEMAS: Mapping[Kind, Schema] = MappingProxyType(
    {s.kind: s for s in (_BOOKINGS, _PERSONS, _ACCOUNTS, _COSTCENTRES, _OPENITEMS, _CLEARINGS, _JOURNAL)}
)

# Detection tries the most specific signatures first (every kind has a ``konto``-like column).
_DETECTION_ORDER = (
    Kind.JOURNAL,
    Kind.OPENITEMS,
    Kind.CLEARINGS,
    Kind.BOOKINGS,
    Kind.PERSONS,
    Kind.ACCOUNTS,
    Kind.COSTCENTRES,
)


def detect_kind(header_line: str) -> Kind | None:
    """The file kind a header line belongs to, or ``None`` if it matches none."""
    captions = [c for c in header_line.rstrip("\r\n").split(";") if c.strip()]
    for kind in _DETECTION_ORDER:
        schema = SCHEMAS[kind]
        fields = {col.field for c in captions if (col := schema.lookup(c)) is not None}
        if all(f in fields for f in schema.signature):
            return kind
    return None


def kind_without_account(header_line: str) -> Kind | None:
    """The kind whose header this is but for its account column: every other caption of the kind's
    signature, at least three of them, and no ``konto``. Belegmanager writes its bookings so
    (``belegnr;belegdat;buchdat;betrag;bucod;…``, accounts "nach Import eintragen"); reading it as that
    kind names the missing column at file:1:konto instead of a header that fits no kind."""
    captions = [c for c in header_line.rstrip("\r\n").split(";") if c.strip()]
    for kind in _DETECTION_ORDER:
        schema = SCHEMAS[kind]
        rest = [f for f in schema.signature if f != "konto"]
        fields = {col.field for c in captions if (col := schema.lookup(c)) is not None}
        if len(rest) >= 3 and "konto" in schema.signature and "konto" not in fields and set(rest) <= fields:
            return kind
    return None


_VALUE_PATTERNS = (dialect.NUMBER_RE, dialect.DATE_DMY, dialect.DATE_YMD, dialect.DATE_YYMMDD)


def looks_like_data(line: str) -> bool:
    """True for a first line holding values instead of captions (an export written without its
    header line): three or more cells, none a caption of any kind, most of the filled ones numbers or
    dates. BMD's variable-length and NTCS files start with the field names (bmd-format.md §4)."""
    cells = [c.strip() for c in line.rstrip("\r\n").split(";")]
    filled = [c for c in cells if c]
    if len(cells) < 3 or not filled:
        return False
    if any(SCHEMAS[kind].lookup(c) is not None for kind in _DETECTION_ORDER for c in filled):
        return False
    values = sum(1 for c in filled if any(p.match(c) for p in _VALUE_PATTERNS))
    return 2 * values > len(filled)


_BY_RECORD: dict[type, Schema] = {s.record: s for s in SCHEMAS.values()}


def schema_for_record(record: object) -> Schema | None:
    """The schema whose record type ``record`` is, if any."""
    return _BY_RECORD.get(type(record))
