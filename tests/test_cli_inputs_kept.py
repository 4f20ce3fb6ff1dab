"""Found by an independent attack pass (issue 10): an output never replaces the user's database
or one of the command's own inputs, and a journal beside a database that is not a regular
file (a FIFO would hang SQLite's open) is refused, naming it."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.storage import files
from chipscope.storage.files import FileRefused


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return Path(shutil.copyfile(paths.bundled_db_path(), tmp_path / "mine.db"))


@pytest.mark.parametrize("command", [["run"], ["market-check"], ["backtest", "--base-year",
                                                                   "2024"]])
def test_an_output_never_replaces_a_database(db: Path, command: list[str],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    db = db.rename(db.with_suffix(""))  # a .db name is refused before (pass 11, D7)
    before = _sha(db)
    assert main([*command, "--db", str(db), "--out", str(db)]) == 2
    err = capsys.readouterr().err
    assert "it is a database, which ChipScope never replaces" in err and str(db) in err
    assert _sha(db) == before


def test_an_output_never_replaces_the_commands_scenario(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "s.scenario"  # a .toml name is refused before (pass 11, D7)
    scenario.write_text('format_version = 1\nname = "s"\n[assumptions]\nlock_in = 1.5\n')
    before = _sha(scenario)
    assert main(["run", "--scenario", str(scenario), "--out", str(scenario)]) == 2
    assert "one of this command's inputs" in capsys.readouterr().err
    assert _sha(scenario) == before


def test_an_export_never_replaces_a_database_but_the_copy_may(db: Path, tmp_path: Path) -> None:
    with pytest.raises(FileRefused, match="it is a database"):
        files.write_bytes(db, b"\x89PNG", "PNG file")
    files.write_bytes(db, db.read_bytes(), "database", database=True)  # the database copy


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.timeout(60)
def test_a_fifo_journal_beside_the_database_is_refused(db: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(db.with_name(db.name + "-journal"))
    before = _sha(db)
    for argv in (["run", "--db", str(db), "--out", "-"], ["data", "check", "--db", str(db)]):
        assert main(argv) == 2
        assert "mine.db-journal beside it is not a regular file" in capsys.readouterr().err
    assert _sha(db) == before


def test_a_folder_journal_is_named_not_called_damage(db: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    db.with_name(db.name + "-journal").mkdir()
    assert main(["run", "--db", str(db), "--out", "-"]) == 2
    err = capsys.readouterr().err
    assert "beside it is not a regular file" in err and "rebuild" not in err


@pytest.mark.parametrize("statement", [
    "UPDATE chips SET name = x'80ff00' WHERE rowid = 1",   # not UTF-8
    "UPDATE chips SET price_usd = x'80ff00' WHERE rowid = 1",
    "UPDATE meta SET value = CAST(x'ff80' AS TEXT) WHERE rowid = 1",
])
def test_text_that_is_not_utf8_or_a_blob_is_named(db: Path, statement: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute(statement)
    before = _sha(db)
    for argv in (["run", "--db", str(db), "--out", "-"], ["data", "check", "--db", str(db)]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "unexpected" not in err and ("UTF-8" in err or "BLOB" in err), err
    assert _sha(db) == before


def test_a_blob_scenario_name_is_named(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3
    from contextlib import closing

    from chipscope.storage import save_scenario

    save_scenario(db, "Mine", "", {"lock_in": 1.5})
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute("UPDATE scenarios SET name = x'ff80' WHERE name = 'Mine'")
    assert main(["data", "check", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "unexpected" not in err and "not text" in err, err


def test_a_data_folder_that_is_a_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    home.write_text("a file, not a folder")
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    assert main(["run", "--out", "-"]) == 2
    err = capsys.readouterr().err
    assert f"Cannot use the data folder {home}" in err and "unexpected" not in err
    assert home.read_text() == "a file, not a folder"


def test_scenario_export_onto_a_deeply_nested_file_is_refused_not_a_crash(tmp_path: Path) -> None:
    from chipscope.model.assumptions import AssumptionSpecs
    from chipscope.model.scenario import Scenario
    from chipscope.model.synthetic import synthetic_dataset
    from chipscope.storage import StorageError
    from chipscope.storage.scenario_files import write_scenario_file

    target = tmp_path / "deep.toml"
    target.write_text("a = " + "[" * 600 + "]" * 600 + "\n")
    before = _sha(target)
    specs = AssumptionSpecs.for_dataset(synthetic_dataset())
    with pytest.raises(StorageError, match="not a ChipScope scenario file"):
        write_scenario_file(target, Scenario("s", "", {}), specs)
    assert _sha(target) == before


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["run", "--out", "-"], ["assumptions"]])
def test_a_full_standard_output_is_a_clear_error(command: list[str], tmp_path: Path) -> None:
    import subprocess
    import sys

    env = dict(os.environ, CHIPSCOPE_HOME=str(tmp_path))
    with open("/dev/full", "w") as full:
        out = subprocess.run([sys.executable, "-m", "chipscope", *command], stdout=full,
                             stderr=subprocess.PIPE, text=True, env=env, timeout=120,
                             check=False)
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith("python -m chipscope: error: could not write to standard output "
                                 "(No space left on device)"), out.stderr
    assert "unexpected" not in out.stderr and "Traceback" not in out.stderr


def test_a_closed_standard_output_is_a_clear_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = dict(os.environ, CHIPSCOPE_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-m", "chipscope", "assumptions"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
                         timeout=120, check=False, close_fds=True,
                         preexec_fn=lambda: os.close(1))
    assert out.returncode == 2, out.stderr
    assert "standard output is closed" in out.stderr


def test_calibrate_refuses_a_bad_fitted_target_before_fitting(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    foreign = tmp_path / "fitted.py"
    foreign.write_text("# my own module\n")
    assert main(["calibrate", "--write", "--fitted", str(foreign)]) == 2
    out = capsys.readouterr()
    assert "is not a module chipscope-cli calibrate wrote (it lacks its header)" in out.err
    assert "Fit in" not in out.out  # refused before the fit, not after it
    assert foreign.read_text() == "# my own module\n"


@pytest.mark.parametrize(("table", "old", "new", "words"), [
    ("vendors", "#117733", "javascript:alert(1)", "is not a colour written #rrggbb"),
    ("meta", "2026-05-10", "yesterday", "is not a date written YYYY-MM-DD"),
])
def test_colours_and_the_dataset_date_are_checked(tmp_path: Path, table: str, old: str,
                                                  new: str, words: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    folder = Path(shutil.copytree(Path(__file__).resolve().parents[1] / "data", tmp_path / "d",
                                  ignore=shutil.ignore_patterns("*.db", "derive")))
    csv = folder / f"{table}.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    assert main(["data", "check", "--csv-dir", str(folder)]) == 2
    assert words in capsys.readouterr().err
    assert main(["data", "build", "--csv-dir", str(folder), "--out",
                 str(tmp_path / "x.db")]) == 2
    assert words in capsys.readouterr().err and not (tmp_path / "x.db").exists()


def _scenario(tmp_path: Path, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text('format_version = 1\nname = "s"\n[assumptions]\nlock_in = 1.5\n')
    return path


def test_backtest_never_replaces_its_scenario(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    scenario = _scenario(tmp_path, "s.scenario")  # .toml is refused before (pass 11, D7)
    link = tmp_path / "link.scenario"  # a .csv link is refused by its type (pass 12)
    link.symlink_to(scenario)
    before = _sha(scenario)
    for out in (scenario, link):
        assert main(["backtest", "--base-year", "2024", "--scenario", str(scenario),
                     "--out", str(out)]) == 2
        assert "one of this command's inputs" in capsys.readouterr().err
    assert _sha(scenario) == before


def test_export_chart_never_replaces_its_scenario(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    scenario = _scenario(tmp_path, "sc.svg")
    before = _sha(scenario)
    assert main(["export-chart", "--chart", "vendor_share", "--scenario", str(scenario),
                 "--out", str(scenario)]) == 2
    assert "one of this command's inputs" in capsys.readouterr().err
    assert _sha(scenario) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.timeout(60)
def test_a_fifo_journal_beside_a_linked_database_is_refused(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = db.with_name("link.db")
    link.symlink_to(db)
    os.mkfifo(db.with_name(db.name + "-journal"))  # beside the file SQLite really opens
    assert main(["run", "--db", str(link), "--out", "-"]) == 2
    assert "mine.db-journal beside it is not a regular file" in capsys.readouterr().err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["--help"], ["--version"], ["run", "--help"]])
def test_help_into_a_full_standard_output_is_an_error(args: list[str], tmp_path: Path) -> None:
    import subprocess
    import sys

    env = dict(os.environ, CHIPSCOPE_HOME=str(tmp_path))
    with open("/dev/full", "w") as full:
        out = subprocess.run([sys.executable, "-m", "chipscope", *args], stdout=full,
                             stderr=subprocess.PIPE, text=True, env=env, timeout=120,
                             check=False)
    assert out.returncode == 2 and "could not write to standard output" in out.stderr


def test_many_unknown_keys_list_twenty_with_suggestions(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    lines = ['format_version = 1', 'name = "x"', '[assumptions]']
    lines += [f'"vendor.nvidia.price_change_p{i}" = 1' for i in range(3000)]
    scenario = tmp_path / "big.toml"
    scenario.write_text("\n".join(lines) + "\n")
    assert main(["run", "--scenario", str(scenario), "--out", "-"]) == 2
    err = capsys.readouterr().err
    assert err.count("did you mean") == 20 and "... and 2,980 more" in err


def test_data_check_lists_fifty_problems_then_counts(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = Path(shutil.copytree(Path(__file__).resolve().parents[1] / "data", tmp_path / "d",
                                  ignore=shutil.ignore_patterns("*.db", "derive")))
    history = folder / "history.csv"
    header, *rows = history.read_text(encoding="utf-8").splitlines()
    bad = [header, *rows, *(["2022.5" + rows[0][rows[0].index(","):]] * 300)]
    history.write_text("\n".join(bad) + "\n", encoding="utf-8")
    assert main(["data", "check", "--csv-dir", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "more" in err and err.count("\n") < 70
