"""Found by the eleventh pass over the CLI (/work/pass11-cli.md, C2, D2, D3): the one rule of
the data checks, applied alike by ``data check``, ``data build`` and ``data import-edits``.

- C2: a finite but huge quantity (a deal of 1e307 chips) passed, then the engine overflowed
  (numpy warnings, ``inf`` in the CSV): deal amounts, H100e, chips and dollars have upper
  bounds far above any real value, named with their unit.
- D2: a deal whose first_year comes after its last_year was told as "column h100e_per_year:
  empty" (a column the user may leave out): the year order is told, at last_year.
- D3: ids with ``:``, spaces, ``#``, ``/``, ``<`` or ``%`` were accepted although the message
  says ids are plain ASCII letters, digits, _ and -; a vendor "x:y" could not be named in
  ``--metric share:x:y:2030``.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.table_checks import id_problem

DATA = Path(__file__).resolve().parents[1] / "data"
Capture = pytest.CaptureFixture[str]
DEAL_HEADER = ("deal_id,adopter_id,vendor_id,chip_id,first_year,last_year,amount,amount_unit,"
               "description,confidence,firmness,start_fraction,host_id,citation,url,retrieved,"
               "licence\n")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "mine.db"
    shutil.copyfile(DATA / "chipscope.db", path)
    return path


@pytest.fixture
def csvs(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for path in DATA.glob("*.csv"):
        shutil.copyfile(path, folder / path.name)
    return folder


def _deal(tmp_path: Path, first: int, last: int, amount: str, unit: str) -> Path:
    path = tmp_path / "deal.csv"
    path.write_text(DEAL_HEADER + f"nd1,openai,amd,mi450,{first},{last},{amount},{unit},New deal,"
                    "medium,firm,,,Example,https://example.com/a,2026-11-30,MIT\n",
                    encoding="utf-8")
    return path


def _import_refused(path: Path, db: Path, capsys: Capture) -> list[str]:
    before = db.read_bytes()
    assert main(["data", "import-edits", str(path), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "unexpected" not in err and "Traceback" not in err, err
    assert db.read_bytes() == before  # nothing imported
    return [line.strip().replace(f"{path.parent}/", "") for line in err.splitlines()[1:]]


def _set(folder: Path, table: str, column: str, value: str) -> Path:
    """Set ``column`` of the first record (line 2) of ``<table>.csv``."""
    path = folder / f"{table}.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows[1][rows[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return path


def _both_refuse(folder: Path, capsys: Capture, *words: str) -> None:
    out = folder.parent / "out.db"
    for argv in (["data", "check", "--csv-dir", str(folder)],
                 ["data", "build", "--csv-dir", str(folder), "--out", str(out)]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "unexpected" not in err, err
        for w in words:
            assert w in err, (w, err)
    assert not out.exists()


# --- C2: upper bounds far above any real value ---------------------------------------------------
@pytest.mark.parametrize(("amount", "unit"), [("1e307", "units"), ("1.7e308", "h100e"),
                                              ("1.7e308", "GW")])
def test_import_refuses_a_huge_deal_amount(tmp_path: Path, db: Path, capsys: Capture,
                                           amount: str, unit: str) -> None:
    problems = _import_refused(_deal(tmp_path, 2027, 2029, amount, unit), db, capsys)
    assert problems == [f"deal.csv, line 2, column amount: {amount} is above 1e15 in any "
                        "amount_unit, the most allowed (far above any real value); check the "
                        "figure and its unit"]


def test_import_tells_a_converted_size_that_is_too_large_at_the_amount(
        tmp_path: Path, db: Path, capsys: Capture) -> None:
    problems = _import_refused(_deal(tmp_path, 2027, 2029, "1e14", "GW"), db, capsys)
    assert len(problems) == 1 and problems[0].startswith(
        "deal.csv, line 2, column amount: 1e14 GW comes to "), problems
    assert "H100e per year, above the 1e12 H100e per year allowed" in problems[0]


@pytest.mark.parametrize(("table", "column", "value", "unit"), [
    ("deals", "amount", "1e307", "1e15 in any amount_unit"),
    ("deals", "h100e_per_year", "1.7e308", "1e12 H100e per year"),
    ("history", "units", "1e300", "1e12 chips"),
    ("history", "h100e", "2e12", "1e12 H100e"),
    ("budgets", "budget_usd", "1e300", "1e15 USD"),
    ("reported", "value_usd", "1e16", "1e15 USD"),
])
def test_check_and_build_refuse_a_huge_quantity(csvs: Path, capsys: Capture, table: str,
                                                column: str, value: str, unit: str) -> None:
    path = _set(csvs, table, column, value)
    _both_refuse(csvs, capsys, f"{path}, line 2, column {column}: {value} is above {unit}, the "
                               "most allowed")


def test_check_refuses_a_huge_size_in_a_database(db: Path, capsys: Capture) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE deals SET h100e_per_year = 1.7e308 WHERE rowid = (SELECT "
                     "min(rowid) FROM deals)")
    conn.close()
    assert main(["data", "check", "--db", str(db)]) == 2
    assert "column h100e_per_year: 1.7e+308 is above 1e12 H100e per year" in \
        capsys.readouterr().err


def test_the_bundled_data_pass(capsys: Capture, tmp_path: Path) -> None:
    db = tmp_path / "bundled.db"
    shutil.copyfile(DATA / "chipscope.db", db)
    assert main(["data", "check", "--csv-dir", str(DATA)]) == 0
    assert main(["data", "check", "--db", str(db)]) == 0


# --- D2: the year order, before what is computed from it ----------------------------------------
def test_import_tells_a_deal_ending_before_it_starts(tmp_path: Path, db: Path,
                                                     capsys: Capture) -> None:
    problems = _import_refused(_deal(tmp_path, 2029, 2027, "1", "GW"), db, capsys)
    assert problems == ["deal.csv, line 2, column last_year: 2027 is before first_year 2029"]


def test_import_names_an_unknown_chip_not_the_computed_columns(tmp_path: Path, db: Path,
                                                               capsys: Capture) -> None:
    """A deal of an unknown chip was told as "column h100e_per_year: empty" and "column
    conversion: empty": columns the user may leave out (the computing stopped at the chip)."""
    path = _deal(tmp_path, 2027, 2028, "1", "GW")
    path.write_text(path.read_text(encoding="utf-8").replace(",mi450,", ",mi999,"),
                    encoding="utf-8")
    problems = _import_refused(path, db, capsys)
    assert problems == ["deal.csv, line 2, column chip_id: 'mi999' is not a chip of the "
                        "dataset; a deal in GW is converted at its chip"]


@pytest.mark.parametrize("table", ["deals", "export_rules"])
def test_check_and_build_tell_the_year_order(csvs: Path, capsys: Capture, table: str) -> None:
    _set(csvs, table, "first_year", "2030")
    path = _set(csvs, table, "last_year", "2027")
    _both_refuse(csvs, capsys, f"{path}, line 2, column last_year: 2027 is before first_year "
                               "2030")


# --- D3: ids hold what the message says: ASCII letters, digits, _ and - --------------------------
VENDOR_HEADER = ("vendor_id,name,kind,colour,confidence,notes,owner_id,citation,url,retrieved,"
                 "licence\n")


@pytest.mark.parametrize(("vendor_id", "named"), [
    ("x:y", "':'"), ("x y", "a space"), ("x#y", "'#'"), ("x/y", "'/'"), ("<b>", "'<'"),
    ("%s", "'%'"), ("x;y", "';'"), ("x*", "'*'"), ('"x""y"', "'\"'")])
def test_import_refuses_an_id_the_cli_cannot_name(tmp_path: Path, db: Path, capsys: Capture,
                                                  vendor_id: str, named: str) -> None:
    path = tmp_path / "vendor.csv"
    path.write_text(VENDOR_HEADER + f"{vendor_id},New V,merchant,#123456,low,,,Ex,"
                    "https://example.com/a,2026-11-30,MIT\n", encoding="utf-8")
    before = db.read_bytes()
    assert main(["data", "import-edits", "--table", "vendors", str(path), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "line 2, column vendor_id: " in err, err
    assert (f"contains {named}; ids are plain ASCII (letters, digits, _ and -), so that "
            "assumption keys, --set and --metric can name them") in err, err
    assert db.read_bytes() == before


def test_ids_of_letters_digits_underscores_and_dashes_pass() -> None:
    for good in ("nvidia", "tpu_v5e", "mi300x", "d-1", "XV", "2030"):
        assert id_problem(good) is None, good
    assert id_problem("n d") is not None and id_problem("x:y") is not None


def test_check_and_build_refuse_an_id_with_a_colon(csvs: Path, capsys: Capture) -> None:
    path = _set(csvs, "deals", "deal_id", "d:1")
    _both_refuse(csvs, capsys, f"{path}, line 2, column deal_id: 'd:1' contains ':'; ids are "
                               "plain ASCII")
