"""`syncsystem bmd validate|convert`: exit codes, one problem per line, JSON, and conversion of 5.5 files."""

from __future__ import annotations

import json
from pathlib import Path

from syncsystem import bmd
from syncsystem.bmd.chunked import scan

BAD = b"konto;nachname;uidnummer\r\n200001;Muster;ATU13585628\r\n1200;Kunde;\r\n"


def test_validate_clean_samples_exits_zero(cli, samples_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """All real samples validate clean: exit 0 and one summary line per file."""
    files = sorted(p for p in samples_dir.iterdir() if p.name != "PROVENANCE.md")
    result = cli("bmd", "validate", *files)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert len(result.stdout.splitlines()) == len(files)
    assert "fdoo_pr10gtest.csv: journal, 138 Zeile(n), cp1252: in Ordnung" in result.stdout
    english = cli("--lang", "en", "bmd", "validate", samples_dir / "fdoo_pr10gtest.csv")
    assert english.stdout.endswith("fdoo_pr10gtest.csv: journal, 138 row(s), cp1252: ok\n")


def test_validate_lists_problems_one_per_line_and_exits_one(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each problem is printed as file:line:field: message; exit code 1."""
    path = tmp_path / "p.csv"
    path.write_bytes(BAD)
    result = cli("bmd", "validate", "--kind", "persons", path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{path}:2:uidnummer: ungültige österreichische UID")
    assert lines[1].startswith(f"{path}:3:konto: Personenkonto 1200 außerhalb")


def test_validate_json_reports_every_file(cli, tmp_path: Path, samples_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """--json gives per-file kind, rows and located problems."""
    path = tmp_path / "p.csv"
    path.write_bytes(BAD)
    result = cli("bmd", "validate", "--json", path, samples_dir / "fdoo_buerf.var")
    payload = json.loads(result.stdout)
    assert result.exit_code == 1 and payload["ok"] is False
    first, second = payload["files"]
    assert [(p["line"], p["field"]) for p in first["problems"]] == [(2, "uidnummer"), (3, "konto")]
    assert (second["kind"], second["rows"], second["ok"]) == ("bookings", 20, True)


def test_validate_missing_file_exits_two(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A file that cannot be read is an environment error: exit 2 with the reason on stderr."""
    result = cli("bmd", "validate", tmp_path / "missing.csv")
    assert result.exit_code == 2
    assert "missing.csv: nicht lesbar" in result.stderr
    english = cli("--lang", "en", "bmd", "validate", tmp_path / "missing.csv")
    assert english.exit_code == 2 and "missing.csv: cannot read" in english.stderr


def test_validate_relative_paths_resolve_against_cwd(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Relative file names are taken from the runtime's working directory."""
    (tmp_path / "k.csv").write_bytes(b"kost;bezeichnung\r\n10;Kueche\r\n")
    assert cli("bmd", "validate", "k.csv").exit_code == 0


def test_validate_names_a_relative_file_as_given(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Problems, the summary, --json and a file that cannot be read name ``sub/p.csv`` as typed,
    not its absolute path."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "p.csv").write_bytes(BAD)
    result = cli("bmd", "validate", "--kind", "persons", "sub/p.csv")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("sub/p.csv:2:uidnummer: ungültige österreichische UID")
    assert lines[-1] == "sub/p.csv: persons, 2 Zeile(n) gelesen, davon 2 mit Problemen, cp1252: 2 Problem(e)"
    entry = json.loads(cli("bmd", "validate", "--json", "--kind", "persons", "sub/p.csv").stdout)["files"][0]
    assert entry["file"] == "sub/p.csv" and entry["problems"][0]["file"] == "sub/p.csv"
    missing = cli("bmd", "validate", "sub/missing.csv")
    assert missing.exit_code == 2 and missing.stderr.startswith("syncsystem: sub/missing.csv: nicht lesbar")
    assert json.loads(cli("bmd", "validate", "--json", "sub/missing.csv").stdout)["files"][0]["file"] == (
        "sub/missing.csv"
    )


def test_convert_buerf_55_to_ntcs(cli, tmp_path: Path, samples_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """convert turns the 5.5 BUERF sample into canonical NTCS CSV holding the same bookings."""
    out = tmp_path / "buchungen.csv"
    result = cli("bmd", "convert", samples_dir / "fdoo_buerf.var", out)
    assert result.exit_code == 0, result.stderr
    assert "20 Zeile(n) bookings" in result.stdout
    written = out.read_bytes()
    assert written.startswith(b"satzart;konto;gkonto;belegnr;belegdatum;buchdatum;buchsymbol;buchcode;")
    assert b"\r\n0;222224;4051;47401;28.10.1998;28.10.1998;AR;1;20;;19,20;-3,20;" in written
    assert bmd.read(out).records == bmd.read(samples_dir / "fdoo_buerf.var").records


def test_convert_utf8_and_55_names(cli, tmp_path: Path, samples_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """--encoding utf-8 and --names bmd55 are honoured."""
    out = tmp_path / "b.csv"
    result = cli(
        "bmd",
        "convert",
        "--json",
        "--names",
        "bmd55",
        "--encoding",
        "utf-8",
        samples_dir / "fdoo_buerf.var",
        out,
    )
    assert result.exit_code == 0 and json.loads(result.stdout)["rows"] == 20
    assert out.read_bytes().startswith(b"satzart;konto;gkto;belegnr;belegdat;buchdat;symbol;bucod;mwst;")


def test_convert_refuses_a_file_with_problems(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A file with problems is not converted: exit 1, problems listed, no output file."""
    src, out = tmp_path / "p.csv", tmp_path / "out.csv"
    src.write_bytes(BAD)
    result = cli("bmd", "convert", src, out)
    assert result.exit_code == 1
    assert "p.csv:2:uidnummer" in result.stdout and "nicht umgewandelt, nichts geschrieben" in result.stdout
    assert not out.exists()


def test_help_and_usage_errors(cli) -> None:  # type: ignore[no-untyped-def]
    """--help works on every subcommand; a bad --kind is a usage error."""
    assert cli("bmd", "validate", "--help").exit_code == 0
    assert cli("bmd", "convert", "--help").exit_code == 0
    assert cli("bmd", "validate", "--kind", "nonsense", "x").exit_code == 2


def test_account_ranges_are_options_not_constants(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """A person account outside the default ranges is a problem unless --suppliers/--customers cover it."""
    external = Path(__file__).resolve().parents[2] / "data" / "external" / "datenpol_customers_2019-03-31.csv"
    target = tmp_path / "kunden.csv"
    target.write_bytes(external.read_bytes().replace(b"\r\n200001;", b"\r\n500001;"))
    default = cli("bmd", "validate", str(target))
    assert default.exit_code == 1
    assert f"{target}:2:ktonr: Personenkonto 500001 außerhalb von 200000–399999" in default.stdout
    english = cli("bmd", "validate", str(target), environ={"LANG": "en_US.UTF-8"})
    assert f"{target}:2:ktonr: person account 500001 outside 200000–399999" in english.stdout
    wider = cli("bmd", "validate", "--suppliers", "500000-599999", str(target))
    assert wider.exit_code == 0, wider.stdout
    bad = cli("bmd", "validate", "--customers", "300000-399999", str(target))
    assert bad.exit_code == 2 and "overlaps" in bad.stderr


STAMERF = Path(__file__).parents[2] / "data" / "external" / "bmd_stamerf_fix_EXCERPT.fix"


def test_validate_does_not_claim_a_kind_or_rows_of_a_file_it_could_not_read(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """BMD's fixed-length STAMERF sample (1000-character master-data records) is refused at line 1, and
    its summary says it was not read instead of "bookings, 0 Zeile(n)"; the same for a header without
    the required columns under --kind. A file whose header was read keeps its kind and row count."""
    path = tmp_path / "stamerf.fix"
    path.write_bytes(STAMERF.read_bytes())
    result = cli("bmd", "validate", path)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}:1: BMD-5.5-Datei mit Sätzen zu 1000 Zeichen (nicht der BUERF-Buchungsaufbau mit "
        "480 Zeichen; STAMERF hat 1000): bitte mit ';'-getrennten Feldern exportieren\n"
        f"{path}: nicht als BMD-Datei gelesen, keine Zeile geprüft: 1 Problem(e)\n"
    )
    entry = json.loads(cli("bmd", "validate", "--json", path).stdout)["files"][0]
    assert (entry["kind"], entry["rows"], entry["ok"]) == (None, None, False)
    english = cli("--lang", "en", "bmd", "validate", path)
    assert english.stdout.endswith(f"{path}: not read as a BMD file, no row checked: 1 problem(s)\n")

    headless = tmp_path / "k.csv"
    headless.write_bytes(b"konto;nachname\r\n200001;Muster\r\n")
    lines = cli("bmd", "validate", "--kind", "bookings", headless).stdout.splitlines()
    assert lines[-1] == f"{headless}: nicht als BMD-Datei gelesen, keine Zeile geprüft: 4 Problem(e)"
    for engine in ("rows", "columns"):
        assert bmd.read(headless, bmd.Kind.BOOKINGS, engine=engine).unread  # type: ignore[arg-type]

    bad_row = tmp_path / "b.csv"
    bad_row.write_bytes(
        b"satzart;konto;gkonto;belegnr;belegdatum;buchcode;betrag\r\n0;4000;2800;1;x;1;5,00\r\n"
    )
    assert cli("bmd", "validate", bad_row).stdout.splitlines()[-1] == (
        f"{bad_row}: bookings, 1 Zeile(n) gelesen, davon 1 mit Problemen, cp1252: 1 Problem(e)"
    )
    assert not bmd.read(bad_row).unread


ALL_BAD = (
    b"satzart;konto;gkonto;belegnr;belegdatum;buchcode;betrag\r\n"
    b"0;4000;2800;1;x;1;5,00\r\n"
    b"0;4000;2800;2;01.02.2026;1;abc\r\n"
)


def test_validate_summary_counts_lines_read_and_lines_with_problems(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A bookings file whose two data lines both have a cell problem reads "2 Zeile(n) gelesen, davon
    2 mit Problemen", not "0 Zeile(n)"; --json keeps ``rows`` (records) and adds the two line counts."""
    path = tmp_path / "b.csv"
    path.write_bytes(ALL_BAD)
    result = cli("bmd", "validate", path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == (
        f"{path}: bookings, 2 Zeile(n) gelesen, davon 2 mit Problemen, cp1252: 2 Problem(e)"
    )
    english = cli("--lang", "en", "bmd", "validate", path)
    assert english.stdout.splitlines()[-1] == (
        f"{path}: bookings, 2 row(s) read, 2 of them with problems, cp1252: 2 problem(s)"
    )
    entry = json.loads(cli("bmd", "validate", "--json", path).stdout)["files"][0]
    assert (entry["rows"], entry["lines"], entry["lines_with_problems"]) == (0, 2, 2)


HEADER_ONLY = (
    b"satzart;konto;gkonto;belegnr;belegdatum;buchcode;betrag;betrag\r\n0;4000;2800;1;01.02.2026;1;5,00;1\r\n"
)


def test_validate_summary_leaves_out_zero_lines_with_problems(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A file whose only problem is in its header (a column twice) does not read "davon 0 mit
    Problemen": the summary names the lines read and the problems; --json keeps both line counts."""
    path = tmp_path / "d.csv"
    path.write_bytes(HEADER_ONLY)
    result = cli("bmd", "validate", path)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}:1:betrag: Spalte doppelt vorhanden (wie 'betrag')\n"
        f"{path}: bookings, 1 Zeile(n) gelesen, cp1252: 1 Problem(e)\n"
    )
    english = cli("--lang", "en", "bmd", "validate", path)
    assert english.stdout.splitlines()[-1] == f"{path}: bookings, 1 row(s) read, cp1252: 1 problem(s)"
    entry = json.loads(cli("bmd", "validate", "--json", path).stdout)["files"][0]
    assert (entry["rows"], entry["lines"], entry["lines_with_problems"], entry["ok"]) == (1, 1, 0, False)


def test_validate_counts_a_kept_line_with_a_finding_once(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A person line with an invalid UID is kept as a record and also has a problem; with a line
    outside the account ranges and a clean one: 3 lines read, 2 of them with problems."""
    path = tmp_path / "p.csv"
    path.write_bytes(BAD + b"200002;Klar;\r\n")
    lines = cli("bmd", "validate", "--kind", "persons", path).stdout.splitlines()
    assert lines[-1] == f"{path}: persons, 3 Zeile(n) gelesen, davon 2 mit Problemen, cp1252: 2 Problem(e)"


def _mixed_persons() -> bytes:
    """200 person lines: every 25th has konto "x" (a cell problem: left out), every other 10th the
    account 1200 (outside the ranges: kept, with a finding) — 8 + 16 = 24 lines with problems."""
    body = []
    for i in range(1, 201):
        konto = "x" if i % 25 == 0 else "1200" if i % 10 == 0 else str(200000 + i)
        body.append(f"{konto};Person {i}\r\n".encode())
    return b"konto;nachname\r\n" + b"".join(body)


def test_every_reader_counts_lines_read_and_lines_with_problems(tmp_path: Path) -> None:
    """The row reader, the columnar reader and the chunked scan agree: 200 lines read, 24 with
    problems, 192 records."""
    path = tmp_path / "p.csv"
    path.write_bytes(_mixed_persons())
    for engine in ("rows", "columns"):
        result = bmd.read(path, bmd.Kind.PERSONS, engine=engine)  # type: ignore[arg-type]
        assert (result.lines, result.faulty_lines, result.rows) == (200, 24, 192), engine
    chunked = scan(path, bmd.Kind.PERSONS, chunk_bytes=512, keep=3)
    assert (chunked.lines, chunked.faulty_lines, chunked.rows) == (200, 24, 192)
