"""Pass 58 F1 and F2: the sweep advice's --out is a placeholder (pasted, it never replaces a
file of the user's named as the spec), and every printed command carries the --db the CLI was
given (run <-> sweep advice, the refusal of a change another program made meanwhile, drop-edit's
note and data diff's advice), so that pasted it acts on that database."""

from __future__ import annotations

import csv
import shlex
import shutil
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.storage.errors import EditsChanged
from chipscope.storage.user_edits import change_edits, list_edits
from tests.advice_commands import advised_commands, databases_read

DATA = Path(__file__).resolve().parents[1] / "data"
SPEC = "[grid]\nlock_in = [1.0, 3.0]\n"
MIXED = 'metrics = ["share"]\ndescription = "d"\n[grid]\nlock_in = [1.0, 3.0]\n'
SCENARIO = 'format_version = 2\nname = "sc"\n[assumptions]\n'


def _copy(tmp_path: Path, name: str) -> Path:
    db = tmp_path / name
    shutil.copyfile(paths.bundled_db_path(), db)
    return db


@pytest.mark.parametrize("text", [SPEC, MIXED])
def test_sweep_advice_writes_a_placeholder_not_the_users_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        text: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sw.toml").write_text(text, encoding="utf-8")
    mine = tmp_path / "sw.csv"
    mine.write_bytes(b"my precious data\n")
    assert main(["run", "--scenario", "sw.toml", "--out", "x.csv"]) == 2
    err = capsys.readouterr().err
    assert "`chipscope-cli sweep sw.toml --out FILE.csv`" in err, err
    if text == SPEC:  # pasted as printed (in tmp_path): sw.csv stays the user's
        assert main(advised_commands(err)[0]) == 0
        assert mine.read_bytes() == b"my precious data\n"
        assert (tmp_path / "FILE.csv").stat().st_size > 0


@pytest.mark.parametrize(("name", "text"), [("e.db", SPEC), ("-e.db", SPEC), ("e.db", MIXED)])
def test_run_advises_sweep_on_its_db(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        name: str, text: str) -> None:
    monkeypatch.chdir(tmp_path)
    _copy(tmp_path, name)
    (tmp_path / "sw.toml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "mx.toml").write_text(MIXED, encoding="utf-8")
    spec = "sw.toml" if text == SPEC else "mx.toml"
    assert main([f"--db={name}", "run", "--scenario", spec, "--out", "x.csv"]) == 2
    err = capsys.readouterr().err
    option = shlex.quote(f"--db={name}") if name.startswith("-") else f"--db {name}"
    assert f"`chipscope-cli sweep {spec} --out FILE.csv {option}`" in err, err
    if text == SPEC:
        seen = databases_read(monkeypatch)
        assert main(advised_commands(err)[0]) == 0
        assert seen == [Path(name)]


def test_sweep_advises_run_on_its_db(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    monkeypatch.chdir(tmp_path)
    _copy(tmp_path, "e.db")
    (tmp_path / "sc.toml").write_text(SCENARIO, encoding="utf-8")
    assert main(["--db", "e.db", "sweep", "sc.toml", "--out", "s.csv"]) == 2
    err = capsys.readouterr().err
    assert "`chipscope-cli run --scenario sc.toml --out FILE.csv --db e.db`" in err, err
    seen = databases_read(monkeypatch)
    assert main(advised_commands(err)[0]) == 0
    assert seen == [Path("e.db")]


def _import(db: Path, table: str, key: str, **cells: str) -> None:
    """Add the row ``key`` to ``table`` of ``db``: a copy of its first bundled row."""
    with (DATA / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    row = dict(zip(rows[0], rows[1], strict=True))
    row.update({rows[0][0]: key, **cells})
    path = db.with_name(f"add-{key}.csv")
    with path.open("w", newline="") as f:
        csv.writer(f).writerows([list(row), list(row.values())])
    assert main(["data", "import-edits", str(path), "--db", str(db)]) == 0


def test_changed_meanwhile_advises_data_diff_of_that_database(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _copy(tmp_path, "-race db.db")
    _import(db, "deals", "newx")
    capsys.readouterr()
    with pytest.raises(EditsChanged) as err:  # read as no edit: another program made it since
        change_edits(db, [], [("deals", "newx")], expected={("deals", "newx"): None})
    [advice] = advised_commands(str(err.value))
    assert advice == ["data", "diff", "--db", str(db)], str(err.value)
    assert main(advice) == 0
    assert "newx" in capsys.readouterr().out  # that database's edits, not the default one's


def test_drop_edit_note_and_data_diff_name_the_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    monkeypatch.chdir(tmp_path)
    db = _copy(tmp_path, "c.db")
    _import(db, "chips", "newchip")
    _import(db, "deals", "newdeal", chip_id="newchip", vendor_id="nvidia", h100e_per_year="",
            conversion="")
    capsys.readouterr()
    assert main(["--db", "c.db", "data", "drop-edit", "chips", "newchip"]) == 0
    err = capsys.readouterr().err
    assert "it is kept (`chipscope-cli data diff --db c.db` lists it)" in err, err
    assert main(advised_commands(err)[0]) == 0
    out = capsys.readouterr().out
    assert "newdeal" in out
    assert ("Resolve each conflict: `chipscope-cli data drop-edit TABLE ID --db c.db` drops it, "
            "`chipscope-cli data keep-edit TABLE ID --db c.db` makes yours") in out, out
    assert {(e.table, e.key) for e in list_edits(db)} == {("deals", "newdeal")}
