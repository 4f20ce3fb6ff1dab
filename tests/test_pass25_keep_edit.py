"""Pass 25 (H1 item 3): ``data keep-edit`` says an edit "applies again" only when the dataset
built with it (as every load builds it, the culprit rule included) applies it; otherwise it
refuses, naming the table, id and why, exit 2, the database byte-identical."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.synthetic import synthetic_frames
from chipscope.storage import build_database
from chipscope.storage.overlay import load_overlay

DEAL = ("deal_id,adopter_id,vendor_id,chip_id,first_year,last_year,amount,amount_unit,"
        "description,confidence,firmness,start_fraction,host_id,citation,url,retrieved,licence\n"
        "apple_like,a0,v0,c0,2027,2029,1,GW,A new deal,medium,firm,,,Example News,"
        "https://example.com/a,2026-11-30,fair use quote\n")
NEWER = {  # a newer bundled dataset under the user's deal
    "access": ["UPDATE access SET access = 0 WHERE adopter_id = 'a0' AND vendor_id = 'v0'",
               "DELETE FROM history WHERE adopter_id = 'a0' AND chip_id IN "
               "(SELECT chip_id FROM chips WHERE vendor_id = 'v0')"],
    "chip": ["DELETE FROM history WHERE chip_id = 'c0'",
             "DELETE FROM export_rules WHERE chip_id = 'c0'",
             "DELETE FROM chips WHERE chip_id = 'c0'"],
}
WHY = {"access": "adopter 'a0' has no access to vendor 'v0'",
       "chip": "'c0' is not a known chip"}


def _db(tmp_path: Path) -> Path:
    folder = tmp_path / "csv"
    folder.mkdir()
    for table, frame in synthetic_frames().items():
        frame.to_csv(folder / f"{table}.csv", index=False, lineterminator="\n")
    db = tmp_path / "user.db"
    build_database(folder, db)
    deal = tmp_path / "deal.csv"
    deal.write_text(DEAL, encoding="utf-8")
    assert main(["data", "import-edits", str(deal), "--db", str(db)]) == 0
    return db


@pytest.mark.parametrize("change", sorted(NEWER))
def test_keeping_an_edit_that_would_still_not_apply_is_refused(
        tmp_path: Path, change: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = _db(tmp_path)
    with closing(sqlite3.connect(db)) as conn, conn:
        for sql in NEWER[change]:
            conn.execute(sql)
    assert [c.edit.key for c in load_overlay(db)[1].conflicts] == ["apple_like"]
    before = db.read_bytes()
    capsys.readouterr()
    assert main(["data", "keep-edit", "deals", "apple_like", "--db", str(db)]) == 2
    captured = capsys.readouterr()
    assert "applies again" not in captured.out
    assert "deals 'apple_like': cannot be kept" in captured.err and WHY[change] in captured.err
    assert db.read_bytes() == before
    assert [c.edit.key for c in load_overlay(db)[1].conflicts] == ["apple_like"]



def test_keep_edit_never_says_applies_again_of_an_edit_that_still_does_not_apply(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A deal stored before the chip it is at, beside a bad retirement no problem names: the
    deal was called a conflict (stored order), keep-edit said it "applies again", and it
    still did not. Now it is no conflict at all, and keep-edit says so (nothing changed)."""
    from chipscope.model.edits import Edit, EditSource, find_row, row_digest
    from chipscope.storage.user_edits import put_edits

    db = _db(tmp_path)
    base, _ = load_overlay(db)
    source = EditSource("Example News", "https://example.com/a", "2026-11-30", "MIT")
    c11, d0, a5 = (find_row(base, t, k) for t, k in (("chips", "c11"), ("deals", "d0"),
                                                       ("adopters", "a5")))
    assert c11 is not None and d0 is not None and a5 is not None
    deal = Edit("deals", "xdeal", "add", {**d0, "deal_id": "xdeal", "chip_id": "xchip",
                                          "vendor_id": c11["vendor_id"]},
                source, "low", "2026-01-01T00:00:01+00:00")
    chip = Edit("chips", "xchip", "add", {**c11, "chip_id": "xchip", "name": "X chip"},
                source, "low", "2026-01-01T00:00:02+00:00")
    retire = Edit("adopters", "a5", "retire", a5, source, "low", "2026-01-01T00:00:03+00:00",
                  row_digest(a5))
    put_edits(db, [deal, chip, retire])
    before = db.read_bytes()
    capsys.readouterr()
    code = main(["data", "keep-edit", "deals", "xdeal", "--db", str(db)])
    said = capsys.readouterr()
    conflicts = [c.edit.key for c in load_overlay(db)[1].conflicts]
    if "applies again" in said.out:
        assert code == 0 and "xdeal" not in conflicts, conflicts
    else:
        assert code == 2 and db.read_bytes() == before
    assert conflicts == ["a5"]
