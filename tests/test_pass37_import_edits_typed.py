"""Pass 37 F1: ``data import-edits`` of a deal whose typed ``h100e_per_year`` is not the
conversion rule's stored the computed value without a word ("Imported 1 edit(s)"), while
``data check`` refuses the same cell; the edits-file layout refused it advising a source-tree
script (data/derive/derive_deals.py); and a row equal to the current one was stored as an edit.
Now: refused with the check's sentence and "leave the cell empty to have it computed", nothing
imported; an empty cell is computed (both layouts); an unchanged row is told and not stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.storage import load_dataset
from chipscope.storage.user_edits import list_edits
from tests.deal_edits import deals_db, edits_file, import_edits, table_csv

LEAVE = "leave the cell empty to have it computed"


def test_a_typed_rate_off_the_rule_is_refused_and_nothing_is_imported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = deals_db(tmp_path)
    rate = float(d0["h100e_per_year"])
    before = db.read_bytes()
    path = table_csv(tmp_path / "deals.csv", [{**d0, "h100e_per_year": f"{rate * 2:.0f}"}])
    assert import_edits(path, db, "--table", "deals") == 2
    err = capsys.readouterr().err
    # the cell as typed (pass 48, F4)
    assert f"{path}, line 2, column h100e_per_year: {rate * 2:.0f} does not follow the " \
           f"conversion rule ({rate:,.0f} from" in err
    assert LEAVE in err and "derive_deals" not in err and "Imported" not in err
    assert list_edits(db) == [] and db.read_bytes() == before


def test_the_edits_file_layout_gives_the_same_advice_not_the_derive_script(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = deals_db(tmp_path)
    rate = float(d0["h100e_per_year"])
    path = edits_file(tmp_path / "edits.csv", {**d0, "h100e_per_year": f"{rate * 2:.0f}"})
    assert import_edits(path, db) == 2
    err = capsys.readouterr().err
    assert f"{path}, line 2, column h100e_per_year: {rate * 2:.0f} does not follow" in err
    assert LEAVE in err and "derive_deals" not in err
    assert list_edits(db) == []


@pytest.mark.parametrize("layout", ["empty cell", "no column", "edits file"])
def test_an_empty_or_missing_rate_is_computed(tmp_path: Path, layout: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = deals_db(tmp_path)
    changed = {**d0, "amount": str(float(d0["amount"]) * 2), "h100e_per_year": "",
               "conversion": ""}
    if layout == "no column":
        del changed["h100e_per_year"], changed["conversion"]
    path = (edits_file(tmp_path / "e.csv", changed) if layout == "edits file"
            else table_csv(tmp_path / "d.csv", [changed]))
    assert import_edits(path, db, *(["--table", "deals"] if layout != "edits file" else [])) == 0
    assert "Imported 1 edit(s)" in capsys.readouterr().out
    deal = load_dataset(db).deals.set_index("deal_id").loc[d0["deal_id"]]
    assert deal["h100e_per_year"] == pytest.approx(2 * float(d0["h100e_per_year"]), rel=0.01)


def test_an_unchanged_row_is_told_and_not_stored(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = deals_db(tmp_path)
    before = db.read_bytes()
    path = table_csv(tmp_path / "same.csv", [d0])
    assert import_edits(path, db, "--table", "deals") == 0
    out = capsys.readouterr().out
    assert f"{path}, line 2: no change from the current row; not stored" in out
    assert "Nothing to import: every row equals the current data" in out
    assert "Imported" not in out
    assert list_edits(db) == [] and db.read_bytes() == before


def test_an_unchanged_row_beside_a_changed_one_stores_only_the_change(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = deals_db(tmp_path)
    new = {**d0, "deal_id": "d_new", "h100e_per_year": "", "conversion": ""}
    path = table_csv(tmp_path / "two.csv", [d0, new])
    assert import_edits(path, db, "--table", "deals") == 0
    out = capsys.readouterr().out
    assert "line 2: no change from the current row; not stored" in out
    assert "Imported 1 edit(s)" in out
    assert [(e.key, e.operation) for e in list_edits(db)] == [("d_new", "add")]
    # the row now equals the edited data: importing it again changes nothing
    again = table_csv(tmp_path / "again.csv", [new])
    assert import_edits(again, db, "--table", "deals") == 0
    assert "Nothing to import" in capsys.readouterr().out
    assert len(list_edits(db)) == 1
