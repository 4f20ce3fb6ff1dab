"""Pass 11 (CLI and its files): outputs that name a stream, standard output on a nearly full
disk, desktop-entry removal, a dying worker, option combinations, CHIPSCOPE_HOME, owners,
CSV extensions and messages (/work/pass11-cli.md, A1-A3, C1, C3, D5-D7, E1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chipscope.__main__ import main
from chipscope.storage import files

Capture = pytest.CaptureFixture[str]


def _error(capsys: Capture, argv: list[str]) -> str:
    assert main(argv) == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


# --- A1: /dev/stdout and its kin name a stream, never the file behind it ------------------
@pytest.mark.parametrize("name", ["/dev/fd/{fd}", "/proc/self/fd/{fd}", "link"])
def test_a_descriptor_name_is_refused_and_the_file_behind_it_kept(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, name: str) -> None:
    """``run --out /dev/stdout >> log.txt`` renamed the CSV over log.txt: the log was lost."""
    log = tmp_path / "log.txt"
    log.write_text("precious line\n")
    with log.open("a") as stream:
        fd = stream.fileno()
        out = name.format(fd=fd)
        if name == "link":
            out = str(tmp_path / "out.csv")
            os.symlink(f"/proc/self/fd/{fd}", out)
        message = _error(capsys, ["run", "--db", str(synthetic_db), "--out", out])
    assert message.endswith(f"Cannot write the CSV file {out}: it names descriptor {fd}, a "
                            "stream rather than a file, which ChipScope never replaces; a "
                            "command that writes CSV takes - for standard output.")
    assert log.read_text() == "precious line\n"


def test_dev_stdout_is_told_as_standard_output(tmp_path: Path) -> None:
    with pytest.raises(files.FileRefused, match="it names standard output, a stream"):
        files.write_text("/dev/stdout", "x\n", "CSV file")
