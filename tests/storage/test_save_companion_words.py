"""Pass 81 (a nit of its autosave check): with a folder named chipscope.db-journal (or -wal)
beside the database, the autosave and every save were told "Cannot read the database" while
they wrote. A writer is told "Cannot save to"; a reader still "Cannot read"."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.storage import StorageError, inspect_database, open_user_database
from chipscope.storage.autosave import save_autosave


@pytest.mark.parametrize("suffix", ["-journal", "-wal"])
def test_a_writer_is_told_it_cannot_save(suffix: str) -> None:
    _dataset, db = open_user_database()
    Path(f"{db}{suffix}").mkdir()
    before = db.read_bytes()
    with pytest.raises(StorageError) as info:
        save_autosave(db, "x", "", {"lock_in": 1.0})
    assert str(info.value).startswith(f"Cannot save to the database {db}: chipscope.db{suffix} "
                                      "beside it is not a regular file")
    assert str(info.value).endswith("; move it away.")
    with pytest.raises(StorageError) as read:
        inspect_database(db)
    assert str(read.value).startswith(f"Cannot read the database {db}: ")
    assert db.read_bytes() == before
    assert Path(f"{db}{suffix}").is_dir()
