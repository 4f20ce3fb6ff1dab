"""Pass 60 F3, F4, F7: the data folder (CHIPSCOPE_HOME) and ``data build``'s folder on a disk
with no free inodes, and a data folder that is itself a symlink loop or a dangling link.

F3: a CHIPSCOPE_HOME that could not be made on an inode-full disk said "(No space left on
device)" with rc 2 and left the folder it made; now it is a full disk like a bytes-full one: a
Note and the bundled data for a reader, rc 2 for a writer, in the full-disk words, nothing left.
F4: ``data build`` called that disk "full" when it could not make the output's folder: the
folders it made were removed before the disk was asked. F7: the loop or dangling link itself
gets the words and advice of a loop on the way."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NO_INODES = "its disk can hold no more files (no free inodes, although bytes are free)"


@pytest.fixture
def inode_full(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs with bytes free and one inode left (taken by the first folder made)."""
    disk = tmp_path / "full"
    disk.mkdir()
    mount = shutil.which("mount")
    if mount is None or os.geteuid() != 0:
        pytest.skip("needs root and mount")
    done = subprocess.run([mount, "-t", "tmpfs", "-o", "size=2m,nr_inodes=3", "tmpfs",
                           str(disk)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        (disk / "a").write_bytes(b"")
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def _cli(*args: str, home: Path | None = None, cwd: Path | None = None
         ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT),
                                                        os.environ.get("PYTHONPATH", "")])}
    env.pop("CHIPSCOPE_HOME", None)
    if home is not None:
        env["CHIPSCOPE_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "chipscope", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False)


def test_a_data_folder_on_an_inode_full_disk_is_a_full_disk(inode_full: Path,
                                                            tmp_path: Path) -> None:
    home = inode_full / "h" / "h2"
    db = home / "chipscope.db"
    words = (f"The database {db} could not be written because {NO_INODES}; delete some files "
             "on it (or set CHIPSCOPE_HOME to a folder on another disk).")
    for command in (["run", "--out", str(tmp_path / "x.csv")], ["data", "diff"]):
        result = _cli(*command, home=home)
        assert result.returncode == 0, result.stderr
        assert f"Note: {words} The bundled data were read instead" in result.stderr
        assert "No space left on device" not in result.stderr
        assert sorted(p.name for p in inode_full.iterdir()) == ["a"]  # h taken back
    edits = tmp_path / "e.csv"
    edits.write_bytes(b"x\n")
    result = _cli("data", "import-edits", str(edits), home=home)  # a writer is refused
    assert result.returncode == 2
    assert result.stderr.endswith(f"error: {words}\n"), result.stderr
    assert sorted(p.name for p in inode_full.iterdir()) == ["a"]
    assert edits.read_bytes() == b"x\n"


def test_data_build_names_the_inodes_when_it_cannot_make_a_folder(inode_full: Path) -> None:
    result = _cli("data", "build", "--out", "full/nd/n2/x.db", cwd=inode_full.parent)
    assert result.returncode == 2
    assert result.stderr.endswith(
        "error: Cannot make the folder full/nd/n2 for the database full/nd/n2/x.db: "
        f"{NO_INODES}; delete some files on it and try again (nothing was written).\n"
    ), result.stderr
    assert sorted(p.name for p in inode_full.iterdir()) == ["a"]


def test_make_folder_asks_the_disk_before_taking_its_folders_back(inode_full: Path) -> None:
    from chipscope.storage.file_errors import WriteFailed
    from chipscope.storage.output_folder import make_folder

    with pytest.raises(WriteFailed) as caught:
        make_folder(inode_full / "nd" / "n2" / "x.db", "database")
    assert f": {NO_INODES}; delete some files on it" in str(caught.value)
    assert not (inode_full / "nd").exists()


@pytest.mark.parametrize(("kind", "cause", "advice"), [
    ("loop", "is a symlink loop", "remove the link or choose another folder"),
    ("dang", "is a symlink to the missing nothere", "put the folder back or choose another folder"),
])
def test_a_data_folder_that_is_a_loop_or_dangling_link(tmp_path: Path, kind: str, cause: str,
                                                       advice: str) -> None:
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "dang").symlink_to("nothere")
    home = tmp_path / kind
    for place in (home, home / "h"):  # the link itself and a folder below it: the same words
        if kind == "dang" and place != home:
            continue  # below a dangling link the folders are made (pass 59 F8)
        result = _cli("data", "diff", home=place)
        assert result.returncode == 2
        assert result.stderr.endswith(
            f"error: Cannot use the data folder {place}: {home} {cause}; {advice} "
            "(see CHIPSCOPE_HOME).\n"), result.stderr
    assert os.readlink(tmp_path / "loop") == "loop"
    assert os.readlink(tmp_path / "dang") == "nothere"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dang", "loop"]
