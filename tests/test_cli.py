"""The command line: `main([...])` in process, and `python -m chipscope` once."""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import types
from contextlib import closing
from pathlib import Path

import pandas as pd
import pytest

from chipscope.__main__ import main
from chipscope.model.synthetic import synthetic_frames
from chipscope.storage import build_database, list_scenarios

COLUMNS = ["year", "adopter", "vendor", "chip", "h100e", "units", "spend_usd", "is_history",
           "basis"]
Capture = pytest.CaptureFixture[str]


@pytest.fixture
def csv_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "csv"
    folder.mkdir()
    for name, frame in synthetic_frames().items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    return folder


@pytest.fixture
def db(tmp_path: Path, csv_dir: Path) -> Path:
    path = tmp_path / "synthetic.db"
    build_database(csv_dir, path)
    return path


def _fails(argv: list[str], capsys: Capture, *words: str) -> str:
    """Run, expect exit status 2 and one `chipscope-cli: error:` message containing ``words``."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("chipscope-cli: error: ") and err.count("chipscope-cli: error:") == 1
    assert "Traceback" not in err
    for w in words:
        assert w in err, err
    return err


# --- run ------------------------------------------------------------------------------------------
def test_run_writes_the_projection(db: Path, tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "p.csv"
    assert main(["run", "--db", str(db), "--out", str(out)]) == 0
    frame = pd.read_csv(out, comment="#")
    assert list(frame.columns) == COLUMNS
    assert frame["year"].min() == 2022 and frame["year"].max() == 2030
    assert frame["is_history"].any() and not frame["is_history"].all()
    summary = capsys.readouterr().out.strip()
    assert "\n" not in summary and "2022-2030" in summary and "% of 2030 compute" in summary


def test_scenario_then_set(db: Path, tmp_path: Path, capsys: Capture) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text('format_version = 1\nname = "S"\n[assumptions]\nhorizon_year = 2035\n'
                        "demand_growth_pct = 10\n")
    out = tmp_path / "p.csv"
    argv = ["--db", str(db), "run", "--scenario", str(scenario), "--set",
            "horizon_year=2032", "--set", "lock_in=1", "--out", str(out)]
    assert main(argv) == 0
    assert pd.read_csv(out, comment="#")["year"].max() == 2032  # --set wins over the scenario
    assert "2022-2032" in capsys.readouterr().out


def test_set_without_effect_is_pointed_out(db: Path, tmp_path: Path, capsys: Capture) -> None:
    """A minimum share or affinity for a vendor the adopter cannot reach is accepted (a
    scenario may carry it) but the user is told it does nothing."""
    from chipscope.storage import load_dataset

    ds = load_dataset(db)
    i = next(i for i, row in enumerate(ds.access_matrix) if (row == 0).any() and (row > 0).any())
    a = ds.adopter_ids[i]
    blocked = [v for v, x in zip(ds.vendor_ids, ds.access_matrix[i], strict=True) if x == 0]
    open_ = [v for v, x in zip(ds.vendor_ids, ds.access_matrix[i], strict=True) if x > 0]
    out = tmp_path / "p.csv"
    assert main(["run", "--db", str(db), "--out", str(out), "--set",
                 f"adopter.{a}.min_share.{blocked[0]}=20", f"adopter.{a}.affinity.{open_[0]}=1",
                 f"adopter.{a}.affinity.{blocked[0]}=0"]) == 0
    err = capsys.readouterr().err
    assert err.count("has no effect") == 1 and f"adopter.{a}.min_share.{blocked[0]}" in err


def test_run_to_stdout(db: Path, capsys: Capture) -> None:
    assert main(["run", "--db", str(db), "--out", "-"]) == 0
    captured = capsys.readouterr()
    frame = pd.read_csv(io.StringIO(captured.out), comment="#")
    assert list(frame.columns) == COLUMNS and len(frame) > 0
    assert "rows for 2022-2030" in captured.err  # the summary keeps stdout clean


def test_run_uses_the_user_database_by_default(
        db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(db))
    assert main(["run", "--out", str(tmp_path / "p.csv")]) == 0
    assert (home / "chipscope.db").exists()
    assert list_scenarios(home / "chipscope.db") == []


def test_run_as_a_subprocess(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.csv"
    env = {**os.environ, "CHIPSCOPE_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-m", "chipscope", "run", "--db", str(db),
                           "--set", "demand_growth_pct=50", "--out", str(out)],
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert list(pd.read_csv(out, comment="#").columns) == COLUMNS
    bad = subprocess.run([sys.executable, "-m", "chipscope", "run", "--db", str(db),
                          "--set", "demand_growth_pct=900", "--out", str(out)],
                         capture_output=True, text=True, env=env, check=False)
    assert bad.returncode == 2
    assert bad.stderr.startswith("python -m chipscope: error: --set: demand_growth_pct: 900 is "
                                 "out of range (allowed -50 to 300 %/yr)")


# --- user errors: exit 2, one message -------------------------------------------------------------
@pytest.mark.parametrize(("item", "words"), [
    ("lock_in=9", ("lock_in: 9 is out of range", "allowed 0 to 5")),
    ("lock_inn=1", ("unknown assumption 'lock_inn'", "did you mean lock_in")),
    ("lock_in=fast", ("lock_in: 'fast' is not a number",)),
    ("lock_in", ("expected KEY=VALUE",)),
    ("vendor.v0.supply_cap_h100e=-5", ("vendor.v0.supply_cap_h100e", "or none")),
])
def test_bad_set(db: Path, tmp_path: Path, capsys: Capture, item: str,
                 words: tuple[str, ...]) -> None:
    _fails(["run", "--db", str(db), "--set", item, "--out", str(tmp_path / "p.csv")], capsys,
           *words)
    assert not (tmp_path / "p.csv").exists()


def test_bad_scenario_file_names_every_problem(db: Path, tmp_path: Path, capsys: Capture) -> None:
    scenario = tmp_path / "bad.toml"
    scenario.write_text('format_version = 1\n[assumptions]\nlock_in = 9\nswitching_speed = "x"\n'
                        "nope = 1\n")
    err = _fails(["run", "--db", str(db), "--scenario", str(scenario), "--out", "-"], capsys,
                 f"{scenario} has 3 problems", "lock_in", "switching_speed", "'nope'")
    assert err.count("\n  - ") == 3


@pytest.mark.parametrize(("text", "words"), [
    ("format_version = 1\n[assumptions\n", "line 2"),
    ("format_version = 7\n", "newer ChipScope"),
    ("[assumptions]\nlock_in = 1\n", "format_version is missing"),
])
def test_bad_scenario_syntax_and_version(db: Path, tmp_path: Path, capsys: Capture, text: str,
                                         words: str) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text(text)
    _fails(["run", "--db", str(db), "--scenario", str(scenario), "--out", "-"], capsys, words)


def test_missing_scenario_file(db: Path, tmp_path: Path, capsys: Capture) -> None:
    _fails(["run", "--db", str(db), "--scenario", str(tmp_path / "no.toml"), "--out", "-"],
           capsys, "Cannot read", "no.toml")


def _newer(db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "newer.db"
    shutil.copyfile(db, path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA user_version = 42")
        conn.commit()
    return path


def _foreign(db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "foreign.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    return path


def _corrupt(db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "corrupt.db"
    data = bytearray(db.read_bytes())
    data[4096 + 100: 3 * 4096] = b"\x00\xff" * ((3 * 4096 - 4096 - 100) // 2)
    path.write_bytes(bytes(data))
    return path


def _garbage(db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "garbage.db"
    path.write_bytes(os.urandom(1000))
    return path


@pytest.mark.parametrize(("make", "words"), [
    (lambda db, tmp: tmp / "missing.db", "does not exist"),
    (_garbage, "not an SQLite file"),
    (_corrupt, "damaged"),
    (_foreign, "another application"),
    (_newer, "newer ChipScope"),
])
@pytest.mark.parametrize("command", ["run", "assumptions", "check"])
def test_bad_database(db: Path, tmp_path: Path, capsys: Capture, make: object, words: str,
                      command: str) -> None:
    path = make(db, tmp_path)  # type: ignore[operator]
    before = path.read_bytes() if path.exists() else None
    argv = {"run": ["run", "--db", str(path), "--out", str(tmp_path / "p.csv")],
            "assumptions": ["--db", str(path), "assumptions"],
            "check": ["data", "check", "--db", str(path)]}[command]
    _fails(argv, capsys, words, str(path))
    assert (path.read_bytes() if path.exists() else None) == before


def test_unwritable_output(db: Path, tmp_path: Path, capsys: Capture) -> None:
    _fails(["run", "--db", str(db), "--out", str(tmp_path / "no" / "p.csv")], capsys,
           "Cannot write the CSV file", "p.csv", "does not exist; make it or choose another folder")


def test_argparse_errors_exit_2(capsys: Capture) -> None:
    assert main(["run"]) == 2  # --out is required
    assert "--out" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2


def test_version(capsys: Capture) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("chipscope 0.")


def test_unexpected_error_exits_1_without_traceback(
        db: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    import chipscope.model.engine as engine

    def boom(*args: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(engine, "project", boom)
    monkeypatch.delenv("CHIPSCOPE_DEBUG", raising=False)
    assert main(["run", "--db", str(db), "--out", "-"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("chipscope-cli: error: unexpected RuntimeError: kaboom")
    assert "Traceback" not in err


# --- assumptions ----------------------------------------------------------------------------------
def test_assumptions_table(db: Path, capsys: Capture) -> None:
    assert main(["assumptions", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["key", "default", "unit", "bounds", "label"]
    row = next(line for line in lines if line.startswith("switching_speed "))
    from chipscope.model.fitted import FITTED

    assert f"{FITTED['switching_speed']:.2f}" in row and "0 to 1" in row
    assert "Switching speed" in row
    assert any(line.startswith("deal.d0.enabled") for line in lines)


def test_assumptions_group(db: Path, capsys: Capture) -> None:
    assert main(["--db", str(db), "assumptions", "--group", "vendor"]) == 0
    keys = [line.split()[0] for line in capsys.readouterr().out.splitlines()[1:]]
    assert keys and all(k.startswith("vendor.") for k in keys)


# --- data build / check ---------------------------------------------------------------------------
def test_data_build_and_check(csv_dir: Path, tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "built.db"
    assert main(["data", "build", "--csv-dir", str(csv_dir), "--out", str(out)]) == 0
    assert f"Built {out}" in capsys.readouterr().out
    assert main(["data", "check", "--db", str(out)]) == 0
    assert main(["data", "check", "--csv-dir", str(csv_dir)]) == 0
    assert "no problems found" in capsys.readouterr().out


def test_bad_csv_names_file_line_column(csv_dir: Path, tmp_path: Path, capsys: Capture) -> None:
    chips = pd.read_csv(csv_dir / "chips.csv", dtype=str, keep_default_na=False)
    chips.loc[5, "launch_year"] = "x"
    chips.loc[6, "price_usd"] = "1"
    chips.to_csv(csv_dir / "chips.csv", index=False)
    for argv in (["data", "build", "--csv-dir", str(csv_dir), "--out", str(tmp_path / "o.db")],
                 ["data", "check", "--csv-dir", str(csv_dir)]):
        err = _fails(argv, capsys, f"{csv_dir} has 2 problems",
                     f"{csv_dir / 'chips.csv'}, line 7, column launch_year: 'x' is not a number",
                     f"{csv_dir / 'chips.csv'}, line 8, column price_usd")
        assert err.count("\n") == 3
    assert not (tmp_path / "o.db").exists()


def test_malformed_csv(csv_dir: Path, capsys: Capture) -> None:
    path = csv_dir / "vendors.csv"
    path.write_text(path.read_text() + 'v9,"Vendor 9,merchant\n')
    _fails(["data", "check", "--csv-dir", str(csv_dir)], capsys,
           f'{path}, line 6: a quote (") opens a field and is never closed; close it or remove it')


def test_data_default_is_the_data_folder_of_the_working_directory(
        csv_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    from chipscope import paths

    elsewhere = tmp_path / "site-packages" / "data"  # where an installed package would look
    elsewhere.mkdir(parents=True)
    monkeypatch.setattr(paths, "data_source_dir", lambda: elsewhere)
    checkout = tmp_path / "checkout"
    shutil.copytree(csv_dir, checkout / "data")
    monkeypatch.chdir(checkout)
    assert main(["data", "build"]) == 0
    here = checkout / "data"
    assert f"Built {here / 'chipscope.db'} from {here}" in capsys.readouterr().out
    assert (here / "chipscope.db").is_file() and not list(elsewhere.iterdir())
    assert main(["data", "check"]) == 0
    assert f"{here}: no problems found." in capsys.readouterr().out


def test_data_default_falls_back_to_the_package_data_folder(
        csv_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    from chipscope import paths

    monkeypatch.setattr(paths, "data_source_dir", lambda: csv_dir)
    (tmp_path / "empty" / "data").mkdir(parents=True)
    (tmp_path / "empty" / "data" / "chips.csv").write_text("not all of them\n")
    monkeypatch.chdir(tmp_path / "empty")
    assert main(["data", "check"]) == 0
    assert f"{csv_dir}: no problems found." in capsys.readouterr().out


def test_data_without_csvs_says_where_it_looked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: Capture) -> None:
    from chipscope import paths

    elsewhere = tmp_path / "site-packages" / "data"
    monkeypatch.setattr(paths, "data_source_dir", lambda: elsewhere)
    monkeypatch.chdir(tmp_path)
    for argv in (["data", "build"], ["data", "check"]):
        _fails(argv, capsys, str(tmp_path / "data"), str(elsewhere), "--csv-dir")
    assert not (elsewhere / "chipscope.db").exists()


def test_data_help_names_the_default_folders(capsys: Capture) -> None:
    for action in ("build", "check"):
        assert main(["data", action, "--help"]) == 0
        text = " ".join(capsys.readouterr().out.split())
        assert "default: ./data (in the current folder) when it holds the dataset CSVs, else " \
               "the data/ folder beside the installed chipscope package" in text


def test_data_build_will_not_overwrite_a_foreign_file(csv_dir: Path, tmp_path: Path,
                                                      capsys: Capture) -> None:
    target = tmp_path / "thesis.db"
    target.write_text("precious")
    _fails(["data", "build", "--csv-dir", str(csv_dir), "--out", str(target)], capsys,
           "not a ChipScope database")
    assert target.read_text() == "precious"


# --- GUI and export-chart -------------------------------------------------------------------------
def test_no_command_opens_the_window(monkeypatch: pytest.MonkeyPatch, db: Path) -> None:
    seen: list[Path | None] = []
    opened: list[list[Path] | None] = []

    def run_gui(db: Path | None = None, open_files: list[Path] | None = None) -> int:
        seen.append(db)
        opened.append(open_files)
        return 0

    fake = types.ModuleType("chipscope.ui.app")
    fake.run_gui = run_gui  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "chipscope.ui.app", fake)
    assert main([]) == 0
    assert main(["--db", str(db)]) == 0
    assert seen == [None, db]
    scenario = db.parent / "my scenario.toml"
    scenario.write_text('format_version = 1\nname = "x"\n')
    assert main(["--db", str(db), str(scenario)]) == 0  # chipscope FILE.toml
    assert seen[-1] == db and opened[-1] == [scenario]


def test_export_chart_rejects_bad_options(db: Path, tmp_path: Path, capsys: Capture) -> None:
    _fails(["export-chart", "--chart", "vendor_share", "--out", str(tmp_path / "c.jpg"),
            "--db", str(db)], capsys, "must end in .png or .svg")
    _fails(["export-chart", "--chart", "vendor_share", "--out", str(tmp_path / "c.png"),
            "--width", "0", "--db", str(db)], capsys, "--width: 0 px is too small")
    _fails(["export-chart", "--chart", "vendor_share", "--out", str(tmp_path / "c.png"),
            "--db", str(db), "--set", "lock_in=99"], capsys, "lock_in: 99")


def test_export_chart_passes_everything_on(db: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, object]] = []

    def export_chart_to_file(dataset: object, assumptions: object, **kw: object) -> None:
        calls.append({"assumptions": assumptions, **kw})

    fake = types.ModuleType("chipscope.ui.charts.export")
    fake.export_chart_to_file = export_chart_to_file  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "chipscope.ui.charts.export", fake)
    out = tmp_path / "c.svg"
    assert main(["export-chart", "--chart", "vendor_share", "--out", str(out), "--db", str(db),
                 "--width", "640", "--height", "480", "--measure", "units",
                 "--set", "lock_in=1.5"]) == 0
    [call] = calls
    assert call["chart"] == "vendor_share" and call["out"] == out
    assert (call["width"], call["height"], call["measure"]) == (640, 480, "units")
    assert call["assumptions"]["lock_in"] == 1.5  # type: ignore[index]


@pytest.mark.skipif(importlib.util.find_spec("chipscope.ui.charts.export") is None,
                    reason="chipscope.ui.charts.export (the UI engineer's) is not written yet")
def test_export_chart_really_writes_a_png(db: Path, tmp_path: Path, capsys: Capture) -> None:
    from chipscope.ui.charts import export

    names = getattr(export, "CHART_NAMES", None) or ["vendor_share"]
    out = tmp_path / "chart.png"
    assert main(["export-chart", "--chart", next(iter(names)), "--out", str(out), "--db", str(db),
                 "--width", "480", "--height", "400"]) == 0, capsys.readouterr().err
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- imports --------------------------------------------------------------------------------------
def test_importing_the_cli_is_light() -> None:
    code = ("import sys, chipscope.cli, chipscope.__main__; print(sorted(m for m in "
            "('PySide6', 'pandas', 'numpy', 'sqlite3', 'chipscope.storage') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_export_adopters_chart_for_a_year_and_a_bad_year(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("PySide6")
    out = tmp_path / "adopters.png"
    assert main(["export-chart", "--chart", "adopters", "--year", "2028", "--out", str(out),
                 "--width", "800", "--height", "450"]) == 0
    assert out.stat().st_size > 10_000
    bad = tmp_path / "bad.png"
    assert main(["export-chart", "--chart", "adopters", "--year", "1999", "--out",
                 str(bad)]) == 2
    err = capsys.readouterr().err
    assert "year: 1999 is outside" in err and not bad.exists()
