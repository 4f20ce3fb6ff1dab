"""Pass 12 (CLI and its files): regression tests (/work/pass12-cli.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.__main__ import main
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.synthetic import synthetic_dataset

Capture = pytest.CaptureFixture[str]
SCENARIO = "format_version = 2\n[assumptions]\nlock_in = 1.0\n"


# --- A1: report and export-chart wrote through a link into a scenario file ------------------
@pytest.mark.parametrize(("command", "name"), [
    (["report"], "r.pdf"),
    (["export-chart", "--chart", "vendor_share"], "c.svg"),
    (["export-chart", "--chart", "vendor_share"], "c.png"),
])
def test_an_output_link_to_a_file_of_another_type_is_refused(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, command: list[str],
        name: str) -> None:
    """``ln -s scen.toml r.pdf; report --out r.pdf`` replaced the scenario with a PDF, exit 0
    (pass 11 had closed this for CSV outputs only)."""
    scen = tmp_path / "scen.toml"
    scen.write_text(SCENARIO)
    out = tmp_path / name
    out.symlink_to(scen)
    assert main([*command, "--db", str(synthetic_db), "--out", str(out)]) == 2
    message = capsys.readouterr().err.strip().splitlines()[-1]
    assert f"{out}: it links to {scen}, a .toml file, which an output named {out.suffix} " \
           "never replaces; remove the link or choose another name." in message
    assert scen.read_text() == SCENARIO and out.is_symlink()


def test_a_chart_folder_holding_such_a_link_is_refused(
        synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    """The same through ``--out FOLDER``, whose chipscope-CHART-SCENARIO.png was a link."""
    scen = tmp_path / "scen.toml"
    scen.write_text(SCENARIO)
    charts = tmp_path / "charts"
    charts.mkdir()
    (charts / "chipscope-vendor_share-baseline.png").symlink_to(scen)
    assert main(["export-chart", "--chart", "vendor_share", "--db", str(synthetic_db),
                 "--out", str(charts)]) == 2
    assert "a .toml file, which an output named .png never replaces" in capsys.readouterr().err
    assert scen.read_text() == SCENARIO


def test_an_output_link_to_a_file_of_its_own_type_is_written_through(
        synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    """A link to a chart of the same type is still followed: the chart it points to is
    replaced and the link stays a link."""
    real = tmp_path / "real.SVG"
    real.write_text("<svg/>")
    out = tmp_path / "c.svg"
    out.symlink_to(real)
    assert main(["export-chart", "--chart", "vendor_share", "--db", str(synthetic_db),
                 "--out", str(out)]) == 0, capsys.readouterr().err
    assert out.is_symlink() and real.read_text().lstrip().startswith("<?xml")


# --- C1: an ASCII standard output with surrogateescape -------------------------------------
def test_an_ascii_stdout_with_surrogateescape_escapes_what_it_cannot_hold(
        synthetic_db: Path, tmp_path: Path) -> None:
    """``LC_ALL=C`` without UTF-8 mode gives stdout ASCII with ``surrogateescape``: ``run --out
    -`` wrote nothing and ``report`` said "unexpected UnicodeEncodeError" (exit 1) after
    writing its PDF. Now “ and → are escaped as on an ASCII terminal with strict errors."""
    import os
    import subprocess
    import sys

    scen = tmp_path / "uni.toml"
    scen.write_text('format_version = 2\nname = "Ünïcode → scénario"\n'
                    "[assumptions]\nlock_in = 1.0\n", encoding="utf-8")
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0",
           "PYTHONIOENCODING": "ascii:surrogateescape"}
    done = subprocess.run(
        [sys.executable, "-m", "chipscope", "run", "--db", str(synthetic_db), "--scenario",
         str(scen), "--out", "-"], capture_output=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode("ascii", "replace")
    assert b"# scenario: \\xdcn\\xefcode \\u2192 sc\\xe9nario\n" in done.stdout


# --- C2: dots in strings and decimal numbers were counted as key dots -----------------------
def test_a_scenario_with_a_long_description_of_prose_opens_again(tmp_path: Path) -> None:
    """A scenario ChipScope wrote itself, whose one-line description held 1,500 dots, was
    refused as "nested too deeply"; a deep dotted key still is."""
    from chipscope.model.scenario import Scenario
    from chipscope.model.scenario_checks import dotted_too_far
    from chipscope.storage.scenario_files import read_scenario_file, write_scenario_file

    specs = AssumptionSpecs.for_dataset(synthetic_dataset())
    path = tmp_path / "prose.toml"
    description = "Version 1.2 of the plan. " * 1500
    write_scenario_file(path, Scenario(name="prose", description=description), specs)
    assert read_scenario_file(path, specs).description.startswith("Version 1.2 of the plan.")
    grid = "lock_in = [" + ", ".join(f"{i / 1000:.3f}" for i in range(1001)) + "]\n"
    assert dotted_too_far(grid) is None
    for deep in ("a" + ".a" * 1001 + " = 1\n", ".".join("1" * 2003) + " = 1\n",
                 "x = {a" + ".b" * 1001 + " = 1}\n", '"a"' + '."a"' * 1001 + " = 1\n"):
        assert (dotted_too_far(deep) or "").startswith("nested too deeply (line 1 holds more")


# --- D1: the global --db was ignored by data check and data build ----------------------------
def test_data_check_reads_the_global_db(tmp_path: Path, capsys: Capture) -> None:
    """``chipscope --db junk.db data check`` checked the CSV folder and said "no problems
    found", exit 0, without opening junk.db."""
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x93" * 1000)
    assert main(["--db", str(junk), "data", "check"]) == 2
    assert f"{junk} is not a ChipScope database" in capsys.readouterr().err
    assert main(["--db", str(junk), "data", "check", "--csv-dir", str(tmp_path)]) == 2
    assert "--csv-dir: not allowed with argument --db" in capsys.readouterr().err


def test_data_build_refuses_the_global_db(tmp_path: Path, capsys: Capture) -> None:
    """``chipscope --db X data build --out nb.db`` built nb.db and ignored --db, exit 0."""
    out = tmp_path / "nb.db"
    assert main(["--db", str(tmp_path / "x.db"), "data", "build", "--out", str(out)]) == 2
    assert "data build reads --csv-dir and writes --out; it takes no --db" in \
        capsys.readouterr().err
    assert not out.exists()


# --- D2: an abbreviated --db, or a command after a file --------------------------------------
def test_an_abbreviated_db_takes_its_value(synthetic_db: Path, tmp_path: Path,
                                           capsys: Capture) -> None:
    """``--d base.db run`` said "'run' is neither a command (..., run, ...) nor a scenario
    file": base.db was taken for a file to open."""
    out = tmp_path / "d2.csv"
    assert main(["--d", str(synthetic_db), "run", "--out", str(out)]) == 0
    assert out.stat().st_size > 0


def test_a_command_after_a_scenario_file_is_named(tmp_path: Path, capsys: Capture) -> None:
    scen = tmp_path / "uni.toml"
    scen.write_text(SCENARIO)
    assert main([str(scen), "run"]) == 2
    message = capsys.readouterr().err
    assert f"the command 'run' cannot follow the scenario file {str(scen)!r}; put the " \
           "command first" in message and "neither a command" not in message


# --- D4: a repeated row of the calibration targets doubled that vendor ------------------------
def test_a_repeated_calibration_target_row_is_refused(tmp_path: Path) -> None:
    """A vendor's line pasted twice into a targets file was summed (its H100e doubled) and the
    fit started with no word."""
    from chipscope.storage import StorageError
    from chipscope.storage.calibration_files import read_calibration_targets

    bundled = Path(__file__).resolve().parents[1] / "data" / "calibration_targets.csv"
    lines = bundled.read_text(encoding="utf-8").splitlines(keepends=True)
    copy = tmp_path / "dup.csv"
    copy.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    vendor = lines[1].split(",")[2]
    with pytest.raises(StorageError) as caught:
        read_calibration_targets(copy)
    assert str(caught.value) == (
        f"{copy}, line {len(lines) + 1}: vendor {vendor!r}, year 2026, quarter '1' repeats line "
        "2 (a vendor's rows are added up, so a repeated row would count twice)")
    assert len(read_calibration_targets(bundled)) == len(lines) - 1  # its quarters: no repeat


# --- D3: an output that cannot be written was refused only after the long computation --------
RANGES = "format_version = 2\n[ranges.lock_in]\ndist = \"triangular\"\nlow = 0.5\nhigh = 2.0\n"


@pytest.mark.parametrize("command", ["calibrate", "sensitivity", "sweep"])
def test_an_unwritable_output_is_refused_before_the_work(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch,
        command: str) -> None:
    """``calibrate --write --fitted /read-only/f.py`` was refused after a fit of minutes;
    ``sensitivity`` and ``sweep`` with --out in a missing folder computed everything first."""
    import chipscope.cli_sweep
    import chipscope.model.calibration
    import chipscope.model.tornado

    def never(*_args: object, **_kw: object) -> None:
        raise AssertionError("the long work started")

    monkeypatch.setattr(chipscope.model.calibration, "fit", never)
    monkeypatch.setattr(chipscope.model.tornado, "tornado", never)
    monkeypatch.setattr(chipscope.cli_sweep, "_run", never)
    scenario = tmp_path / "s.toml"
    scenario.write_text(RANGES)
    spec = tmp_path / "sw.toml"
    spec.write_text("metrics = ['share:v0:2030']\n[grid]\nlock_in = [0.5, 1.0]\n")
    out = tmp_path / "missing" / ("f.py" if command == "calibrate" else "o.csv")
    argv = {"calibrate": ["calibrate", "--write", "--fitted", str(out), "--no-targets",
                          "--draws", "1"],
            "sensitivity": ["sensitivity", "--metric", "share:v0:2030", "--scenario",
                            str(scenario), "--out", str(out)],
            "sweep": ["sweep", str(spec), "--out", str(out)]}[command]
    assert main([*argv, "--db", str(synthetic_db)]) == 2
    err = capsys.readouterr().err
    what = "generated module" if command == "calibrate" else "CSV file"
    assert err.endswith(f"Cannot write the {what} {out}: the folder {out.parent} does not exist; "
                        "make it or choose another folder (nothing was written).\n")
    assert "long work" not in err
    assert not out.parent.exists()


# --- E1: wordings -----------------------------------------------------------------------------
@pytest.mark.parametrize(("kind", "text", "said"), [
    ("scenario", '[ranges.lock_in]\ndist = "uniform"\nlow = 2024-01-01\nhigh = 2\n',
     "lock_in: range low 2024-01-01 is not a finite number"),
    ("scenario", "[assumptions]\nhorizon_year = 9223372036854775807\n",
     "horizon_year: 9223372036854775807 is out of range (allowed 2026 to 2040 year)"),
    ("sweep", 'metrics = ["share:v0:2030"]\n[sample]\nn = 2024-01-01\n',
     "sample: n must be a whole number from 1 to 100,000, not 2024-01-01"),
])
def test_values_are_shown_as_the_file_wrote_them(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, kind: str, text: str,
        said: str) -> None:
    """Python's reprs reached messages ("datetime.date(2024, 1, 1)"), and 2^63 - 1 was shown
    as 9.223372036854776e+18, not the number written."""
    path = tmp_path / "f.toml"
    path.write_text(("format_version = 2\n" if kind == "scenario" else "") + text)
    argv = (["run", "--scenario", str(path)] if kind == "scenario" else ["sweep", str(path)])
    assert main([*argv, "--db", str(synthetic_db), "--out", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert said in err and "datetime" not in err


def test_an_empty_part_of_a_key_and_an_empty_id_are_named(
        synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    out = str(tmp_path / "o.csv")
    assert main(["run", "--db", str(synthetic_db), "--set", "vendor.v0..lock_in=1",
                 "--out", out]) == 2
    err = capsys.readouterr().err
    assert "(it has an empty part: two dots together, or a dot at an end)" in err
    assert "has no vendor" not in err
    assert main(["data", "drop-edit", "deals", "", "--db", str(synthetic_db)]) == 2
    assert "deals '' (an empty id): you have no edit of this row" in capsys.readouterr().err


@pytest.mark.parametrize("bom", [b"", b"\xff\xfe"])
def test_a_utf16_scenario_is_named(synthetic_db: Path, tmp_path: Path, capsys: Capture,
                                   bom: bytes) -> None:
    """UTF-16LE without a BOM said "not valid TOML: Expected '=' after a key"."""
    path = tmp_path / "u.toml"
    path.write_bytes(bom + SCENARIO.encode("utf-16-le"))
    assert main(["run", "--db", str(synthetic_db), "--scenario", str(path), "--out",
                 str(tmp_path / "o.csv")]) == 2
    assert f"Cannot read the scenario file {path}: it is UTF-16 text, not UTF-8" in \
        capsys.readouterr().err
