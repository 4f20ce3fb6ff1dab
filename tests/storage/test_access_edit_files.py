"""Access edits (key adopter_id.vendor_id) in the user's database and in CSV files: a new adopter
with its access rows is stored, undone, exported and imported by a colleague; an edits file that
adds an adopter without access rows, or whose row_key is not the row's pair, is refused naming
what to do in the file; a table CSV of access rows is recognised from its header."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from chipscope.model.data_editor import DataEditor
from chipscope.model.document import Document
from chipscope.model.edits import EditSource
from chipscope.storage import load_dataset
from chipscope.storage.edit_files import EditFileError, read_edits_csv, write_edits_csv
from chipscope.storage.overlay import load_overlay
from chipscope.storage.user_edits import DbEditStore, list_edits, put_edits

SOURCE = EditSource("Example News, 30 Nov 2026", "https://example.com/news", "2026-11-30",
                    "CC BY 4.0")
NEWLAB = {"adopter_id": "newlab", "name": "New Lab", "kind": "AI lab", "derivation": "guess"}


def _editor(db: Path) -> DataEditor:
    base, _ = load_overlay(db)
    return DataEditor(Document(load_dataset(db)), base, DbEditStore(db))


def _pairs(db: Path, adopter: str) -> dict[str, float]:
    access = load_dataset(db).frames["access"]
    mine = access[access["adopter_id"] == adopter]
    return dict(zip(mine["vendor_id"], mine["access"].astype(float), strict=True))


def test_a_new_adopter_and_its_access_rows_round_trip(synthetic_db: Path, tmp_path: Path) -> None:
    colleague = tmp_path / "colleague.db"
    shutil.copy(synthetic_db, colleague)
    editor = _editor(synthetic_db)
    editor.add_adopter(NEWLAB, ["v0", "v3"], SOURCE, "medium")
    stored = {(e.table, e.key): e for e in list_edits(synthetic_db)}
    assert set(stored) == {("adopters", "newlab"), ("access", "newlab.v0"),
                           ("access", "newlab.v3")}
    assert stored[("access", "newlab.v3")].fields["vendor_id"] == "v3"
    assert _pairs(synthetic_db, "newlab") == {"v0": 1.0, "v3": 1.0}  # closed and reopened
    assert editor.document.undo() and list_edits(synthetic_db) == []
    assert editor.document.redo() and len(list_edits(synthetic_db)) == 3
    # Exported as the edits file; the colleague imports it as it is.
    out = tmp_path / "edits.csv"
    write_edits_csv(list_edits(synthetic_db), out)
    text = out.read_text(encoding="utf-8")
    assert ",newlab.v0,add," in text and text.startswith("table_name,row_key,operation,")
    base, _ = load_overlay(colleague)
    imported = read_edits_csv(out, base, [])
    put_edits(colleague, imported)
    assert _pairs(colleague, "newlab") == {"v0": 1.0, "v3": 1.0}
    assert "newlab" in load_dataset(colleague).adopter_ids


def test_an_edits_file_without_the_adopters_access_rows_is_refused(synthetic_db: Path,
                                                                   tmp_path: Path) -> None:
    editor = _editor(synthetic_db)
    editor.add_adopter(NEWLAB, ["v0"], SOURCE, "low")
    edits = list_edits(synthetic_db)
    alone = tmp_path / "alone.csv"
    write_edits_csv([e for e in edits if e.table == "adopters"], alone)
    fresh = tmp_path / "fresh.db"
    shutil.copy(synthetic_db, fresh)
    base, _ = load_overlay(fresh)
    with pytest.raises(EditFileError) as info:
        read_edits_csv(alone, base, [])
    message = "\n".join(info.value.problems)
    assert f"{alone}, line 2: 'newlab' has access to no vendor" in message
    assert "access.csv" not in message
    assert "table_name access, row_key <adopter_id>.<vendor_id>" in message
    # A row_key that is not the row's adopter and vendor is named, nothing imported.
    bad = tmp_path / "bad.csv"
    write_edits_csv(edits, bad)
    bad.write_text(bad.read_text(encoding="utf-8").replace(",newlab.v0,", ",newlab.v3,"),
                   "utf-8")
    with pytest.raises(EditFileError) as info:
        read_edits_csv(bad, base, [])
    assert any("column row_key: 'newlab.v3' is not the row's adopter_id.vendor_id ('newlab.v0'" in p
               for p in info.value.problems)


def test_a_table_csv_of_access_rows_is_recognised(synthetic_db: Path, tmp_path: Path) -> None:
    csv = tmp_path / "access.csv"
    csv.write_text("adopter_id,vendor_id,access,confidence,notes,citation,url,retrieved,"
                   "licence\n"
                   "a1,v2,0.4,medium,,Example,https://example.com/a,2026-11-30,MIT\n"
                   "a0,v1,0.9,high,revised,Example,https://example.com/a,2026-11-30,MIT\n",
                   encoding="utf-8")
    base, _ = load_overlay(synthetic_db)
    edits = read_edits_csv(csv, base, [])
    assert [(e.table, e.key, e.operation) for e in edits] == [("access", "a1.v2", "add"),
                                                              ("access", "a0.v1", "edit")]
    put_edits(synthetic_db, edits)
    assert _pairs(synthetic_db, "a1")["v2"] == 0.4 and _pairs(synthetic_db, "a0")["v1"] == 0.9


def test_two_windows_never_overwrite_or_undo_each_others_edit_silently(
        synthetic_db: Path) -> None:
    """Two windows on one database (pass 8, B4): window 2, still showing the bundled row,
    replaced window 1's edit without a word, and window 1's undo then deleted window 2's."""
    from chipscope.model.undo import PassedOver
    from chipscope.storage.errors import EditsChanged

    one, two = _editor(synthetic_db), _editor(synthetic_db)
    row = {"adopter_id": "a0", "vendor_id": "v1", "access": "0.3"}
    mine = one.edit("access", "a0.v1", row, SOURCE, "medium")
    with pytest.raises(EditsChanged, match=r"(?i)another window or program"):
        two.edit("access", "a0.v1", {**row, "access": "0.7"}, SOURCE, "medium")
    assert list_edits(synthetic_db) == [mine]  # window 1's edit stands
    two.reload()  # window 2 reads the data again: now it may edit window 1's row
    theirs = two.edit("access", "a0.v1", {**row, "access": "0.7"}, SOURCE, "medium")
    with pytest.raises(PassedOver, match="another window or program changed"):
        one.document.undo()  # it would delete window 2's edit: passed over, not done
    assert list_edits(synthetic_db) == [theirs] and not one.document.history.can_undo()
    assert two.document.undo() and list_edits(synthetic_db) == [mine]  # back to what it saw


def test_an_access_row_retired_by_its_key_alone_is_read(tmp_path: Path) -> None:
    """A hand-written edits file retires an access row by row_key with fields_json {} (pass 9,
    N7: it was refused as "row_key 'a1.v2' is not the row's adopter_id.vendor_id ('.')")."""
    from chipscope.model.synthetic import synthetic_frames
    from chipscope.storage import build_database

    frames = synthetic_frames()  # every access row is used: add one nothing needs
    extra = frames["access"].iloc[[0]].assign(adopter_id="a1", vendor_id="v2", access=0.4)
    frames["access"] = pd.concat([frames["access"], extra], ignore_index=True)
    csv_dir = tmp_path / "csv"
    csv_dir.mkdir()
    for name, frame in frames.items():
        frame.to_csv(csv_dir / f"{name}.csv", index=False, lineterminator="\n")
    db = tmp_path / "chipscope.db"
    build_database(csv_dir, db)
    assert _pairs(db, "a1")["v2"] == 0.4
    header = ("table_name,row_key,operation,fields_json,citation,url,retrieved,licence,"
              "confidence\n")
    source = "Example,https://example.com/a,2026-11-30,MIT,low\n"
    good = tmp_path / "retire.csv"
    good.write_text(header + "access,a1.v2,retire,{}," + source, encoding="utf-8")
    base, _ = load_overlay(db)
    edits = read_edits_csv(good, base, [])
    assert [(e.table, e.key, e.operation) for e in edits] == [("access", "a1.v2", "retire")]
    assert edits[0].fields == {"adopter_id": "a1", "vendor_id": "v2"}
    put_edits(db, edits)
    assert "v2" not in _pairs(db, "a1")
    bad = tmp_path / "half.csv"
    bad.write_text(header + "access,a1,retire,{}," + source, encoding="utf-8")
    before = bad.read_bytes()
    with pytest.raises(EditFileError) as info:
        read_edits_csv(bad, base, [])
    assert any("column row_key: 'a1' does not name a row of access: write it "
               "adopter_id.vendor_id" in p for p in info.value.problems), info.value.problems
    assert bad.read_bytes() == before


def test_a_header_that_fits_no_table_lists_every_table_and_the_nearest_ones_missing_columns(
        synthetic_db: Path, tmp_path: Path) -> None:
    """Pass 11, N5: vendors and sources were left out of the tables listed, and the missing
    column (``confidence``) was not named."""
    base, _ = load_overlay(synthetic_db)
    csv = tmp_path / "access.csv"
    csv.write_text("adopter_id,vendor_id,access\nopenai,intel,0.2\n", encoding="utf-8")
    with pytest.raises(EditFileError) as info:
        read_edits_csv(csv, base, [])
    (problem,) = info.value.problems
    assert "deals, chips, adopters, vendors, access or sources" in problem
    assert "the nearest, access, lacks confidence" in problem
    with pytest.raises(EditFileError) as info:  # the window's table: its missing columns
        read_edits_csv(csv, base, [], shown="access")
    assert info.value.problems == [f"{csv}, line 1: missing column(s) confidence, which a CSV "
                                   "of access needs (docs/data.md); add them"]
