"""One regular-file check for every reader, one atomic write for every writer."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chipscope.storage import files
from chipscope.storage.files import FileRefused, WriteFailed

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev need POSIX")


def test_reads_a_regular_file_and_drops_a_bom(tmp_path: Path) -> None:
    f = tmp_path / "a.toml"
    f.write_bytes(b"\xef\xbb\xbfname = 'x'\n")
    assert files.read_text(f, "scenario file") == "name = 'x'\n"


@posix_only
def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(FileRefused, match=r"pipe\.toml: it is a pipe \(FIFO\)"):
        files.read_text(fifo, "scenario file")


@posix_only
def test_a_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileRefused, match="/dev/zero: it is a device"):
        files.read_bytes("/dev/zero", "scenario file")


def test_a_folder_a_missing_file_and_a_loop_are_refused(tmp_path: Path) -> None:
    with pytest.raises(FileRefused, match="it is a folder"):
        files.read_bytes(tmp_path, "scenario file")
    with pytest.raises(FileRefused, match="there is no such file"):
        files.read_bytes(tmp_path / "nope.toml", "scenario file")
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(FileRefused, match="loop"):
        files.read_bytes(loop, "scenario file")


def test_size_is_capped(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * 2001)
    with pytest.raises(FileRefused, match=r"larger than 2 kB"):
        files.read_bytes(big, "scenario file", max_bytes=2000)
    assert len(files.read_bytes(big, "scenario file", max_bytes=2001)) == 2001


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "latin.toml"
    f.write_bytes(b"name = 'caf\xe9'\n")
    with pytest.raises(FileRefused, match="not UTF-8"):
        files.read_text(f, "scenario file")


def test_write_replaces_atomically_and_leaves_no_temporary(tmp_path: Path) -> None:
    f = tmp_path / "out.csv"
    f.write_text("old\n")
    files.write_text(f, "new\n", "CSV file")
    assert f.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "old.png"
    f.write_bytes(b"precious")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(WriteFailed, match=r"old\.png: its disk is full; free some space on it "
                                          r"and try again \(the old file is unchanged\)\."):
        files.write_bytes(f, b"x" * 10_000, "chart")
    assert f.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.png"]


def test_an_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "x.png"
    with pytest.raises(FileRefused, match=re.escape(
            f"Cannot write the chart {out}: the folder {out.parent} does not exist; make it or "
            "choose another folder (nothing was written).")):
        files.write_bytes(out, b"x", "chart")


@posix_only
def test_special_files_are_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(FileRefused, match="a pipe"):
        files.write_text(fifo, "x", "CSV file")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    link = tmp_path / "full.toml"
    link.symlink_to("/dev/null")
    with pytest.raises(FileRefused, match="links to a device"):
        files.write_text(link, "x", "scenario file")
    assert link.is_symlink()
    with pytest.raises(FileRefused, match="a folder"):
        files.write_text(tmp_path, "x", "CSV file")


def test_a_symlink_to_a_regular_file_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert files.write_text(link, "new", "CSV file") == real.resolve()
    assert link.is_symlink() and real.read_text() == "new"


@posix_only
def test_new_files_follow_the_umask_and_old_files_keep_their_mode(tmp_path: Path) -> None:
    old_mask = os.umask(0o077)
    try:
        new = files.write_text(tmp_path / "new.csv", "x")
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    kept = tmp_path / "kept.csv"
    kept.write_text("x")
    kept.chmod(0o640)
    files.write_text(kept, "y")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


def test_a_name_near_the_limit_works(tmp_path: Path) -> None:
    name = "s" * 245 + ".toml"  # 250 bytes: a temporary named after it would not fit
    assert files.write_text(tmp_path / name, "x").read_text() == "x"


def test_csv_cells_that_look_like_formulas_are_escaped(tmp_path: Path) -> None:
    frame = pd.DataFrame({"chip": ["=cmd|' /C calc'!A0", "+1", "@x", "a-b", "-x"],
                          "value": [-1.5, 2.0, 3.0, 4.0, 5.0]})
    out = files.write_csv(frame, tmp_path / "t.csv")
    back = pd.read_csv(out)
    assert list(back["chip"]) == ["'=cmd|' /C calc'!A0", "'+1", "'@x", "a-b", "'-x"]
    assert list(back["value"]) == [-1.5, 2.0, 3.0, 4.0, 5.0]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=12), min_size=1, max_size=6))
def test_no_escaped_cell_starts_a_formula(cells: list[str]) -> None:
    safe = files.csv_safe(pd.DataFrame({"c": cells}))
    for before, after in zip(cells, safe["c"], strict=True):
        assert not str(after).startswith(files.FORMULA_START)
        assert after in (before, "'" + before)
