"""Pass 49 F3: ``data import-edits`` of a row equal to the current one but for how a number
is written (amount ``8e4`` for a stored 80000) counted it as a changed row and stored it. A
number cell is compared by its value (the checks' number rule): no change, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.model.edits import Edit, EditSource
from chipscope.model.import_rows import unchanged
from chipscope.model.synthetic import synthetic_frames
from chipscope.storage.user_edits import list_edits
from tests.deal_edits import deals_db, edits_file, import_edits, table_csv

WRITTEN = [("amount", "8e4"), ("amount", "80000.0"), ("amount", "8.0E+04"),
           ("amount", " 80000 "), ("amount", "+80000"), ("h100e_per_year", "2e4")]
"""A cell of deal d0 (80,000 H100e over 2026-2029: 20000 a year) as written in the file."""


@pytest.mark.parametrize(("column", "text"), WRITTEN)
def test_a_table_csv_row_equal_in_value_is_no_change(
        tmp_path: Path, column: str, text: str, capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = deals_db(tmp_path)
    before = db.read_bytes()
    status = import_edits(table_csv(tmp_path / "dv.csv", [{**d0, column: text}]), db,
                          "--table", "deals")
    out = capsys.readouterr().out
    assert status == 0
    assert "line 2: no change from the current row; not stored" in out, out
    assert "Nothing to import: every row equals the current data." in out and "changed" not in out
    assert db.read_bytes() == before and list_edits(db) == []


@pytest.mark.parametrize(("column", "text"), WRITTEN)
def test_an_edits_file_row_equal_in_value_is_no_change(
        tmp_path: Path, column: str, text: str, capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = deals_db(tmp_path)
    assert import_edits(edits_file(tmp_path / "first.csv", d0), db) == 0  # the source: the file's
    (stored,) = list_edits(db)
    before = db.read_bytes()
    capsys.readouterr()
    status = import_edits(edits_file(tmp_path / "again.csv", {**d0, column: text}), db)
    out = capsys.readouterr().out
    assert status == 0
    assert "again.csv, line 2: no change from the current row; not stored" in out, out
    assert "changed" not in out
    assert db.read_bytes() == before and list_edits(db) == [stored]


def test_a_different_number_is_still_a_change(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = deals_db(tmp_path)
    status = import_edits(table_csv(tmp_path / "dv.csv", [{**d0, "amount": "8.0001e4",
                                                           "h100e_per_year": ""}]),
                          db, "--table", "deals")
    assert status == 0 and "1 changed row" in capsys.readouterr().out
    assert [e.fields["amount"] for e in list_edits(db)] == ["8.0001e4"]


def test_unchanged_compares_number_columns_only_by_value() -> None:
    frames = synthetic_frames()
    source = EditSource("Example News", "https://example.com/a", "2026-11-30", "fair use")
    frames["sources"].loc[len(frames["sources"])] = {
        "source_id": source.source_id, "citation": source.citation, "url": source.url,
        "retrieved": source.retrieved, "licence": source.licence}
    frames["chips"].loc[0, "source_id"] = source.source_id
    chip = {str(k): str(v) for k, v in frames["chips"].iloc[0].items()}

    def same(**cells: str) -> bool:
        edit = Edit("chips", "c0", "edit", {**chip, **cells}, source, chip["confidence"],
                    "2026-01-01T00:00:00+00:00")
        return unchanged(edit, frames)

    assert same() and same(tdp_w="7e2", price_usd="26876.00", launch_year=" 2024 ")
    assert not same(launch_year="2024.0")  # not a year by the checks' rule: refused, a change
    assert not same(price_usd="abc") and not same(name="Chip 0.0") and not same(tdp_w="701")
