"""The clearing store through the command line: invoices registered and cancelled by the source system
(`interfaces debtors book|cancel --db`), the `clearing invoices` table, and refused headers.

Expected values are written by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from syncsystem.clearing.commands import austrian, natural_key

from .conftest import clearing, write_clearings


@pytest.fixture
def source(tmp_path: Path, cli: Any) -> dict[str, Any]:
    """An export folder with one debtor; returns its folder, clearing store URL and account."""
    folder = tmp_path / "quelle"
    folder.mkdir()
    debtor = tmp_path / "debtor.json"
    debtor.write_text(
        json.dumps([{"nachname": "Hotel Alpenblick GmbH", "ort": "Wien", "land": "AT", "sammelkonto": 2000}]),
        encoding="utf-8",
    )
    out = cli("interfaces", "debtors", "create", "--dir", folder, "--input", debtor, "--json")
    assert out.exit_code == 0, out.stderr
    return {
        "dir": folder,
        "db": f"sqlite:///{tmp_path / 'clearing.sqlite'}",
        "konto": int(json.loads(out.stdout)[0]["konto"]),
    }


def _book(cli: Any, tmp_path: Path, source: dict[str, Any], nr: str, gross: str, *db: str) -> None:
    path = tmp_path / f"invoice-{nr}.json"
    path.write_text(
        json.dumps(
            [
                {
                    "rechnungsnr": nr,
                    "datum": "2026-03-02",
                    "debitor": source["konto"],
                    "mandant": "1001",
                    "lines": [{"konto": 4000, "brutto": gross, "mwst": "1 (20)"}],
                }
            ]
        ),
        encoding="utf-8",
    )
    out = cli("interfaces", "debtors", "book", "--dir", source["dir"], "--input", path, *db)
    assert out.exit_code == 0, out.stderr


def _invoices(cli: Any, db: str) -> dict[str, dict[str, Any]]:
    out = cli("clearing", "invoices", "--db", db, "--json")
    assert out.exit_code == 0, out.stderr
    return {r["rechnungsnr"]: r for r in json.loads(out.stdout)}


def _cancel(cli: Any, source: dict[str, Any], nr: str, *db: str) -> Any:
    """`interfaces debtors cancel` of invoice ``nr`` of Mandant 1001 on 12.03.2026."""
    args = ("--mandant", "1001", "--invoice", nr, "--date", "2026-03-12", *db)
    return cli("interfaces", "debtors", "cancel", "--dir", source["dir"], *args)


def test_booked_invoice_is_known_to_the_clearing_and_its_payment_lands(
    tmp_path: Path, cli: Any, source: dict[str, Any]
) -> None:
    """book --db registers (Mandant 1001, debtor's account, V-1); BMD's clearing of it needs no OP list."""
    _book(cli, tmp_path, source, "V-1", "1234.56", "--db", source["db"])
    f = write_clearings(tmp_path / "a.csv", [clearing("V-1", "1234.56", konto=source["konto"], day=9)])
    out = cli("clearing", "import", f, "--db", source["db"], "--json")
    assert out.exit_code == 0, out.stdout
    row = _invoices(cli, source["db"])["V-1"]
    assert (row["konto"], row["betrag"], row["bezahlt"], row["status"], row["paid_on"]) == (
        source["konto"],
        "1234.56",
        "1234.56",
        "bezahlt",
        "2026-03-09",
    )


def test_cancellation_reaches_the_clearing_store(tmp_path: Path, cli: Any, source: dict[str, Any]) -> None:
    """cancel --db marks the invoice storniert; a partial payment no longer makes it anything else."""
    _book(cli, tmp_path, source, "V-1", "100.00", "--db", source["db"])
    f = write_clearings(tmp_path / "a.csv", [clearing("V-1", "40.00", konto=source["konto"])])
    assert cli("clearing", "import", f, "--db", source["db"]).exit_code == 0
    out = _cancel(cli, source, "V-1", "--db", source["db"])
    assert out.exit_code == 0, out.stderr
    row = _invoices(cli, source["db"])["V-1"]
    assert (row["status"], row["cancelled_on"], row["bezahlt"], row["paid_on"]) == (
        "storniert",
        "2026-03-12",
        "40.00",
        None,
    )


def test_cancelling_a_registered_invoice_without_db_is_refused(
    tmp_path: Path, cli: Any, source: dict[str, Any]
) -> None:
    """Booked with --db, cancelled without: refused (exit 1) naming --db; nothing written anywhere."""
    _book(cli, tmp_path, source, "V-1", "100.00", "--db", source["db"])
    before = (source["dir"] / "Buchungen_1001.csv").read_bytes()
    out = _cancel(cli, source, "V-1")
    assert out.exit_code == 1 and "--db" in out.stderr, out.stderr
    assert (source["dir"] / "Buchungen_1001.csv").read_bytes() == before
    assert _invoices(cli, source["db"])["V-1"]["status"] == "offen"


def test_cancelling_an_invoice_booked_without_db_registers_it_cancelled(
    tmp_path: Path, cli: Any, source: dict[str, Any]
) -> None:
    """The clearing store learns of the invoice with its cancellation."""
    _book(cli, tmp_path, source, "V-2", "50.00")
    out = _cancel(cli, source, "V-2", "--db", source["db"])
    assert out.exit_code == 0, out.stderr
    row = _invoices(cli, source["db"])["V-2"]
    assert (row["konto"], row["betrag"], row["status"]) == (source["konto"], "50.00", "storniert")


def test_invoice_table_has_a_header_natural_order_and_austrian_amounts(
    tmp_path: Path, cli: Any, source: dict[str, Any]
) -> None:
    """V-10 after V-2; 1.234,56 and −1.527,90 as Austrians write them; dates TT.MM.JJJJ."""
    for nr, gross in (("V-10", "1234.56"), ("V-2", "-1527.90"), ("V-1", "5.00")):
        _book(cli, tmp_path, source, nr, gross, "--db", source["db"])
    out = cli("clearing", "invoices", "--db", source["db"])
    lines = out.stdout.splitlines()
    assert lines[0].split() == [
        "Mandant",
        "Konto",
        "Rechnungsnr",
        "Datum",
        "Betrag",
        "Bezahlt",
        "Status",
        "Bezahlt",
        "am",
    ]
    assert [line.split()[2] for line in lines[1:]] == ["V-1", "V-2", "V-10"]
    assert lines[3].split()[3:6] == ["02.03.2026", "1.234,56", "0,00"]
    assert lines[2].split()[4] == "-1.527,90"


@pytest.mark.parametrize(
    ("amount", "text"),
    [("0", "0,00"), ("1234.5", "1.234,50"), ("-1527.9", "-1.527,90"), ("1234567.89", "1.234.567,89")],
)
def test_austrian_number_format(amount: str, text: str) -> None:
    """Thousands point, decimal comma, two decimals."""
    from decimal import Decimal  # noqa: PLC0415 - only here

    assert austrian(Decimal(amount)) == text


def test_natural_order_compares_digit_runs_as_numbers() -> None:
    """2 before 10, with and without prefix."""
    assert sorted(["10", "2", "V-10", "V-2", "V-1"], key=natural_key) == ["2", "10", "V-1", "V-2", "V-10"]


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Kto-Nr;Rng-Nr;Ausz-Betrg;Ausz-Datum;Zahlungs-BelegNr;Text", "Ausz-Betrag"),
        ("Kto-Nr;Rng-Nr;Ausz-Betrag;Ausz-Dtum;Zahlungs-BelegNr;Text", "Ausz-Datum"),
        ("Kto-Nrr;Rng-Nr;Ausz-Betrag;Ausz-Datum;Zahlungs-BelegNr;Text", "Kto-Nrr"),
        ("Kto-Nr;Rng-Nr;Ausz-Betrag;Ausz-Datum;Zahlungs-BelegNr;Txt", "Txt"),
    ],
)
def test_misspelt_column_is_one_sentence_naming_file_and_column(
    tmp_path: Path, cli: Any, header: str, column: str
) -> None:
    """No traceback: exit 1 and `file:1:column: …` for a misspelt caption; nothing imported."""
    f = tmp_path / "ausz.csv"
    f.write_bytes(f"{header}\r\n200001;R-1;10,00;05.03.2026;BK-1;x\r\n".encode())
    out = cli("clearing", "import", f, "--db", f"sqlite:///{tmp_path / 'c.sqlite'}")
    assert out.exit_code == 1
    problems = [line for line in out.stderr.splitlines() if line.startswith(str(f))]
    assert len(problems) == 1 and problems[0].startswith(f"{f}:1:{column}: "), out.stderr
    assert "Traceback" not in out.stderr


def test_misspelt_op_list_column_is_named_on_its_header_line(tmp_path: Path, cli: Any) -> None:
    """An OP list's header follows a preamble line: the problem names line 2 and the column."""
    f = tmp_path / "op.csv"
    f.write_bytes(
        "Offene Posten;;per 31. März 2026\r\nKto-Nr;Rng-Nr;Rng-Dat;Rng-Betrag;OP-Betrg;BS;Text\r\n"
        "300016;26;03.03.2026;-1527,90;-1527,90;ER;Papier\r\n".encode("cp1252")
    )
    out = cli("clearing", "import", f, "--mandant", "1001", "--db", f"sqlite:///{tmp_path / 'c.sqlite'}")
    assert out.exit_code == 1
    problems = [line for line in out.stderr.splitlines() if line.startswith(str(f))]
    assert problems == [
        f"{f}:2:OP-Betrag: Spalte 'OP-Betrag' der OP-Liste fehlt in der Kopfzeile; "
        "dort steht 'OP-Betrg' – verschrieben?"
    ], out.stderr
    english = cli(
        "--lang",
        "en",
        "clearing",
        "import",
        f,
        "--mandant",
        "1001",
        "--db",
        f"sqlite:///{tmp_path / 'c.sqlite'}",
    )
    assert [line for line in english.stderr.splitlines() if line.startswith(str(f))] == [
        f"{f}:2:OP-Betrag: column 'OP-Betrag' of the OP list is missing from the header; "
        "the header has 'OP-Betrg' — misspelt?"
    ], english.stderr


def test_a_refusal_in_json_says_its_head_in_the_chosen_language(tmp_path: Path, cli: Any) -> None:
    """``--json``: the refusal's ``error`` is the sentence the text form says (German, or English with
    ``--lang en``), beside every problem with its code — not a fixed English phrase."""
    f = tmp_path / "ausz.csv"
    f.write_bytes(
        b"Kto-Nr;Rng-Nr;Ausz-Betrag;Ausz-Datum;Zahlungs-BelegNr;Text\r\n200001;R-1;abc;05.03.2026;BK-1;x\r\n"
    )
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    german = json.loads(cli("clearing", "import", f, "--db", db, "--json").stdout)
    assert german["error"] == "Import abgewiesen, nichts importiert: 1 Problem(e)"
    assert [(p["line"], p["field"], p["code"]) for p in german["problems"]] == [
        (2, "Ausz-Betrag", "bmd.cell.not_number")
    ]
    english = json.loads(cli("--lang", "en", "clearing", "import", f, "--db", db, "--json").stdout)
    assert english["error"] == "import refused, nothing imported: 1 problem(s)"
