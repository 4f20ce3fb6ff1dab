"""Found by the third, independent attack pass of issue 10, in the storage layer and the
checks it runs: huge tables and headers (minutes of checking), a journal that vanishes while a
reader copies it (a concurrent save failed with "cannot be read"), scenario names holding
control or bidirectional characters, values echoed whole into messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from chipscope import paths
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.data_checks import _vendor_colours
from chipscope.model.scenario import ScenarioError, parse_scenario
from chipscope.model.synthetic import synthetic_dataset
from chipscope.model.table_checks import MAX_TABLE_ROWS, _duplicate_keys, check_table
from chipscope.storage import read_connection
from chipscope.storage.csv_source import read_csv_dir
from chipscope.storage.scenarios import list_scenarios, save_scenario


def test_a_table_past_the_row_cap_is_one_problem_not_minutes_of_checks() -> None:
    n = MAX_TABLE_ROWS + 1
    frame = pd.DataFrame({"year": ["2022"] * n, "adopter_id": ["a"] * n, "chip_id": ["c"] * n})
    [problem] = check_table("history", frame)
    assert problem.startswith("history: 100,001 rows, more than the 100,000")


@pytest.mark.timeout(120)  # the header's duplicate check was quadratic: hours for this one
def test_a_header_of_100000_columns_is_refused_at_once(csv_dir: Path) -> None:
    path = csv_dir / "history.csv"
    lines = path.read_text().split("\n")
    lines[0] += "," + ",".join(f"c{i}" for i in range(100_000))
    path.write_text("\n".join(lines))
    src = read_csv_dir(csv_dir)
    assert any(p.startswith(f"{path}, line 2: ") and "the header has 100" in p
               for p in src.problems)


def test_a_duplicate_column_is_still_named(csv_dir: Path) -> None:
    path = csv_dir / "meta.csv"
    path.write_text("key,value,key\nname,x,y\n")
    assert any("column(s) 'key' appear twice" in p for p in read_csv_dir(csv_dir).problems)


def test_duplicate_keys_are_found_after_normalising_the_whole_column() -> None:
    frame = pd.DataFrame({"year": ["2022", "2022", " 2023"], "adopter_id": ["a", "a", "b"],
                          "chip_id": ["c", "\uff43", "c"]})  # fullwidth c is c
    [problem] = _duplicate_keys("history", frame, 2)
    assert problem.startswith("history, line 3, column year+adopter_id+chip_id: duplicate key")
    assert problem.endswith("repeats line 2")


def test_a_journal_that_vanishes_during_the_private_copy_is_not_an_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = Path(shutil.copyfile(paths.bundled_db_path(), tmp_path / "c.db"))
    journal = db.with_name(db.name + "-journal")
    journal.write_bytes(b"")  # a writer's journal (empty: nothing to roll back)
    real = read_connection.copy_regular

    def copy(src: Path, dst: Path, of: Path) -> None:
        if src == journal:  # the writer commits and deletes it just now
            journal.unlink(missing_ok=True)
        real(src, dst, of)

    monkeypatch.setattr(read_connection, "copy_regular", copy)
    folder = tmp_path / "private"
    folder.mkdir()
    assert read_connection.private_copy(db, folder).exists()  # raised "cannot be read" before
    assert not (folder / "copy.db-journal").exists()


@pytest.mark.parametrize("name", ["a\\u0000b", "a\\nb", "abc\\u202e", "x\\u200by", "\\u2066x"])
def test_a_scenario_name_with_control_or_bidi_characters_is_refused(name: str) -> None:
    specs = AssumptionSpecs.for_dataset(synthetic_dataset())
    with pytest.raises(ScenarioError, match="invisible or control character") as info:
        parse_scenario(f'format_version = 1\nname = "{name}"\n', specs, source="evil.toml")
    assert str(info.value).startswith("evil.toml: line 2: name: contains")


def test_saving_a_name_with_a_control_character_is_refused(db: Path) -> None:
    with pytest.raises(ValueError, match="U\\+202E"):
        save_scenario(db, "abc\u202e", "", {})
    save_scenario(db, "Caf\u00e9 \u0645\u0631\u062d\u0628\u0627", "", {})  # letters: fine
    assert [r.name for r in list_scenarios(db)] == ["Caf\u00e9 \u0645\u0631\u062d\u0628\u0627"]


def test_a_huge_colour_is_shortened_in_its_message() -> None:
    [problem] = _vendor_colours(pd.DataFrame({"colour": ["#" + "0" * 100_000]}))
    assert len(problem) < 200 and "is not a colour written #rrggbb" in problem


def test_a_database_table_past_the_row_cap_is_refused_before_it_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chipscope.storage import repository
    from chipscope.storage.schema import StorageError

    db = Path(shutil.copyfile(paths.bundled_db_path(), tmp_path / "c.db"))
    monkeypatch.setattr(repository, "MAX_TABLE_ROWS", 10)  # 408,000 rows took minutes
    monkeypatch.setattr(repository.pd.DataFrame, "from_records",
                        lambda *a, **k: pytest.fail("read anyway"))
    with pytest.raises(StorageError, match=r"holds invalid data: \w+ table: [\d,]+ rows, more "
                                           r"than the 10 a ChipScope table may hold"):
        repository.load_dataset(db)


@pytest.mark.timeout(60)  # tomllib reads a dotted key in quadratic time: an hour for this one
def test_a_dotted_key_of_half_a_million_parts_is_refused_before_parsing() -> None:
    specs = AssumptionSpecs.for_dataset(synthetic_dataset())
    key = ".".join(["a"] * 499_000) + ".\"\u2028\".a"  # a quoted line separator: still one line
    with pytest.raises(ScenarioError, match=r"nested too deeply \(line 3 holds more than 1,000"):
        parse_scenario(f"format_version = 1\n[assumptions]\n{key} = 1\n", specs, "big.toml")


def test_dots_in_a_description_are_fine_below_the_line_cap() -> None:
    specs = AssumptionSpecs.for_dataset(synthetic_dataset())
    text = 'format_version = 1\ndescription = """' + "...\n" * 2000 + '"""\n'
    assert parse_scenario(text, specs, "ok.toml").description.count(".") == 6000


@pytest.mark.timeout(60)
@pytest.mark.parametrize("text", [
    "format_version = 1\n" + ".".join(["a"] * 400_000) + " = 1\n",  # an hour of tomllib
    "format_version = 1\nx = " + "9" * 5000 + "\n",  # int() refuses 4,300+ digits
])
def test_exporting_over_a_hostile_file_refuses_at_once(text: str, tmp_path: Path) -> None:
    from chipscope.model.scenario import Scenario
    from chipscope.storage.scenario_files import write_scenario_file
    from chipscope.storage.schema import StorageError

    target = tmp_path / "x.toml"
    target.write_text(text)
    specs = AssumptionSpecs.for_dataset(synthetic_dataset())
    with pytest.raises(StorageError, match="is not a ChipScope scenario file"):
        write_scenario_file(target, Scenario("s"), specs)
    assert target.read_text() == text


def test_a_file_without_a_name_whose_file_name_is_odd_still_imports() -> None:
    specs = AssumptionSpecs.for_dataset(synthetic_dataset())
    assert parse_scenario("format_version = 1\n", specs, "a\nb.toml").name == "Scenario"
    assert parse_scenario("format_version = 1\n", specs, "plain.toml").name == "plain"
