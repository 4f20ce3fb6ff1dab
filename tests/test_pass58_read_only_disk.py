"""P59-F5: a read-only disk (EROFS) got the system's "(Read-only file system)" and no advice at
every writer but the menu entry; now each says "its disk is read-only" and to choose a folder
on another disk (a database: to work on a copy on another disk; the data folder: to set
CHIPSCOPE_HOME to a folder on another disk). P59-F9: ``data build`` left the folder it made
when the write then failed, although it said "nothing was written"."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from chipscope.__main__ import main
from chipscope.storage import files, home_folder, output_folder, repository
from chipscope.storage.errors import read_only
from chipscope.storage.file_errors import WriteFailed

Capture = pytest.CaptureFixture[str]


def _erofs(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.EROFS, os.strerror(errno.EROFS))


def test_a_writer_says_the_disk_is_read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: Capture) -> None:
    monkeypatch.setattr(files.tempfile, "mkstemp", _erofs)
    out = tmp_path / "x.csv"
    assert main(["run", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert (f"Could not write the CSV file {out}: its disk is read-only; choose a folder on "
            "another disk (nothing was written).") in err
    assert "Read-only file system" not in err
    assert not out.exists()


def test_build_cannot_make_its_folder_on_a_read_only_disk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path, *_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    out = tmp_path / "nd" / "x.db"
    with pytest.raises(WriteFailed) as caught:
        output_folder.make_folder(out, "database")
    assert str(caught.value) == (f"Cannot make the folder {out.parent} for the database {out}: "
                                 "its disk is read-only; choose a folder on another disk "
                                 "(nothing was written).")


def test_a_database_on_a_read_only_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "r.db"
    db.write_bytes(b"")
    real = os.statvfs
    monkeypatch.setattr(os, "statvfs", lambda path: SimpleNamespace(
        f_flag=real(path).f_flag | os.ST_RDONLY))
    assert str(read_only(db)) == (f"The database {db} cannot be written: its disk is read-only;"
                                  " work on a copy on another disk; nothing was changed.")


def test_a_data_folder_on_a_read_only_disk(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    monkeypatch.setattr(home_folder.tempfile, "mkstemp", _erofs)
    assert home_folder.unusable_home() == (
        f"Cannot use the data folder {home}: its disk is read-only; set CHIPSCOPE_HOME to a "
        "folder on another disk.")


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs mounted read-only (root only; skipped where it cannot be mounted)."""
    rom = tmp_path / "rom"
    rom.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", str(rom)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield rom
    finally:
        subprocess.run(["umount", str(rom)], check=False)


def test_a_real_read_only_disk(read_only_disk: Path, capsys: Capture) -> None:
    out = read_only_disk / "nd" / "x.db"
    assert main(["data", "build", "--out", str(out)]) == 2
    assert (f"{out}: its disk is read-only; choose a folder on another disk (nothing was "
            "written).") in capsys.readouterr().err
    with pytest.raises(WriteFailed, match="its disk is read-only; choose a folder on another"):
        files.write_text(read_only_disk / "x.csv", "a\n", "CSV file")
    assert list(read_only_disk.iterdir()) == []


def test_build_removes_the_folders_it_made_when_the_write_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    said = "Could not write the database x: its disk is full (nothing was written)."

    def fail(*_args: object) -> None:
        raise WriteFailed(said, errno.ENOSPC)

    monkeypatch.setattr(repository.files, "make_temporary", fail)
    out = tmp_path / "nd" / "sub" / "x.db"
    assert main(["data", "build", "--out", str(out)]) == 2
    assert said in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
