"""m77: the last printed commands that left out the database the CLI was given: the pointer to
`chipscope assumptions` of an unknown key (the keys depend on the database) and the advice of a
database holding more data edits than ChipScope handles carry its --db, so that pasted they
list or act on that database."""

from __future__ import annotations

import hashlib
import shlex
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.model.synthetic import synthetic_frames
from chipscope.storage import build_database, user_edits
from chipscope.storage.user_edits import stored_slots
from tests.advice_commands import advised_commands, databases_read


@pytest.mark.parametrize("how", ["set", "scenario", "sweep", "sweep-base"])
def test_an_unknown_key_points_to_the_assumptions_of_its_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        how: str) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "other db.db"
    shutil.copyfile(paths.bundled_db_path(), db)
    (tmp_path / "sc.toml").write_text(
        'format_version = 2\nname = "sc"\n[assumptions]\nqqqqqqqq = 1\n', encoding="utf-8")
    (tmp_path / "base.toml").write_text(
        'format_version = 2\nname = "b"\n[assumptions]\nqqqqqqqq = 1\n', encoding="utf-8")
    spec = ('scenario = "base.toml"\n[grid]\nlock_in = [1.0, 2.0]\n' if how == "sweep-base"
            else "[grid]\nqqqqqqqq = [1.0, 2.0]\n")
    (tmp_path / "sw.toml").write_text(spec, encoding="utf-8")
    argv = {"set": ["run", "--set", "qqqqqqqq=1", "--out", "x.csv"],
            "scenario": ["run", "--scenario", "sc.toml", "--out", "x.csv"],
            "sweep": ["sweep", "sw.toml", "--out", "x.csv"],
            "sweep-base": ["sweep", "sw.toml", "--out", "x.csv"]}[how]
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    assert main([*argv, "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert f"`chipscope-cli assumptions --db {shlex.quote(str(db))}` lists them" in err, err
    (command,) = advised_commands(err)
    seen = databases_read(monkeypatch)
    assert main(command) == 0
    assert seen == [db]
    assert "qqqqqqqq" not in capsys.readouterr().out
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not (tmp_path / "x.csv").exists()


def test_an_unknown_key_without_db_keeps_the_plain_pointer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--set", "qqqqqqqq=1", "--out", "x.csv"]) == 2
    assert "`chipscope-cli assumptions` lists them" in capsys.readouterr().err


HEADER = ("deal_id,adopter_id,vendor_id,chip_id,first_year,last_year,amount,amount_unit,"
          "description,confidence,firmness,start_fraction,host_id,citation,url,retrieved,"
          "licence\n")
ROW = ("mine,a0,v0,c0,2027,2029,1,GW,A new deal,medium,firm,,,Example News,"
       "https://example.com/a,2026-11-30,fair use quote\n")


def test_too_many_edits_advice_drops_an_edit_of_that_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    for table, frame in synthetic_frames().items():
        frame.to_csv(folder / f"{table}.csv", index=False, lineterminator="\n")
    db = tmp_path / "my edits.db"
    build_database(folder, db)
    (tmp_path / "one.csv").write_text(HEADER + ROW, encoding="utf-8")
    assert main(["data", "import-edits", str(tmp_path / "one.csv"), "--db", str(db)]) == 0
    with closing(sqlite3.connect(db)) as conn:
        conn.executemany(
            "INSERT INTO user_edits SELECT table_name, ?, operation, fields_json, citation, url,"
            " retrieved, licence, confidence, created_at, base_digest, source_id FROM user_edits"
            " WHERE row_key = 'mine'", [(f"x{i}",) for i in range(3)])
        conn.commit()
    monkeypatch.setattr(user_edits, "MAX_EDITS", 3)
    capsys.readouterr()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    assert main(["run", "--out", str(tmp_path / "r.csv"), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert (f"holds 4 data edits, more than ChipScope handles (3); drop some "
            f"(`chipscope-cli data drop-edit TABLE ID --db {shlex.quote(str(db))}`) or work on "
            "another database.") in err, err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    (command,) = advised_commands(err)
    command = [{"TABLE": "deals", "ID": "x1"}.get(w, w) for w in command]
    monkeypatch.chdir(tmp_path)
    assert main(command) == 0
    assert ("deals", "x1") not in stored_slots(db) and len(stored_slots(db)) == 3
