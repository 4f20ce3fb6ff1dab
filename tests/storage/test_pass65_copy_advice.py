"""Pass 65 F6 (fix m97): the copy advice for a read-only database with a companion it cannot be
read without (pass 64 F1) named the bare file, "copy z.db ... then copy z.db-wal", when the user
named ro/z.db: no z.db is in the current folder. Both are now named as the user named the
database, in every branch (-wal, hot -journal, read-only disk), and the advice followed exactly
from the current folder (cp keeps the modes, as shutil.copy does) works."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from chipscope.storage import file_causes
from chipscope.storage.errors import read_only
from tests.storage.pass62_companions import (
    a_step_later,
    as_sqlite_reads,
    edit_folder,
    import_edits,
    left_behind,
    rows,
)
from tests.without_dac import skip_unless_permission_bits_apply


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    skip_unless_permission_bits_apply(tmp_path)
    (tmp_path / "ro").mkdir()
    return edit_folder(tmp_path)


def _cp_writable(folder: Path, source: str, target: str) -> None:
    """``cp source target; chmod u+w target`` in ``folder``."""
    shutil.copy(folder / source, folder / target)  # keeps the mode, as cp does
    os.chmod(folder / target, (folder / target).stat().st_mode | stat.S_IWUSR)


@pytest.mark.parametrize(("kind", "suffix", "clause", "writable"), [
    ("wal", "-wal", "holds saved changes that are not in the file yet", ""),
    ("hot", "-journal", "holds a save that was cut off and must be rolled back",
     "make it writable so that ChipScope can roll that save back, or ")])
def test_the_copy_advice_names_the_files_as_the_user_named_them(
        kind: str, suffix: str, clause: str, writable: str, synthetic_db: Path,
        folder: Path) -> None:
    left_behind(synthetic_db, folder / "ro" / "z.db", kind)
    expected = as_sqlite_reads(folder / "ro" / "z.db", suffix, folder / "ref")
    os.chmod(folder / "ro", 0o555)
    try:
        before = {p: p.read_bytes() for p in (folder / "ro").iterdir()}
        assert import_edits("ro/z.db", folder) == (2, (
            "The database ro/z.db is read-only (the file or its folder cannot be written), so "
            f"nothing can be saved to it, and ro/z.db{suffix} beside it {clause}; {writable}"
            "work on a copy: copy ro/z.db, make the copy writable (chmod u+w), then copy "
            f"ro/z.db{suffix} to the copy's name followed by {suffix} and make that writable "
            "too."))
        _cp_writable(folder, "ro/z.db", "c.db")  # the advice, word for word, from here
        a_step_later(folder / "c.db")
        _cp_writable(folder, f"ro/z.db{suffix}", f"c.db{suffix}")
        code, said = import_edits("c.db", folder)
        assert (code, said) == (0, said) and "Imported 1 edit(s) into c.db" in said
        assert rows(folder / "c.db") == expected
        assert {p: p.read_bytes() for p in (folder / "ro").iterdir()} == before
    finally:
        os.chmod(folder / "ro", 0o755)


def test_on_a_read_only_disk_the_advice_names_the_path_too(
        synthetic_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "d").mkdir()
    left_behind(synthetic_db, tmp_path / "d" / "rod.db", "hot")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(file_causes, "on_read_only_disk", lambda _path: True)
    assert str(read_only(Path("d/rod.db"))).endswith(
        "work on a copy on another disk: copy d/rod.db, make the copy writable (chmod u+w), "
        "then copy d/rod.db-journal to the copy's name followed by -journal and make that "
        "writable too; nothing was changed.")
