"""Found by the fourth, independent attack pass of issue 10 (hostile ``user_edits`` tables,
edits files, sweep specs and flags of the newer commands): each test reproduces one finding
through the CLI."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.synthetic import synthetic_frames
from chipscope.storage import build_database, edit_files, user_edits
from chipscope.storage.user_edits import list_edits

HEADER = ("deal_id,adopter_id,vendor_id,chip_id,first_year,last_year,amount,amount_unit,"
          "description,confidence,firmness,start_fraction,host_id,citation,url,retrieved,"
          "licence\n")


def _row(deal_id: str) -> str:
    return (f"{deal_id},a0,v0,c0,2027,2029,1,GW,A new deal,medium,firm,,,Example News,"
            "https://example.com/a,2026-11-30,fair use quote\n")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database built from the synthetic data, holding one imported deal."""
    folder = tmp_path / "csv"
    folder.mkdir()
    for table, frame in synthetic_frames().items():
        frame.to_csv(folder / f"{table}.csv", index=False, lineterminator="\n")
    path = tmp_path / "user.db"
    build_database(folder, path)
    csv = tmp_path / "one.csv"
    csv.write_text(HEADER + _row("mine"))
    assert main(["data", "import-edits", str(csv), "--db", str(path)]) == 0
    return path


def _set_fields_json(db: Path, text: str) -> None:
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("UPDATE user_edits SET fields_json = ?", (text,))
        conn.commit()


@pytest.mark.parametrize("nested", ["[" * 100_000 + "]" * 100_000,
                                    '{"a":' * 50_000 + "1" + "}" * 50_000])
@pytest.mark.parametrize("command", [["run", "--out", "OUT"], ["data", "diff"],
                                     ["data", "export-edits", "--out", "OUT"]])
def test_deeply_nested_fields_json_is_a_clear_error_naming_the_database(
        db: Path, tmp_path: Path, nested: str, command: list[str],
        capsys: pytest.CaptureFixture[str]) -> None:
    _set_fields_json(db, nested)
    before = _sha(db)
    argv = [str(tmp_path / "out.csv") if a == "OUT" else a for a in command]
    assert main([*argv, "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert f"{db}, user_edits row 1: fields_json is nested too deeply" in err
    assert "unexpected" not in err
    assert _sha(db) == before


def test_an_edits_file_with_deeply_nested_fields_json_is_refused(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edits = tmp_path / "edits.csv"
    assert main(["data", "export-edits", "--out", str(edits), "--db", str(db)]) == 0
    header = next(line for line in edits.read_text().splitlines() if not line.startswith("#"))
    edits.write_text(header + '\ndeals,x,add,"' + "[" * 50_000 + "]" * 50_000
                     + '",c,u,2026-01-01,l,high,t,,\n')
    before = _sha(db)
    assert main(["data", "import-edits", str(edits), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "line 2: fields_json is nested too deeply" in err and "unexpected" not in err
    assert _sha(db) == before


def test_a_user_edits_table_with_too_many_rows_is_refused_not_a_hang(
        db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    with closing(sqlite3.connect(db)) as conn:
        conn.executemany(
            "INSERT INTO user_edits SELECT table_name, ?, operation, fields_json, citation, url,"
            " retrieved, licence, confidence, created_at, base_digest, source_id FROM user_edits"
            " WHERE row_key = 'mine'", [(f"x{i}",) for i in range(5)])
        conn.commit()
    monkeypatch.setattr(user_edits, "MAX_EDITS", 4)
    before = _sha(db)
    assert main(["run", "--out", str(tmp_path / "r.csv"), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert f"The user_edits table of the database {db} holds 6 data edits, more than " \
           "ChipScope handles (4)" in err
    assert _sha(db) == before


def test_an_import_over_the_row_limit_is_refused_and_changes_nothing(
        db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "many.csv"
    csv.write_text(HEADER + "".join(_row(f"d{i}") for i in range(3)))
    monkeypatch.setattr(edit_files, "MAX_IMPORT_ROWS", 2)
    before = _sha(db)
    assert main(["data", "import-edits", str(csv), "--db", str(db)]) == 2
    assert f"{csv}: 3 rows, more than one import takes (2" in capsys.readouterr().err
    assert _sha(db) == before


def test_an_import_that_would_exceed_the_edit_limit_changes_nothing(
        db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "two.csv"
    csv.write_text(HEADER + _row("d1") + _row("d2"))
    monkeypatch.setattr(user_edits, "MAX_EDITS", 2)
    assert main(["data", "import-edits", str(csv), "--db", str(db)]) == 2
    assert f"The database {db} would hold 3 data edits, more than ChipScope handles (2); " \
           "nothing was changed" in capsys.readouterr().err
    assert [e.key for e in list_edits(db)] == ["mine"]


def test_run_draws_names_seed_for_a_negative_seed(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--draws", "3", "--seed", "-1", "--out", str(tmp_path / "d.csv")]) == 2
    err = capsys.readouterr().err
    assert "--seed: -1 must be 0 or more" in err and "--draws" not in err


def test_a_huge_metric_is_not_echoed_whole(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sensitivity", "--metric", "x" * 100_000, "--out",
                 str(tmp_path / "s.csv")]) == 2
    err = capsys.readouterr().err
    assert "expected KIND:VENDOR:YEAR" in err and len(err) < 400


def test_a_sweep_spec_with_too_many_metrics_is_refused(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    spec = tmp_path / "spec.toml"
    spec.write_text("metrics = [" + ", ".join(['"share"'] * 1001) + "]\n[grid]\nlock_in = [1.0]\n")
    assert main(["sweep", str(spec), "--out", str(tmp_path / "o.csv"), "--workers", "1"]) == 2
    assert "metrics lists 1,001 names, more than 1,000" in capsys.readouterr().err


def test_a_metric_named_twice_is_recorded_once(tmp_path: Path) -> None:
    spec = tmp_path / "spec.toml"
    spec.write_text('metrics = ["share:nvidia:2030", "share:nvidia:2030", "share"]\n'
                    "[grid]\nlock_in = [1.0, 2.0]\n")
    out = tmp_path / "o.csv"
    assert main(["sweep", str(spec), "--out", str(out), "--workers", "1"]) == 0
    rows = [line for line in out.read_text().splitlines()
            if not line.startswith("#") and ",share," in line and ",2030," in line
            and "nvidia" in line.lower()]
    assert len(rows) == 2  # one per scenario


@pytest.mark.parametrize("kind", ["file", "fifo"])
def test_install_desktop_entry_into_a_non_folder_is_a_clear_error(
        tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    share = tmp_path / "share"
    if kind == "file":
        share.write_text("mine\n")
    else:
        os.mkfifo(share)
    monkeypatch.setenv("XDG_DATA_HOME", str(share))
    assert main(["--install-desktop-entry"]) == 2
    err = capsys.readouterr().err
    assert f"Cannot make the folder {share / 'applications'} for ChipScope's menu entry" in err
    assert "unexpected" not in err
    if kind == "file":
        assert share.read_text() == "mine\n"


def test_opening_a_fifo_says_it_is_not_a_scenario_file(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    fifo = tmp_path / "s.toml"
    os.mkfifo(fifo)
    assert main([str(fifo)]) == 2
    assert f"Cannot read the scenario file {fifo}: it is a pipe (FIFO), not a regular file." \
        in capsys.readouterr().err
