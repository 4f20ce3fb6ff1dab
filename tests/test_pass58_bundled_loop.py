"""Pass 58 (m70 item 1): CHIPSCOPE_BUNDLED_DB naming a symlink loop was refused as "which is a
symlink loop" without the advice every reader gives for a loop ("remove the link or choose
another file"); now the refusal and the note beside an existing database carry it, as a
dangling link's carry "put the file back"."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.storage import open_user_database


def _loop(tmp_path: Path) -> Path:
    target = tmp_path / "loop.db"
    target.symlink_to(target)
    return target


def test_a_loop_override_is_refused_with_the_readers_advice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    loop = _loop(tmp_path)
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(loop))
    assert main(["assumptions"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip().splitlines() == [
        f"chipscope-cli: error: CHIPSCOPE_BUNDLED_DB points to {loop}, which is a symlink "
        "loop; remove the link, or point it to a ChipScope database, or unset it to use the "
        "dataset installed with ChipScope."]
    assert not (home / paths.DB_FILENAME).exists()


def test_a_loop_override_beside_a_database_notes_the_readers_advice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("CHIPSCOPE_BUNDLED_DB", raising=False)
    _dataset, own = open_user_database()
    before = own.read_bytes()
    loop = _loop(tmp_path)
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(loop))
    assert main(["run", "--out", str(tmp_path / "out.csv")]) == 0
    notes = [line for line in capsys.readouterr().err.splitlines()
             if "CHIPSCOPE_BUNDLED_DB" in line]
    assert notes == [f"Note: CHIPSCOPE_BUNDLED_DB points to {loop}, which is a symlink loop; it "
                     f"is not used (your database {own} is); remove the link, or unset it or "
                     "point it to a ChipScope database."]
    assert own.read_bytes() == before
