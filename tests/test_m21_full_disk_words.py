"""m21: a CSV, PNG or SVG write that a full disk refused said Python's "(No space left on
device)", while every other writer (the database, the desktop entry, the first start) says
"its disk is full; free some space on it and try again" - or, with no free inodes, "its disk
can hold no more files ...; delete some files on it". Now storage.files uses those words."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.storage import desktop_folders, disk_space, errors, files
from chipscope.storage.files import WriteFailed

OLD = b"precious old bytes\n"


def _enospc(*_: object, **__: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize(("name", "argv"), [
    ("o.csv", ["run"]),
    ("c.png", ["export-chart", "--chart", "vendor_share", "--width", "480", "--height", "400"]),
    ("c.svg", ["export-chart", "--chart", "chip_mix", "--width", "480", "--height", "400"]),
])
@pytest.mark.parametrize("old", [True, False])
def test_a_full_disk_is_said_in_the_storage_words(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        name: str, argv: list[str], old: bool) -> None:
    out = tmp_path / name
    if old:
        out.write_bytes(OLD)
    monkeypatch.setattr(files.os, "fsync", _enospc)  # the bytes reach the page cache only
    bundled = str(paths.bundled_db_path())  # read only: no first-start copy on the full disk
    assert main([*argv, "--db", bundled, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("chipscope-cli: error: ") and err.count("\n") == 1, err
    said = err.removeprefix("chipscope-cli: error: ").strip()
    kept = " (the old file is unchanged)" if old else ""
    assert said.endswith(f"{out}: its disk is full; free some space on it and try again"
                         f"{kept}."), said
    assert said.endswith(f": {desktop_folders.full_cause(out)}{kept}.")  # one wording
    assert "No space left on device" not in said
    assert (out.read_bytes() == OLD) if old else not out.exists()


def test_no_free_inodes_for_the_temporary_file(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "o.csv"
    monkeypatch.setattr(files.tempfile, "mkstemp", _enospc)
    monkeypatch.setattr(disk_space, "no_free_inodes", lambda path: True)
    with pytest.raises(WriteFailed) as info:
        files.write_bytes(out, b"a,b\n", "CSV file")
    assert str(info.value) == (
        f"Could not write the CSV file {out}: {errors.NO_INODES}; delete some files on it and "
        "try again (nothing was changed).")
    assert info.value.errno == errno.ENOSPC
    assert list(tmp_path.iterdir()) == []


def test_other_causes_keep_the_system_words(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "o.csv"

    def eio(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(files.os, "fsync", eio)
    with pytest.raises(WriteFailed, match=r"o\.csv \(Input/output error\)\.$"):
        files.write_bytes(out, b"a,b\n", "CSV file")
