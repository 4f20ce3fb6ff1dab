"""Pass 57 F1 and F2: advice commands name the database --db named (pasted, they act on it, not
on the user's default database), and the sweep-spec advice runs (sweep requires --out)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.storage.user_edits import list_edits

DEALS = Path(__file__).resolve().parents[1] / "data" / "deals.csv"
HEADER = ["table_name", "row_key", "operation", "fields_json", "citation", "url", "retrieved",
          "licence", "confidence", "created_at", "base_digest", "source_id"]


def _as_bash_runs(command: str) -> list[str]:
    """The words bash gives the program of ``command``."""
    program, _, rest = command.partition(" ")
    assert program == "chipscope-cli"
    done = subprocess.run(["bash", "-c", f"printf '%s\\0' {rest}"], capture_output=True,
                          check=True)
    return [w.decode("utf-8", "surrogateescape") for w in done.stdout.split(b"\0")[:-1]]


def _advice(err: str) -> str:
    """The first command quoted in backticks in ``err``."""
    return err.split("`")[1]


def _deal_added(db: Path | None, key: str, **cells: str) -> None:
    """Add the deal ``key`` to ``db`` (None: the default database), in the working folder."""
    with DEALS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    row = dict(zip(rows[0], rows[1], strict=True))
    row.update(deal_id=key, **cells)
    path = Path(f"add-{key}.csv")
    with path.open("w", newline="") as f:
        csv.writer(f).writerows([list(row), list(row.values())])
    assert main(["data", "import-edits", str(path), *([] if db is None else [f"--db={db}"])]) == 0


def _retire(tmp_path: Path, table: str, key: str) -> Path:
    path = tmp_path / "ret.csv"
    with path.open("w", newline="") as f:
        csv.writer(f).writerows([HEADER, [table, key, "retire", "{}", "Me", "https://x.org",
                                          "2026-01-01", "CC-BY", "low", "", "", ""]])
    return path


def _default() -> Path:
    return Path(os.environ["CHIPSCOPE_HOME"]) / paths.DB_FILENAME


def _keys(db: Path) -> set[tuple[str, str]]:
    return {(e.table, e.key) for e in list_edits(db)}


@pytest.mark.parametrize("name", ["r.db", "-r.db"])
def test_retiring_an_added_row_advises_drop_edit_of_that_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        name: str) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / name
    shutil.copyfile(paths.bundled_db_path(), db)
    _deal_added(db, "newx")
    _deal_added(None, "newx")  # the default database has the same edit
    capsys.readouterr()
    assert main(["data", "import-edits", str(_retire(tmp_path, "deals", "newx")),
                 f"--db={name}"]) == 2
    advice = _advice(capsys.readouterr().err)
    assert advice.startswith("chipscope-cli data drop-edit ")
    assert main(_as_bash_runs(advice)) == 0  # pasted: it drops the edit from r.db only
    assert ("deals", "newx") not in _keys(db)
    assert ("deals", "newx") in _keys(_default())


def test_retiring_a_row_an_added_row_uses_advises_drop_edit_of_that_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "r3.db"
    shutil.copyfile(paths.bundled_db_path(), db)
    _deal_added(db, "newg", chip_id="gaudi3", vendor_id="intel", h100e_per_year="",
                conversion="")
    capsys.readouterr()
    assert main(["data", "import-edits", str(_retire(tmp_path, "chips", "gaudi3")),
                 "--db", "r3.db"]) == 2
    err = capsys.readouterr().err
    advice = next(p for p in err.split("`")[1::2] if "drop-edit" in p)
    assert _as_bash_runs(advice)[-2:] == ["--db", "r3.db"] or "--db=r3.db" in advice
    assert main(_as_bash_runs(advice)) == 0
    assert ("deals", "newg") not in _keys(db)


@pytest.mark.parametrize("command", ["drop-edit", "keep-edit"])
def test_no_such_edit_advises_data_diff_of_that_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        command: str) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "r.db"
    shutil.copyfile(paths.bundled_db_path(), db)
    assert main(["--db", "r.db", "data", command, "deals", "nope"]) == 2
    err = capsys.readouterr().err
    assert "(`chipscope-cli data diff --db r.db` lists your edits)" in err
    assert main(_as_bash_runs(_advice(err))) == 0


def test_no_such_edit_without_db_advises_plain_data_diff(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "drop-edit", "deals", "nope"]) == 2
    assert "(`chipscope-cli data diff` lists your edits)" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["sw.toml", "-sw.toml"])
def test_sweep_spec_advice_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str], name: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text("[grid]\nlock_in = [1.0, 3.0]\n", encoding="utf-8")
    assert main(["run", "--scenario", f"./{name}", "--out", "x.csv"]) == 2
    err = capsys.readouterr().err
    advice = _advice(err)
    assert advice.startswith("chipscope-cli sweep ")
    words = _as_bash_runs(advice)
    assert words[words.index("--out") + 1] == "FILE.csv"  # a placeholder (pass 58 F1)
    assert main(_as_bash_runs(advice)) == 0  # run in tmp_path
    assert os.path.getsize(tmp_path / "FILE.csv") > 0
