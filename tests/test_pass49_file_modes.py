"""One map of file kinds (chipscope/file_modes.py): paths, storage and the window's recent
files name a folder, a pipe, a device and a socket in the same words, each keeping its own
text for any other kind."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.file_modes import kind_of
from chipscope.storage import file_causes
from tests.special_files import special_files


@pytest.mark.parametrize(("mode", "words"), [
    (stat.S_IFDIR | 0o755, "a folder"),
    (stat.S_IFIFO | 0o644, "a pipe (FIFO)"),
    (stat.S_IFCHR | 0o666, "a device"),
    (stat.S_IFBLK | 0o660, "a device"),
    (stat.S_IFSOCK | 0o755, "a socket"),
    (stat.S_IFLNK | 0o777, "not a regular file"),
])
def test_kind_of_words(mode: int, words: str) -> None:
    assert kind_of(mode) == words


def test_other_kind_keeps_each_callers_words() -> None:
    assert kind_of(stat.S_IFLNK, "a special file") == "a special file"


def test_storage_names_kinds_through_the_one_map() -> None:
    assert file_causes.kind_of is kind_of
    assert not hasattr(paths, "_KINDS")


def test_bundled_override_cause_words(tmp_path: Path) -> None:
    for words, path in special_files(tmp_path, ".db").items():
        assert paths.override_cause(path) == (f"which is {words}, not a regular file", "")
    plain = tmp_path / "plain.db"
    plain.write_bytes(b"")
    assert paths.override_cause(plain) is None


def test_recent_file_words(tmp_path: Path) -> None:
    pytest.importorskip("PySide6")
    from chipscope.ui import recent

    assert not hasattr(recent, "_KINDS")
    for words, path in special_files(tmp_path, ".db").items():
        assert recent.why_not_openable(path) == (  # the readers' words (pass 56 F4, 58)
            "it is a folder, not a regular file; give a file inside it" if words == "a folder"
            else f"it is {words}, not a regular file")
