"""Review m36 R2: ``refuse_read_only`` asked the database name's length once itself, then again
in ``is_read_only`` and once more in ``read_only``. Now once, with the same outcome for every
caller: a path or name too long, a read-only file, or nothing for a writable one."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.storage import errors
from chipscope.storage.errors import (
    DatabaseNameTooLong,
    DatabasePathTooLong,
    DatabaseReadOnly,
    refuse_read_only,
)
from chipscope.storage.path_length import name_max


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every name whose length storage.errors asks about."""
    calls: list[str] = []
    real = errors.name_cause

    def counted(path: Path | str) -> str | None:
        calls.append(str(path))
        return real(path)

    monkeypatch.setattr(errors, "name_cause", counted)
    return calls


def test_a_writable_database_is_refused_nothing_and_its_name_asked_once(
        tmp_path: Path, asked: list[str]) -> None:
    db = tmp_path / "a.db"
    db.write_bytes(b"x")
    refuse_read_only(db)
    assert len(asked) == 1


def test_a_read_only_database_is_refused_as_before_and_its_name_asked_once(
        tmp_path: Path, asked: list[str]) -> None:
    db = tmp_path / "a.db"
    db.write_bytes(b"x")
    db.chmod(0o444)  # no owner-write bit: read-only for root too
    with pytest.raises(DatabaseReadOnly) as caught:
        refuse_read_only(db)
    assert type(caught.value) is DatabaseReadOnly
    assert str(caught.value) == (f"The database {db} is read-only (the file or its folder "
                                 "cannot be written), so nothing can be saved to it; make it "
                                 "writable or work on a copy.")
    assert len(asked) == 1


@pytest.mark.parametrize("exists", [True, False])
def test_a_name_too_long_is_refused_as_before_and_asked_once(
        tmp_path: Path, asked: list[str], exists: bool) -> None:
    db = tmp_path / ("n" * (name_max(tmp_path) - 2))
    if exists:
        db.write_bytes(b"x")
    with pytest.raises(DatabaseNameTooLong) as caught:
        refuse_read_only(db)
    assert str(caught.value).startswith(f"The database {db} cannot be written: its file name is "
                                        "too long (")
    assert str(caught.value).endswith("; give it a shorter name (nothing was changed).")
    assert len(asked) == 1


def test_a_path_too_long_is_refused_as_before(tmp_path: Path) -> None:
    folder = tmp_path.resolve()
    while len(str(folder)) < 520:
        folder = folder / ("s" * 200)
    folder.mkdir(parents=True)
    db = folder / "x.db"
    db.write_bytes(b"x")
    with pytest.raises(DatabasePathTooLong) as caught:
        refuse_read_only(db)
    assert str(caught.value).startswith(f"The database {db} cannot be opened: its path is too "
                                        "long (")
