"""Fix m89, P62-F2: a read-only database with a hot -journal (or a -wal with committed changes)
beside it was advised "make it writable or work on a copy" (on a read-only disk: "work on a
copy on another disk"), and a copy of the file alone is damaged (or lacks saved changes). The
advice now names the companion and says to copy it too; following it gives a sound copy."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.synthetic import synthetic_frames
from chipscope.storage import file_causes
from chipscope.storage.errors import read_only
from tests.storage.pass62_companions import (
    COMPANION,
    as_sqlite_reads,
    left_behind,
    log_written_after,
    rows,
)

CUT = "holds a save that was cut off and must be rolled back"
SAVED = "holds saved changes that are not in the file yet"


def _edit(tmp_path: Path) -> Path:
    chips = synthetic_frames()["chips"].head(1).copy()
    chips["memory_gb"] = chips["memory_gb"].astype(float) + 1
    path = tmp_path / "edit.csv"
    chips.to_csv(path, index=False, lineterminator="\n")
    return path


@pytest.mark.parametrize(("kind", "clause", "writable"), [
    ("hot", CUT, "make it writable so that ChipScope can roll that save back, or "),
    ("wal", SAVED, "")])  # made writable, a file with a -wal is refused (pass 63 F1, below)
def test_a_read_only_database_with_a_companion_is_advised_to_copy_it_too(
        kind: str, clause: str, writable: str, synthetic_db: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    left_behind(synthetic_db, tmp_path / "ro.db", kind)
    suffix = COMPANION[kind]
    os.chmod("ro.db", 0o444)  # read-only for root too (write_permission.write_protected)
    log_written_after(tmp_path / "ro.db", suffix)  # older than the chmod: a backup's log
    before = {p: Path(p).read_bytes() for p in ("ro.db", f"ro.db{suffix}")}
    expected = as_sqlite_reads(Path("ro.db"), suffix, tmp_path / "ref")
    edit = _edit(tmp_path)
    assert main(["--db", "ro.db", "data", "import-edits", str(edit)]) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1].split("error: ", 1)[1] == (
        "The database ro.db is read-only (the file or its folder cannot be written), so "
        f"nothing can be saved to it, and ro.db{suffix} beside it {clause}; {writable}work on "
        f"a copy: copy ro.db, make the copy writable (chmod u+w), then copy ro.db{suffix} to "
        f"the copy's name followed by {suffix} and make that writable too.")
    assert {p: Path(p).read_bytes() for p in before} == before
    shutil.copyfile("ro.db", "copy.db")  # the advice followed: a sound copy, every save in it
    shutil.copyfile(f"ro.db{suffix}", f"copy.db{suffix}")
    assert main(["--db", "copy.db", "data", "import-edits", str(edit)]) == 0, \
        capsys.readouterr().err
    assert rows(Path("copy.db")) == expected


def test_on_a_read_only_disk_the_other_disk_advice_names_the_journal(
        synthetic_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = left_behind(synthetic_db, tmp_path / "rod.db", "hot")
    monkeypatch.setattr(file_causes, "on_read_only_disk", lambda _path: True)
    assert str(read_only(db)) == (
        f"The database {db} cannot be written: its disk is read-only, and {db}-journal "
        f"beside it {CUT}; work on a copy on another disk: copy {db}, make the copy writable "
        f"(chmod u+w), then copy {db}-journal to the copy's name followed by -journal and "
        "make that writable too; nothing was changed.")


def test_without_a_companion_the_advice_is_as_before(synthetic_db: Path) -> None:
    os.chmod(synthetic_db, 0o444)
    assert str(read_only(synthetic_db)) == (
        f"The database {synthetic_db} is read-only (the file or its folder cannot be "
        "written), so nothing can be saved to it; make it writable or work on a copy.")


def test_a_read_only_database_with_a_log_made_writable_is_refused_so_not_advised(
        synthetic_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Pass 63 F1: "make it writable" was advised for a -wal too, and the chmod that follows it
    changes the file (its ctime) as a backup copied over it would, whose old log would spoil it:
    the file is refused then ("may belong to another copy"). The advice is the copy alone."""
    monkeypatch.chdir(tmp_path)
    left_behind(synthetic_db, tmp_path / "ro.db", "wal")
    os.chmod("ro.db", 0o444)
    log_written_after(tmp_path / "ro.db")
    edit = _edit(tmp_path)
    assert main(["--db", "ro.db", "data", "import-edits", str(edit)]) == 2
    assert "make it writable" not in capsys.readouterr().err
    log = os.stat("ro.db-wal").st_mtime_ns - 1_000_000_000  # before the chmod below, on a
    os.utime("ro.db-wal", ns=(log, log))  # clock coarser than the steps of this test
    os.chmod("ro.db", 0o644)  # what the old advice said
    before = {p: Path(p).read_bytes() for p in ("ro.db", "ro.db-wal")}
    assert main(["--db", "ro.db", "data", "import-edits", str(edit)]) == 2
    assert "may belong to another copy of the database" in capsys.readouterr().err
    assert {p: Path(p).read_bytes() for p in before} == before
