"""Pass 48 F2, F3, F4: ``data import-edits`` of a deal and the conversion rule.

F2: a small deal (d0 of the synthetic data as 10 chips c9 over 4 years: 5.04 H100e a year)
could not be imported at all: the computed h100e_per_year was stored rounded to 5 (0.8 % off)
and the import's own check refused it, "5 does not follow the conversion rule (5 from 10
units)", also when the cell was empty. F3: a non-number typed in h100e_per_year
('\uff12\uff13', '1_0', 'abc', 'nan') was taken for an empty cell and silently replaced by the
computed value. F4: the refusal wrote a million as "1e+06"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chipscope.model.conversion import follows_rule
from chipscope.model.edit_checks import check_edit, complete_row, deal_conversion
from chipscope.model.edits import (
    Edit,
    EditSource,
    cell_text,
    dataset_problems,
    find_row,
    row_digest,
)
from chipscope.model.synthetic import synthetic_frames
from chipscope.storage.user_edits import list_edits
from tests.deal_edits import SOURCE, deals_db, edits_file, import_edits, table_csv

LAYOUTS = ["table csv", "edits file"]


def _import(tmp_path: Path, layout: str, row: dict[str, str]) -> tuple[int, Path, bytes]:
    db, _ = deals_db(tmp_path)
    path = (edits_file(tmp_path / "e.csv", row) if layout == "edits file"
            else table_csv(tmp_path / "dv.csv", [row]))
    before = db.read_bytes()
    return (import_edits(path, db, *(["--table", "deals"] if layout == "table csv" else [])),
            db, before)


def _d0(amount: str = "10", typed: str = "") -> dict[str, str]:
    """Deal d0 (vendor v1) as ``amount`` chips c9 (v1's), h100e_per_year ``typed``."""
    d0 = {str(k): cell_text(v) for k, v in synthetic_frames()["deals"].iloc[0].items()}
    return {**d0, "chip_id": "c9", "amount_unit": "units", "amount": amount,
            "h100e_per_year": typed, "conversion": ""}


def _rate(amount: str) -> float:
    return deal_conversion(synthetic_frames(), _d0(amount))[0]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("typed", ["", "5.04171", "5.04", " 5.02 "])
def test_a_small_deal_imports(tmp_path: Path, layout: str, typed: str,
                              capsys: pytest.CaptureFixture[str]) -> None:
    status, db, _ = _import(tmp_path, layout, _d0("10", typed))
    err = capsys.readouterr().err
    assert status == 0, err
    (edit,) = list_edits(db)
    rate = _rate("10")
    assert round(rate) != rate and follows_rule(float(edit.fields["h100e_per_year"]), rate)


def test_the_computed_rate_passes_the_data_checks_and_the_window() -> None:
    """What the Edit-data dialog saves (complete_row, then check_edit) follows the rule that
    the data checks apply to the whole dataset."""
    frames = synthetic_frames()
    for amount in ("10", "1", "3", "0.5", "1000003"):
        row = complete_row("deals", _d0(amount), frames)
        edit = Edit("deals", "d0", "edit", row, EditSource(*SOURCE.values()), "medium",
                    "2026-01-01T00:00:00+00:00", row_digest(find_row(frames, "deals", "d0")))
        check_edit(frames, [], edit)  # raised EditRejected for 10, 1, 3 and 0.5
        deals = frames["deals"].copy()
        deals.loc[0, list(row)] = list(row.values())
        assert not [p for p in dataset_problems({**frames, "deals": deals})
                    if "conversion rule" in p], amount


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(("typed", "why"), [
    ("\uff12\uff13", "'\uff12\uff13' is not a number"), ("1_0", "'1_0' is not a number"),
    ("abc", "'abc' is not a number"), ("nan", "'nan' is not a number"),
    ("1e400", "'1e400' is too large to be a finite number")])
def test_a_typed_non_number_is_named(tmp_path: Path, layout: str, typed: str, why: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    own = {str(k): cell_text(v) for k, v in synthetic_frames()["deals"].iloc[0].items()}
    for row in ({**own, "h100e_per_year": typed}, _d0("1000", typed)):  # "no change", another
        (where := tmp_path / row["amount"]).mkdir()
        status, db, before = _import(where, layout, row)
        err = capsys.readouterr().err
        assert status == 2, err
        assert f"column h100e_per_year: {why}" in err and "1 problem" in err, err
        assert db.read_bytes() == before and list_edits(db) == []


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(("amount", "typed", "shown"), [
    ("1000000", "5", "1,000,000"), ("10", " 30.0 ", "10"), ("2.5", "7", "2.5")])
def test_the_refusal_writes_numbers_as_a_reader_does(
        tmp_path: Path, layout: str, amount: str, typed: str, shown: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    status, db, before = _import(tmp_path, layout, _d0(amount, typed))
    err = capsys.readouterr().err
    told = re.search(rf"column h100e_per_year: {re.escape(typed.strip())} does not follow the "
                     rf"conversion rule \(([0-9,.]+) from {re.escape(shown)} units\); leave the "
                     "cell empty", err)
    assert status == 2 and told, err
    assert follows_rule(float(told[1].replace(",", "")), _rate(amount)), err
    assert db.read_bytes() == before
