"""Pass 22 F4 and F6: import messages that named the wrong cause.

F4: a deal whose adopter/vendor access row exists with access 0 was refused with "no access row
for the pair; add one to the same file: table_name access, ...", also for a deals-table CSV, which
cannot hold an access row. Now the message says the row is there and 0, and its advice fits the
file imported (an edits file, a table CSV, an access CSV) or the data editor.

F6: a bare carriage return inside an unquoted value (the csv reader ends a line there) was
reported as "9 fields, but the header has 17 (a comma inside a value needs "quotes")". Now the
carriage return is named.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from chipscope.cli import main
from chipscope.model.data_checks import EDITOR, extra_problems, reword
from chipscope.model.dataset import Dataset
from chipscope.storage import load_dataset
from chipscope.storage.csv_source import _parse

SRC = "Example News,https://example.com/a,2026-11-30,fair use quote"
DEALS = ("deal_id,adopter_id,vendor_id,chip_id,first_year,last_year,amount,amount_unit,"
         "description,confidence,firmness,start_fraction,host_id,citation,url,retrieved,licence\n")
ACCESS = "adopter_id,vendor_id,access,notes,confidence,citation,url,retrieved,licence\n"


def _deal(adopter: str, vendor: str, chip: str, desc: str = "A new deal") -> str:
    return (f"d_{adopter}_{vendor},{adopter},{vendor},{chip},2027,2029,1,GW,{desc},medium,"
            f"firm,,,{SRC}\n")


def _import(db: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    rc = main(["data", "import-edits", str(path), "--db", str(db)])
    out = capsys.readouterr()
    return rc, out.out + out.err


def _access_a1_v2(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                  value: str = "0") -> Path:
    """Access row a1.v2 (none in the synthetic data) added through an access CSV."""
    path = tmp_path / f"access_{value}.csv"
    path.write_text(ACCESS + f"a1,v2,{value},none,low,{SRC}\n", encoding="utf-8")
    assert _import(db, path, capsys)[0] == 0
    return path


def test_a_deals_csv_at_a_zero_access_row_says_it_is_0_and_to_raise_it_first(
        synthetic_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _access_a1_v2(synthetic_db, tmp_path, capsys)
    deals = tmp_path / "deals.csv"
    deals.write_text(DEALS + _deal("a1", "v2", "c2"), encoding="utf-8")
    before = deals.read_bytes()
    rc, text = _import(synthetic_db, deals, capsys)
    assert rc == 2
    assert "adopter 'a1' has no access to vendor 'v2' (its access row a1.v2 is 0" in text
    assert "does not buy from that vendor" in text
    assert "no access row" not in text and "same file" not in text
    assert "a table CSV holds one table's rows, so raise it first" in text
    assert deals.read_bytes() == before


def test_a_deals_csv_at_a_missing_access_row_does_not_ask_for_it_in_the_same_file(
        synthetic_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deals = tmp_path / "deals.csv"
    deals.write_text(DEALS + _deal("a1", "v2", "c2"), encoding="utf-8")  # no row a1.v2
    rc, text = _import(synthetic_db, deals, capsys)
    assert rc == 2
    assert "(no access row for the pair; a table CSV holds one table's rows, so import the " \
           "access row first" in text
    assert "same file" not in text


def test_an_edits_file_at_a_zero_access_row_may_raise_it_in_the_same_file(
        synthetic_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.db"
    shutil.copy(synthetic_db, other)
    _access_a1_v2(other, tmp_path, capsys, "0.5")
    deals = tmp_path / "deals.csv"
    deals.write_text(DEALS + _deal("a1", "v2", "c2"), encoding="utf-8")
    assert _import(other, deals, capsys)[0] == 0
    edits = tmp_path / "edits.csv"
    assert main(["data", "export-edits", "--out", str(edits), "--db", str(other)]) == 0
    header, *rows = edits.read_text(encoding="utf-8").splitlines(keepends=True)
    edits.write_text(header + "".join(r for r in rows if r.startswith("deals,")), encoding="utf-8")
    _access_a1_v2(synthetic_db, tmp_path, capsys)
    rc, text = _import(synthetic_db, edits, capsys)
    assert rc == 2
    assert "(its access row a1.v2 is 0: the adopter does not buy from that vendor; a deal " \
           "needs it above 0: raise it in the same file (table_name access" in text
    assert "no access row" not in text
    # And an access CSV that sets the row of a stored deal to 0 says to keep it above 0.
    rc, text = _import(other, tmp_path / "access_0.csv", capsys)
    assert rc == 2
    assert "its access row a1.v2 is 0" in text and "keep it above 0 in this file" in text
    assert "no access row" not in text


def test_the_data_editor_is_told_the_row_is_0(synthetic_db: Path) -> None:
    dataset = load_dataset(synthetic_db)
    frames = {k: v.copy() for k, v in dataset.frames.items()}
    row = frames["access"].iloc[[0]].copy()
    row[["adopter_id", "vendor_id", "access"]] = ["a1", "v2", 0.0]
    frames["access"] = pd.concat([frames["access"], row], ignore_index=True)
    deal = frames["deals"].iloc[[0]].copy()
    deal[["deal_id", "adopter_id", "vendor_id", "chip_id"]] = ["dz", "a1", "v2", "c2"]
    frames["deals"] = pd.concat([frames["deals"], deal], ignore_index=True)
    problems = [p for p in extra_problems(Dataset.from_frames(frames)) if "access" in p]
    assert any("its access row a1.v2 is 0: the adopter does not buy from that vendor; "
               "a deal needs it above 0 in access.csv" in p for p in problems), problems
    told = [reword(p, EDITOR) for p in problems]
    assert any("a deal needs it above 0: raise it in the access table first" in p for p in told)


HEADER = "a,b,c\n"


@pytest.mark.parametrize(("text", "line"), [
    (HEADER + "1,x\ry,3\n", 2),       # the CR splits a middle value: line 2 is short
    (HEADER + "1,2,x\ry\n", 3),       # in the last value: line 2 is whole, "y" is short
    (HEADER.replace("\n", "\r\n") + "1,x\ry,3\r\n", 2),  # CRLF file, a bare CR inside
])
def test_a_bare_carriage_return_inside_a_value_is_named(text: str, line: int) -> None:
    problem = _parse(Path("d.csv"), text)
    assert isinstance(problem, str)
    assert problem.startswith(f"d.csv, line {line}: ")
    assert "(a line break (carriage return) inside a value needs \"quotes\")" in problem
    assert "comma" not in problem


@pytest.mark.parametrize("text", [
    HEADER + "1,2,3,4\n",                # a comma too many
    "a,b,c\r1,2,3\r4,5,6,7\r",           # a file whose lines end in bare CRs: still a comma
])
def test_a_wrong_field_count_without_a_bare_cr_is_still_a_comma(text: str) -> None:
    problem = _parse(Path("d.csv"), text)
    assert isinstance(problem, str)
    assert "(a comma inside a value needs \"quotes\")" in problem


@pytest.mark.parametrize(("text", "line"), [
    (HEADER + "1,\"x\ry\",3\n1,2\n", 4),  # a quoted CR (a line of its own) is fine
    (HEADER + "1,2\n", 2),
    ("a,b,c\r1,2,3\r4,5\r", 3),           # bare-CR lines: a short row, not a line break
])
def test_a_row_with_too_few_cells_is_told_it_lacks_cells(text: str, line: int) -> None:
    """Pass 79, F3: a row with fewer cells than the header was told "a comma inside a value
    needs quotes"; a comma makes more cells, never fewer."""
    problem = _parse(Path("d.csv"), text)
    assert problem == (f"d.csv, line {line}: 2 fields, but the header has 3 (the row lacks "
                       "cells: give every column its cell, an empty one as nothing between "
                       "two commas)")


def test_the_reported_deals_file_names_the_carriage_return(
        synthetic_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deals = tmp_path / "d4.csv"
    deals.write_bytes((DEALS + _deal("a0", "v0", "c0", "a\rb")).encode())
    rc, text = _import(synthetic_db, deals, capsys)
    assert rc == 2
    assert "line 2: 9 fields, but the header has 17 (a line break (carriage return) inside a " \
           "value needs \"quotes\")" in text
