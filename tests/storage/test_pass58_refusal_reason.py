"""Review m69: a reader's refusal keeps its bare reason as data (FileRefused.reason), and
refusal_clause builds the window's words from it, not by cutting words off the cause."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chipscope.storage.file_errors import FileRefused
from chipscope.storage.file_reads import check_regular_file, refusal_clause


def _refused(path: Path) -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        check_regular_file(path, "scenario file")
    return caught.value


def test_a_loop_keeps_its_reason_cause_and_advice_apart(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    exc = _refused(tmp_path / "loop")
    assert str(exc) == (f"Cannot read the scenario file {tmp_path / 'loop'}: it is a symlink "
                        "loop; remove the link or choose another file.")
    assert exc.cause == "cannot be read: it is a symlink loop"
    assert exc.reason == "it is a symlink loop"
    assert refusal_clause(exc) == "it is a symlink loop; remove the link or choose another file"


def test_a_note_on_the_name_stays_in_the_message_not_in_the_clause(tmp_path: Path) -> None:
    exc = _refused(Path(os.fsdecode(os.fsencode(tmp_path) + b"/x\xff.toml")))
    assert str(exc).endswith(" (its name holds the byte 0xFF, which is not UTF-8 text): there "
                             "is no such file."), str(exc)
    assert refusal_clause(exc) == "there is no such file"  # was " (its name holds ...): ..."
