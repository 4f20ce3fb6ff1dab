"""Pass 45 (observed): CHIPSCOPE_BUNDLED_DB naming a file that is not a database, a folder, a
device or a FIFO gave a "Note: ... the dataset installed with ChipScope is damaged ...;
reinstall ChipScope. The bundled data were read instead" and then the error that the same file
cannot be read (two messages for one cause, the note untrue, the advice wrong: nothing
installed is damaged); a symlink loop was "a missing file". Now each is one sentence naming
the variable, the file and the cause, and what to do; exit 2, no user database made."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main

ADVICE = "; point it to a ChipScope database, or unset it to use the dataset installed with " \
         "ChipScope."


def _bad(tmp_path: Path, kind: str) -> tuple[Path, str]:
    """A file of ``kind`` and the cause the message gives for it."""
    target = tmp_path / f"{kind}.db"
    if kind == "garbage":
        target.write_text("not a database\n")
        return target, "which is not a ChipScope database (it is not an SQLite file)"
    if kind == "folder":
        target.mkdir()
        return target, "which is a folder, not a regular file"
    if kind == "fifo":
        os.mkfifo(target)
        return target, "which is a pipe (FIFO), not a regular file"
    if kind == "loop":
        target.symlink_to(target)
        return target, "which is a symlink loop"
    if kind == "device":
        return Path("/dev/zero"), "which is a device, not a regular file"
    return target, "which is missing"


@pytest.mark.parametrize("kind", ["garbage", "folder", "fifo", "loop", "device", "missing"])
def test_a_bad_override_is_one_message_naming_the_variable_and_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        kind: str) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    target, cause = _bad(tmp_path, kind)
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(target))
    assert main(["assumptions"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Note" not in err and "read instead" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err  # one message for one cause
    assert "CHIPSCOPE_BUNDLED_DB points to" in lines[0]
    assert f"{target}, {cause}" in lines[0]  # pass 47 F1: a clause for every kind
    advice = "; remove the link, or" + ADVICE[1:] if kind == "loop" else ADVICE  # pass 58
    assert lines[0].endswith(advice) and "reinstall" not in lines[0]
    assert not (home / paths.DB_FILENAME).exists()
