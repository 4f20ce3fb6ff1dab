"""Pass 17 (window C1): writing into an append-only folder (``chattr +a``). A temporary file
could be made there but never renamed over the target nor removed: File > Export scenario
showed the unexpected-error box, the chart, table and Edit data exports named only a hidden
``.cs-*.tmp`` ("[Errno 1] Operation not permitted"), ``run --out`` said "unexpected
PermissionError" (exit 1), and each attempt left its temporary file behind for good. Now the
folder is named as the cause before anything is made, and a failed write's clean-up never hides
its cause."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipscope.storage import files
from chipscope.storage.files import WriteFailed, write_bytes
from chipscope.storage.write_probe import check_writable
from tests.storage.append_only import append_only as marked_append_only


@pytest.fixture
def append_only(tmp_path: Path) -> Iterator[Path]:
    """A folder holding old.png, marked append-only (needs root and a file system with
    attributes: skipped elsewhere)."""
    folder = tmp_path / "sealed"
    folder.mkdir()
    (folder / "old.png").write_bytes(b"old")
    with marked_append_only(folder):
        yield folder


def test_an_append_only_folder_is_named_and_nothing_is_left_in_it(append_only: Path) -> None:
    for name in ("old.png", "new.csv"):
        with pytest.raises(WriteFailed, match=r"is append-only \(chattr \+a\)") as failed:
            write_bytes(append_only / name, b"new", "chart file")
        assert str(append_only / name) in str(failed.value)
        with pytest.raises(WriteFailed, match="append-only"):
            check_writable(append_only / name, "CSV file")
    assert sorted(os.listdir(append_only)) == ["old.png"]  # no .cs-*.tmp left for good
    assert (append_only / "old.png").read_bytes() == b"old"


def test_the_cli_names_an_append_only_folder_with_exit_2(
        append_only: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from chipscope.cli import main

    assert main(["run", "--out", str(append_only / "old.csv")]) == 2
    err = capsys.readouterr().err
    assert "unexpected" not in err and f"the folder {append_only} is append-only" in err
    assert sorted(os.listdir(append_only)) == ["old.png"]


def test_a_clean_up_that_fails_never_hides_the_cause_of_the_failed_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Wherever the folder's attributes cannot be read (another system, another file system),
    the rename's refusal is still the error, not the temporary file's."""
    target = tmp_path / "old.png"
    target.write_bytes(b"old")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(files.os, "replace", refuse)
    monkeypatch.setattr(Path, "unlink", refuse)
    with pytest.raises(WriteFailed, match=r"Operation not permitted.*the old file is unchanged"):
        write_bytes(target, b"new", "chart file")
    assert target.read_bytes() == b"old"
