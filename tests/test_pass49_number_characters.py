"""Pass 50 F6: a number holding an invisible character (``3`` + U+200B), a digit of another
script (U+FF14 fullwidth, U+0664 Arabic-Indic) or a minus lookalike (U+2212) was told only
"'3\\u200b' is not a number", in ``--set`` and in CSV number cells alike, while the same
character in a key, an id cell or a scenario file is named. Now one rule
(:func:`chipscope.model.written_numbers.not_a_number`) names it, in every reader of a typed or
CSV number: ``--set``, import-edits (both layouts), ``data check`` and ``data build`` (the
data CSVs and calibration_targets.csv), a scenario's TOML value, the whole-number options and
``--metric``'s year. Exit 2; the user's files and database stay byte-identical."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage.user_edits import list_edits
from tests.deal_edits import deals_db, edits_file, import_edits, table_csv

ZWSP = "it holds an invisible character U+200B (ZERO WIDTH SPACE); delete it"
CHARACTERS = [
    ("3\u200b", ZWSP),
    ("\u200f3", "it holds an invisible character U+200F (RIGHT-TO-LEFT MARK); delete it"),
    ("3\ufeff", "it holds an invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE, a "
                "byte-order mark); delete it"),
    ("\uff13", "write it with ASCII digits 0-9 (it holds U+FF13 FULLWIDTH DIGIT THREE)"),
    ("\u0663", "write it with ASCII digits 0-9 (it holds U+0663 ARABIC-INDIC DIGIT THREE)"),
    ("\u22123", "write the minus as '-' (it holds U+2212 MINUS SIGN)"),
    ("\u00bd", "write it with ASCII characters only (it holds U+00BD VULGAR FRACTION ONE "
               "HALF)"),
]
"""A value and the advice its refusal gives after "is not a number: "."""
LAYOUTS = ["table csv", "edits file"]


@pytest.mark.parametrize(("value", "advice"), CHARACTERS)
def test_set_names_the_character(value: str, advice: str, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.csv"
    assert main(["run", "--out", str(out), "--set", f"own_silicon={value}"]) == 2
    err = capsys.readouterr().err
    assert err.endswith(f"--set: own_silicon: {value!r} is not a number: {advice} "
                        "(allowed -5 to 5 utils)\n"), err
    assert err.count("\n") == 1 and not out.exists()


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(("value", "advice"), CHARACTERS)
def test_import_edits_names_the_character_in_a_number_cell(
        tmp_path: Path, layout: str, value: str, advice: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = deals_db(tmp_path)
    row = {**d0, "amount": value, "h100e_per_year": "", "conversion": ""}
    path = (edits_file(tmp_path / "e.csv", row) if layout == "edits file"
            else table_csv(tmp_path / "dv.csv", [row]))
    before, file_bytes = db.read_bytes(), path.read_bytes()
    status = import_edits(path, db, *(["--table", "deals"] if layout == "table csv" else []))
    err = capsys.readouterr().err
    assert status == 2, err
    assert f", line 2, column amount: {value!r} is not a number: {advice}\n" in err, err
    assert "1 problem" in err
    assert db.read_bytes() == before and path.read_bytes() == file_bytes
    assert list_edits(db) == []


def _data_folder(tmp_path: Path) -> Path:
    return Path(shutil.copytree(Path(__file__).resolve().parents[1] / "data", tmp_path / "d",
                                ignore=shutil.ignore_patterns("*.db", "derive")))


def set_cell(path: Path, column: str, value: str) -> None:
    """Write ``value`` into ``column`` of the first row of the CSV ``path``."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0][column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.mark.parametrize(("table", "column"), [("chips", "price_usd"), ("deals", "amount"),
                                               ("history", "year"),
                                               ("calibration_targets", "units")])
@pytest.mark.parametrize(("value", "advice"), [CHARACTERS[0], CHARACTERS[3], CHARACTERS[5]])
def test_data_check_and_build_name_the_character(
        tmp_path: Path, table: str, column: str, value: str, advice: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder = _data_folder(tmp_path)
    set_cell(folder / f"{table}.csv", column, value)
    said = f"{table}.csv, line 2, column {column}: {value!r} is not a number: {advice}"
    kept = (folder / f"{table}.csv").read_bytes()
    assert main(["data", "check", "--csv-dir", str(folder)]) == 2
    assert said in capsys.readouterr().err
    out = tmp_path / "x.db"
    assert main(["data", "build", "--csv-dir", str(folder), "--out", str(out)]) == 2
    assert said in capsys.readouterr().err
    assert not out.exists() and (folder / f"{table}.csv").read_bytes() == kept


@pytest.mark.parametrize(("value", "said"), [
    ("\uff14", "U+FF14 (FULLWIDTH DIGIT FOUR) stands here; write numbers with ASCII digits 0-9"),
    ("\u0664", "U+0664 (ARABIC-INDIC DIGIT FOUR) stands here; write numbers with ASCII digits "
               "0-9"),
    ("\u22120.5", "U+2212 (MINUS SIGN) stands here; write the minus as '-'"),
])
def test_a_scenario_value_names_the_character(value: str, said: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Was "not valid TOML: Invalid value (at line 4, column 11)"."""
    scenario = tmp_path / "s.toml"
    scenario.write_text(f'format_version = 2\nname = "s"\n[assumptions]\nlock_in = {value}\n',
                        encoding="utf-8")
    out = tmp_path / "x.csv"
    assert main(["run", "--scenario", str(scenario), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.endswith(f"s.toml: line 4, column 11: {said}\n"), err
    assert not out.exists()


@pytest.mark.parametrize(("option", "value", "advice"), [
    ("--seed", "1\u200b", ZWSP),
    ("--draws", "\uff11\uff10", "write it with ASCII digits 0-9 (it holds U+FF11 FULLWIDTH DIGIT "
                                "ONE)"),
])
def test_a_whole_number_option_names_the_character(
        option: str, value: str, advice: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.csv"
    assert main(["run", "--draws", "5", option, value, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.endswith(f"{option}: {value!r} is not a whole number: {advice}\n"), err


def test_a_metric_year_names_the_character(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.csv"
    assert main(["sensitivity", "--metric", "share:nvidia:\uff12\uff10\uff13\uff10",
                 "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert ("year '\uff12\uff10\uff13\uff10' is not a year from 2022 to 2040: write it with "
            "ASCII digits 0-9 (it holds U+FF12 FULLWIDTH DIGIT TWO)\n") in err, err
    assert not out.exists()
