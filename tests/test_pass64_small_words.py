"""Pass 64 F5, F6, F9, F10 (fix m95).

F5: CHIPSCOPE_BUNDLED_DB naming a ChipScope database whose -journal is no regular file (a
folder, FIFO, loop or dangling link) was told "point it to a ChipScope database"; --db says
"move it away", which the variable now keeps (the cause is beside the file).
F6: the desktop install with XDG_DATA_HOME below missing folders in a shut (000) folder asked
u+x, then u+w: now u+wx at once (the install makes the missing folders).
F9: a database of mode 000 took two refusals (u+r then u+w, or the reverse) from a writer:
now "make it readable and writable (chmod u+rw)" at once.
F10: CHIPSCOPE_HOME (and XDG_DATA_HOME) with spaces around it, a line break or U+200B made a
lookalike data folder with a fresh database without a word (a leading space was called "a
relative folder"): the character is named and the value refused."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipscope.cli import main
from tests.without_dac import REPO, SETPRIV, skip_unless_permission_bits_apply

UNSET = "unset it to use the dataset installed with ChipScope."


def _cli(args: list[str], cwd: Path, *, setpriv: bool = False, **env: str
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*(SETPRIV if setpriv else []), sys.executable, "-m", "chipscope.cli", *args],
        capture_output=True, text=True, timeout=300, cwd=cwd, check=False,
        env={**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen",
             "CHIPSCOPE_HOME": str(cwd / "home"), "XDG_DATA_HOME": str(cwd / "xdg"), **env})


# --- F5 ---------------------------------------------------------------------------------------
def _odd_journal(journal: Path, kind: str) -> None:
    if kind == "folder":
        journal.mkdir()
    elif kind == "fifo":
        os.mkfifo(journal)
    elif kind == "loop":
        journal.symlink_to(journal.name)
    else:
        journal.symlink_to("nothing-there")


@pytest.mark.parametrize("kind", ["folder", "fifo", "loop", "dangling"])
def test_bundled_db_with_an_odd_journal_keeps_move_it_away(
        kind: str, synthetic_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    journal = Path(f"{synthetic_db}-journal")
    _odd_journal(journal, kind)
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(synthetic_db))
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))
    assert main(["run", "--out", str(tmp_path / "a.csv")]) == 2
    err = capsys.readouterr().err
    assert (f"CHIPSCOPE_BUNDLED_DB points to {synthetic_db}, which cannot be read: "
            f"{journal.name} beside it is not a regular file (SQLite would open it as the "
            f"database's journal); move it away, or {UNSET}") in err, err
    assert "point it to a ChipScope database" not in err


# --- F6 ---------------------------------------------------------------------------------------
def test_desktop_install_below_a_shut_folder_asks_u_wx_at_once(shut: Path) -> None:
    done = _cli(["--install-desktop-entry"], shut.parent, setpriv=True,
                XDG_DATA_HOME=str(shut / "a" / "b"))
    assert done.returncode == 2, done.stderr
    assert (f"the folder {shut} cannot be entered (permission denied); make that folder "
            "accessible and writable (chmod u+wx) or set XDG_DATA_HOME to another folder "
            "(nothing was installed).") in done.stderr, done.stderr
    assert "(chmod u+x)" not in done.stderr


# --- F9 ---------------------------------------------------------------------------------------
@pytest.fixture
def shut_db(synthetic_db: Path, tmp_path: Path) -> Iterator[Path]:
    skip_unless_permission_bits_apply(tmp_path)
    synthetic_db.chmod(0)
    yield synthetic_db
    synthetic_db.chmod(0o644)


def _digest(path: Path) -> str:
    path.chmod(0o644)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    finally:
        path.chmod(0)


@pytest.mark.parametrize("args", [["data", "build", "--out", "{db}"],
                                  ["--db", "{db}", "data", "drop-edit", "deals", "x"]])
def test_a_shut_database_is_to_be_made_readable_and_writable_at_once(
        args: list[str], shut_db: Path) -> None:
    before = _digest(shut_db)
    done = _cli([a.format(db=shut_db) for a in args], shut_db.parent, setpriv=True)
    assert done.returncode == 2, done.stderr
    assert (f"{shut_db}: it is neither readable nor writable for you (permission denied); make it "
            "readable and writable (chmod u+rw) or" in done.stderr
            or f"{shut_db} is neither readable nor writable for you (permission denied); make "
            "it readable and writable (chmod u+rw) or work on a copy." in done.stderr
            ), done.stderr
    assert "(chmod u+r)" not in done.stderr and "make it writable" not in done.stderr
    assert _digest(shut_db) == before


# --- F10 --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("tail", "said"), [
    (" ", "which has spaces around it"),
    ("\n", "which holds an invisible character U+000A (LINE FEED)"),
    ("\u200b", "which holds an invisible character U+200B (ZERO WIDTH SPACE)")])
def test_a_home_with_a_character_no_one_sees_is_refused(
        tail: str, said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    home = f"{tmp_path / 'hh'}{tail}"
    monkeypatch.setenv("CHIPSCOPE_HOME", home)
    assert main(["run", "--out", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert f"CHIPSCOPE_HOME is {home!r}, {said}" in err, err
    assert "unset CHIPSCOPE_HOME." in err
    assert not os.path.lexists(home) and not (tmp_path / "o.csv").exists()


def test_a_leading_space_is_named_not_called_relative(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CHIPSCOPE_HOME", f" {tmp_path / 'hh'}")
    assert main(["run", "--out", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert "which has spaces around it" in err and "relative" not in err, err


def test_xdg_data_home_with_a_trailing_space_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    xdg = f"{tmp_path / 'x'} "
    monkeypatch.setenv("XDG_DATA_HOME", xdg)
    monkeypatch.delenv("CHIPSCOPE_HOME", raising=False)
    assert main(["--install-desktop-entry"]) == 2
    err = capsys.readouterr().err
    assert f"XDG_DATA_HOME is {xdg!r}, which has spaces around it" in err, err
    assert not os.path.lexists(xdg)


# --- F8 ---------------------------------------------------------------------------------------
def _entry(share: Path, action: str, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> str:
    monkeypatch.setenv("XDG_DATA_HOME", str(share))
    assert main([action]) == 0
    return capsys.readouterr().out


def test_the_data_folder_the_install_made_is_removed_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    share = tmp_path / "x1" / "share"
    _entry(share, "--install-desktop-entry", monkeypatch, capsys)
    assert "removed from" in _entry(share, "--remove-desktop-entry", monkeypatch, capsys)
    assert not (tmp_path / "x1").exists()


def test_the_users_data_folder_stays(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    share = tmp_path / "mine"
    share.mkdir()
    _entry(share, "--install-desktop-entry", monkeypatch, capsys)
    _entry(share, "--remove-desktop-entry", monkeypatch, capsys)
    assert share.is_dir() and list(share.iterdir()) == []


def test_an_empty_mime_packages_of_the_user_leaves_no_caches(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    if shutil.which("update-mime-database") is None:
        pytest.skip("update-mime-database is not installed")
    share = tmp_path / "x2"
    (share / "mime" / "packages").mkdir(parents=True)
    _entry(share, "--install-desktop-entry", monkeypatch, capsys)
    assert (share / "mime" / "mime.cache").exists()
    _entry(share, "--remove-desktop-entry", monkeypatch, capsys)
    assert sorted(p.relative_to(share).as_posix() for p in share.rglob("*")) == [
        "mime", "mime/packages"]
