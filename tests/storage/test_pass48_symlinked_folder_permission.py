"""Pass 48 F1: a path reached through a symlink is looked up as the system looks it up: the
link is followed, so a --csv-dir (or a write target) that is a link into a folder below an
unenterable one names that folder ("the folder F on its way cannot be entered"), never the
link, whose own mode does not matter ("make it readable (chmod u+rx)" could not help)."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.file_access import unenterable_folder
from chipscope.storage import check_csv_dir, files
from chipscope.storage.files import FileRefused
from tests.without_dac import cli_without_dac, skip_unless_permission_bits_apply


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp/up/mid/src (the data CSVs), tmp/up/mid/d (empty), and the working folder tmp/w."""
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))
    shutil.copytree(paths.data_source_dir(), tmp_path / "up" / "mid" / "src",
                    ignore=shutil.ignore_patterns("chipscope.db*", "derive"))
    (tmp_path / "up" / "mid" / "d").mkdir()
    (tmp_path / "w").mkdir()
    monkeypatch.chdir(tmp_path / "w")
    return tmp_path


@pytest.fixture
def denied(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Folders that cannot be entered, as the system refuses them (a folder without its search
    bit, for a user without CAP_DAC_OVERRIDE): looking up a name whose real folder is one of
    them, or lies below one, is denied; symlinks on the way are followed first, as the system
    follows them (os.lstat: all but the last name; os.stat: every name)."""
    folders: list[Path] = []
    real_lstat, real_stat, busy = os.lstat, os.stat, []

    def refused(way: Path) -> bool:
        return any(way == f or f in way.parents for f in folders)

    def check(path: object, follow: bool) -> None:
        if busy or not isinstance(path, (str, os.PathLike)):
            return
        busy.append(1)  # os.path.realpath looks up names too: with the real functions
        try:
            p = os.path.abspath(os.fspath(path))
            folder = (Path(os.path.realpath(p)).parent if follow
                      else Path(os.path.realpath(os.path.dirname(p))))
        finally:
            busy.pop()
        if refused(folder):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    def lstat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        check(path, follow=False)
        return real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        check(path, follow=bool(kwargs.get("follow_symlinks", True)))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "lstat", lstat)
    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(Path, "lstat", lambda self: lstat(self))
    yield folders


def on_its_way(csv_dir: object, blocked: Path) -> str:
    return (f"Cannot read the data folder {csv_dir}: the folder {blocked} on its way cannot be "
            "entered (permission denied); make that folder accessible (chmod u+x) or choose "
            "another folder.")


@pytest.mark.parametrize("target", ["absolute", "relative"])
def test_a_linked_data_folder_names_the_folder_that_blocks(tree: Path, denied: list[Path],
                                                           target: str) -> None:
    src = tree / "up" / "mid" / "src"
    Path("lnk").symlink_to(src if target == "absolute" else Path("..", "up", "mid", "src"))
    denied.append(tree / "up")
    assert check_csv_dir(Path("lnk")) == [on_its_way("lnk", tree / "up")]


def test_a_link_to_a_link_is_followed_too(tree: Path, denied: list[Path]) -> None:
    Path("hop").symlink_to(tree / "up" / "mid")
    Path("lnk").symlink_to(Path("hop", "src"))
    denied.append(tree / "up" / "mid")
    assert check_csv_dir(Path("lnk")) == [on_its_way("lnk", tree / "up" / "mid")]


def test_a_linked_folder_that_cannot_be_entered_is_told_to_be_made_readable(
        tree: Path, denied: list[Path]) -> None:
    Path("lnk").symlink_to(tree / "up" / "mid" / "src")
    denied.append(tree / "up" / "mid" / "src")  # chmod u+rx lnk changes this folder
    assert check_csv_dir(Path("lnk")) == [
        "Cannot read the data folder lnk: permission denied; make it readable (chmod u+rx) "
        "or choose another folder."]


def test_the_real_path_says_the_same(tree: Path, denied: list[Path]) -> None:
    src = tree / "up" / "mid" / "src"
    denied.append(tree / "up")
    assert check_csv_dir(src) == [on_its_way(src, tree / "up")]


def test_a_dot_dot_after_a_link_is_the_systems(tree: Path, denied: list[Path]) -> None:
    Path("lnk").symlink_to(tree / "up" / "mid" / "src")
    denied.append(tree / "up")
    # lnk/.. is tmp/up/mid for the system (not the working folder, as os.path.abspath has it)
    assert unenterable_folder(Path("lnk", "..", "d", "a.csv")) == tree / "up"


def test_a_link_loop_ends(tree: Path) -> None:
    Path("a").symlink_to("b")
    Path("b").symlink_to("a")
    assert unenterable_folder(Path("a", "x.csv")) is None
    assert unenterable_folder(tree / "up" / "mid" / "src" / "chips.csv") is None


def cannot_enter(out: object, which: str, folder: Path) -> str:
    return (f"Cannot write the CSV file {out}: {which} {folder} cannot be entered (permission "
            "denied); make that folder accessible (chmod u+x) or choose another one (nothing "
            "was written).")


def test_a_write_into_a_linked_folder_names_the_folder_that_blocks(
        tree: Path, denied: list[Path]) -> None:
    d = tree / "up" / "mid" / "d"
    Path("ld").symlink_to(d)
    out = Path("ld", "a.csv")
    denied.append(tree / "up")
    with pytest.raises(FileRefused) as caught:
        files.write_bytes(out, b"x", "CSV file")
    assert str(caught.value) == cannot_enter(out, "the folder", tree / "up")
    denied[:] = [d]
    with pytest.raises(FileRefused) as caught:
        files.write_bytes(out, b"x", "CSV file")
    assert str(caught.value) == cannot_enter(out, "its folder", d)


def test_a_write_through_a_linked_file_names_the_folder_that_blocks(
        tree: Path, denied: list[Path]) -> None:
    d = tree / "up" / "mid" / "d"
    (d / "old.csv").write_bytes(b"old")
    Path("lf").symlink_to(d / "old.csv")
    Path("lnew").symlink_to(d / "new.csv")
    denied.append(tree / "up")
    for out in (Path("lf"), Path("lnew")):  # never "it is a symlink loop"
        with pytest.raises(FileRefused) as caught:
            files.write_bytes(out, b"x", "CSV file")
        assert str(caught.value) == cannot_enter(out, "the folder", tree / "up")
    denied.clear()
    assert (d / "old.csv").read_bytes() == b"old"
    assert sorted(p.name for p in d.iterdir()) == ["old.csv"]


def test_the_cli_under_permission_bits(tree: Path) -> None:
    skip_unless_permission_bits_apply(tree)
    Path("lnk").symlink_to(tree / "up" / "mid" / "src")
    Path("ld").symlink_to(tree / "up" / "mid" / "d")
    (tree / "up").chmod(0)
    try:
        check = cli_without_dac("data", "check", "--csv-dir", "lnk", cwd=tree / "w")
        run = cli_without_dac("run", "--out", "ld/a.csv", cwd=tree / "w")
    finally:
        (tree / "up").chmod(0o755)
    assert check.returncode == 2, check.stderr
    assert check.stderr.strip().splitlines() == [
        f"python -m chipscope: error: {on_its_way('lnk', tree / 'up')}"]
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip().splitlines() == [
        f"python -m chipscope: error: {cannot_enter('ld/a.csv', 'the folder', tree / 'up')}"]
    assert sorted((tree / "up" / "mid" / "d").iterdir()) == []
