"""Pass 17 (CLI): regression tests (/work/pass17-cli.md): the guard that refuses standard
output or error being one of the command's inputs, and the exit status of a failure whose
message cannot be written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import build_parser
from chipscope.cli_stdout import command_inputs


def _cli(args: list[str], cwd: Path, stdout: object = subprocess.PIPE,
         stderr: object = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "CHIPSCOPE_HOME": str(cwd / "home"), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "chipscope", *args], cwd=cwd, env=env,
                          stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, timeout=120,
                          check=False)


def _appended(path: Path, args: list[str], cwd: Path, fd: int
              ) -> tuple[subprocess.CompletedProcess[bytes], bytes]:
    """Run with standard output (fd 1) or error (fd 2) appended to ``path``; the run and what
    the file held before."""
    before = path.read_bytes()
    with open(path, "ab") as stream:
        done = _cli(args, cwd, **({"stdout": stream} if fd == 1 else {"stderr": stream}))
    return done, before


# --- A1: a sweep's base scenario, named inside the spec ------------------------------------------
BASE = 'format_version = 1\nname = "B"\n[assumptions]\nlock_in = 2\n'


@pytest.mark.parametrize(("metric", "fd"), [("share:nvidia:2030", 1), ("share:nvidia:2099", 2)])
def test_a_sweeps_base_scenario_is_not_written_into(
        synthetic_db: Path, tmp_path: Path, metric: str, fd: int) -> None:
    """``sweep spec.toml --out r.csv >> base.toml`` appended the summary to the base scenario
    (exit 0); with ``2>> base.toml`` the spec's error went into it."""
    base = tmp_path / "base.toml"
    base.write_text(BASE)
    spec = tmp_path / "spec.toml"
    spec.write_text(f'scenario = "base.toml"\nmetrics = ["{metric}"]\n'
                    "[grid]\nlock_in = [1.0, 3.0]\n")
    done, before = _appended(base, ["--db", str(synthetic_db), "sweep", str(spec), "--out",
                                    str(tmp_path / "r.csv"), "--workers", "1"], tmp_path, fd)
    assert done.returncode == 2
    said = done.stderr if fd == 1 else done.stdout
    assert b"base.toml, a file this command reads" in said
    assert base.read_bytes() == before
    assert not (tmp_path / "r.csv").exists()


# --- A2: what a command reads by default ------------------------------------------------------
@pytest.mark.parametrize(("command", "table"), [(["data", "check"], "chips.csv"),
                                                (["data", "build", "--out", "b.db"],
                                                 "vendors.csv")])
def test_the_default_csv_folder_is_not_written_into(
        synthetic_db: Path, tmp_path: Path, command: list[str], table: str) -> None:
    """``data check >> data/chips.csv`` (./data the default folder) appended "no problems
    found." to the table, exit 0; every later build then failed on it."""
    project = tmp_path / "proj"
    shutil.copytree(synthetic_db.parent / "csv", project / "data")
    done, before = _appended(project / "data" / table, command, project, 1)
    assert done.returncode == 2
    assert f"data/{table}, a file this command reads".encode() in done.stderr
    assert (project / "data" / table).read_bytes() == before
    assert not (project / "b.db").exists()


def test_calibrates_default_targets_are_guarded() -> None:
    """``calibrate >> .../calibration_targets.csv`` (no --targets) appended the fit table to
    the bundled targets. Checked through the guard's list, so that a failure cannot change
    the checkout's file."""
    parser = build_parser()
    inputs = command_inputs(parser.parse_args(["calibrate"]))
    assert paths.calibration_targets_path() in inputs
    assert paths.fitted_module_path() in inputs  # the shipped fit, compared with the new one
    assert paths.calibration_targets_path() not in command_inputs(
        parser.parse_args(["calibrate", "--no-targets"]))


# --- A3: usage errors, --help and --version, printed by argparse --------------------------------
@pytest.mark.parametrize(("args", "fd"), [(["run", "--outt", "r.csv"], 2),
                                          (["rnu", "--out", "r.csv"], 2),
                                          (["run", "--help"], 1),
                                          (["--version"], 1),
                                          (["run", "--draws=1e3", "--out", "r.csv"], 2)])
def test_argparse_output_is_not_written_into_the_database(
        synthetic_db: Path, tmp_path: Path, args: list[str], fd: int) -> None:
    """``--db x.db run --outt r.csv 2>> x.db`` appended the usage text to the database;
    ``run --help >> x.db`` and ``--version >> x.db`` the help and the version."""
    done, before = _appended(synthetic_db, ["--db", str(synthetic_db), *args], tmp_path, fd)
    assert done.returncode == 2
    said = done.stderr if fd == 1 else done.stdout
    assert f"{synthetic_db}, a file this command reads".encode() in said
    assert synthetic_db.read_bytes() == before


def test_an_output_named_on_the_line_is_no_input(synthetic_db: Path, tmp_path: Path) -> None:
    """The check of the raw words only stops what argparse prints: a command that parses is
    judged by its real inputs (``--out r.csv >> r.csv`` is not refused as an input)."""
    out = tmp_path / "r.csv"
    out.write_text("")
    with open(out, "ab") as stream:
        done = _cli(["--db", str(synthetic_db), "run", "--out", str(out)], tmp_path,
                    stdout=stream)
    assert done.returncode == 0, done.stderr


# --- C1: a failure whose message cannot be written ----------------------------------------------
@pytest.mark.parametrize("args", [["run", "--outt", "r.csv"],
                                  ["run", "--out", "r.csv", "--set", "lock_in=9"],
                                  ["--db", "nope.db", "run", "--out", "r.csv"],
                                  ["rnu"]])
@pytest.mark.parametrize("both", [False, True])
def test_a_failure_exits_2_when_stderr_is_a_closed_pipe(
        tmp_path: Path, args: list[str], both: bool) -> None:
    """With stderr a pipe whose reader had gone, a usage error exited 0 and other errors 1."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = _cli(args, tmp_path, stdout=write if both else subprocess.DEVNULL, stderr=write)
    finally:
        os.close(write)
    assert done.returncode == 2
    assert not (tmp_path / "r.csv").exists()


def test_a_note_into_a_closed_stderr_is_no_success(tmp_path: Path) -> None:
    """A note to stderr (here --seed without --draws) whose reader had gone stopped the command
    before its CSV was written, exit 0. (Standard output gone too is ``2>&1 | head``: 0.)"""
    read, write = os.pipe()
    os.close(read)
    try:
        done = _cli(["run", "--out", "r.csv", "--seed", "1"], tmp_path,
                    stdout=subprocess.DEVNULL, stderr=write)
    finally:
        os.close(write)
    assert (done.returncode, (tmp_path / "r.csv").exists()) in ((2, False), (0, True))


def test_help_into_a_closed_pipe_still_exits_0(tmp_path: Path) -> None:
    read, write = os.pipe()
    os.close(read)
    try:
        done = _cli(["run", "--help"], tmp_path, stdout=write)
    finally:
        os.close(write)
    assert done.returncode == 0
