"""TransactionSource: filters of the job's execution settings, both BMD formats, persons first, inputs."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from emulators.bmd import Office

from syncsystem import bmd
from syncsystem.bmd.records import Booking, PersonAccount
from syncsystem.clock import DEFAULT_TZ
from syncsystem.errors import DataError
from syncsystem.transfer.config import JobConfig, JobConfigError, parse_job
from syncsystem.transfer.runs import Period
from syncsystem.transfer.source import SourceError
from syncsystem.transfer.source_config import SourceKind
from syncsystem.transfer.transaction_source import TransactionSource, select
from syncsystem.transfer.transactions import load_transaction_folder

CONFIG = {
    "belegnr": "invoice",
    "accounts": {
        "ACME": {"konto": 200100, "type": "company"},
        "BETA": {"konto": 200200, "type": "company"},
        "ROOMS": {"konto": 4010, "type": "revenue"},
        "FNB": {"konto": 4000, "type": "revenue"},
        "SUPP": {"konto": 330000, "type": "liability"},
        "GOODS": {"konto": 5000, "type": "other"},
    },
    "buchsymbole": {"other": "ER"},  # incoming invoices lead with the expense account
    "companies": {
        "ACME": {"name": "Acme Reisen GmbH", "city": "Wien"},
        "BETA": {"name": "Beta AG"},
        "SUPP": {"name": "Lieferant KG"},
    },
}


def tx(
    n: int, day: int, debit: str = "ACME", credit: str = "ROOMS", gross: str = "110.00", **extra: Any
) -> dict[str, Any]:
    return {
        "id": str(n),
        "date": f"2026-03-{day:02d}",
        "debit": debit,
        "credit": credit,
        "gross": gross,
        "vat": "10",
        "tax": str(round(float(gross) / 11, 2)),
        "invoice": f"R-{n}",
        "service": "Zimmer",
        "mandant": "100",
        "filiale": "Wien",
        "document_type": "Rechnung",
        "payment_type": "Rechnung",
        **extra,
    }


def job(tmp_path: Path, **execution: Any) -> JobConfig:
    return parse_job(
        {
            "name": "export",
            "source": {
                "kind": "transactions",
                "dir": str(tmp_path / "tx"),
                "config": str(tmp_path / "c.json"),
            },
            "scope": execution.pop("scope", {}),
            "target": {"protocol": "folder", "directory": str(tmp_path)},
            "execution": {
                "mandanten": ["100"],
                "document_types": ["Rechnung", "Storno"],
                "format": "bmd-einzelbuchungen",
                **execution,
            },
            "schedule": {"interval": "daily", "at": "06:00"},
        },
        lambda s: "enc:" + s,
        DEFAULT_TZ,
    )


def write(tmp_path: Path, items: list[dict[str, Any]]) -> None:
    (tmp_path / "tx").mkdir(exist_ok=True)
    (tmp_path / "tx" / "export.json").write_text(json.dumps(items), encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps(CONFIG), encoding="utf-8")


PERIOD = Period(
    datetime(2026, 3, 2, 6, 0, tzinfo=DEFAULT_TZ), datetime(2026, 3, 4, 6, 0, 5, tzinfo=DEFAULT_TZ)
)


def files(tmp_path: Path, j: JobConfig) -> list[tuple[str, bytes]]:
    return TransactionSource(j.source, DEFAULT_TZ).files_for(PERIOD, j)


def bookings(data: bytes) -> list[Booking]:
    return [r for r in bmd.read(data, bmd.Kind.BOOKINGS).records if isinstance(r, Booking)]


def test_filters_keep_only_what_the_job_asks_for(tmp_path: Path) -> None:
    """Filiale, document types, payment types, Mandant, days and incoming invoices each exclude documents."""
    write(
        tmp_path,
        [
            tx(1, 2),
            tx(2, 3, filiale="Graz"),
            tx(3, 2, document_type="Lieferschein"),
            tx(4, 2, payment_type="Bar"),
            tx(5, 2, mandant="200"),
            tx(6, 4),
            tx(7, 1),
            tx(8, 2, debit="GOODS", credit="SUPP", incoming=True),
        ],
    )
    j = job(tmp_path, scope={"filiale": "wien"}, payment_types=["Rechnung"])
    docs = load_transaction_folder(tmp_path / "tx", None)
    kept = select(docs, j, date(2026, 3, 2), date(2026, 3, 4))
    assert [d.transaction.id for d in kept] == ["1"]
    everything = job(
        tmp_path,
        incoming_invoices=True,
        incoming_format="bmd-verdichtet",
        mandanten=["100", "200"],
        document_types=["rechnung", "lieferschein"],
    )
    ids = {d.transaction.id for d in select(docs, everything, date(2026, 3, 2), date(2026, 3, 4))}
    assert ids == {"1", "2", "3", "4", "5", "8"}


def test_single_format_books_each_document(tmp_path: Path) -> None:
    """Einzelbuchungen: one line per transaction with its own Belegnr; a Storno is negative."""
    write(tmp_path, [tx(1, 2), tx(2, 2), tx(3, 3, storno=True, document_type="Storno")])
    out = files(tmp_path, job(tmp_path))
    assert [n for n, _ in out] == ["20260304_0600_100_Buchungen.csv"]
    rows = bookings(out[0][1])
    assert [(b.belegnr, str(b.betrag)) for b in rows] == [
        ("R-1", "110.00"),
        ("R-2", "110.00"),
        ("R-3", "-110.00"),
    ]


def test_aggregated_format_sums_per_date_and_account_pair(tmp_path: Path) -> None:
    """Verdichtet: one line per day and account pair, fixed Belegnr, summed amount and tax, no extbelegnr."""
    write(tmp_path, [tx(1, 2), tx(2, 2, gross="220.00"), tx(3, 2, credit="FNB", gross="12.00"), tx(4, 3)])
    rows = bookings(files(tmp_path, job(tmp_path, format="bmd-verdichtet"))[0][1])
    assert [(b.belegdatum.day, b.gkonto, str(b.betrag), str(b.steuer)) for b in rows] == [
        (2, 4000, "12.00", "-1.09"),
        (2, 4010, "330.00", "-30.00"),
        (3, 4010, "110.00", "-10.00"),
    ]
    assert {b.belegnr for b in rows} == {"Apaleo-20260302", "Apaleo-20260303"} and {
        b.extbelegnr for b in rows
    } == {""}


def test_persons_first_and_only_companies_booked_when_debtors_are_exported(tmp_path: Path) -> None:
    """With export_debtors the person-account file leads and holds only the booked companies."""
    write(tmp_path, [tx(1, 2), tx(2, 2, debit="GOODS", credit="SUPP", incoming=True)])
    out = files(
        tmp_path,
        job(tmp_path, export_debtors=True, incoming_invoices=True, incoming_format="bmd-einzelbuchungen"),
    )
    assert [n for n, _ in out] == [
        "20260304_0600_100_Personenkonten.csv",
        "20260304_0600_100_Buchungen.csv",
        "20260304_0600_100_Eingangsrechnungen.csv",
    ]
    persons = [r for r in bmd.read(out[0][1], bmd.Kind.PERSONS).records if isinstance(r, PersonAccount)]
    assert [(p.konto, p.nachname) for p in persons] == [
        (200100, "Acme Reisen GmbH"),
        (330000, "Lieferant KG"),
    ]
    assert bookings(out[2][1])[0].buchsymbol == "ER"
    assert [n for n, _ in files(tmp_path, job(tmp_path))] == ["20260304_0600_100_Buchungen.csv"]


def test_csv_export_reads_like_json_and_names_the_line_of_an_error(tmp_path: Path) -> None:
    """A CSV export with TT.MM.JJJJ dates and decimal commas works; a bad amount names its line and field."""
    (tmp_path / "tx").mkdir()
    head = "id;date;debit;credit;gross;vat;tax;document_type\n"
    (tmp_path / "tx" / "a.csv").write_text(
        head + "1;02.03.2026;ACME;ROOMS;110,00;10;10,00;Rechnung\n", encoding="utf-8"
    )
    docs = load_transaction_folder(tmp_path / "tx", "100")
    assert docs[0].transaction.datum == date(2026, 3, 2) and str(docs[0].transaction.gross) == "110.00"
    (tmp_path / "tx" / "b.csv").write_text(
        head + "\n2;02.03.2026;ACME;ROOMS;zehn;10;1;Rechnung\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as err:
        load_transaction_folder(tmp_path / "tx", "100")
    [problem] = err.value.problems
    assert problem.file.endswith("b.csv") and problem.line == 3 and "zehn" in problem.message


def test_a_transaction_exported_twice_refuses_the_folder(tmp_path: Path) -> None:
    """The same id in two export files would be booked twice: refused, naming the second place."""
    write(tmp_path, [tx(1, 2)])
    (tmp_path / "tx" / "later.json").write_text(json.dumps([tx(1, 2)]), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_transaction_folder(tmp_path / "tx", None)
    assert err.value.problems[0].field == "id" and "later.json" in err.value.problems[0].file


def test_unmapped_account_stops_the_run_naming_the_document(tmp_path: Path) -> None:
    """A source account without BMD mapping is an error naming file and item, not a guess."""
    write(tmp_path, [tx(1, 2, credit="SPA")])
    with pytest.raises(SourceError) as err:
        files(tmp_path, job(tmp_path))
    assert "export.json:[0]" in str(err.value) and "SPA" in str(err.value)


def test_same_period_gives_byte_identical_files_and_open_days_wait(tmp_path: Path) -> None:
    """Building the same period twice gives the same bytes; a day not yet over is not delivered."""
    write(tmp_path, [tx(1, 2), tx(2, 4)])
    j = job(tmp_path)
    assert files(tmp_path, j) == files(tmp_path, j)
    assert [b.belegnr for b in bookings(files(tmp_path, j)[0][1])] == ["R-1"]
    same_day = Period(PERIOD.end, PERIOD.end + timedelta(hours=10))
    assert TransactionSource(j.source, DEFAULT_TZ).files_for(same_day, j) == []


def test_source_section_is_validated_per_field(tmp_path: Path) -> None:
    """Missing dir/config and filters the invoice store cannot apply are named; an unknown kind is
    named alone (what else the source needs depends on its kind); source_dir still works."""
    base = {
        "name": "x",
        "target": {"protocol": "folder", "directory": "/tmp"},
        "execution": {
            "mandanten": ["1"],
            "document_types": ["Rechnung"],
            "format": "bmd-verdichtet",
            "payment_types": ["Bar"],
        },
        "schedule": {"interval": "hourly"},
        "scope": {"filiale": "Wien"},
    }
    with pytest.raises(JobConfigError) as err:
        parse_job({**base, "source": {"kind": "transactions", "dir": "/x", "store": "/y"}}, str, DEFAULT_TZ)
    assert [p.field for p in err.value.problems] == [
        "source.config",
        "scope.filiale",
        "execution.payment_types",
    ]
    with pytest.raises(JobConfigError) as err:
        parse_job({**base, "source": {"kind": "datenbank"}}, str, DEFAULT_TZ)
    assert [p.field for p in err.value.problems] == ["source.kind"]
    legacy = parse_job({**base, "source_dir": "/q"}, str, DEFAULT_TZ)
    assert legacy.source.kind is SourceKind.FOLDER and legacy.source_dir == "/q"


def test_incoming_invoices_carry_the_supplier_sign_and_input_tax_and_bmd_books_them(tmp_path: Path) -> None:
    """An incoming invoice of 110,00 gross at 10 % is led by supplier 330000: buchcode 2, −110,00,
    Vorsteuer +10,00 with Steuercode 2 (hand-computed; pr10gtest's supplier line is −1200,00/+200,00),
    and BMD (the emulator, with its own reader) books it as supplier −110, expense +100, 2500 +10."""
    write(tmp_path, [tx(1, 2), tx(2, 2, debit="GOODS", credit="SUPP", incoming=True)])
    out = files(
        tmp_path,
        job(tmp_path, export_debtors=True, incoming_invoices=True, incoming_format="bmd-einzelbuchungen"),
    )
    (er,) = bookings(out[2][1])
    assert (er.konto, er.gkonto, int(er.buchcode), er.betrag, er.steuer, er.steuercode, er.prozent) == (
        330000,
        5000,
        2,
        Decimal("-110.00"),
        Decimal("10.00"),
        2,
        Decimal("10"),
    )
    office = Office.create(tmp_path / "bmd", seed=5, mandanten=1, profile="small", start=date(2026, 3, 2))
    mandant = office.mandanten[0]
    for name, data in out:
        (tmp_path / name).write_bytes(data)
        office.import_file(mandant, tmp_path / name)
    postings = office.books(mandant).document("ER", "R-2").postings()
    assert [(p.konto, p.betrag) for p in postings] == [
        (330000, Decimal("-110.00")),
        (5000, Decimal("100.00")),
        (2500, Decimal("10.00")),
        (3300, Decimal("-110.00")),
    ]


def test_a_bad_transaction_export_names_each_problem_in_german_and_english(tmp_path: Path) -> None:
    """A CSV export without the gross column and with a short line is refused; each problem names
    its line and column, worded from the catalogue in the chosen language."""
    folder = tmp_path / "tx"
    folder.mkdir()
    rows = "date;debit;credit\n01.03.2026;4000;2000\n02.03.2026;4000\n"
    (folder / "a.csv").write_text(rows, encoding="utf-8")
    with pytest.raises(DataError) as refused:
        load_transaction_folder(folder, "100")
    problems = refused.value.problems
    problems = sorted(problems, key=lambda p: p.line)
    assert [(p.line, p.field, p.text_in("de")) for p in problems] == [
        (1, "gross", "Pflichtspalte fehlt"),
        (2, "gross", "fehlt"),
        (3, "", "2 Felder statt 3"),
    ]
    assert [p.text_in("en") for p in problems] == [
        "required column missing",
        "missing",
        "2 fields instead of 3",
    ]


def test_an_export_in_another_encoding_names_file_and_line(tmp_path: Path) -> None:
    """A JSON or CSV export saved as Windows-1252 ("Frühstück" on line 3): one problem at that file
    and line, in German "nicht UTF-8 kodiert" — the JSON one gave Python's decoder text and no line."""
    folder = tmp_path / "tx"
    folder.mkdir()
    json_text = '[\n{"id": "1", "date": "2026-03-02",\n "service": "Frühstück"}\n]\n'
    (folder / "a.json").write_bytes(json_text.encode("cp1252"))
    csv_text = "id;date;debit;credit;gross;vat;tax;document_type;service\n"
    csv_text += "1;02.03.2026;ACME;ROOMS;110,00;10;10,00;Rechnung;Zimmer\n"
    csv_text += "2;02.03.2026;ACME;FNB;24,00;20;4,00;Rechnung;Frühstück\n"
    (folder / "b.csv").write_bytes(csv_text.encode("cp1252"))
    with pytest.raises(DataError) as refused:
        load_transaction_folder(folder, "100")
    assert [(Path(p.file).name, p.line, p.text_in("de")) for p in refused.value.problems] == [
        ("a.json", 3, "nicht UTF-8 kodiert"),
        ("b.csv", 3, "nicht UTF-8 kodiert"),
    ]
