"""Attack pass 7 (#10), storage: what the CLI pass found in the storage layer."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.model.edits import Edit, EditSource
from chipscope.storage import StorageError, load_dataset
from chipscope.storage.errors import DatabaseFull
from chipscope.storage.user_edits import EDITS_TABLE, list_edits, put_edits

SOURCE = EditSource("Example News, 30 Nov 2026", "https://example.com/news", "2026-11-30",
                    "CC BY 4.0")


def _edit(key: str, amount: str = "20000", description: str = "A deal of mine") -> Edit:
    fields = {"deal_id": key, "adopter_id": "a0", "vendor_id": "v0", "chip_id": "c0",
              "first_year": "2027", "last_year": "2028", "amount": amount,
              "amount_unit": "units", "description": description, "firmness": "firm"}
    return Edit("deals", key, "add", fields, SOURCE, "high", "2026-12-01T00:00:00+00:00", "")


def test_an_edit_on_a_full_disk_is_an_error_not_a_silent_loss(
        db: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    # sqlite-utils' upsert probed SQLite's features in a throw-away table, took the full disk
    # for "not supported", and its fallback wrote nothing: `data import-edits` said "Imported".
    put_edits(db, [_edit("kept")])
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("VACUUM")  # no free page left: a new table needs one
    before = db.read_bytes()
    request.getfixturevalue("full_disk")
    with pytest.raises(DatabaseFull, match="disk is full"):
        put_edits(db, [_edit("mine", description="x" * 20_000)])
    assert db.read_bytes() == before
    monkeypatch.undo()
    assert [e.key for e in list_edits(db)] == ["kept"]


def test_the_edits_table_keeps_its_layout_and_an_edit_replaces_its_row(db: Path) -> None:
    put_edits(db, [_edit("mine", description="x" * 20_000)])
    put_edits(db, [_edit("mine", "30000")])
    with closing(sqlite3.connect(db)) as conn:
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?",
                           (EDITS_TABLE,)).fetchone()[0]
    assert '"base_digest" TEXT NOT NULL DEFAULT \'\'' in sql
    assert 'PRIMARY KEY ("table_name", "row_key")' in sql
    assert [(e.key, e.fields["amount"]) for e in list_edits(db)] == [("mine", "30000")]
    assert load_dataset(db) is not None


@pytest.mark.parametrize("sql", [
    "CREATE TRIGGER wipe AFTER INSERT ON scenarios BEGIN DELETE FROM deals; END",
    "CREATE TRIGGER t BEFORE DELETE ON chips BEGIN SELECT RAISE(ABORT, 'no'); END",
])
def test_a_database_with_a_trigger_is_refused_and_left_alone(db: Path, sql: str) -> None:
    # A trigger another program added ran inside ChipScope's writes: an import emptied deals.
    with closing(sqlite3.connect(db)) as conn:
        conn.execute(sql)
        conn.commit()
    before = db.read_bytes()
    with pytest.raises(StorageError, match="holds a trigger") as info:
        put_edits(db, [_edit("mine")])
    assert str(db) in str(info.value)
    with pytest.raises(StorageError, match="holds a trigger"):
        load_dataset(db)
    assert db.read_bytes() == before


def test_a_view_in_place_of_the_edits_table_is_refused(db: Path) -> None:
    # sqlite-utils took the view for the table: "unexpected AttributeError: 'View' object has
    # no attribute 'create'".
    with closing(sqlite3.connect(db)) as conn:
        conn.execute(f"CREATE VIEW {EDITS_TABLE} AS SELECT 1 AS x")
        conn.commit()
    before = db.read_bytes()
    with pytest.raises(StorageError, match="has a view where ChipScope keeps a table"):
        put_edits(db, [_edit("mine")])
    assert db.read_bytes() == before


def test_a_view_of_the_users_own_is_fine(db: Path) -> None:
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("CREATE VIEW my_deals AS SELECT * FROM deals")
        conn.commit()
    put_edits(db, [_edit("mine")])
    assert [e.key for e in list_edits(db)] == ["mine"]


# --- calibration targets: a year that is no year, units outside their own percentiles --------
TARGETS_HEADER = ("year,quarter,vendor_id,units,units_p5,units_p95,h100e,h100e_p5,h100e_p95,"
                  "derivation,source_id,confidence\n")
BAND = "; a target lies within its band [units_p5, units_p95], so correct units or the band"


@pytest.mark.parametrize(("cells", "named"), [
    ("1e308,1,v0,10,5,20,10,5,20", "column year: '1e308' is not a year from 2000 to 2100"),
    ("0,1,v0,10,5,20,10,5,20", "column year: '0' is not a year from 2000 to 2100"),
    ("2026,1,v0,1e308,5,20,10,5,20", "column units: '1e308' is above units_p95 ('20')" + BAND),
    ("2026,1,v0,10,50,20,10,5,20", "column units: '10' is below units_p5 ('50')" + BAND),
])
def test_a_target_year_or_units_out_of_bounds_is_named(tmp_path: Path, cells: str,
                                                      named: str) -> None:
    # Was: a 309-digit "year" echoed whole in "one year expected, found [2026, 1000...]", and
    # units of 1e308 (or above their own 95th percentile) fitted without a word.
    from chipscope.storage.calibration_files import read_calibration_targets

    path = tmp_path / "targets.csv"
    path.write_text(TARGETS_HEADER + cells + ",derived,s0,medium\n")
    with pytest.raises(StorageError) as info:
        read_calibration_targets(path)
    assert str(info.value) == f"{path}, line 2, {named}"


def test_a_file_name_with_a_nul_is_refused_with_a_message(tmp_path: Path) -> None:
    """Every writer checks its target with write_target: a NUL in the name was a bare
    ValueError ("embedded null byte"), the window's unexpected-error box (tornado CSV)."""
    import pandas as pd

    from chipscope.storage import files
    from chipscope.storage.schema import StorageError

    target = tmp_path / "tornado\x00.csv"
    with pytest.raises(StorageError, match="its name holds a NUL character"):
        files.write_csv(pd.DataFrame({"a": [1]}), target, "tornado CSV")
    assert list(tmp_path.iterdir()) == []
