"""A wrong value in what a source system hands over is named at its own field, in German words.

Invoices, debtors and transactions are typed by hand in another program; a refusal must say which
value of which item is wrong in the office's language — never Python's own words ("invalid literal
for int()", "'str' object has no attribute 'get'"). Expected lines are written by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _problems(result: Any) -> list[str]:
    """The problem lines of a refusal (after its one-sentence head)."""
    return result.stderr.splitlines()[1:]


def test_debtor_numbers_that_are_not_whole_are_named_in_german(tmp_path: Path, cli: Any) -> None:
    """``konto``/``sammelkonto`` 'abc' ⇒ "'abc' ist keine ganze Zahl" at ``[0].konto``."""
    bad = tmp_path / "debtors.json"
    bad.write_text(json.dumps([{"nachname": "X", "konto": "abc", "sammelkonto": "zz"}]), encoding="utf-8")
    refused = cli("interfaces", "debtors", "update", "--dir", tmp_path, "--input", bad)
    assert refused.exit_code == 1
    assert _problems(refused) == [
        f"{bad}:[0].konto: 'abc' ist keine ganze Zahl",
        f"{bad}:[0].sammelkonto: 'zz' ist keine ganze Zahl",
    ]


def test_invoice_values_are_named_at_their_own_field(tmp_path: Path, cli: Any) -> None:
    """A wrong debtor, VAT type, amount and account each name their field: ``debitor``, ``lines[0].mwst``,
    ``lines[1].netto`` (both amounts), ``lines[2].konto`` — every one in the same round, in German."""
    bad = tmp_path / "invoices.json"
    lines = [
        {"konto": 4000, "netto": "100.00", "mwst": "99"},
        {"konto": 4000, "netto": "100.00", "brutto": "120.00", "mwst": "1 (20)"},
        {"konto": "x", "netto": "100.00", "mwst": "1 (20)"},
    ]
    bad.write_text(
        json.dumps([{"rechnungsnr": "1", "datum": "2026-03-02", "debitor": "x", "lines": lines}]),
        encoding="utf-8",
    )
    refused = cli("interfaces", "debtors", "book", "--dir", tmp_path, "--input", bad, "--mandant", "1001")
    assert refused.exit_code == 1
    assert _problems(refused) == [
        f"{bad}:[0].debitor: 'x' ist keine ganze Zahl",
        f"{bad}:[0].lines[0].mwst: '99' ist keine USt-Art der Form „Code (Prozent)“, z. B. '1 (20)'",
        f"{bad}:[0].lines[1].netto: entweder netto oder brutto angeben, nicht beides",
        f"{bad}:[0].lines[2].konto: 'x' ist keine ganze Zahl",
    ]


def test_invoice_csv_names_line_and_column(tmp_path: Path, cli: Any) -> None:
    """In a CSV the problem names the file's line and the column: ``inv.csv:2:debitor``."""
    bad = tmp_path / "inv.csv"
    bad.write_text(
        "rechnungsnr;datum;debitor;konto;netto;mwst\n1;02.03.2026;abc;4000;100;1 (120)\n", encoding="utf-8"
    )
    refused = cli("interfaces", "debtors", "book", "--dir", tmp_path, "--input", bad, "--mandant", "1001")
    assert _problems(refused) == [
        f"{bad}:2:debitor: 'abc' ist keine ganze Zahl",
        f"{bad}:2:mwst: '1 (120)': Steuersatz über 100 %",
    ]


def test_transactions_name_the_field_and_refuse_an_item_that_is_no_object(tmp_path: Path, cli: Any) -> None:
    """``interfaces export``: a German date, a wrong amount and a bare string are each named in German."""
    tx = tmp_path / "tx.json"
    tx.write_text(
        json.dumps(
            [
                {"id": "t1", "date": "02.03.2026", "debit": "ACME", "credit": "ROOMS", "gross": "abc"},
                "x",
                {"id": "t3", "date": "2026-03-02", "credit": "ROOMS", "gross": "1", "vat": "zehn"},
            ]
        ),
        encoding="utf-8",
    )
    config = tmp_path / "bmd.json"
    config.write_text(json.dumps({"accounts": {}}), encoding="utf-8")
    args = ("interfaces", "export", "--transactions", tx, "--config", config, "--out", tmp_path / "out")
    refused = cli(*args)
    assert refused.exit_code == 1
    assert _problems(refused) == [
        f"{tx}:[0].date: '02.03.2026' ist kein Datum JJJJ-MM-TT",
        f"{tx}:[0].gross: 'abc' ist kein Betrag",
        f"{tx}:[1]: ein JSON-Objekt erwartet",
        f"{tx}:[2].debit: fehlt",
        f"{tx}:[2].vat: 'zehn' ist kein Betrag",
    ]
    assert not (tmp_path / "out").exists()
    english = cli("--lang", "en", *args)
    assert _problems(english)[0] == f"{tx}:[0].date: '02.03.2026' is not a date YYYY-MM-DD"


def test_export_range_without_mandant_says_how_to_give_one(tmp_path: Path, cli: Any) -> None:
    """A transaction without ``mandant`` and no ``--mandant``: the problem names the option, not a "job"."""
    folder = tmp_path / "tx"
    folder.mkdir()
    item = {"id": "t1", "date": "2026-03-02", "debit": "ACME", "credit": "ROOMS", "gross": "110.00"}
    (folder / "tx.json").write_text(json.dumps([item]), encoding="utf-8")
    config = tmp_path / "bmd.json"
    config.write_text(json.dumps({"accounts": {}}), encoding="utf-8")
    refused = cli("interfaces", "export-range", "--config", config, "--transactions-dir", folder,
                  "--out-dir", tmp_path / "out", "--month", "2026-03")  # fmt: skip
    assert refused.exit_code == 1
    assert _problems(refused) == [
        f"{folder / 'tx.json'}:[0].mandant: Pflichtfeld, wenn kein Mandant vorgegeben ist "
        "(ein Auftrag mit mehreren Mandanten, export-range ohne --mandant)"
    ]
