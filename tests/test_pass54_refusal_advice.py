"""Pass 54 F4, F6: two refusals of a changed or damaged database and the writers' refusals of
a target ChipScope never replaces gave no advice.

F4: a missing table ("is not a complete ChipScope database (missing tables: history)") and
data the checks refuse ("holds invalid data: ...") now end with the layout refusals' advice:
keep the user's work when the file holds any, else "rebuild it or restore a copy".

F6: a dangling link, a symlink loop, a FIFO or a folder as a write's target: the link's target
is named as the readers name it, with advice; the desktop entry says "remove it, then install
again" (a stale link from an old package is the likely case)."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.storage.scenarios import save_scenario
from chipscope.storage.schema import KEEP_WORK_ADVICE

DESKTOP = "io.github.chipscope.ChipScope.desktop"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refusal(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1, captured.err
    return captured.err.strip()


# --- F4 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("work", [False, True], ids=["no-work", "saved-work"])
@pytest.mark.parametrize("change", ["drop", "empty"])
def test_a_missing_or_emptied_table_gets_the_layout_advice(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str, work: bool) -> None:
    db = Path(shutil.copyfile(paths.bundled_db_path(), tmp_path / "mine.db"))
    if work:
        save_scenario(db, "Mine", "", {})
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute("DROP TABLE history" if change == "drop" else "DELETE FROM history")
    before = _sha(db)
    out = tmp_path / "x.csv"
    err = _refusal(["--db", str(db), "run", "--out", str(out)], capsys)
    advice = KEEP_WORK_ADVICE if work else "rebuild it or restore a copy"
    said = (f"{db} is not a complete ChipScope database (missing tables: history)"
            if change == "drop" else
            f"The database {db} holds invalid data: history table: has no rows; the "
            "projection starts from the purchases it records")
    assert err == f"chipscope-cli: error: {said}; {advice}."
    assert _sha(db) == before and not out.exists()


# --- F6 ---------------------------------------------------------------------------------------
def _dangling(out: Path) -> str:
    out.symlink_to("nothere.csv")
    return "it is a symlink to the missing nothere.csv; remove the link or choose another file name"


def _loop(out: Path) -> str:
    out.symlink_to(out.name)
    return "it is a symlink loop; remove the link or choose another file name"


def _fifo(out: Path) -> str:
    os.mkfifo(out)
    return "it is a pipe (FIFO), which ChipScope never replaces; choose another file name"


def _folder(out: Path) -> str:
    out.mkdir()
    return "it is a folder, which ChipScope never replaces; give a file name inside it"


@pytest.mark.parametrize("make", [_dangling, _loop, _fifo, _folder],
                         ids=["dangling", "loop", "fifo", "folder"])
def test_run_out_names_an_odd_target_with_advice(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        make: object) -> None:
    monkeypatch.chdir(tmp_path)
    out = Path("d2.csv")
    said = make(out)  # type: ignore[operator]
    before = sorted(os.listdir(tmp_path))
    err = _refusal(["run", "--out", str(out)], capsys)
    assert err == f"chipscope-cli: error: Cannot write the CSV file {out}: {said}."
    assert sorted(os.listdir(tmp_path)) == before  # nothing written, no temporary left
    assert not (tmp_path / "nothere.csv").exists()


@pytest.mark.parametrize("make", [_dangling, _loop, _fifo, _folder],
                         ids=["dangling", "loop", "fifo", "folder"])
def test_the_desktop_entry_says_remove_it_then_install_again(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        make: object) -> None:
    share = tmp_path / "share"
    (share / "applications").mkdir(parents=True)
    monkeypatch.setenv("XDG_DATA_HOME", str(share))
    target = share / "applications" / DESKTOP
    said = make(target)  # type: ignore[operator]
    cause = said.split(";")[0]
    before = sorted(str(p.relative_to(share)) for p in share.rglob("*"))
    err = _refusal(["--install-desktop-entry"], capsys)
    assert err == (f"chipscope-cli: error: Cannot write the desktop file {target}: {cause}; "
                   "remove it, then install again (nothing was installed).")
    assert sorted(str(p.relative_to(share)) for p in share.rglob("*")) == before
