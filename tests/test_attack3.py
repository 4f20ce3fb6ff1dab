"""Found by the third, independent attack pass of issue 10 (hostile inputs, special files, a
full stdout, concurrent writers): each test reproduces one finding through the CLI."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.storage import open_user_database
from chipscope.storage.autosave import save_autosave
from chipscope.storage.scenarios import list_scenarios, save_scenario


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return Path(shutil.copyfile(paths.bundled_db_path(), tmp_path / "mine.db"))


# --- data build never deletes the user's work -------------------------------------------------
def test_data_build_never_replaces_a_database_holding_saved_scenarios(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save_scenario(db, "My precious", "", {"lock_in": 2.0})
    before = _sha(db)
    assert main(["data", "build", "--out", str(db)]) == 2
    err = capsys.readouterr().err
    assert str(db) in err and "1 saved scenario, which a rebuild would delete" in err
    assert _sha(db) == before
    assert [r.name for r in list_scenarios(db)] == ["My precious"]


def test_data_build_never_replaces_a_database_holding_an_autosave(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save_autosave(db, "Working", "", {"lock_in": 2.0}, unsaved=True)
    before = _sha(db)
    assert main(["data", "build", "--out", str(db)]) == 2
    assert "an autosave, which a rebuild would delete" in capsys.readouterr().err
    assert _sha(db) == before


def test_data_build_never_replaces_a_database_with_a_journal_beside_it(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    journal = db.with_name(db.name + "-journal")
    # another program's write in progress, or a crash's (the header's magic: played back; a
    # zeroed header is a finished journal, pass 13 DB D3, tests/storage/test_pass13_storage.py)
    journal.write_bytes(bytes.fromhex("d9d505f920a163d7") + b"\0" * 504)
    before = _sha(db)
    assert main(["data", "build", "--out", str(db)]) == 2
    assert f"{journal.name} beside it is a write in progress" in capsys.readouterr().err
    assert _sha(db) == before and journal.exists()


def test_data_build_still_rebuilds_a_database_with_nothing_of_the_users(db: Path) -> None:
    assert main(["data", "build", "--out", str(db)]) == 0


def test_the_users_own_database_is_not_rebuilt_over_its_scenarios(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, own = open_user_database()
    save_scenario(own, "Mine", "", {"lock_in": 1.0})
    assert main(["data", "build", "--out", str(own)]) == 2
    assert "saved scenario" in capsys.readouterr().err
    assert [r.name for r in list_scenarios(own)] == ["Mine"]


# --- --set and scenario numbers ---------------------------------------------------------------
@pytest.mark.parametrize("value", ["1__0", "_1", "1_", "1_.5", "1._5", "1e_5"])
def test_an_underscore_is_refused(value: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--set", f"lock_in={value}", "--out", str(tmp_path / "r.csv")]) == 2
    err = capsys.readouterr().err
    assert f"lock_in: {value!r} is not a number: write it without the underscore" in err
    assert err.count("\n") == 1  # pass 49 (F5): not "holds an _"
    assert not (tmp_path / "r.csv").exists()


def test_digit_separators_between_digits_are_refused_too(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"  # pass 25 (F4): 0_5 was read as 5, so no _ at all
    assert main(["run", "--set", "vendor.nvidia.supply_cap_h100e=3_000_000",
                 "--out", str(out)]) == 2
    assert not out.exists()


@pytest.mark.parametrize("value", ["2024.9999999999999999", "2024.5", "20245e-1"])
def test_a_year_that_is_not_exactly_whole_is_refused(value: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--set", f"base_year={value}", "--out", str(tmp_path / "r.csv")]) == 2
    assert "base_year:" in (err := capsys.readouterr().err) and "must be a whole number" in err


@pytest.mark.parametrize("value", ["2024", "2024.0", "2.024e3", "20240e-1"])
def test_a_year_written_as_an_exact_whole_number_is_taken(value: str, tmp_path: Path) -> None:
    assert main(["run", "--set", f"base_year={value}", "--out", str(tmp_path / "r.csv")]) == 0


def test_a_scenario_year_that_float_would_round_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text("format_version = 1\n[assumptions]\nbase_year = 2024.9999999999999999\n")
    assert main(["run", "--scenario", str(scenario), "--out", str(tmp_path / "r.csv")]) == 2
    err = capsys.readouterr().err
    assert str(scenario) in err and "base_year: 2024.9999999999999999 must be a whole" in err


def test_a_long_unknown_key_is_shortened_in_the_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = "x" * 100_000
    assert main(["run", "--set", f"{key}=1", key, "--out", str(tmp_path / "r.csv")]) == 2
    err = capsys.readouterr().err
    assert "(100,000 characters)" in err and len(err) < 500


def test_suggestions_are_computed_only_for_the_keys_a_message_shows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import difflib

    from chipscope.model.assumptions import SUGGESTED

    calls = []
    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches",
                        lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    sets = [f"bad{i}=1" for i in range(2_000)]  # 100,000 took minutes, one difflib each
    assert main(["run", "--set", *sets, "--out", str(tmp_path / "r.csv")]) == 2
    assert len(calls) <= SUGGESTED
    assert "... and 1,980 more" in capsys.readouterr().err


# --- the data folder --------------------------------------------------------------------------
@pytest.mark.parametrize(("make", "cause"), [
    (lambda p: p.symlink_to(p.parent / "nowhere"), ": {home} is a symlink to the missing"),
    (lambda p: (p.symlink_to(p.parent / "b"), (p.parent / "b").symlink_to(p)),
     ": {home} is a symlink loop; remove the link"),  # the words of a link on its way (P60 F7)
    (lambda p: p.write_text("x"), " (it is a file, not a folder"),
])
def test_a_bad_chipscope_home_names_the_cause(make, cause: str, tmp_path: Path,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    make(home)
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    assert main(["assumptions"]) == 2
    err = capsys.readouterr().err
    said = f"Cannot use the data folder {home}{cause.format(home=home)}"
    assert said in err and "File exists" not in err


# --- a full stdout after the file was written ---------------------------------------------------
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_stdout_says_the_file_was_written(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "chipscope", "run", "--out", str(out)],
                              stdout=full, stderr=subprocess.PIPE, text=True, env=env,
                              timeout=120, check=False)
    assert proc.returncode == 2
    assert "could not write to standard output" in proc.stderr
    assert f"{out} was written all the same" in proc.stderr
    body = [line for line in out.read_text().splitlines() if not line.startswith("#")]
    assert body[0].startswith("year,")  # after the metadata lines (# key: value)


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="needs /dev/stdout")
def test_out_dev_stdout_through_a_pipe_is_named_a_pipe(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    proc = subprocess.run([sys.executable, "-m", "chipscope", "run", "--out", "/dev/stdout"],
                          capture_output=True, text=True, env=env,
                          timeout=120, check=False)
    assert proc.returncode == 2
    assert ("it names standard output, a stream rather than a file, which ChipScope never "
            "replaces; a command that writes CSV takes - for standard output") in proc.stderr


# --- calibrate: options numpy or the pool would refuse only after a minute of fitting ----------
@pytest.mark.parametrize(("option", "message"), [
    (["--seed", "-1", "--draws", "2"], "--seed: -1 must be 0 or more"),
    (["--jobs", "0"], "--jobs: 0 is not from 1 to 256"),
    (["--jobs", "257"], "--jobs: 257 is not from 1 to 256"),  # as sweep --workers
])
def test_calibrate_refuses_bad_seed_and_jobs_before_fitting(
        option: list[str], message: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from chipscope import cli_calibration

    monkeypatch.setattr(cli_calibration, "load", lambda args: pytest.fail("fitted anyway"))
    assert main(["calibrate", *option]) == 2
    assert message in capsys.readouterr().err


def test_a_chipscope_home_below_a_file_names_the_file(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "f").write_text("x")
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "f" / "sub"))
    assert main(["assumptions"]) == 2
    assert f"({tmp_path / 'f'} is a file, not a folder)" in capsys.readouterr().err
