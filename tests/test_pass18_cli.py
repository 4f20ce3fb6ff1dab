"""Pass 18 (CLI): regression tests (/work/pass18-cli.md): the guard of standard output and
error before the arguments are parsed (what a command reads by default, the bundled database,
not its command words nor its output), a closed standard error, and the worker processes of
sweep and calibrate (ended with the command even by SIGKILL, deaf to Ctrl+C)."""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chipscope import cli_calibration, paths
from chipscope.cli import build_parser
from chipscope.cli_stdout import command_inputs, named_inputs
from tests import processes


def _cli(args: list[str], cwd: Path, stdout: object = subprocess.PIPE,
         stderr: object = subprocess.PIPE, env: dict[str, str] | None = None,
         no_stderr: bool = False) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "CHIPSCOPE_HOME": str(cwd / "home"), "QT_QPA_PLATFORM": "offscreen",
           **(env or {})}
    line = [sys.executable, "-m", "chipscope", *args]
    if no_stderr:  # started with standard error closed, as `2>&-` does
        line = ["sh", "-c", 'exec "$@" 2>&-', "sh", *line]
    return subprocess.run(line, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=stdout,
                          stderr=stderr, timeout=120, check=False)


def _appended(path: Path, args: list[str], cwd: Path, fd: int, **kw: object
              ) -> tuple[subprocess.CompletedProcess[bytes], bytes]:
    """Run with standard output (fd 1) or error (fd 2) appended to ``path``."""
    before = path.read_bytes()
    with open(path, "ab") as stream:
        done = _cli(args, cwd, **({"stdout": stream} if fd == 1 else {"stderr": stream}),
                    **kw)  # type: ignore[arg-type]
    return done, before


# --- A1: usage errors and --help into a file the command reads by default ----------------------
@pytest.mark.parametrize(("extra", "fd"), [("--bogus", 2), ("--help", 1)])
def test_a_sweeps_base_is_guarded_before_parsing(tmp_path: Path, extra: str, fd: int) -> None:
    """``sweep spec.toml --bogus 2>> base.toml`` appended the usage error to the spec's base
    scenario (``--help >> base.toml`` the help, exit 0)."""
    base = tmp_path / "base.toml"
    base.write_text('format_version = 1\nname = "B"\n[assumptions]\nlock_in = 2\n')
    (tmp_path / "spec.toml").write_text('scenario = "base.toml"\nmetrics = ["share:nvidia:2030"]'
                                        "\n[grid]\nlock_in = [1.0, 3.0]\n")
    done, before = _appended(base, ["sweep", "spec.toml", extra], tmp_path, fd)
    assert done.returncode == 2
    assert b"base.toml, a file this command reads" in (done.stderr if fd == 1 else done.stdout)
    assert base.read_bytes() == before


@pytest.mark.parametrize("named", [False, True])
def test_a_csv_folder_is_guarded_before_parsing(
        synthetic_db: Path, tmp_path: Path, named: bool) -> None:
    """``data check --bogus 2>> data/chips.csv`` (the default ./data, or ``--csv-dir``)
    appended the usage error to the table; every later build then failed on it."""
    project = tmp_path / "proj"
    shutil.copytree(synthetic_db.parent / "csv", project / "data")
    args = ["data", "check", *(["--csv-dir", "data"] if named else []), "--bogus"]
    done, before = _appended(project / "data" / "chips.csv", args, project, 2)
    assert done.returncode == 2
    assert b"chips.csv, a file this command reads" in done.stdout
    assert (project / "data" / "chips.csv").read_bytes() == before


def test_calibrates_defaults_are_guarded_before_parsing() -> None:
    """``calibrate --hlep 2>> .../fitted.py`` appended usage text to the shipped fit (every
    command then failed with a SyntaxError); the same for the bundled targets. Checked through
    the guard's list, so that a failure cannot change the checkout's files."""
    inputs = named_inputs(["calibrate", "--hlep"], build_parser())
    assert paths.fitted_module_path() in inputs
    assert paths.calibration_targets_path() in inputs


# --- A2: the bundled database ------------------------------------------------------------------
def test_the_bundled_database_is_guarded(synthetic_db: Path, tmp_path: Path) -> None:
    """``data diff >> <bundled chipscope.db>`` appended to the installed dataset, exit 0."""
    bundled = tmp_path / "bundled.db"
    shutil.copy(synthetic_db, bundled)
    env = {"CHIPSCOPE_BUNDLED_DB": str(bundled)}
    for args, fd in ((["data", "diff"], 1), (["--db", str(synthetic_db), "data", "diff",
                                             "--bogus"], 2)):
        done, before = _appended(bundled, args, tmp_path, fd, env=env)
        assert done.returncode == 2
        assert b"bundled.db, a file this command reads" in (done.stderr if fd == 1
                                                            else done.stdout)
        assert bundled.read_bytes() == before
    assert paths.bundled_db_path() in command_inputs(build_parser().parse_args(["assumptions"]))


# --- D1: command words and the output are no inputs --------------------------------------------
def test_command_words_and_the_output_are_not_taken_for_inputs(
        synthetic_db: Path, tmp_path: Path) -> None:
    """``report --help > report`` and ``data check --bogus 2> check`` were refused as "a file
    this command reads" (the help and the real usage error never shown); so was
    ``run --out r.csv --help >> r.csv``."""
    for name in ("report", "check", "r.csv"):
        (tmp_path / name).write_text("")
    with open(tmp_path / "report", "ab") as out:
        assert _cli(["report", "--help"], tmp_path, stdout=out).returncode == 0
    assert b"usage:" in (tmp_path / "report").read_bytes()
    with open(tmp_path / "check", "ab") as err:
        assert _cli(["data", "check", "--bogus"], tmp_path, stderr=err).returncode == 2
    assert b"unrecognized arguments: --bogus" in (tmp_path / "check").read_bytes()
    with open(tmp_path / "r.csv", "ab") as out:
        assert _cli(["run", "--out", "r.csv", "--help"], tmp_path, stdout=out).returncode == 0
    assert b"usage:" in (tmp_path / "r.csv").read_bytes()


# --- A4 and C2: standard error closed ----------------------------------------------------------
@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell closes stderr")
def test_a_note_never_goes_into_the_csv_on_stdout(synthetic_db: Path, tmp_path: Path) -> None:
    """``run --out - --seed 3 > o.csv 2>&-``: the note about --seed was the CSV's first line."""
    done = _cli(["--db", str(synthetic_db), "run", "--out", "-", "--seed", "3"], tmp_path,
                no_stderr=True)
    assert done.returncode == 0
    assert b"Note" not in done.stdout
    assert done.stdout.startswith(b"#")


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell closes stderr")
def test_a_usage_error_with_stderr_closed_exits_2(tmp_path: Path) -> None:
    """``run --out - --bogus > o.csv 2>&-`` exited 1 (AttributeError), usage text in o.csv."""
    done = _cli(["run", "--out", "-", "--bogus"], tmp_path, no_stderr=True)
    assert done.returncode == 2
    assert done.stdout == b""


# --- B1: workers end with the command, even by SIGKILL ----------------------------------------
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigkill_of_a_sweep_ends_its_workers(tmp_path: Path) -> None:
    """``kill -9`` of a 2-worker sweep left its workers and the resource tracker running for
    ever, holding the command's output (``| tee`` never ended)."""
    spec = tmp_path / "big.toml"
    spec.write_text('metrics = ["share:nvidia:2030"]\n[sample]\nn = 100000\ndefaults = true\n')
    env = {**os.environ, "CHIPSCOPE_HOME": str(tmp_path / "home")}
    sweep = subprocess.Popen([sys.executable, "-m", "chipscope", "sweep", str(spec),
                              "--out", str(tmp_path / "big.csv"), "--workers", "2"],
                             env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    children: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while len(children) < 3 and sweep.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)  # two workers and the resource tracker
            children = processes.children(sweep.pid)
        time.sleep(1.0)  # the workers have started their chunks
        sweep.kill()
        sweep.wait(timeout=60)
        deadline = time.monotonic() + 60
        while any(processes.alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = [pid for pid in children if processes.alive(pid)]
    finally:
        if sweep.poll() is None:
            sweep.kill()
            sweep.wait()
        for pid in children:  # never leave them running, whatever the outcome
            if processes.alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert len(children) == 3
    assert left == []


# --- C1: workers ignore Ctrl+C from their start ------------------------------------------------
@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")
def test_workers_ignore_ctrl_c_from_their_start() -> None:
    """A Ctrl+C to the group while a worker was still starting (unpickling, importing numpy)
    printed its KeyboardInterrupt traceback. A worker (calibrate's pool is sweep's) now starts
    with SIGINT blocked and then ignores it; the command's own handling is unchanged."""
    before = signal.getsignal(signal.SIGINT), signal.pthread_sigmask(signal.SIG_BLOCK, [])
    run = cli_calibration._mapper(2, 2)
    handlers = run(signal.getsignal, [signal.SIGINT, signal.SIGINT])  # type: ignore[arg-type]
    masks = run(functools.partial(signal.pthread_sigmask, signal.SIG_BLOCK),  # type: ignore
                [[], []])
    assert handlers == [signal.SIG_IGN, signal.SIG_IGN]
    assert all(signal.SIGINT in mask for mask in masks)  # inherited: blocked before any code
    assert (signal.getsignal(signal.SIGINT), signal.pthread_sigmask(signal.SIG_BLOCK, [])) \
        == before
