"""Found by the seventh attack pass of issue 10 over the CLI (/work/attack7c-findings.md): each
test reproduces one finding and checks the promise: one sentence naming the file or field and
the cause, exit status 2 from the CLI, and nothing the user had lost."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.synthetic import synthetic_frames

HEADER = ("deal_id,adopter_id,vendor_id,chip_id,first_year,last_year,amount,amount_unit,"
          "description,confidence,firmness,start_fraction,host_id,citation,url,retrieved,"
          "licence\n")
ROW = ("mine,a0,v0,c0,2027,2029,1,GW,A new deal,medium,firm,,,Example News,"
       "https://example.com/a,2026-11-30,fair use quote\n")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(synthetic_db: Path, tmp_path: Path) -> Path:
    """A database built from the synthetic data, holding one imported deal."""
    path = synthetic_db
    (tmp_path / "one.csv").write_text(HEADER + ROW)
    assert main(["data", "import-edits", str(tmp_path / "one.csv"), "--db", str(path)]) == 0
    return path


def _edits_file(db: Path, tmp_path: Path, change: dict[str, str]) -> Path:
    """The edits file of ``db`` with ``change`` made to the first edit's fields_json."""
    edits = tmp_path / "edits.csv"
    assert main(["data", "export-edits", "--out", str(edits), "--db", str(db)]) == 0
    lines = [ln for ln in edits.read_text().splitlines(keepends=True) if not ln.startswith("#")]
    rows = list(csv.DictReader(lines))
    fields = json.loads(rows[0]["fields_json"])
    rows[0]["fields_json"] = json.dumps({**fields, **change})  # ASCII: "\ud800" as an escape
    with edits.open("w", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return edits


# --- F3: cells of fields_json the table checks never saw --------------------------------------
@pytest.mark.parametrize(("change", "named"), [
    ({"source_id": "s\ud800"}, "column source_id: contains U+D800"),
    ({"confidence": "high\ud800"}, "column confidence: contains U+D800"),
    ({"zz\ud800": "1"}, "column fields_json: 'zz\\ud800' is not a column of deals"),
])
def test_an_edits_file_with_a_lone_surrogate_or_an_unknown_cell_is_refused(
        db: Path, tmp_path: Path, change: dict[str, str], named: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    # Was "unexpected UnicodeEncodeError: ... surrogates not allowed" (exit 1) from the insert.
    edits = _edits_file(db, tmp_path, change)
    capsys.readouterr()
    before = _sha(db)
    assert main(["data", "import-edits", str(edits), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert f"{edits}, line 2, {named}" in err and "unexpected" not in err
    assert _sha(db) == before


# --- F2: Ctrl+C says so; during Qt's work it ends the command at once -------------------------
def test_ctrl_c_during_a_command_says_interrupted(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    import chipscope.cli_run

    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(chipscope.cli_run, "cmd_run", interrupted)
    assert main(["run", "--out", str(tmp_path / "out.csv")]) == 130  # was silent
    assert capsys.readouterr().err == "chipscope-cli: error: interrupted\n"


def test_ctrl_c_while_the_modules_load_is_one_line_not_a_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import chipscope.__main__
    import chipscope.cli

    def interrupted(argv: object) -> int:
        raise KeyboardInterrupt  # as if it came while `from chipscope.cli import main` ran

    monkeypatch.setattr(chipscope.cli, "main", interrupted)
    assert chipscope.__main__.main(["run", "--out", "x.csv"]) == 130
    assert capsys.readouterr().err == "chipscope-cli: error: interrupted\n"


SIGINT_DURING_A_WRITE = """
import os, signal, sys
from pathlib import Path
from chipscope.cli_common import exit_on_interrupt
from chipscope.storage import files
exit_on_interrupt()
real = os.replace
def replace(a, b):  # Ctrl+C just before the rename: the temporary file is complete
    signal.raise_signal(signal.SIGINT)
    real(a, b)
os.replace = replace
files.write_text(Path(sys.argv[1]), "new", "PNG file")
print("not reached")
"""


def test_ctrl_c_while_qt_works_exits_at_once_leaving_the_old_file(tmp_path: Path) -> None:
    # A KeyboardInterrupt raised inside PySide6 (its import, or a paint) aborted or crashed the
    # process (status 134, 139): commands that draw exit at once instead, cleanly.
    import subprocess
    import sys

    target = tmp_path / "chart.png"
    target.write_text("old")
    done = subprocess.run([sys.executable, "-c", SIGINT_DURING_A_WRITE, str(target)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 130
    assert done.stderr == "chipscope-cli: error: interrupted\n" and "not reached" not in done.stdout
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.png"]  # no .cs-*.tmp left


def test_a_command_that_drew_gives_ctrl_c_back(tmp_path: Path) -> None:
    import signal

    assert main(["export-chart", "--chart", "vendor_share", "--width", "480", "--height", "400",
                 "--out", str(tmp_path / "c.svg")]) == 0
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


# --- F1: text standard output cannot encode is escaped, not "unexpected UnicodeEncodeError" ----
def test_a_scenario_name_an_ascii_stdout_cannot_hold_is_escaped(
        db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    scenario = tmp_path / "cafe.toml"
    scenario.write_text('format_version = 2\nname = "Caf\u00e9 \u201cx\u201d"\n', encoding="utf-8")
    raw = io.BytesIO()
    ascii_out = io.TextIOWrapper(raw, encoding="ascii")  # PYTHONIOENCODING=ascii
    monkeypatch.setattr(sys, "stdout", ascii_out)
    assert main(["run", "--scenario", str(scenario), "--out", "-", "--db", str(db)]) == 0
    ascii_out.flush()
    assert "# scenario: Caf\\xe9 \\u201cx\\u201d" in raw.getvalue().decode("ascii")


# --- F7: a megabyte of description made the report's layout take minutes ---------------------
def test_a_report_shows_a_bounded_part_of_a_huge_description() -> None:
    from chipscope.model.assumptions import AssumptionSpecs
    from chipscope.model.basis import project_on_basis
    from chipscope.model.report import MAX_REPORT_DESCRIPTION, report_facts
    from chipscope.model.synthetic import synthetic_dataset

    dataset = synthetic_dataset()
    values = AssumptionSpecs.for_dataset(dataset).defaults()
    projection = project_on_basis(dataset, values, "bf16")

    def facts(description: str) -> str:
        return report_facts(dataset, values, projection, name="N", description=description,
                            version="0", generated="now").description

    assert facts("short\ntext") == "short\ntext"
    huge = facts("x" * 900_000)  # one word of 900,000 characters: minutes in Qt's layout
    assert huge.startswith("x" * MAX_REPORT_DESCRIPTION)
    assert huge.endswith("[... 880,000 more characters of the description are in the "
                         "scenario, not in this report]")


def test_report_text_breaks_words_qt_would_lay_out_for_minutes() -> None:
    # A vendor named with 200,000 letters (the data checks take it) kept `report` busy for
    # minutes: every run of 200 characters without a space may now break after it.
    from chipscope.ui.report.html import LONG_WORD, escape

    shown = escape("<V>" + "V" * 200_000)
    assert shown.startswith("&lt;V&gt;")
    pieces = shown.replace("&lt;V&gt;", "<V>").split("\u200b")
    assert max(map(len, pieces)) == LONG_WORD and "".join(pieces) == "<V>" + "V" * 200_000
    url = "https://example.com/" + "a" * 150  # ordinary text, URLs and ids stay as they are
    assert escape(url) == url and escape("a & b") == "a &amp; b"


def test_export_chart_names_the_year_option(synthetic_db: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """The model's "year: 1999 is outside ..." is about the option the user typed."""
    out = tmp_path / "c.png"
    assert main(["export-chart", "--db", str(synthetic_db), "--chart", "adopters",
                 "--year", "1999", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "error: --year: 1999 is outside" in err and not out.exists()
    assert main(["export-chart", "--db", str(synthetic_db), "--chart", "adopter_mix",
                 "--out", str(out)]) == 2
    assert "error: --chart: 'adopter_mix' is not one of" in capsys.readouterr().err
    assert main(["export-chart", "--db", str(synthetic_db), "--chart", "vendor_share", "--year",
                 "2027", "--width", "480", "--height", "400", "--out", str(out)]) == 0
    assert "Note: --year applies to the adopters chart" in capsys.readouterr().err


SIGTERM_DURING_A_WRITE = """
import os, signal, sys
from chipscope.cli import main
real = os.replace
def replace(a, b):  # SIGTERM just before the rename: the temporary file is complete
    signal.raise_signal(signal.SIGTERM)
    real(a, b)
os.replace = replace
sys.exit(main(["run", "--db", sys.argv[1], "--out", sys.argv[2]]))
"""


def test_sigterm_during_a_write_leaves_the_old_file_and_no_temporary(
        synthetic_db: Path, tmp_path: Path) -> None:
    """Python's default for SIGTERM ends the process at once: the hidden .cs-*.tmp of the
    write under way stayed beside the target."""
    import signal
    import subprocess
    import sys

    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "shares.csv"
    target.write_text("old")
    done = subprocess.run([sys.executable, "-c", SIGTERM_DURING_A_WRITE, str(synthetic_db),
                           str(target)], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 143, done.stderr
    assert done.stderr.endswith("chipscope-cli: error: terminated\n")
    assert target.read_text() == "old"
    assert sorted(p.name for p in folder.iterdir()) == ["shares.csv"]  # no .cs-*.tmp left
    assert main(["run", "--db", str(synthetic_db), "--out", str(target)]) == 0
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # as it was, after the command


@pytest.mark.parametrize(("table", "column", "length"), [
    ("vendors", "name", 101), ("sources", "citation", 5_001), ("deals", "deal_id", 101)])
def test_data_check_bounds_the_length_of_text(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              table: str, column: str, length: int) -> None:
    """A 200,000-character vendor name passed the checks, then took the report minutes."""
    frames = synthetic_frames()
    frame = frames[table].astype(object)
    frame.loc[0, column] = "x" * length
    folder = tmp_path / "csv"
    folder.mkdir()
    for name, f in {**frames, table: frame}.items():
        f.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    assert main(["data", "check", "--csv-dir", str(folder)]) == 2
    err = capsys.readouterr().err
    assert f"line 2, column {column}: {length:,} characters, more than the" in err
    frame.loc[0, column] = "x" * (length - 1)
    frame.to_csv(folder / f"{table}.csv", index=False, lineterminator="\n")
    assert main(["data", "check", "--csv-dir", str(folder)]) == 0  # at the limit: fine
