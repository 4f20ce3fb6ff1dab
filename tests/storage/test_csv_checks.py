"""`chipscope data check` on CSV folders: every problem names the file, line and column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from chipscope.model.dataset import DatasetError
from chipscope.storage import build_database, check_csv_dir

WriteCsvs = Callable[[dict[str, pd.DataFrame], Path], Path]


def _problems(csv_dir: Path) -> list[str]:
    problems = check_csv_dir(csv_dir)
    assert problems, "expected problems"
    return problems


def test_sound_folder_has_no_problems(csv_dir: Path) -> None:
    assert check_csv_dir(csv_dir) == []


def test_bad_number_names_file_line_column(
        csv_dir: Path, frames: dict[str, pd.DataFrame], write_csvs: WriteCsvs) -> None:
    frames["chips"].loc[5, "launch_year"] = "x"  # header is line 1, row 0 is line 2
    write_csvs(frames, csv_dir)
    assert _problems(csv_dir) == [
        f"{csv_dir / 'chips.csv'}, line 7, column launch_year: 'x' is not a number"]
    with pytest.raises(DatasetError) as info:
        build_database(csv_dir, csv_dir / "out.db")
    assert info.value.problems[0].startswith(f"{csv_dir / 'chips.csv'}, line 7")


def test_lines_count_multiline_fields_and_blank_lines(
        csv_dir: Path, frames: dict[str, pd.DataFrame], write_csvs: WriteCsvs) -> None:
    frames["chips"].loc[0, "notes"] = "first line\nsecond line"  # a quoted field on 2 lines
    frames["chips"].loc[5, "launch_year"] = "x"
    write_csvs(frames, csv_dir)
    path = csv_dir / "chips.csv"
    path.write_text(path.read_text() + "\n\n")  # trailing blank lines are fine
    [problem] = _problems(csv_dir)
    assert problem.startswith(f"{path}, line 8, column launch_year")


def test_relation_problems_use_file_lines(
        csv_dir: Path, frames: dict[str, pd.DataFrame], write_csvs: WriteCsvs) -> None:
    frames["chips"].loc[0, "notes"] = "two\nlines"
    frames["chips"].loc[3, "vendor_id"] = "nobody"
    write_csvs(frames, csv_dir)
    problems = _problems(csv_dir)
    assert problems[0] == (f"{csv_dir / 'chips.csv'}, line 6, column vendor_id: 'nobody' is not "
                           "a known vendor (vendors.vendor_id)")


def test_every_problem_of_every_file_is_listed(
        csv_dir: Path, frames: dict[str, pd.DataFrame], write_csvs: WriteCsvs) -> None:
    frames["chips"].loc[0, "price_usd"] = "-5"
    frames["adopters"].loc[1, "kind"] = "robot"
    write_csvs(frames, csv_dir)
    (csv_dir / "deals.csv").unlink()
    problems = _problems(csv_dir)
    assert (f"{csv_dir / 'deals.csv'}: file is missing; put the deals table there as "
            "deals.csv, or give --csv-dir another folder") in problems
    assert any(p.startswith(f"{csv_dir / 'chips.csv'}, line 2, column price_usd") for p in problems)
    assert any(p.startswith(f"{csv_dir / 'adopters.csv'}, line 3, column kind") for p in problems)


@pytest.mark.parametrize(("text", "line", "words"), [
    ('a,b,c\n1,2,3\n1,2\n', 3, "2 fields, but the header has 3"),
    ('a,b,c\n1,2,3\n1,2,3,4\n', 3, "4 fields"),
    ('a,b,c\n1,"2"x,3\n', 2, 'a quote (") opens a field and the quote that ends it has more '
                              "text after it"),
    ('a,b,c\n1,2,3\n4,"5,6\n7,8,9\n', 3, 'a quote (") opens a field and is never closed'),
])
def test_malformed_csv_names_file_and_line(csv_dir: Path, text: str, line: int,
                                           words: str) -> None:
    (csv_dir / "sources.csv").write_text(text)
    problems = _problems(csv_dir)
    assert any(p.startswith(f"{csv_dir / 'sources.csv'}, line {line}: ") and words in p
               for p in problems), problems


def test_empty_and_non_utf8_files(csv_dir: Path) -> None:
    (csv_dir / "meta.csv").write_text("")
    (csv_dir / "sources.csv").write_bytes(b"source_id,citation\nx,caf\xe9\n")
    problems = _problems(csv_dir)
    assert f"{csv_dir / 'meta.csv'}: file is empty (no header line)" in problems
    assert (f"{csv_dir / 'sources.csv'}, line 2: the byte 0xE9 is not UTF-8 text; save it as "
            "UTF-8 (in a spreadsheet: CSV UTF-8) and try again") in problems


def test_missing_column(csv_dir: Path, frames: dict[str, pd.DataFrame],
                        write_csvs: WriteCsvs) -> None:
    frames["chips"] = frames["chips"].drop(columns=["price_usd"])
    write_csvs(frames, csv_dir)
    assert _problems(csv_dir) == [f"{csv_dir / 'chips.csv'}: missing column(s) price_usd"]


def test_adopter_listed_twice_for_a_year_and_chip(
        csv_dir: Path, frames: dict[str, pd.DataFrame], write_csvs: WriteCsvs) -> None:
    hist = frames["history"]
    frames["history"] = pd.concat([hist, hist.iloc[[4]]], ignore_index=True)
    write_csvs(frames, csv_dir)
    [problem] = _problems(csv_dir)
    assert problem.startswith(f"{csv_dir / 'history.csv'}, line {len(hist) + 2}, column "
                              "year+adopter_id+chip_id: duplicate key")
    assert problem.endswith("repeats line 6")


def test_same_adopter_under_two_ids(
        csv_dir: Path, frames: dict[str, pd.DataFrame], write_csvs: WriteCsvs) -> None:
    frames["adopters"].loc[2, "name"] = frames["adopters"].loc[0, "name"]
    write_csvs(frames, csv_dir)
    [problem] = _problems(csv_dir)
    assert problem.startswith(f"{csv_dir / 'adopters.csv'}, line 4, column name:")
    assert "repeats line 2" in problem


def test_history_years_consecutive(
        csv_dir: Path, frames: dict[str, pd.DataFrame], write_csvs: WriteCsvs) -> None:
    hist = frames["history"]
    frames["history"] = hist[hist["year"] != "2023"]
    write_csvs(frames, csv_dir)
    assert _problems(csv_dir) == [
        f"{csv_dir / 'history.csv'}: years must be consecutive; no rows for 2023"]


def test_history_year_total_positive(
        csv_dir: Path, frames: dict[str, pd.DataFrame], write_csvs: WriteCsvs) -> None:
    hist = frames["history"]
    for col in ("units", "units_p5", "units_p95", "h100e", "h100e_p5", "h100e_p95"):
        hist.loc[hist["year"] == "2022", col] = "0"
    write_csvs(frames, csv_dir)
    assert _problems(csv_dir) == [
        f"{csv_dir / 'history.csv'}: the total h100e of 2022 is 0; it must be > 0"]


def test_deal_needs_access_and_the_vendor_s_chip(
        csv_dir: Path, frames: dict[str, pd.DataFrame], write_csvs: WriteCsvs) -> None:
    access = frames["access"]
    reach = set(zip(access["adopter_id"], access["vendor_id"], strict=True))
    adopter, vendor = next((a, v) for a in frames["adopters"]["adopter_id"]
                           for v in frames["vendors"]["vendor_id"] if (a, v) not in reach)
    chips = frames["chips"]
    other = chips[chips["vendor_id"] != vendor].iloc[0]["chip_id"]
    frames["deals"].loc[0, ["adopter_id", "vendor_id", "chip_id"]] = [adopter, vendor, other]
    write_csvs(frames, csv_dir)
    problems = _problems(csv_dir)
    assert len(problems) == 2, problems
    assert problems[0].startswith(f"{csv_dir / 'deals.csv'}, line 2: adopter {adopter!r}")
    assert "no access" in problems[0]
    assert problems[1].startswith(f"{csv_dir / 'deals.csv'}, line 2, column chip_id")


def test_dense_only_tflops(csv_dir: Path, frames: dict[str, pd.DataFrame],
                           write_csvs: WriteCsvs) -> None:
    frames["chips"].loc[1, "name"] = "H100 SXM"
    frames["chips"].loc[1, "dense_bf16_tflops"] = "1979"
    write_csvs(frames, csv_dir)
    problems = _problems(csv_dir)
    assert any(p.startswith(f"{csv_dir / 'chips.csv'}, line 3, column dense_bf16_tflops")
               and "sparse" in p for p in problems)


def test_a_budget_for_a_history_year_is_named(
        csv_dir: Path, frames: dict[str, pd.DataFrame], write_csvs: WriteCsvs) -> None:
    frames["budgets"] = pd.DataFrame([
        {"adopter_id": "a0", "year": "2026", "budget_usd": "1e9", "derivation": "test",
         "source_id": frames["sources"]["source_id"].iloc[0], "confidence": "low"},
        {"adopter_id": "a1", "year": "2025", "budget_usd": "1e9", "derivation": "test",
         "source_id": frames["sources"]["source_id"].iloc[0], "confidence": "low"}])
    write_csvs(frames, csv_dir)
    problems = _problems(csv_dir)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{csv_dir / 'budgets.csv'}, line 3, column year: 2025 is a "
                                  "history year")
