"""No writer replaces ChipScope's own files (pass 10, W1), a bad file name is blamed on its
real cause (W12), and no comma piece of an exported CSV's comment lines starts a spreadsheet
formula (W9)."""

from __future__ import annotations

import io
import os
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pandas as pd
import pytest

from chipscope import paths
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import Scenario
from chipscope.model.synthetic import synthetic_dataset
from chipscope.storage import files
from chipscope.storage.files import FileRefused
from chipscope.storage.scenario_files import write_scenario_file

FRAME = pd.DataFrame({"a": [1, 2]})


def database(path: Path) -> Path:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    return path


def test_no_writer_replaces_the_autosave_lock_of_a_database(tmp_path: Path) -> None:
    """The table, chart, compare, edits and report exports all wrote chipscope.db.lock and
    said "saved"; the next window took it for a stale lock, deleted it (the export was gone)
    and then shared one autosave with the first window."""
    db = database(tmp_path / "chipscope.db")
    lock = Path(f"{db}.lock")
    lock.write_bytes(b"123\npython\nhost\n")
    writers = {
        "csv": lambda: files.write_csv(FRAME, lock, metadata={"scenario": "S"}),
        "text": lambda: files.write_text(lock, "x"),
        "bytes": lambda: files.write_bytes(lock, b"\x89PNG", "PNG file"),
        "target": lambda: files.write_target(lock, "PDF report"),
        "scenario": lambda: write_scenario_file(
            lock, Scenario("S", "", {"lock_in": 1.5}),
            AssumptionSpecs.for_dataset(synthetic_dataset())),
    }
    for name, write in writers.items():
        with pytest.raises(FileRefused, match="it is the autosave lock file of the database "
                                              "beside it") as caught:
            write()
        assert str(lock) in str(caught.value) and "choose another name" in str(caught.value), name
        assert lock.read_bytes() == b"123\npython\nhost\n", name
    new_lock = tmp_path / "other.db.lock"  # not written yet: the same
    with pytest.raises(FileRefused, match="autosave lock file"):
        files.write_text(Path(f"{database(tmp_path / 'other.db')}.lock"), "x")
    assert not new_lock.exists()
    link = tmp_path / "out.csv"  # a symlink to the lock file
    link.symlink_to(lock)
    with pytest.raises(FileRefused, match="autosave lock file"):
        files.write_csv(FRAME, link)
    assert lock.read_bytes() == b"123\npython\nhost\n"


@pytest.mark.parametrize("suffix", ["-journal", "-wal", "-shm", ".lock"])
def test_a_file_named_like_a_companion_of_no_database_is_written(tmp_path: Path,
                                                                  suffix: str) -> None:
    (tmp_path / "notes.txt").write_text("not a database")
    for name in (f"notes.txt{suffix}", f"missing.db{suffix}", suffix):
        files.write_text(tmp_path / name, "x")
        assert (tmp_path / name).read_text() == "x"


def test_no_writer_replaces_the_settings_file_or_the_log(tmp_path: Path) -> None:
    """The exports replaced settings.ini in CHIPSCOPE_HOME without a word."""
    home = Path(os.environ["CHIPSCOPE_HOME"])
    settings = paths.settings_file()
    assert settings == home / "settings.ini"
    own = {settings: "settings file", home / "chipscope.log": "log",
           home / "chipscope.log.3": "log", home / "faults.log": "log"}
    for path, role in own.items():
        path.write_text("[General]\n")
        with pytest.raises(FileRefused, match=f"it is ChipScope's {role}"):
            files.write_csv(FRAME, path)
        assert path.read_text() == "[General]\n"
    via = tmp_path / "chart.svg"
    via.symlink_to(settings)
    with pytest.raises(FileRefused, match="settings file"):
        files.write_bytes(via, b"<svg/>", "SVG file")
    (home / "chipscope.log.9").write_text("")  # not one the log rotates into: a plain file
    files.write_text(home / "chipscope.log.9", "x")


def test_the_settings_file_without_chipscope_home(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    monkeypatch.delenv("CHIPSCOPE_HOME")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    settings = paths.settings_file()
    if settings is None:
        pytest.skip("the settings are kept in the registry here")
    settings.parent.mkdir(parents=True)
    settings.write_text("[General]\n")
    with pytest.raises(FileRefused, match="settings file"):
        files.write_text(settings, "x")


def test_no_writer_replaces_the_settings_lock_file(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    """Pass 14 window, A1: an export named settings.ini.lock was reported saved, then Qt
    deleted it as a stale lock when the window saved its settings at close."""
    lock = Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini.lock"
    with pytest.raises(FileRefused, match="lock file of ChipScope's settings"):
        files.write_csv(FRAME, lock)
    assert not lock.exists()
    monkeypatch.delenv("CHIPSCOPE_HOME")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    if paths.settings_file() != tmp_path / "config" / "ChipScope" / "ChipScope.conf":
        pytest.skip("the settings are no INI file here")
    conf_lock = tmp_path / "config" / "ChipScope" / "ChipScope.conf.lock"
    conf_lock.parent.mkdir(parents=True)
    with pytest.raises(FileRefused, match="lock file of ChipScope's settings"):
        files.write_bytes(conf_lock, b"<svg/>", "SVG file")
    assert not conf_lock.exists()


def test_a_lone_surrogate_in_a_name_is_not_called_a_nul() -> None:
    """"/tmp/\\ud800.toml: the name holds a NUL character" named the wrong cause."""
    with pytest.raises(FileRefused, match="U\\+D800, a lone surrogate") as caught:
        files.write_text("/tmp/\ud800.csv", "x")
    assert "NUL" not in str(caught.value)
    with pytest.raises(FileRefused, match="a NUL character"):
        files.write_text("/tmp/a\x00.csv", "x")


@pytest.mark.parametrize("name", ["x,=1+1", 'x,"=1+1', "x, @SUM(A1)", "x,\t-2", "a,b,+c",
                                  "x;=1+1", "x; @SUM(A1)", "x\t=1+1"])
def test_no_comma_piece_of_a_comment_line_starts_a_formula(name: str) -> None:
    """The compare export's line "# changed_assumptions (x,=1+1): lock_in=1.5" gave a
    spreadsheet the cell "=1+1): lock_in=1.5": only the values were escaped, not the keys,
    which hold the scenario names."""
    text = files.csv_text(FRAME, metadata={f"changed_assumptions ({name})": "lock_in=1.5",
                                           "scenario": f"{name} | =2+2, {name}"})
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert len(comments) == 2
    for line in comments:
        for piece in re.split("[,;\t]", line)[1:]:  # semicolons and tabs: pass 10 re-check
            cell = piece.lstrip().lstrip('"').lstrip()
            assert piece.startswith("'") or not cell.startswith(files.FORMULA_START), line
    assert pd.read_csv(io.StringIO(text), comment="#").equals(FRAME)
