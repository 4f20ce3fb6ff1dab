"""Pass 13 (CLI and its files): regression tests (/work/pass13-cli.md)."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

import pytest

from chipscope.__main__ import main

Capture = pytest.CaptureFixture[str]


# --- A1: data build replaced a database made by a newer ChipScope -----------------------------
def test_data_build_refuses_a_database_from_a_newer_chipscope(
        synthetic_db: Path, capsys: Capture) -> None:
    """``data build --out X`` deleted X (its saved scenarios and data edits) when a newer
    ChipScope had made it: the "newer" refusal counted as a damaged file with nothing to lose."""
    from chipscope.storage.schema import SCHEMA_VERSION

    with sqlite3.connect(synthetic_db) as conn:
        conn.execute("INSERT INTO scenarios(name, values_json, updated_at) "
                     "VALUES ('Mine', '{}', '2026-01-01')")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = synthetic_db.read_bytes()
    assert main(["data", "build", "--csv-dir", str(synthetic_db.parent / "csv"),
                 "--out", str(synthetic_db)]) == 2
    err = capsys.readouterr().err
    assert (f"Cannot write the database {synthetic_db}: it was made by a newer ChipScope "
            f"(schema version {SCHEMA_VERSION + 1}; this version reads up to {SCHEMA_VERSION})"
            ) in err and "update ChipScope" in err and "build into another file" in err
    assert synthetic_db.read_bytes() == before


# --- D1: long work before an output refusal -----------------------------------------------------
def test_run_draws_probes_its_output_before_drawing(
        synthetic_db: Path, tmp_path: Path, capsys: Capture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``run --draws 100000 --out /missing/x.csv`` drew for 9 s, then could not write."""
    import chipscope.model.ensemble

    def never(*_args: object, **_kw: object) -> None:
        raise AssertionError("the draws started")

    monkeypatch.setattr(chipscope.model.ensemble, "run_ensemble", never)
    out = tmp_path / "missing" / "x.csv"
    assert main(["run", "--draws", "50", "--db", str(synthetic_db), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.endswith(f"Cannot write the CSV file {out}: the folder {out.parent} does not exist; "
                        "make it or choose another folder (nothing was written).\n")
    assert not out.parent.exists()


def _immutable(path: Path) -> bool:
    import subprocess

    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    return done.returncode == 0


def test_an_immutable_output_is_refused_before_the_work(tmp_path: Path) -> None:
    """``chattr +i imm.csv; sensitivity ... --out imm.csv`` computed, then the rename failed
    (EPERM): the probe made a temporary file in the folder and never asked about the file."""
    from chipscope.storage.files import WriteFailed
    from chipscope.storage.write_probe import check_writable

    out = tmp_path / "imm.csv"
    out.write_text("a\n")
    if not _immutable(out):
        pytest.skip("chattr +i needs root and a file system that keeps the flag")
    try:
        with pytest.raises(WriteFailed) as caught:
            check_writable(out, "CSV file")
    finally:
        import subprocess

        subprocess.run(["chattr", "-i", str(out)], check=False)
    assert str(caught.value) == (
        f"Could not write the CSV file {out}: the existing file cannot be replaced (Operation "
        "not permitted: it may be marked immutable, which chattr -i undoes, or on a read-only "
        "mount); nothing was changed, so choose another name.")
    assert out.read_text() == "a\n"


def test_another_users_file_in_a_sticky_folder_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In /tmp (sticky) only a file's owner may replace it: the rename failed after the work."""
    import os

    from chipscope.storage.files import WriteFailed
    from chipscope.storage.write_probe import check_writable

    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o1777)
    out = folder / "theirs.csv"
    out.write_text("a\n")
    other = out.stat().st_uid + 12345
    monkeypatch.setattr(os, "geteuid", lambda: other)
    with pytest.raises(WriteFailed) as caught:
        check_writable(out, "CSV file")
    assert "the existing file belongs to another user, in a folder whose sticky bit lets only " \
           "its owner replace it; nothing was changed" in str(caught.value)
    monkeypatch.undo()
    folder.chmod(0o777)
    check_writable(out, "CSV file")  # not sticky: the rename may replace it


# --- D2: a repeated calibration-target row passed when its quarter was spelled otherwise ------
@pytest.mark.parametrize("quarter", ["1.0", "01", "+1", "1e0", ""])
def test_a_repeated_target_row_is_refused_however_its_quarter_is_written(
        tmp_path: Path, quarter: str) -> None:
    """``2026,1.0,nvidia,...`` beside ``2026,1,nvidia,...`` was summed (the pass-12 doubling)
    with no word: the repeat check keyed on the quarter's text; a whole-year row (no quarter)
    beside a quarter of that year counts that quarter twice too."""
    from chipscope.storage import StorageError
    from chipscope.storage.calibration_files import read_calibration_targets

    bundled = Path(__file__).resolve().parents[1] / "data" / "calibration_targets.csv"
    lines = bundled.read_text(encoding="utf-8").splitlines(keepends=True)
    year, _, vendor, rest = lines[1].split(",", 3)
    copy = tmp_path / "dup.csv"
    copy.write_text("".join([*lines, f"{year},{quarter},{vendor},{rest}"]), encoding="utf-8")
    with pytest.raises(StorageError) as caught:
        read_calibration_targets(copy)
    where = f"{copy}, line {len(lines) + 1}: vendor {vendor!r}, year {year}"
    assert str(caught.value) == (
        f"{where}, quarter {quarter!r} repeats line 2 (a vendor's rows are added up, so a "
        "repeated row would count twice)" if quarter else
        f"{where} (the whole year) overlaps line 2, which gives a quarter of that year (a "
        "vendor's rows are added up, so the quarter would count twice)")


# --- D3: a database change, then a full stdout: no word that the change was made -------------
DEAL = ("deal_id,adopter_id,vendor_id,chip_id,first_year,last_year,amount,amount_unit,"
        "description,confidence,firmness,start_fraction,host_id,citation,url,retrieved,"
        "licence\napple_like,a0,v0,c0,2027,2029,1,GW,A new deal,medium,firm,,,Example News,"
        "https://example.com/a,2026-11-30,fair use quote\n")


class _FullStdout:
    """A standard output on a full disk: every write fails with ENOSPC."""

    encoding = "utf-8"

    def write(self, _text: str) -> int:
        import errno

        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        import io

        raise io.UnsupportedOperation("no file descriptor")


def test_an_edit_command_says_the_database_was_changed_when_stdout_fails(
        synthetic_db: Path, tmp_path: Path, capsys: Capture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``data import-edits ... > /dev/full`` said only "could not write to standard output",
    exit 2, though the import was committed (and drop-edit's drop): the user might retry it."""
    import sys

    from chipscope.storage.user_edits import list_edits

    edits = tmp_path / "deals.csv"
    edits.write_text(DEAL, encoding="utf-8")
    note = f"; {synthetic_db} was changed all the same"
    for argv in (["data", "import-edits", str(edits)], ["data", "drop-edit", "deals",
                                                        "apple_like"]):
        with monkeypatch.context() as patch:
            patch.setattr(sys, "stdout", _FullStdout())
            assert main([*argv, "--db", str(synthetic_db)]) == 2
        err = capsys.readouterr().err
        assert "could not write to standard output (No space left on device)" in err
        assert err.rstrip().endswith(note), err
        assert len(list_edits(synthetic_db)) == (1 if argv[1] == "import-edits" else 0)
    with monkeypatch.context() as patch:  # nothing changed: nothing claimed
        patch.setattr(sys, "stdout", _FullStdout())
        assert main(["data", "diff", "--db", str(synthetic_db)]) == 2
    assert "changed all the same" not in capsys.readouterr().err


# --- E1: UTF-16 and UTF-32 data CSVs were blamed on "a comma inside a value needs quotes" -----
@pytest.mark.parametrize(("encoding", "named"), [
    ("utf-16-le", "it is UTF-16 text, not UTF-8 (every other byte is 0)"),
    ("utf-16", "it is UTF-16 text, not UTF-8 (every other byte is 0)"),  # with a BOM
    ("utf-32-le", "it is UTF-32 text, not UTF-8 (three of every four bytes are 0)"),
])
def test_a_wide_data_csv_is_named_by_its_encoding(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, encoding: str,
        named: str) -> None:
    """``data import-edits deals-utf16.csv`` said "line 2: 22 fields, but the header has 16 (a
    comma inside a value needs quotes)"; data check of such a folder the same; a UTF-32
    scenario was called UTF-16."""
    edits = tmp_path / "deals.csv"
    edits.write_bytes(DEAL.encode(encoding))
    assert main(["data", "import-edits", str(edits), "--db", str(synthetic_db)]) == 2
    err = capsys.readouterr().err
    assert (f"{edits}: {named}; save it as UTF-8 (in a spreadsheet: CSV UTF-8) and try again"
            in err) and "quotes" not in err
    folder = synthetic_db.parent / "csv"
    deals = folder / "deals.csv"
    deals.write_bytes(deals.read_text(encoding="utf-8").encode(encoding))
    assert main(["data", "check", "--csv-dir", str(folder)]) == 2
    err = capsys.readouterr().err
    assert f"{deals}: {named}" in err and "quotes" not in err
    scenario = tmp_path / "s.toml"
    scenario.write_bytes("format_version = 2\n".encode(encoding))
    assert main(["run", "--scenario", str(scenario), "--db", str(synthetic_db),
                 "--out", str(tmp_path / "o.csv")]) == 2
    assert named in capsys.readouterr().err


# --- E2: values not shown as written, and small wordings ----------------------------------------
RANGE = "format_version = 2\n[ranges.lock_in]\n"


@pytest.mark.parametrize(("text", "said"), [
    (RANGE + "dist = 1979-05-27T07:32:00Z\nlow = 0\nhigh = 1\n",
     "lock_in: range dist 1979-05-27T07:32:00+00:00 is not text"),
    (RANGE + "dist = 10:00:00\nlow = 0\nhigh = 1\n", "lock_in: range dist 10:00:00 is not text"),
    (RANGE + "dist = true\nlow = 0\nhigh = 1\n", "lock_in: range dist true is not text"),
    (RANGE + 'dist = ["uniform"]\nlow = 0\nhigh = 1\n',
     'lock_in: range dist ["uniform"] is not text'),
    (RANGE + 'dist = "uniform"\nsource = 1979-05-27\nlow = 0\nhigh = 1\n',
     "lock_in: range source 1979-05-27 is not text"),
    (RANGE + 'dist = "uniform"\nlow = 99999999999999999999999\nhigh = 1\n',
     "lock_in: range low 99999999999999999999999 is above its high 1"),
    (RANGE + "dist = {a = 1}\nlow = 0\nhigh = 1\n", "lock_in: range dist {a = 1} is not text"),
])
def test_a_range_shows_its_values_as_written(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, text: str, said: str) -> None:
    """A range's dist and source showed Python's reprs (datetime.datetime(1979, ...), True,
    ['uniform']), a big whole bound 1e+23, and dist = {a = 1} was blamed on low and high."""
    path = tmp_path / "s.toml"
    path.write_text(text)
    assert main(["run", "--scenario", str(path), "--db", str(synthetic_db),
                 "--out", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert said in err and "datetime" not in err and "'lock_in.low'" not in err


def test_a_sweep_method_and_a_set_integer_are_shown_as_written(
        synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    spec = tmp_path / "sw.toml"
    spec.write_text('metrics = ["share:v0:2030"]\n[sample]\nn = 2\nmethod = ["lhs"]\n'
                    "defaults = true\n")
    out = str(tmp_path / "o.csv")
    assert main(["sweep", str(spec), "--db", str(synthetic_db), "--out", out]) == 2
    assert 'method must be one of lhs, sobol, random, not ["lhs"]' in capsys.readouterr().err
    assert main(["run", "--set", "lock_in=123456789012345678901234567890",
                 "--db", str(synthetic_db), "--out", out]) == 2
    assert "lock_in: 123456789012345678901234567890 is out of range" in capsys.readouterr().err


def test_a_name_in_a_descriptor_folder_is_not_called_a_descriptor(
        synthetic_db: Path, capsys: Capture) -> None:
    """``report --out /dev/fd/1.pdf`` said "it names descriptor 1.pdf"."""
    assert main(["report", "--db", str(synthetic_db), "--out", "/dev/fd/1.pdf"]) == 2
    err = capsys.readouterr().err
    assert "it names a new entry of /dev/fd, a folder that holds only a process's open " \
           "streams and takes no files; choose a file name" in err and "descriptor" not in err


def test_calibrate_says_fitted_needs_write(
        synthetic_db: Path, tmp_path: Path, capsys: Capture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``calibrate --fitted f.py`` without --write fitted and wrote nothing, with no word."""
    import chipscope.cli_calibration

    class Stop(Exception):
        """The note comes first; the fit itself is not needed here."""

    def stop(*_args: object, **_kw: object) -> None:
        raise Stop

    monkeypatch.setattr(chipscope.cli_calibration, "load", stop)
    with pytest.raises(Stop):
        chipscope.cli_calibration.cmd_calibrate(_calibrate_args(tmp_path / "f.py"))
    assert "Note: --fitted names the file --write writes and has no effect without it" in \
        capsys.readouterr().err
    assert not (tmp_path / "f.py").exists()


def _calibrate_args(fitted: Path) -> argparse.Namespace:
    return argparse.Namespace(fitted=fitted, write=False, draws=None, seed=0, jobs=None)
