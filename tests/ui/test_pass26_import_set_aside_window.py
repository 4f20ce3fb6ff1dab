"""Pass 26 F10 in the window: Edit data > Import reads the file as ``data import-edits`` does
(storage.edit_files.read_edits_csv), so with the user's deals already set aside by a newer
bundled release, a one-line import that breaks a check is told by its own line alone, not by
a problem for each set-aside deal at a line of the merged deals table."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from chipscope.model.edits import Edit, EditSource, build_dataset, find_row, row_digest
from chipscope.storage.edit_files import write_edits_csv
from chipscope.storage.overlay import load_overlay
from chipscope.storage.user_edits import change_edits, list_edits
from chipscope.ui.data_edit.dialog import open_data_dialog
from chipscope.ui.main_window import MainWindow

SOURCE = EditSource("Example News", "https://example.com/n", "2026-11-30", "fair use quote")
MINE = 25


def test_the_window_import_leaves_out_deals_already_set_aside(
        make_window: Callable[..., MainWindow], tmp_path: Path) -> None:
    from chipscope.storage import open_user_database

    _, db = open_user_database()
    base, _ = load_overlay(db)
    deals = base["deals"]
    first = deals.iloc[0].to_dict()  # a bundled deal before the user's (it moves when edited)
    access = base["access"]
    pairs = {(a, v) for a, v in zip(access["adopter_id"], access["vendor_id"], strict=True)}
    free = next((a, v) for a, v in zip(access["adopter_id"], access["vendor_id"], strict=True)
                if a != first["adopter_id"] and v == first["vendor_id"]  # at the deal's chip
                and not (deals["adopter_id"].eq(a) & deals["vendor_id"].eq(v)).any())
    mine = [Edit("deals", f"zz_{i}", "add", {**first, "deal_id": f"zz_{i}", "adopter_id": free[0],
                                              "vendor_id": free[1], "host_id": ""},
                 SOURCE, "low", f"2026-01-01T00:00:{i:02d}+00:00") for i in range(MINE)]
    assert build_dataset(base, mine)[1].conflicts == []
    change_edits(db, mine, [], all_seen=[])
    with sqlite3.connect(db) as conn:  # a newer bundled release: the pair has no access
        conn.execute("update access set access=0 where adopter_id=? and vendor_id=?", free)
        conn.execute("delete from history where adopter_id=? and chip_id in (select chip_id "
                     "from chips where vendor_id=?)", free)
    conn.close()
    _, overlay = load_overlay(db)
    assert len(overlay.conflicts) == MINE  # all set aside (as `data diff` says)

    stranger = next(a for a in base["adopters"]["adopter_id"]
                    if (a, first["vendor_id"]) not in pairs)
    row = find_row(base, "deals", first["deal_id"])
    assert row is not None
    path = tmp_path / "one.csv"
    write_edits_csv([Edit("deals", first["deal_id"], "edit", {**row, "adopter_id": stranger},
                          SOURCE, "low", "", row_digest(row))], path)

    window = make_window(show=False)
    dialog = open_data_dialog(window)
    assert dialog is not None
    assert dialog.import_file(path) is False
    text = dialog.status.text()
    assert text.startswith(f"{path}: nothing imported, 1 problem(s):\n{path}, line 2"), text
    assert f"'{stranger}' has no access to vendor '{first['vendor_id']}'" in text
    assert "zz_" not in text and "deals, line" not in text
    assert len(list_edits(db)) == MINE
