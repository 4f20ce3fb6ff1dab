"""Pass 47 F4: ``data import-edits`` of a deal whose amount is 10 in fullwidth or
Arabic-Indic digits, or '1_0', with h100e_per_year filled, said only "column h100e_per_year: 23 does
not follow the conversion rule (23 from 10 units)": the conversion check read the amount with
Python's lenient float() before the amount cell was refused. Now every reading of a deal's
cells for its conversion applies the checks' number rule (as ``data check`` does), so the
amount is named: "column amount: '\uff11\uff10' is not a number"."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.model.edit_checks import deal_conversion, field_problems
from chipscope.model.edit_keys import same_cell
from chipscope.model.edits import EditSource, cell_text
from chipscope.model.import_rows import typed_rate_problem
from chipscope.model.synthetic import synthetic_frames
from chipscope.storage.user_edits import list_edits
from tests.deal_edits import SOURCE, deals_db, edits_file, import_edits, table_csv

LENIENT = ["\uff11\uff10", "\u0661\u0660", "1_0", " 1_0 "]
"""Amounts Python's float() reads as 10 that the checks refuse."""


@pytest.mark.parametrize("layout", ["table csv", "edits file"])
@pytest.mark.parametrize("amount", LENIENT)
def test_a_lenient_amount_is_named_not_the_typed_h100e(
        tmp_path: Path, layout: str, amount: str, capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = deals_db(tmp_path)
    row = {**d0, "amount": amount, "h100e_per_year": "23"}
    path = (edits_file(tmp_path / "e.csv", row) if layout == "edits file"
            else table_csv(tmp_path / "dv.csv", [row]))
    before = db.read_bytes()
    assert import_edits(path, db, *(["--table", "deals"] if layout == "table csv" else [])) == 2
    err = capsys.readouterr().err
    assert f"column amount: {amount.strip()!r} is not a number" in err, err
    assert "conversion rule" not in err and "1 problem" in err
    assert db.read_bytes() == before and list_edits(db) == []


@pytest.mark.parametrize(("typed", "advice"), [
    ("\uff12\uff13", "write it with ASCII digits 0-9 (it holds U+FF12 FULLWIDTH DIGIT TWO)"),
    ("2_3", "write it without the underscore")])  # the character named (pass 50, F6, F7)
def test_a_lenient_typed_h100e_is_not_compared_with_the_rule(typed: str, advice: str) -> None:
    frames = synthetic_frames()
    d0 = {str(k): cell_text(v) for k, v in frames["deals"].iloc[0].items()}
    told = typed_rate_problem({**d0, "h100e_per_year": typed}, frames)  # named (pass 48, F3)
    assert told == f"h100e_per_year: {typed!r} is not a number: {advice}", told
    bad = field_problems("deals", {**d0, "h100e_per_year": typed},
                         EditSource(*SOURCE.values()), "medium", frames)
    assert "is not a number" in bad["h100e_per_year"] and "conversion rule" not in str(bad)


@pytest.mark.parametrize(("field", "text"), [("amount", "\uff11\uff10"), ("amount", "1_0"),
                                             ("first_year", "\uff12\uff10\uff12\uff14"),
                                             ("last_year", "2_030"),
                                             ("start_fraction", "\uff10.5")])
def test_the_conversion_reads_cells_by_the_checks_rule(field: str, text: str) -> None:
    frames = synthetic_frames()
    d0 = {str(k): cell_text(v) for k, v in frames["deals"].iloc[0].items()}
    with pytest.raises(ValueError, match=f"^{field}: "):
        deal_conversion(frames, {**d0, field: text})


def test_data_diff_compares_cells_by_the_checks_rule() -> None:
    """``data diff`` lists a changed field unless the two cells hold the same number: 10 and
    10.0 do; 10 and '1_0' (or fullwidth 10) do not, as the checks read them."""
    assert same_cell("deals", "amount", "10", "10.0")
    for text in LENIENT:
        assert not same_cell("deals", "amount", "10", text)
