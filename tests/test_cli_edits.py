"""``chipscope data diff | import-edits | export-edits | keep-edit | drop-edit``."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.synthetic import synthetic_frames
from chipscope.storage import build_database, load_dataset
from chipscope.storage.user_edits import list_edits

HEADER = ("deal_id,adopter_id,vendor_id,chip_id,first_year,last_year,amount,amount_unit,"
          "description,confidence,firmness,start_fraction,host_id,citation,url,retrieved,"
          "licence\n")
GOOD = ("apple_like,a0,v0,c0,2027,2029,1,GW,A new deal,medium,firm,,,Example News,"
        "https://example.com/a,2026-11-30,fair use quote\n")


def _db(tmp_path: Path, name: str = "user.db") -> Path:
    folder = tmp_path / f"csv_{name}"
    folder.mkdir()
    for table, frame in synthetic_frames().items():
        frame.to_csv(folder / f"{table}.csv", index=False, lineterminator="\n")
    db = tmp_path / name
    build_database(folder, db)
    return db


def test_import_diff_export_and_a_colleague_imports(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    db = _db(tmp_path)
    csv = tmp_path / "deals.csv"
    csv.write_text(HEADER + GOOD, encoding="utf-8")
    assert main(["data", "import-edits", str(csv), "--db", str(db)]) == 0
    assert "Imported 1 edit(s)" in capsys.readouterr().out
    deal = load_dataset(db).deals.set_index("deal_id").loc["apple_like"]
    assert deal["h100e_per_year"] > 0 and "GW" in deal["conversion"]
    assert main(["data", "diff", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "add    deals apple_like (applied)" in out and "Example News" in out
    exported = tmp_path / "edits.csv"
    assert main(["data", "export-edits", "--out", str(exported), "--db", str(db)]) == 0
    colleague = _db(tmp_path, "colleague.db")
    capsys.readouterr()
    assert main(["data", "import-edits", str(exported), "--db", str(colleague)]) == 0
    theirs = load_dataset(colleague).deals.set_index("deal_id").loc["apple_like"]
    assert theirs.equals(deal)


def test_a_bad_file_names_every_bad_row_and_applies_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _db(tmp_path)
    csv = tmp_path / "deals.csv"
    csv.write_text(HEADER + GOOD
                   + "bad_year,a0,v0,c0,20x7,2029,1,GW,x,medium,firm,,,E,https://e.com/a,"
                     "2026-11-30,MIT\n"
                   + "bad_adopter,nobody,v0,c0,2027,2029,1,GW,x,low,firm,,,E,https://e.com/a,"
                     "2026-11-30,MIT\n"
                   + "bad_conf,a0,v0,c0,2027,2029,1,GW,x,sure,firm,,,E,https://e.com/a,"
                     "2026-11-30,MIT\n", encoding="utf-8")
    assert main(["data", "import-edits", str(csv), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert f"{csv}, line 3, column first_year: '20x7' is not a number" in err
    assert f"{csv}, line 4, column adopter_id: 'nobody' is not a known adopter" in err
    assert f"{csv}, line 5, column confidence: 'sure' is not one of high, medium, low" in err
    assert "nothing imported" in err
    assert list_edits(db) == []


def test_a_chip_row_with_a_known_source_edits_the_chip(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    db = _db(tmp_path)
    chips = synthetic_frames()["chips"]
    row = chips[chips["chip_id"] == "c1"].copy()
    row["name"] = "Chip one, renamed"
    csv = tmp_path / "chips.csv"
    row.to_csv(csv, index=False)
    assert main(["data", "import-edits", str(csv), "--db", str(db)]) == 0
    [edit] = list_edits(db)
    assert (edit.table, edit.key, edit.operation) == ("chips", "c1", "edit")
    assert edit.source.citation == "Synthetic data for tests"
    assert load_dataset(db).chips.set_index("chip_id").loc["c1", "name"] == "Chip one, renamed"
    capsys.readouterr()
    assert main(["data", "diff", "--db", str(db)]) == 0
    assert "<>" not in capsys.readouterr().out  # the source shown as the dataset has it


def test_conflicts_are_listed_then_kept_or_dropped(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    db = _db(tmp_path)
    chips = synthetic_frames()["chips"]
    for cid in ("c1", "c2"):
        row = chips[chips["chip_id"] == cid].copy()
        row["name"] = f"Mine {cid}"
        row.to_csv(tmp_path / f"{cid}.csv", index=False)
        assert main(["data", "import-edits", str(tmp_path / f"{cid}.csv"), "--db", str(db)]) == 0
    with closing(sqlite3.connect(db)) as conn, conn:  # the base changes under the edits
        conn.execute("UPDATE chips SET price_usd = 4242 WHERE chip_id IN ('c1', 'c2')")
    capsys.readouterr()
    assert main(["data", "diff", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "2 in conflict" in out and "CONFLICT, not applied" in out
    assert main(["data", "keep-edit", "chips", "c1", "--db", str(db)]) == 0
    assert main(["data", "drop-edit", "chips", "c2", "--db", str(db)]) == 0
    names = load_dataset(db).chips.set_index("chip_id")["name"]
    assert names["c1"] == "Mine c1" and names["c2"] == "Chip 2"
    assert main(["data", "drop-edit", "chips", "c2", "--db", str(db)]) == 2


def test_export_one_table_in_documented_columns_imports_again(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _db(tmp_path)
    csv = tmp_path / "deals.csv"
    csv.write_text(HEADER + GOOD, encoding="utf-8")
    assert main(["data", "import-edits", str(csv), "--db", str(db)]) == 0
    out = tmp_path / "deals_out.csv"
    assert main(["data", "export-edits", "--table", "deals", "--out", str(out),
                 "--db", str(db)]) == 0
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:3] == ["deal_id", "adopter_id", "vendor_id"] and "citation" in header
    colleague = _db(tmp_path, "colleague.db")
    assert main(["data", "import-edits", str(out), "--db", str(colleague)]) == 0
    mine = load_dataset(db).deals.set_index("deal_id").loc["apple_like"]
    assert load_dataset(colleague).deals.set_index("deal_id").loc["apple_like"].equals(mine)


ACCESS_FILE = ("table_name,row_key,operation,fields_json,citation,url,retrieved,licence,"
               "confidence,created_at,base_digest,source_id\n"
               'adopters,newlab,add,"{""adopter_id"": ""newlab"", ""name"": ""New Lab"", '
               '""kind"": ""AI lab"", ""derivation"": ""guess""}",E,https://e.com/a,2026-11-30,'
               "MIT,low,,,\n")
ACCESS_ROW = ('access,newlab.v0,add,"{""adopter_id"": ""newlab"", ""vendor_id"": ""v0"", '
              '""access"": ""1""}",E,https://e.com/a,2026-11-30,MIT,low,,,\n')


def test_an_adopter_is_imported_with_its_access_rows_and_access_conflicts_are_kept(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _db(tmp_path)
    alone = tmp_path / "adopter.csv"
    alone.write_text(ACCESS_FILE, encoding="utf-8")
    assert main(["data", "import-edits", str(alone), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "'newlab' has access to no vendor" in err and "access.csv" not in err
    assert "table_name access, row_key <adopter_id>.<vendor_id>" in err
    both = tmp_path / "both.csv"
    both.write_text(ACCESS_FILE + ACCESS_ROW, encoding="utf-8")
    assert main(["data", "import-edits", str(both), "--db", str(db)]) == 0
    assert "newlab" in load_dataset(db).adopter_ids
    csv = tmp_path / "access.csv"
    csv.write_text("adopter_id,vendor_id,access,confidence,citation,url,retrieved,licence\n"
                   "a0,v1,0.9,high,E,https://e.com/a,2026-11-30,MIT\n", encoding="utf-8")
    assert main(["data", "import-edits", str(csv), "--db", str(db)]) == 0
    with closing(sqlite3.connect(db)) as conn, conn:  # the bundled row changes under the edit
        conn.execute("UPDATE access SET access = 0.6 WHERE adopter_id = 'a0' AND vendor_id = 'v1'")
    capsys.readouterr()
    assert main(["data", "diff", "--db", str(db)]) == 0
    assert "edit   access a0.v1 (CONFLICT, not applied" in capsys.readouterr().out
    assert main(["data", "keep-edit", "access", "a0.v1", "--db", str(db)]) == 0
    access = load_dataset(db).frames["access"].set_index(["adopter_id", "vendor_id"])
    assert access.loc[("a0", "v1"), "access"] == 0.9
    assert main(["data", "drop-edit", "access", "newlab.v0", "--db", str(db)]) == 0
    assert "newlab" not in load_dataset(db).adopter_ids  # its edit now conflicts: not applied


@pytest.mark.parametrize("table", [None, "deals"])
def test_export_edits_to_a_dash_writes_standard_output(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        table: str | None) -> None:
    """'-' is standard output, as for run --out (it wrote a file named "-")."""
    db = _db(tmp_path)
    csv = tmp_path / "deals.csv"
    csv.write_text(HEADER + GOOD, encoding="utf-8")
    assert main(["data", "import-edits", str(csv), "--db", str(db)]) == 0
    monkeypatch.chdir(tmp_path)
    chosen = [] if table is None else ["--table", table]
    assert main(["data", "export-edits", "--out", "file.csv", "--db", str(db), *chosen]) == 0
    capsys.readouterr()
    assert main(["data", "export-edits", "--out", "-", "--db", str(db), *chosen]) == 0
    out, err = capsys.readouterr()
    assert not (tmp_path / "-").exists()
    assert out == (tmp_path / "file.csv").read_text(encoding="utf-8") and "apple_like" in out
    assert "to standard output" in err


def test_a_repeated_adopter_name_is_told_by_row_not_by_internal_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Pass 9, N3: the import and `data diff` named lines of the edited adopters table, which
    no file of the user's holds ("adopters, line 8 ... repeats line 2")."""
    db = _db(tmp_path)
    same = tmp_path / "same_name.csv"
    same.write_text(ACCESS_FILE.replace("New Lab", "Adopter 0") + ACCESS_ROW, encoding="utf-8")
    before = same.read_bytes()
    assert main(["data", "import-edits", str(same), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert f"{same}, line 2, column name: 'Adopter 0' repeats the row 'a0'" in err, err
    assert "repeats line" not in err and same.read_bytes() == before and not list_edits(db)
    both = tmp_path / "both.csv"
    both.write_text(ACCESS_FILE + ACCESS_ROW, encoding="utf-8")
    assert main(["data", "import-edits", str(both), "--db", str(db)]) == 0
    with closing(sqlite3.connect(db)) as conn, conn:  # upstream names another adopter so
        conn.execute("UPDATE adopters SET name = 'New Lab' WHERE adopter_id = 'a3'")
    capsys.readouterr()
    assert main(["data", "diff", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "adopters row 'newlab', column name: 'New Lab' repeats the row 'a3'" in out, out
    assert "line" not in out.split("adopters row 'newlab'")[1].splitlines()[0]


def test_an_edits_file_names_each_column_once_and_a_left_out_one_as_missing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Messages said "column access: access: 2 is outside [0, 1]", and a column left out of
    fields_json was "empty"."""
    db = _db(tmp_path)
    header = "table_name,row_key,operation,fields_json,citation,url,retrieved,licence,confidence\n"
    source = ",E,https://e.com/a,2026-11-30,MIT,low\n"
    edits = tmp_path / "edits.csv"
    edits.write_text(header
                     + 'access,a0.v1,edit,"{""adopter_id"": ""a0"", ""vendor_id"": ""v1"", '
                       '""access"": ""2""}"' + source
                     + 'chips,c1,edit,"{""chip_id"": ""c1"", ""price_usd"": ""20000""}"' + source,
                     encoding="utf-8")
    assert main(["data", "import-edits", str(edits), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert f"{edits}, line 2, column access: 2 is outside [0, 1]" in err, err
    assert (f"{edits}, line 3, column name: missing from fields_json (an addition or an edit "
            "gives the whole row)") in err
    assert "column price_usd" not in err and not list_edits(db)


def test_an_import_raced_by_another_program_imports_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process stores an edit while this import checks its rows against the edits it
    read: the import is refused (its checks are stale) and the other edit stands."""
    import chipscope.storage.edit_files as edit_files

    db = _db(tmp_path)
    theirs = tmp_path / "theirs.csv"
    theirs.write_text(HEADER + GOOD.replace("apple_like", "theirs"), encoding="utf-8")
    mine = tmp_path / "mine.csv"
    mine.write_text(HEADER + GOOD, encoding="utf-8")
    real = edit_files.read_edits_csv

    def racing(*args: object, **kwargs: object) -> object:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        monkeypatch.setattr(edit_files, "read_edits_csv", real)
        assert main(["data", "import-edits", str(theirs), "--db", str(db)]) == 0
        return found

    monkeypatch.setattr(edit_files, "read_edits_csv", racing)
    assert main(["data", "import-edits", str(mine), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "changed by another window or program while these were being checked" in err, err
    assert "Run the import again" in err and "Traceback" not in err
    assert [e.key for e in list_edits(db)] == ["theirs"]
    assert main(["data", "import-edits", str(mine), "--db", str(db)]) == 0
    assert sorted(e.key for e in list_edits(db)) == ["apple_like", "theirs"]


def test_two_drops_of_one_edit_at_once_one_says_there_is_none(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Pass 10 D10: another process drops the edit between this drop's look and its delete;
    both said "Dropped" (rc 0). The delete now says whether it deleted a row."""
    import chipscope.storage.user_edits as user_edits

    db = _db(tmp_path)
    csv = tmp_path / "deals.csv"
    csv.write_text(HEADER + GOOD, encoding="utf-8")
    assert main(["data", "import-edits", str(csv), "--db", str(db)]) == 0
    real = user_edits.list_edits

    def racing(*args: object, **kwargs: object) -> object:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        monkeypatch.setattr(user_edits, "list_edits", real)
        assert main(["data", "drop-edit", "deals", "apple_like", "--db", str(db)]) == 0
        return found

    capsys.readouterr()
    monkeypatch.setattr(user_edits, "list_edits", racing)
    assert main(["data", "drop-edit", "deals", "apple_like", "--db", str(db)]) == 2
    out, err = capsys.readouterr()
    assert out.count("Dropped your edit") == 1
    assert "deals 'apple_like': you have no edit of this row" in err
    assert list_edits(db) == []


@pytest.mark.parametrize("kind", ["file", "symlink loop"])
def test_drop_edit_with_a_data_folder_that_is_no_folder_says_so(
        tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Pass 10 D2: exit 1 "unexpected FileExistsError" (the error handler looked the folder up
    again); now the message every other command gives, exit 2."""
    home = tmp_path / "home"
    if kind == "file":
        home.write_text("x", encoding="utf-8")
    else:
        (tmp_path / "other").symlink_to(home)
        home.symlink_to(tmp_path / "other")
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    assert main(["data", "drop-edit", "deals", "x"]) == 2
    err = capsys.readouterr().err
    assert f"Cannot use the data folder {home}" in err and "unexpected" not in err


def test_invalid_data_in_the_database_are_placed_alike_by_every_command(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before: run said "deals table, row 1" and diff / import-edits "deals, line 2" (a
    database has no lines) for the same problem."""
    db = _db(tmp_path)
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE deals SET amount = 'abc' WHERE rowid = 1")
    csv = tmp_path / "deals.csv"
    csv.write_text(HEADER + GOOD, encoding="utf-8")
    place = f"The database {db} holds invalid data: deals table, row 1, column amount: "
    for argv in (["run", "--out", str(tmp_path / "o.csv")], ["data", "diff"],
                 ["data", "import-edits", str(csv)]):
        assert main([*argv, "--db", str(db)]) == 2
        assert place in capsys.readouterr().err, argv


def test_diff_lists_only_fields_whose_values_change(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Pass 13 DB E1: a bool the CSV spells ``true`` and the database stores as 1 was listed
    as a change (``price_is_estimate: '1' -> 'true'``); only real changes are listed."""
    db = _db(tmp_path)
    chips = synthetic_frames()["chips"]
    row = chips[chips["chip_id"] == "c1"].copy()
    row["name"] = "Mine c1"
    row.to_csv(tmp_path / "c1.csv", index=False)
    assert main(["data", "import-edits", str(tmp_path / "c1.csv"), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["data", "diff", "--db", str(db)]) == 0
    changes = [line for line in capsys.readouterr().out.splitlines() if "->" in line]
    assert len(changes) == 1 and "name: 'Chip 1' -> 'Mine c1'" in changes[0], changes


def test_diff_shows_a_stored_source_as_text(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Pass 16 CLI E2: an edit's source line (another program's ESC sequence in its citation)
    reached the terminal raw."""
    import sqlite3

    db = _db(tmp_path)
    csv = tmp_path / "deals.csv"
    csv.write_text(HEADER + GOOD, encoding="utf-8")
    assert main(["data", "import-edits", str(csv), "--db", str(db)]) == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE user_edits SET citation = 'Example\x1b[31m News'")
    conn.close()
    capsys.readouterr()
    assert main(["data", "diff", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "Example\\x1b[31m News" in out
