"""Pass 38 F1: ``data import-edits`` of a deals CSV whose typed ``conversion`` text differs
from the current row's said "no change from the current row; not stored" / "Nothing to import"
(exit 0): the typed text was silently replaced by the computed one before the comparison, while
the edits-file layout stored it as given and ``data check`` / ``data build`` accept it in
deals.csv. Now one rule for all readers: a typed conversion text is kept; it is computed only
where the cell is empty or the column is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.model.edit_checks import deal_conversion
from chipscope.model.synthetic import synthetic_frames
from chipscope.storage import load_dataset
from chipscope.storage.user_edits import list_edits
from tests.deal_edits import deals_db, edits_file, import_edits, table_csv

TYPED = "my own words"


def _stored(db: Path, deal_id: str) -> str:
    return str(load_dataset(db).deals.set_index("deal_id").loc[deal_id, "conversion"])


@pytest.mark.parametrize("layout", ["table csv", "edits file"])
def test_a_typed_conversion_text_is_kept_in_both_layouts(
        tmp_path: Path, layout: str, capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = deals_db(tmp_path)
    assert d0["conversion"] != TYPED
    typed = {**d0, "conversion": TYPED}
    path = (edits_file(tmp_path / "e.csv", typed) if layout == "edits file"
            else table_csv(tmp_path / "ed5.csv", [typed]))
    assert import_edits(path, db, *(["--table", "deals"] if layout == "table csv" else [])) == 0
    out = capsys.readouterr().out
    assert "no change" not in out and "Nothing to import" not in out
    assert "Imported 1 edit(s)" in out
    [edit] = list_edits(db)
    assert edit.fields["conversion"] == TYPED
    assert _stored(db, d0["deal_id"]) == TYPED
    # the same row again is now the current row: told, not stored twice
    assert import_edits(path, db, *(["--table", "deals"] if layout == "table csv" else [])) == 0
    assert "no change from the current row; not stored" in capsys.readouterr().out
    assert len(list_edits(db)) == 1


def test_the_import_keeps_what_data_build_keeps(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """deals.csv with the typed text builds with it; the import of that row stores the same."""
    db, d0 = deals_db(tmp_path)
    built, _ = deals_db(tmp_path, TYPED, csv_dir="csv5", db_name="b5.db")
    assert _stored(built, d0["deal_id"]) == TYPED
    path = table_csv(tmp_path / "ed5.csv", [{**d0, "conversion": TYPED}])
    assert import_edits(path, db, "--table", "deals") == 0
    assert "Imported 1 edit(s)" in capsys.readouterr().out
    assert _stored(db, d0["deal_id"]) == _stored(built, d0["deal_id"])


@pytest.mark.parametrize("layout", ["empty cell", "no column"])
def test_an_empty_or_missing_conversion_is_computed(
        tmp_path: Path, layout: str, capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = deals_db(tmp_path)
    changed = {**d0, "amount": str(float(d0["amount"]) * 2), "h100e_per_year": "",
               "conversion": ""}
    if layout == "no column":
        del changed["h100e_per_year"], changed["conversion"]
    _, words = deal_conversion(synthetic_frames(),
                               {**changed, "h100e_per_year": "", "conversion": ""})
    assert import_edits(table_csv(tmp_path / "d.csv", [changed]), db, "--table", "deals") == 0
    assert "Imported 1 edit(s)" in capsys.readouterr().out
    assert _stored(db, d0["deal_id"]) == words != d0["conversion"]
