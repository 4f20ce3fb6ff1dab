"""Pass 24b: ``data import-edits`` with a row given twice reported it twice (a good row as
"repeats line 2" and again as a duplicate key after the import; a bad row's problem once per
copy). A repeated row is now reported once, naming both lines, and nothing is imported."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage.user_edits import list_edits

HEADER = ("deal_id,adopter_id,vendor_id,chip_id,first_year,last_year,amount,amount_unit,"
          "description,confidence,firmness,start_fraction,host_id,citation,url,retrieved,"
          "licence")
SOURCE = "Example News,https://example.com/a,2026-11-30,fair use quote"


def deal(deal_id: str, amount: str) -> str:
    return f"{deal_id},a0,v0,c0,2027,2029,{amount},GW,A new deal,medium,firm,,,{SOURCE}"


def refused(db: Path, csv: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """import-edits exits 2, the database unchanged; the problems listed, one a line."""
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    assert main(["data", "import-edits", str(csv), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before and not list_edits(db)
    head, *problems = err.strip().splitlines()
    assert f"nothing imported, {len(problems)} problem(s)" in head, err
    return [p.strip() for p in problems]


def write(tmp_path: Path, *rows: str) -> Path:
    csv = tmp_path / "mine.csv"
    csv.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return csv


def test_a_good_row_given_twice_is_reported_once(
        synthetic_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = write(tmp_path, deal("mine", "1"), deal("other", "2"), deal("mine", "1"))
    assert refused(synthetic_db, csv, capsys) == [
        f"{csv}, line 4: repeats line 2 (the same row); remove one of them"]


def test_a_bad_row_given_twice_is_reported_once(
        synthetic_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = write(tmp_path, deal("bad", "-1"), deal("mine", "1"), deal("bad", "-1"))
    assert refused(synthetic_db, csv, capsys) == [
        f"{csv}, line 2, column amount: -1 is below 0 (the least allowed)",
        f"{csv}, line 4: repeats line 2 (the same row); remove one of them"]


def test_one_id_on_two_different_rows_is_reported_once(
        synthetic_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = write(tmp_path, deal("mine", "1"), deal("mine", "2"))
    assert refused(synthetic_db, csv, capsys) == [
        f"{csv}, line 3, column deal_id: 'mine' repeats line 2 (the same row of deals); each "
        "row may be given only once, so remove or merge one of them"]


@pytest.mark.parametrize("amount", ["1", "-1"])
def test_an_edits_file_row_given_twice_is_reported_once(
        synthetic_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        amount: str) -> None:
    fresh = tmp_path / "fresh.db"  # a copy without the edit, to import the file into
    fresh.write_bytes(synthetic_db.read_bytes())
    one = write(tmp_path, deal("mine", "1"))
    assert main(["data", "import-edits", str(one), "--db", str(synthetic_db)]) == 0
    exported = tmp_path / "edits.csv"
    assert main(["data", "export-edits", "--out", str(exported), "--db",
                 str(synthetic_db)]) == 0
    header, row = exported.read_text(encoding="utf-8").splitlines()
    row = row.replace('""amount"": ""1""', f'""amount"": ""{amount}""')
    copy = tmp_path / "twice.csv"
    copy.write_text(f"{header}\n{row}\n{row}\n", encoding="utf-8")
    capsys.readouterr()
    problems = refused(fresh, copy, capsys)
    own = ([] if amount == "1" else
           [f"{copy}, line 2, column amount: -1 is below 0 (the least allowed)"])
    assert problems == [*own, f"{copy}, line 3: repeats line 2 (the same row); remove one of "
                                "them"]
