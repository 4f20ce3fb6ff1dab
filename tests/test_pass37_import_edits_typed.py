"""Pass 37 F1: ``data import-edits`` of a deal whose typed ``h100e_per_year`` is not the
conversion rule's stored the computed value without a word ("Imported 1 edit(s)"), while
``data check`` refuses the same cell; the edits-file layout refused it advising a source-tree
script (data/derive/derive_deals.py); and a row equal to the current one was stored as an edit.
Now: refused with the check's sentence and "leave the cell empty to have it computed", nothing
imported; an empty cell is computed (both layouts); an unchanged row is told and not stored."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.edit_checks import deal_conversion
from chipscope.model.edits import cell_text
from chipscope.model.synthetic import synthetic_frames
from chipscope.storage import build_database, load_dataset
from chipscope.storage.user_edits import list_edits

LEAVE = "leave the cell empty to have it computed"
SOURCE = {"citation": "Example News", "url": "https://example.com/a",
          "retrieved": "2026-11-30", "licence": "fair use quote"}


def _setup(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A database of the synthetic data whose deal d0 follows the rule to the word, and d0."""
    frames = synthetic_frames()
    deals = frames["deals"]
    d0 = {k: cell_text(v) for k, v in deals.iloc[0].items()}
    rate, words = deal_conversion(frames, d0)
    deals.loc[0, "h100e_per_year"] = f"{rate:.0f}"
    deals.loc[0, "conversion"] = words
    folder = tmp_path / "csv"
    folder.mkdir()
    for table, frame in frames.items():
        frame.to_csv(folder / f"{table}.csv", index=False, lineterminator="\n")
    db = tmp_path / "user.db"
    build_database(folder, db)
    return db, {**d0, "h100e_per_year": f"{rate:.0f}", "conversion": words}


def _table_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _edits_file(path: Path, fields: dict[str, str]) -> Path:
    row = {"table_name": "deals", "row_key": fields["deal_id"], "operation": "edit",
           "fields_json": json.dumps(fields), **SOURCE, "confidence": "medium"}
    return _table_csv(path, [row])


def _import(path: Path, db: Path, *more: str) -> int:
    return main(["data", "import-edits", str(path), "--db", str(db), *more])


def test_a_typed_rate_off_the_rule_is_refused_and_nothing_is_imported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = _setup(tmp_path)
    rate = float(d0["h100e_per_year"])
    before = db.read_bytes()
    path = _table_csv(tmp_path / "deals.csv", [{**d0, "h100e_per_year": f"{rate * 2:.0f}"}])
    assert _import(path, db, "--table", "deals") == 2
    err = capsys.readouterr().err
    assert f"{path}, line 2, column h100e_per_year: {rate * 2:,.0f} does not follow the " \
           f"conversion rule ({rate:,.0f} from" in err
    assert LEAVE in err and "derive_deals" not in err and "Imported" not in err
    assert list_edits(db) == [] and db.read_bytes() == before


def test_the_edits_file_layout_gives_the_same_advice_not_the_derive_script(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = _setup(tmp_path)
    rate = float(d0["h100e_per_year"])
    path = _edits_file(tmp_path / "edits.csv", {**d0, "h100e_per_year": f"{rate * 2:.0f}"})
    assert _import(path, db) == 2
    err = capsys.readouterr().err
    assert f"{path}, line 2, column h100e_per_year: {rate * 2:,.0f} does not follow" in err
    assert LEAVE in err and "derive_deals" not in err
    assert list_edits(db) == []


@pytest.mark.parametrize("layout", ["empty cell", "no column", "edits file"])
def test_an_empty_or_missing_rate_is_computed(tmp_path: Path, layout: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = _setup(tmp_path)
    changed = {**d0, "amount": str(float(d0["amount"]) * 2), "h100e_per_year": "",
               "conversion": ""}
    if layout == "no column":
        del changed["h100e_per_year"], changed["conversion"]
    path = (_edits_file(tmp_path / "e.csv", changed) if layout == "edits file"
            else _table_csv(tmp_path / "d.csv", [changed]))
    assert _import(path, db, *(["--table", "deals"] if layout != "edits file" else [])) == 0
    assert "Imported 1 edit(s)" in capsys.readouterr().out
    deal = load_dataset(db).deals.set_index("deal_id").loc[d0["deal_id"]]
    assert deal["h100e_per_year"] == pytest.approx(2 * float(d0["h100e_per_year"]), rel=0.01)


def test_an_unchanged_row_is_told_and_not_stored(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = _setup(tmp_path)
    before = db.read_bytes()
    path = _table_csv(tmp_path / "same.csv", [d0])
    assert _import(path, db, "--table", "deals") == 0
    out = capsys.readouterr().out
    assert f"{path}, line 2: no change from the current row; not stored" in out
    assert "Nothing to import: every row equals the current data" in out
    assert "Imported" not in out
    assert list_edits(db) == [] and db.read_bytes() == before


def test_an_unchanged_row_beside_a_changed_one_stores_only_the_change(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = _setup(tmp_path)
    new = {**d0, "deal_id": "d_new", "h100e_per_year": "", "conversion": ""}
    path = _table_csv(tmp_path / "two.csv", [d0, new])
    assert _import(path, db, "--table", "deals") == 0
    out = capsys.readouterr().out
    assert "line 2: no change from the current row; not stored" in out
    assert "Imported 1 edit(s)" in out
    assert [(e.key, e.operation) for e in list_edits(db)] == [("d_new", "add")]
    # the row now equals the edited data: importing it again changes nothing
    again = _table_csv(tmp_path / "again.csv", [new])
    assert _import(again, db, "--table", "deals") == 0
    assert "Nothing to import" in capsys.readouterr().out
    assert len(list_edits(db)) == 1
