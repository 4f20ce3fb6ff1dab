"""Found by the fifth, independent attack pass of issue 10 (about 1,100 scripted cases: scenario
files, ``--set`` and option values, damaged databases, data CSVs, special and over-long paths,
locks, a full disk, SIGKILL, concurrent imports): each test reproduces one finding through
the CLI and checks the promise: one sentence naming the file or field and the cause, exit
status 2, and the user's files byte-identical."""

from __future__ import annotations

import hashlib
import io
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chipscope.cli import main
from chipscope.cli_sweep import Progress
from chipscope.model.synthetic import synthetic_frames
from chipscope.model.text_rules import hidden_character
from chipscope.storage import build_database

RANGE = '\n[ranges.switching_speed]\ndist = "triangular"\nlow = 0.05\nhigh = 0.6\n'


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _csv_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "csv"
    folder.mkdir()
    for table, frame in synthetic_frames().items():
        frame.to_csv(folder / f"{table}.csv", index=False, lineterminator="\n")
    return folder


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "user.db"
    build_database(_csv_dir(tmp_path), path)
    return path


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "unexpected" not in err and "Traceback" not in err
    return err


# --- F1: format_version 1 with [ranges]: a documented acceptance --------------------------------
def _tornado_rows(db: Path, tmp_path: Path, text: str) -> list[str]:
    scenario = tmp_path / "s.toml"
    scenario.write_text(text)
    out = tmp_path / "o.csv"
    assert main(["sensitivity", "--metric", "share:v0:2030", "--db", str(db), "--scenario",
                 str(scenario), "--out", str(out)]) == 0
    return [line for line in out.read_text().splitlines() if not line.startswith("#")]


def test_ranges_of_a_version_1_file_are_read_as_in_version_2(db: Path, tmp_path: Path) -> None:
    """Decision (docs/scenario-format.md): a hand-written version-1 file with [ranges] reads as
    version 2, its ranges checked and used; nothing is silently dropped."""
    v1 = _tornado_rows(db, tmp_path, 'format_version = 1\nname = "x"\n' + RANGE)
    v2 = _tornado_rows(db, tmp_path, 'format_version = 2\nname = "x"\n' + RANGE)
    without = _tornado_rows(db, tmp_path, 'format_version = 1\nname = "x"\n')
    assert v1 == v2 and v1 != without


def test_a_bad_range_in_a_version_1_file_is_refused_like_in_version_2(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text('format_version = 1\n[ranges.switching_speed]\ndist = "uniform"\n'
                        "low = 0.6\nhigh = 0.05\n")
    out = tmp_path / "o.csv"
    out.write_text("old\n")
    status = main(["run", "--db", str(db), "--scenario", str(scenario), "--out", str(out)])
    err = _error(capsys)
    assert status == 2 and str(scenario) in err and "switching_speed" in err
    assert out.read_text() == "old\n"


# --- F2: control and bidi characters in a scenario's description and a range's source -------
@pytest.mark.parametrize("bad", ["\\u202e", "\\u001b[31m", "\\u007f", "\\u0000", "\\u0085",
                                 "\\u2066"])
def test_a_description_with_a_control_character_is_refused(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text(f'format_version = 1\nname = "x"\ndescription = "a{bad}b"\n')
    out = tmp_path / "o.csv"
    status = main(["run", "--db", str(db), "--scenario", str(scenario), "--out", str(out)])
    err = _error(capsys)
    assert status == 2 and str(scenario) in err and "description" in err and "U+" in err
    assert not out.exists()


def test_a_description_may_hold_tabs_and_line_breaks(db: Path, tmp_path: Path) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text('format_version = 1\nname = "x"\ndescription = "a\\tb\\nc\\r\\nd"\n')
    assert main(["run", "--db", str(db), "--scenario", str(scenario),
                 "--out", str(tmp_path / "o.csv")]) == 0


@pytest.mark.parametrize(("source", "why"), [("a\\u202eb", "U+202E"), ("a\\u001bb", "U+001B"),
                                             ("x" * 501, "characters")])
def test_a_range_source_with_a_control_character_or_too_long_is_refused(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str,
        why: str) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text(f'format_version = 2\n{RANGE}source = "{source}"\n')
    status = main(["sensitivity", "--metric", "share:v0:2030", "--db", str(db), "--scenario",
                   str(scenario), "--out", str(tmp_path / "o.csv")])
    err = _error(capsys)
    assert status == 2 and "switching_speed" in err and "source" in err and why in err


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=20))
def test_free_text_rule_refuses_exactly_controls_bidi_and_surrogates(text: str) -> None:
    allowed = set("\t\n\r")
    bidi = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    bad = [ch for ch in text if ch not in allowed and (
        ch in bidi or 0xD800 <= ord(ch) <= 0xDFFF or ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F)]
    why = hidden_character(text)
    assert (why is None) == (not bad)
    if bad:
        assert f"U+{ord(bad[0]):04X}" in why


# --- F5: a schema page with text that is not UTF-8 ------------------------------------------
def test_a_schema_with_text_that_is_not_utf8_is_damage_not_a_traceback(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("CREATE TABLE zzzzzzzz (a)")
        conn.commit()
    data = bytearray(db.read_bytes())
    at = data.index(b"zzzzzzzz")
    data[at:at + 2] = b"\xd3\x28"  # an invalid UTF-8 sequence in sqlite_master
    db.write_bytes(bytes(data))
    before = _sha(db)
    for command in (["run", "--db", str(db), "--out", str(tmp_path / "o.csv")],
                    ["data", "check", "--db", str(db)]):
        assert main(command) == 2
        err = _error(capsys)
        assert str(db) in err and "not UTF-8" in err
    assert _sha(db) == before


# --- F7/F12: a file name too long for the file system ----------------------------------------
@pytest.mark.parametrize("command", [
    ["run", "--db", "LONG.db", "--out", "o.csv"],
    ["data", "check", "--db", "LONG.db"],
    ["data", "check", "--csv-dir", "LONG"],
    ["calibrate", "--targets", "LONG.csv"],
])
def test_a_file_name_too_long_is_a_clear_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    long_name = "a" * 300
    assert main([w.replace("LONG", long_name) for w in command]) == 2
    err = _error(capsys)
    assert "too long" in err and err.count("\n") == 1


def test_export_chart_to_a_file_name_too_long_is_a_clear_error(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["export-chart", "--chart", "vendor_share", "--db", str(db),
                   "--out", str(tmp_path / ("a" * 300 + ".png"))])
    err = _error(capsys)
    assert status == 2 and "too long" in err


# --- F3: whole-number options take ASCII digits only ----------------------------------------
@pytest.mark.parametrize("command", [
    ["run", "--draws", "\uff13\uff12", "--out", "o.csv"],
    ["run", "--draws", " 32", "--out", "o.csv"],
    ["run", "--draws", "32", "--seed", "\u0661", "--out", "o.csv"],
    ["sensitivity", "--metric", "share:v0:2030", "--draws", "\uff13\uff12", "--out", "o.csv"],
    ["sweep", "spec.toml", "--workers", "\uff12", "--out", "o.csv"],
    ["backtest", "--base-year", "\uff12\uff10\uff12\uff13"],
    ["export-chart", "--chart", "adopters", "--year", "\uff12\uff10\uff13\uff10", "--out", "c.png"],
])
def test_whole_number_options_refuse_other_digits_and_spaces(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(command) == 2
    err = capsys.readouterr().err
    assert "digits 0-9" in err  # "write digits 0-9" or "with ASCII digits 0-9 (it holds ...)"
    assert not (tmp_path / "o.csv").exists()


def test_a_metric_year_in_other_digits_is_refused(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["sensitivity", "--metric", "share:v0:\uff12\uff10\uff13\uff10", "--db", str(db),
                   "--out", str(tmp_path / "o.csv")])
    err = _error(capsys)
    assert status == 2 and "is not a year" in err


def test_whole_number_options_still_take_ascii_digits_and_separators() -> None:
    from chipscope.cli_common import whole_number

    assert [whole_number(t) for t in ("32", "-1", "+7", "1_000")] == [32, -1, 7, 1000]


# --- F8: control characters in the free text of data CSVs and edit imports -----------------
@pytest.mark.parametrize(("table", "column"), [("vendors", "name"), ("chips", "notes"),
                                               ("deals", "description"), ("sources", "url")])
@pytest.mark.parametrize("bad", ["\x1b[31m", "\x00", "\x7f", "\u202e", "\x85"])
def test_data_check_refuses_control_characters_in_free_text(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str, column: str,
        bad: str) -> None:
    folder = _csv_dir(tmp_path)
    old = tmp_path / "old.db"
    build_database(folder, old)
    before = _sha(old)
    frame = synthetic_frames()[table]
    frame.loc[0, column] = f"ab{bad}cd"
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n")
    (folder / f"{table}.csv").write_text(buf.getvalue(), encoding="utf-8")
    assert main(["data", "check", "--csv-dir", str(folder)]) == 2
    err = _error(capsys)
    assert f"{table}.csv, line 2, column {column}" in err and f"U+{ord(bad[0]):04X}" in err
    assert main(["data", "build", "--csv-dir", str(folder), "--out", str(old)]) == 2
    assert _sha(old) == before


def test_free_text_may_still_hold_line_breaks_and_tabs(tmp_path: Path) -> None:
    folder = _csv_dir(tmp_path)
    frame = synthetic_frames()["chips"]
    frame.loc[0, "notes"] = "two\nlines\tand a tab"
    frame.to_csv(folder / "chips.csv", index=False, lineterminator="\n")
    assert main(["data", "check", "--csv-dir", str(folder)]) == 0


def test_import_edits_refuses_a_description_with_an_escape_sequence(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    header = ("deal_id,adopter_id,vendor_id,chip_id,first_year,last_year,amount,amount_unit,"
              "description,confidence,firmness,start_fraction,host_id,citation,url,retrieved,"
              "licence\n")
    row = ("mine,a0,v0,c0,2027,2029,1,GW,red \x1b[31mtext,medium,firm,,,Example News,"
           "https://example.com/a,2026-11-30,fair use quote\n")
    csv = tmp_path / "e.csv"
    csv.write_text(header + row)
    before = _sha(db)
    assert main(["data", "import-edits", str(csv), "--db", str(db)]) == 2
    err = _error(capsys)
    assert "column description" in err and "U+001B" in err
    assert _sha(db) == before


# --- F9: an unknown column in a data CSV --------------------------------------------------------
@pytest.mark.parametrize("renamed", ["\ufeffmemory_gb", "Chip_ID", "memory_gb2"])
def test_an_unknown_column_is_named_not_dropped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], renamed: str) -> None:
    folder = _csv_dir(tmp_path)
    path = folder / "chips.csv"
    lines = path.read_text(encoding="utf-8").split("\n", 1)
    assert "memory_gb" in lines[0]
    path.write_text(lines[0].replace("memory_gb", renamed) + "\n" + lines[1], encoding="utf-8")
    assert main(["data", "check", "--csv-dir", str(folder)]) == 2
    err = _error(capsys)
    assert str(path) in err and "unknown column" in err and repr(renamed) in err


# --- F11: progress off a terminal ----------------------------------------------------------------
def test_sweep_progress_prints_plain_lines_off_a_terminal(
        monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([0.0, 1.0, 12.0, 13.0, 30.0, 40.0])
    monkeypatch.setattr("chipscope.cli_sweep.time.perf_counter", lambda: next(clock))
    stream = io.StringIO()
    bar = Progress(100, stream)
    for _ in range(4):
        bar.update(20)
    bar.update(20)  # done: no line, the command's summary follows
    lines = stream.getvalue().splitlines()
    assert lines == ["sweep: 40 of 100 scenarios done, 12 s, about 18 s left",
                     "sweep: 80 of 100 scenarios done, 30 s, about 8 s left"]


def test_a_short_sweep_off_a_terminal_prints_no_progress(
        monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    bar = Progress(10, stream)
    for _ in range(10):
        bar.update(1)
    bar.close()
    assert stream.getvalue() == ""


# --- F13: python -m chipscope.cli -------------------------------------------------------------
def test_python_dash_m_chipscope_cli_runs_the_cli() -> None:
    proc = subprocess.run([sys.executable, "-m", "chipscope.cli", "--version"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0 and proc.stdout.startswith("chipscope ")


# --- F4: run --draws is bounded and says when it will take a while ---------------------------
def test_run_draws_over_the_cap_is_refused_at_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--draws", "100001", "--out", str(tmp_path / "o.csv")]) == 2
    assert "from 1 to 100,000" in capsys.readouterr().err
    assert not (tmp_path / "o.csv").exists()


def test_a_long_draws_run_says_so_on_stderr(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("chipscope.cli_draws.SAY_DRAWS", 40)
    assert main(["run", "--draws", "40", "--db", str(db), "--out", str(tmp_path / "o.csv")]) == 0
    assert "Drawing 40 projections; this takes about" in capsys.readouterr().err


# --- F14: calibrate --targets with a file of no rows ------------------------------------------
def test_calibrate_refuses_a_targets_file_without_rows(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    targets = tmp_path / "t.csv"
    targets.write_text("year,quarter,vendor_id,units,units_p5,units_p95,h100e,h100e_p5,"
                       "h100e_p95,derivation,source_id,confidence\n")
    assert main(["calibrate", "--targets", str(targets), "--jobs", "1"]) == 2
    err = _error(capsys)
    assert str(targets) in err and "no rows" in err and "--no-targets" in err


# --- F15: a bad dataset date names the file -------------------------------------------------------
def test_a_bad_meta_date_names_the_meta_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _csv_dir(tmp_path)
    meta = folder / "meta.csv"
    meta.write_text("key,value\nname,Test\ndate,2026-13-01\n")
    assert main(["data", "check", "--csv-dir", str(folder)]) == 2
    err = _error(capsys)
    assert f"{meta}: key date: '2026-13-01' is not a date" in err
