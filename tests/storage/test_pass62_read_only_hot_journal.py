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
from tests.storage.pass62_companions import COMPANION, as_sqlite_reads, left_behind, rows

CUT = "holds a save that was cut off and must be rolled back"
SAVED = "holds saved changes that are not in the file yet"


def _edit(tmp_path: Path) -> Path:
    chips = synthetic_frames()["chips"].head(1).copy()
    chips["memory_gb"] = chips["memory_gb"].astype(float) + 1
    path = tmp_path / "edit.csv"
    chips.to_csv(path, index=False, lineterminator="\n")
    return path


@pytest.mark.parametrize(("kind", "clause", "finish"), [
    ("hot", CUT, "roll that save back"), ("wal", SAVED, "write them into it")])
def test_a_read_only_database_with_a_companion_is_advised_to_copy_it_too(
        kind: str, clause: str, finish: str, synthetic_db: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    left_behind(synthetic_db, tmp_path / "ro.db", kind)
    suffix = COMPANION[kind]
    os.chmod("ro.db", 0o444)  # read-only for root too (write_permission.write_protected)
    os.utime(f"ro.db{suffix}")  # a log older than the file's chmod is a restored backup's
    before = {p: Path(p).read_bytes() for p in ("ro.db", f"ro.db{suffix}")}
    expected = as_sqlite_reads(Path("ro.db"), suffix, tmp_path / "ref")
    edit = _edit(tmp_path)
    assert main(["--db", "ro.db", "data", "import-edits", str(edit)]) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1].split("error: ", 1)[1] == (
        "The database ro.db is read-only (the file or its folder cannot be written), so "
        f"nothing can be saved to it, and ro.db{suffix} beside it {clause}; make it writable "
        f"so that ChipScope can {finish}, or work on a copy: copy "
        f"ro.db{suffix} too, to the copy's name followed by {suffix}.")
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
        f"The database {db} cannot be written: its disk is read-only, and rod.db-journal "
        f"beside it {CUT}; work on a copy on another disk: copy rod.db-journal too, to the "
        "copy's name followed by -journal; nothing was changed.")


def test_without_a_companion_the_advice_is_as_before(synthetic_db: Path) -> None:
    os.chmod(synthetic_db, 0o444)
    assert str(read_only(synthetic_db)) == (
        f"The database {synthetic_db} is read-only (the file or its folder cannot be "
        "written), so nothing can be saved to it; make it writable or work on a copy.")
