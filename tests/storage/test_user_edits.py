"""The user's data edits survive: stored as an overlay (``user_edits``), applied on every load,
re-applied over a newer bundled dataset, conflicts kept and reported, never replaced by older
bundled data. The upgrade is simulated with two bundled datasets built from CSVs."""

from __future__ import annotations

import shlex
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pandas as pd
import pytest

from chipscope.model.data_editor import DataEditor
from chipscope.model.document import Document
from chipscope.model.edits import Edit, EditSource, find_row, frames_as_text, row_digest
from chipscope.model.synthetic import synthetic_frames
from chipscope.storage import StorageError, build_database, load_dataset, open_user_database
from chipscope.storage.overlay import conflict_lines, load_overlay
from chipscope.storage.user_edits import (
    EDITS_TABLE,
    DbEditStore,
    list_edits,
    put_edits,
    remove_edit,
)

SOURCE = EditSource("Example News, 30 Nov 2026", "https://example.com/news", "2026-11-30",
                    "CC BY 4.0")


Change = Callable[[dict[str, pd.DataFrame]], None] | None


def _bundled(tmp_path: Path, name: str, date: str, change: Change = None) -> Path:
    frames = synthetic_frames()
    frames["meta"].loc[frames["meta"]["key"] == "date", "value"] = date
    if change is not None:
        change(frames)
    folder = tmp_path / f"csv_{name}"
    folder.mkdir()
    for table, frame in frames.items():
        frame.to_csv(folder / f"{table}.csv", index=False, lineterminator="\n")
    db = tmp_path / f"{name}.db"
    build_database(folder, db)
    return db


def _deal(**changes: str) -> dict[str, str]:
    return {"deal_id": "my_deal", "adopter_id": "a0", "vendor_id": "v0", "chip_id": "c0",
            "first_year": "2027", "last_year": "2028", "amount": "20000",
            "amount_unit": "units", "description": "A deal of mine", "firmness": "firm",
            **changes}


def _editor(db: Path) -> DataEditor:
    base, _ = load_overlay(db)
    return DataEditor(Document(load_dataset(db)), base, DbEditStore(db))


def test_edits_round_trip_and_upsert(db: Path) -> None:
    editor = _editor(db)
    editor.add("deals", _deal(), SOURCE, "medium")
    editor.edit("deals", "my_deal", _deal(amount="30000"), SOURCE, "high")  # same row again
    stored = list_edits(db)
    assert [(e.table, e.key, e.operation) for e in stored] == [("deals", "my_deal", "add")]
    assert stored[0].fields["amount"] == "30000" and stored[0].source == SOURCE
    with closing(sqlite3.connect(db)) as conn:
        pk = [r[1] for r in conn.execute(f"PRAGMA table_info({EDITS_TABLE})") if r[5]]
    assert pk == ["table_name", "row_key"]
    # Closed and opened again: the deal is there.
    assert "my_deal" in set(load_dataset(db).deals["deal_id"])
    remove_edit(db, "deals", "my_deal")
    assert "my_deal" not in set(load_dataset(db).deals["deal_id"])


def test_undo_of_a_data_edit_reaches_the_database(db: Path) -> None:
    editor = _editor(db)
    editor.add("deals", _deal(), SOURCE, "medium")
    assert editor.document.undo()
    assert list_edits(db) == []
    assert editor.document.redo()
    assert [e.key for e in list_edits(db)] == ["my_deal"]


def test_the_bundled_database_is_never_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    bundled = _bundled(tmp_path, "v1", "2026-01-01")
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(bundled))
    before = bundled.read_bytes()
    with pytest.raises(StorageError, match="read-only"):
        put_edits(bundled, [Edit("deals", "x", "add", _deal(), SOURCE, "low")])
    assert bundled.read_bytes() == before


def _v2_changes(frames: dict[str, pd.DataFrame]) -> None:
    chips = frames["chips"]
    chips.loc[chips["chip_id"] == "c1", "price_usd"] = "12345"  # c1 changed upstream
    frames["deals"] = frames["deals"][frames["deals"]["deal_id"] != "d1"]  # d1 vanished
    frames["deals"].loc[frames["deals"]["deal_id"] == "d0", "description"] = "Revised upstream"


def test_a_newer_bundled_dataset_keeps_the_edits_and_reports_conflicts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    v1 = _bundled(tmp_path, "v1", "2026-01-01")
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(v1))
    _, user_db = open_user_database()
    editor = _editor(user_db)
    base = editor.base
    editor.add("deals", _deal(), SOURCE, "medium")
    c1, c2, d1 = (find_row(base, t, k) for t, k in (("chips", "c1"), ("chips", "c2"),
                                                     ("deals", "d1")))
    assert c1 and c2 and d1
    editor.edit("chips", "c1", {**c1, "name": "Renamed c1"}, SOURCE, "high")
    editor.edit("chips", "c2", {**c2, "name": "Renamed c2"}, SOURCE, "high")
    editor.edit("deals", "d1", {**d1, "description": "Mine"}, SOURCE, "low")
    # ChipScope is upgraded: its bundled dataset is newer and changed.
    v2 = _bundled(tmp_path, "v2", "2026-06-01", _v2_changes)
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(v2))
    dataset, _ = open_user_database()
    assert dataset.date == "2026-06-01"
    deals = dataset.deals.set_index("deal_id")
    assert deals.loc["d0", "description"] == "Revised upstream"  # the new base
    assert "my_deal" in deals.index  # the user's deal survives
    chips = dataset.chips.set_index("chip_id")
    assert chips.loc["c2", "name"] == "Renamed c2"  # its base row did not change: applied
    assert chips.loc["c1", "name"] != "Renamed c1" and chips.loc["c1", "price_usd"] == 12345
    assert "d1" not in deals.index
    # Conflicts are kept (never dropped silently) and reported.
    assert len(list_edits(user_db)) == 4
    lines = conflict_lines(user_db)
    assert len(lines) == 2
    assert any("chips row \u201cc1\u201d changed since the edit" in ln for ln in lines)
    assert any("deals row \u201cd1\u201d is no longer there" in ln for ln in lines)
    # m77: the advice lists the edits of this database, not of the default one
    assert all(ln.endswith(f"(chipscope-cli data diff --db {shlex.quote(str(user_db))})")
               for ln in lines), lines
    # Keep one, drop the other.
    editor = _editor(user_db)
    kept = editor.keep("chips", "c1")
    assert kept.base_digest == row_digest(find_row(editor.base, "chips", "c1") or {})
    editor.drop("deals", "d1")
    after = load_dataset(user_db).chips.set_index("chip_id")
    assert after.loc["c1", "name"] == "Renamed c1"
    assert conflict_lines(user_db) == []
    assert {e.key for e in list_edits(user_db)} == {"my_deal", "c1", "c2"}


def test_older_bundled_data_never_replace_the_users(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    v2 = _bundled(tmp_path, "v2", "2026-06-01", _v2_changes)
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(v2))
    _, user_db = open_user_database()
    _editor(user_db).add("deals", _deal(), SOURCE, "medium")
    v1 = _bundled(tmp_path, "v1", "2026-01-01")  # a downgrade, or an older install
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(v1))
    dataset, _ = open_user_database()
    assert dataset.date == "2026-06-01"
    assert "d1" not in set(dataset.deals["deal_id"]) and "my_deal" in set(dataset.deals["deal_id"])


def test_a_database_without_edits_loads_as_before(db: Path) -> None:
    base, overlay = load_overlay(db)
    assert overlay.applied == [] and overlay.conflicts == []
    assert list_edits(db) == []
    pd.testing.assert_frame_equal(frames_as_text(load_dataset(db).frames)["deals"],
                                  base["deals"])


def test_a_user_edits_table_of_another_layout_is_named(db: Path) -> None:
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute(f"CREATE TABLE {EDITS_TABLE} (something TEXT)")
        conn.execute(f"INSERT INTO {EDITS_TABLE} VALUES ('x')")
    with pytest.raises(StorageError, match=f"The {EDITS_TABLE} table of the database .* has "
                                           "another layout"):
        load_dataset(db)


def test_a_stored_edit_with_a_bad_record_is_named(db: Path) -> None:
    put_edits(db, [Edit("deals", "x", "add", _deal(deal_id="x"), SOURCE, "low")])
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute(f"UPDATE {EDITS_TABLE} SET fields_json = 'not json'")
    with pytest.raises(StorageError, match="fields_json is not JSON"):
        load_dataset(db)
