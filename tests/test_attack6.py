"""Found by the sixth, independent attack pass of issue 10 (/tmp/attack6/findings.md): each test
reproduces one finding and checks the promise: one sentence naming the file or field and the
cause, exit status 2 from the CLI, and nothing the user had lost."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from chipscope.cli import main
from chipscope.model.assumptions import AssumptionSpecs, parse_set_options, unknown_key_message
from chipscope.model.data_editor import DataEditor, MemoryEditStore
from chipscope.model.dataset import Dataset
from chipscope.model.document import Document
from chipscope.model.edits import EditRejected, EditSource, frames_as_text
from chipscope.model.scenario import ScenarioError, parse_scenario
from chipscope.model.sweep import parse_sweep_spec
from chipscope.model.synthetic import synthetic_dataset
from chipscope.model.table_checks import check_table
from chipscope.model.text_rules import without_hidden
from chipscope.storage import files
from chipscope.storage.calibration_files import read_calibration_targets
from chipscope.storage.scenario_files import read_scenario_file, write_scenario_file
from chipscope.storage.scenarios import load_scenario, save_scenario
from chipscope.storage.schema import StorageError

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def specs() -> AssumptionSpecs:
    return AssumptionSpecs.for_dataset(synthetic_dataset())


# --- G1: a write into /proc names the cause, not "No such file or directory" -----------------
@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux /proc")
def test_a_write_into_proc_says_the_folder_takes_no_new_files() -> None:
    with pytest.raises(files.WriteFailed) as info:
        files.write_text("/proc/self/status", "x", "CSV file")
    message = str(info.value)
    assert "/proc/self" in message and "does not take new files" in message
    assert "No such file" not in message


# --- G2: more than 40 symlinks in a row is a long chain, not a loop ----------------------------
def _chain(folder: Path, length: int) -> Path:
    (folder / "s0.toml").write_text("format_version = 2\n")
    for i in range(1, length + 1):
        (folder / f"s{i}.toml").symlink_to(f"s{i - 1}.toml")
    return folder / f"s{length}.toml"


def test_a_chain_of_45_symlinks_is_read_like_it_is_written(tmp_path: Path) -> None:
    end = _chain(tmp_path, 45)
    assert files.read_text(end, "scenario file") == "format_version = 2\n"


def test_a_real_symlink_loop_is_still_called_a_loop(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(files.FileRefused, match="symlink loop"):
        files.read_text(tmp_path / "a", "scenario file")


# --- G3: a number too large for a float is "too large", not "not a number" ------------------
@pytest.mark.parametrize("value", ["1" + "0" * 400, "9" * 5000, "1e400"])
def test_a_huge_number_in_a_data_csv_is_too_large(value: str) -> None:
    frame = pd.read_csv(DATA / "chips.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "memory_gb"] = value
    problems = [p for p in check_table("chips", frame) if "memory_gb" in p]
    assert problems and "too large" in problems[0] and len(problems[0]) < 200


def test_a_word_in_a_number_column_is_still_not_a_number() -> None:
    frame = pd.read_csv(DATA / "chips.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "memory_gb"] = "inf"
    problems = [p for p in check_table("chips", frame) if "memory_gb" in p]
    assert problems and "not a finite number" in problems[0]


# --- G4: a key with a confusable character names it -------------------------------------------
def test_a_cyrillic_letter_in_a_set_key_is_named(specs: AssumptionSpecs) -> None:
    with pytest.raises(ValueError) as info:
        parse_set_options(specs, ["dem\u0430nd_growth_pct=3"])
    assert "U+0430 CYRILLIC SMALL LETTER A" in str(info.value)
    assert "U+" not in unknown_key_message("nosuch", specs)  # plain keys: no note


# --- G5: an empty sub-table of a scenario file is not silently dropped -------------------------
@pytest.mark.parametrize(("body", "named"), [
    ("[assumptions]\nx = {}\n", "x"),
    ("[assumptions.adopter.nosuch]\n", "adopter.nosuch"),
    ("[assumptions]\ndemand_growth_pct = 3\n[assumptions.x]\n", "x"),
    ("[ranges]\nx = {}\n", "'x'"),
    ("[ranges.demand_growth_pct]\n", "'demand_growth_pct'"),
])
def test_an_empty_table_in_a_scenario_file_is_refused(specs: AssumptionSpecs, body: str,
                                                       named: str) -> None:
    with pytest.raises(ScenarioError) as info:
        parse_scenario("format_version = 2\n" + body, specs, source="s.toml")
    assert named in str(info.value) and "empty table" in str(info.value)


def test_an_empty_assumptions_table_is_still_fine(specs: AssumptionSpecs) -> None:
    assert parse_scenario("format_version = 2\n[assumptions]\n[ranges]\n", specs).values == {}


# --- G6: the calibration targets refuse nan, fractions, quarter 7 and huge cells ------------
def _targets(tmp_path: Path, column: str, value: str) -> Path:
    with open(DATA / "calibration_targets.csv", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][rows[0].index(column)] = value
    path = tmp_path / "targets.csv"
    with open(path, "w", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


@pytest.mark.parametrize(("column", "value", "why"), [
    ("year", "2026.5", "is not a whole number"),
    ("quarter", "7", "is not a quarter"),
    ("h100e", "nan", "is not a number"),
    ("units", "\u0661\u0662", "is not a number"),
    ("units", "1" + "0" * 5000, "is too large"),
    ("h100e", "1e400", "is too large"),
])
def test_a_bad_calibration_target_is_named_once(tmp_path: Path, column: str, value: str,
                                                 why: str) -> None:
    with pytest.raises(StorageError) as info:
        read_calibration_targets(_targets(tmp_path, column, value))
    message = str(info.value)
    assert f"line 2, column {column}" in message and why in message
    assert message.count(";") == 0 and len(message) < 300  # one problem, the cell shortened


def test_the_bundled_calibration_targets_still_read() -> None:
    assert len(read_calibration_targets(DATA / "calibration_targets.csv")) > 0


# --- G7: a sweep grid: an empty table and `true` for a number are refused ------------------
@pytest.mark.parametrize(("grid", "why"), [
    ("[grid]\ndemand_growth_pct = [10, 20]\n[grid.adopter.nosuch]\n", "adopter.nosuch"),
    ("[grid]\ndemand_growth_pct = [true, 20]\n", "true is not a number"),
])
def test_a_bad_sweep_grid_is_refused(specs: AssumptionSpecs, grid: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_sweep_spec(grid, specs)


def test_an_on_off_key_still_sweeps_true_and_false(specs: AssumptionSpecs) -> None:
    spec = parse_sweep_spec('[grid]\n"deal.d0.enabled" = [true, false]\n', specs)
    assert spec.grid == {"deal.d0.enabled": (1.0, 0.0)}


# --- G8: a description saved before the free-text rule exports, imports and saves again ------
def test_an_old_description_round_trips(synthetic_db: Path, tmp_path: Path,
                                        specs: AssumptionSpecs) -> None:
    db = synthetic_db
    save_scenario(db, "old", "fine", {"demand_growth_pct": 40.0})
    with sqlite3.connect(db) as conn:  # as an older version stored it
        conn.execute("UPDATE scenarios SET description = ? WHERE name = 'old'",
                     ("red\x1b[31m \u202egnp.exe\ttab",))
    record = load_scenario(db, "old")
    assert record.scenario.description == "red[31m gnp.exe\ttab"
    write_scenario_file(tmp_path / "old.toml", record.scenario, specs)
    assert read_scenario_file(tmp_path / "old.toml", specs).description == "red[31m gnp.exe\ttab"
    save_scenario(db, "old", record.scenario.description, record.scenario.values)
    assert without_hidden("a\u0000b\u2066c\nd") == "abc\nd"


# --- G10: a duplicate in the data editor names the row, not a CSV line ---------------------
def test_a_duplicate_id_names_the_row_it_repeats() -> None:
    base = frames_as_text(synthetic_dataset().frames)
    editor = DataEditor(Document(Dataset.from_frames(dict(base))), base, MemoryEditStore())
    fields = {"deal_id": "D1", "adopter_id": "a0", "vendor_id": "v0", "chip_id": "c0",
              "first_year": "2027", "last_year": "2029", "amount": "0.5", "amount_unit": "GW",
              "description": "A new deal", "firmness": "firm"}
    source = EditSource("Example News", "https://example.com/n", "2026-11-30", "fair use quote")
    with pytest.raises(EditRejected) as info:
        editor.add("deals", fields, source, "low")
    message = info.value.problems["deal_id"]
    assert "repeats the row 'd1'" in message and "line" not in message


# --- G11: a scenario naming a deal the dataset no longer has says so -------------------------
def test_a_removed_deal_is_named_as_removed(specs: AssumptionSpecs) -> None:
    message = unknown_key_message("deal.gone_deal.enabled", specs)
    assert "the dataset has no deal 'gone_deal'" in message
    assert "has no" not in unknown_key_message("deal_weight_lio", specs)


def test_the_cli_names_a_removed_deal(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text('format_version = 2\n[assumptions]\n"deal.gone_deal.enabled" = false\n')
    out = tmp_path / "o.csv"
    status = main(["run", "--scenario", str(scenario), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 2 and "s.toml" in err and "has no deal 'gone_deal'" in err
    assert not out.exists()


# --- G12: `--set =3` says the key is missing --------------------------------------------------
def test_a_set_option_without_a_key(specs: AssumptionSpecs) -> None:
    with pytest.raises(ValueError, match="no key before the ="):
        parse_set_options(specs, ["=3"])

