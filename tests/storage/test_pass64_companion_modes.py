"""Fix m93, pass 64 F1-F3: the modes of the files SQLite writes beside a database.

F1: a read-only database with a -wal was advised "work on a copy: copy y.db-wal too"; cp keeps
the mode, so the copy was read-only too, and made writable after its -wal was copied beside it,
it was refused ("may belong to another copy"). The advice now gives the order that works.
F2: a read-only -wal beside a writable database in a writable folder was blamed on the
database ("the file or its folder cannot be written"); F3: a read-only hot -journal gave
SQLite's "unable to open database file". Both now name the file and advise chmod u+w on it.
Each is run under real permission bits (tests/without_dac.py) and each advice is followed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.storage.pass62_companions import (
    a_step_later,
    as_sqlite_reads,
    edit_folder,
    import_edits,
    left_behind,
    log_written_after,
    rows,
)
from tests.without_dac import skip_unless_permission_bits_apply


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    skip_unless_permission_bits_apply(tmp_path)
    return edit_folder(tmp_path)


def _snapshot(folder: Path, *names: str) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in names}


def test_a_read_only_database_with_a_log_is_advised_the_copy_order_that_works(
        synthetic_db: Path, folder: Path) -> None:
    left_behind(synthetic_db, folder / "y.db", "wal")
    os.chmod(folder / "y.db", 0o444)
    log_written_after(folder / "y.db")  # made read-only first, as in the reproducer
    os.chmod(folder / "y.db-wal", 0o444)  # as a read-only copy or backup keeps it
    before = _snapshot(folder, "y.db", "y.db-wal")
    expected = as_sqlite_reads(folder / "y.db", "-wal", folder / "ref")
    assert import_edits("y.db", folder) == (2, (
        "The database y.db is read-only (the file or its folder cannot be written), so "
        "nothing can be saved to it, and y.db-wal beside it holds saved changes that are not "
        "in the file yet; work on a copy: copy y.db, make the copy writable (chmod u+w), then "
        "copy y.db-wal to the copy's name followed by -wal and make that writable too."))
    assert _snapshot(folder, *before) == before
    shutil.copy(folder / "y.db", folder / "c.db")  # the advice, step by step, as cp does it
    os.chmod(folder / "c.db", 0o644)
    a_step_later(folder / "c.db")
    shutil.copy(folder / "y.db-wal", folder / "c.db-wal")
    os.chmod(folder / "c.db-wal", 0o644)
    code, said = import_edits("c.db", folder)
    assert (code, said) == (0, said) and "Imported 1 edit(s) into c.db" in said
    assert rows(folder / "c.db") == expected  # every saved change (the names) kept
    assert _snapshot(folder, *before) == before


def test_a_read_only_log_beside_a_writable_database_is_named(
        synthetic_db: Path, folder: Path) -> None:
    left_behind(synthetic_db, folder / "d.db", "wal")
    os.chmod(folder / "d.db-wal", 0o444)
    before = _snapshot(folder, "d.db", "d.db-wal")
    assert import_edits("d.db", folder) == (2, (
        "The database d.db cannot be written: d.db-wal beside it is read-only, so SQLite "
        "cannot write its write-ahead log; make it writable (chmod u+w d.db-wal); nothing was "
        "changed."))
    assert _snapshot(folder, *before) == before
    os.chmod(folder / "d.db-wal", 0o644)  # the advice followed
    code, said = import_edits("d.db", folder)
    assert (code, said) == (0, said) and "Imported 1 edit(s) into d.db" in said


def test_a_read_only_hot_journal_is_named(synthetic_db: Path, folder: Path) -> None:
    left_behind(synthetic_db, folder / "j.db", "hot")
    os.chmod(folder / "j.db-journal", 0o444)
    before = _snapshot(folder, "j.db", "j.db-journal")
    expected = as_sqlite_reads(folder / "j.db", "-journal", folder / "ref")
    assert import_edits("j.db", folder) == (2, (
        "The database j.db cannot be written: j.db-journal beside it is read-only, so SQLite "
        "cannot write or delete its journal; make it writable (chmod u+w j.db-journal); "
        "nothing was changed."))
    assert _snapshot(folder, *before) == before
    os.chmod(folder / "j.db-journal", 0o644)  # the advice followed: the save is rolled back
    code, said = import_edits("j.db", folder)
    assert (code, said) == (0, said) and "Imported 1 edit(s) into j.db" in said
    assert rows(folder / "j.db") == expected and not (folder / "j.db-journal").exists()
