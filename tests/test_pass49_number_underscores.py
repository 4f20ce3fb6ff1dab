"""Pass 50 F7: a CSV number written with underscores (``1_000_000``, which ``float()`` reads as
1000000 and the checks refuse: pass 47 F4) was told only "'1_000_000' is not a number", while
``--set`` says "is not a number: write it without the underscores" (pass 49 F5). Now the words
are the shared number rule's (:func:`chipscope.model.written_numbers.not_a_number`), said by
``--set``, import-edits (both layouts), ``data check`` and ``data build`` and the data dialog;
calibration_targets.csv, which read ``2_0`` as 20, refuses it with the same words. Exit 2; the
user's files and database stay byte-identical."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.table_checks import cell_number
from chipscope.storage.user_edits import list_edits
from tests.deal_edits import deals_db, edits_file, import_edits, table_csv
from tests.test_pass49_number_characters import _data_folder, set_cell

LAYOUTS = ["table csv", "edits file"]
WRITTEN = [("1_000_000", "underscores"), ("1_0", "underscore"), ("0_5", "underscore"),
           ("1e1_0", "underscore")]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(("field", "value", "which"), [
    ("amount", "1_000_000", "underscores"), ("amount", "1e1_0", "underscore"),
    ("start_fraction", "0_5", "underscore"), ("h100e_per_year", "2_3", "underscore")])
def test_import_edits_says_to_drop_the_underscores(
        tmp_path: Path, layout: str, field: str, value: str, which: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = deals_db(tmp_path)
    row = {**d0, "h100e_per_year": "", "conversion": "", field: value}
    path = (edits_file(tmp_path / "e.csv", row) if layout == "edits file"
            else table_csv(tmp_path / "dv.csv", [row]))
    before, file_bytes = db.read_bytes(), path.read_bytes()
    status = import_edits(path, db, *(["--table", "deals"] if layout == "table csv" else []))
    err = capsys.readouterr().err
    assert status == 2, err
    assert (f", line 2, column {field}: {value!r} is not a number: write it without the "
            f"{which}\n") in err, err
    assert db.read_bytes() == before and path.read_bytes() == file_bytes
    assert list_edits(db) == []


@pytest.mark.parametrize(("table", "column"), [("chips", "price_usd"), ("deals", "amount"),
                                               ("history", "year"),
                                               ("calibration_targets", "units")])
def test_data_check_and_build_say_to_drop_the_underscores(
        tmp_path: Path, table: str, column: str, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _data_folder(tmp_path)
    set_cell(folder / f"{table}.csv", column, "2_0_2_4")
    said = (f"{table}.csv, line 2, column {column}: '2_0_2_4' is not a number: write it "
            "without the underscores")
    kept = (folder / f"{table}.csv").read_bytes()
    assert main(["data", "check", "--csv-dir", str(folder)]) == 2
    assert said in capsys.readouterr().err
    out = tmp_path / "x.db"
    assert main(["data", "build", "--csv-dir", str(folder), "--out", str(out)]) == 2
    assert said in capsys.readouterr().err
    assert not out.exists() and (folder / f"{table}.csv").read_bytes() == kept


@pytest.mark.parametrize(("value", "which"), WRITTEN)
def test_set_and_cells_say_the_same(value: str, which: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    words = f"{value!r} is not a number: write it without the {which}"
    with pytest.raises(ValueError) as caught:
        cell_number(value)
    assert str(caught.value) == words
    assert main(["run", "--out", str(tmp_path / "x.csv"), "--set", f"lock_in={value}"]) == 2
    assert f"--set: lock_in: {words} (allowed 0 to 5)" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["1_0x", "_", "1_e", "abc_def"])
def test_other_text_with_an_underscore_is_not_a_number(value: str) -> None:
    with pytest.raises(ValueError) as caught:
        cell_number(value)
    assert str(caught.value) == f"{value!r} is not a number"
