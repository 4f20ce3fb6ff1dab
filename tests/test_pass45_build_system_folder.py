"""Pass 45 (observed): ``data build --out /proc/self/x.db`` said "its folder /proc/<pid> is
read-only" (untrue: /proc is a system file system, its folders have mode 0555 but are no
read-only disk), where the other writers say the folder "belongs to a system file system such
as /proc or /sys". The folder-permission check now leaves such folders to the write, which
names them so, for ``data build`` as for every writer; a folder with mode 0555 is still
called read-only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage.write_permission import read_only_folder

SYSTEM = "does not take new files: it belongs to a system file system such as /proc or /sys"
needs_proc = pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux /proc")


@needs_proc
@pytest.mark.parametrize("out", ["/proc/self/x.db", "/proc/x.db"])
def test_data_build_into_proc_names_the_system_file_system(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        out: str) -> None:
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))
    assert main(["data", "build", "--out", out]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith(f"chipscope-cli: error: Could not write the database {out} (")
    assert SYSTEM in err and "read-only" not in err
    assert not Path(out).exists()


@needs_proc
def test_a_0555_folder_is_still_read_only(tmp_path: Path) -> None:
    assert read_only_folder("/proc/self/x.db") is None  # the write names it (above)
    folder = tmp_path / "shut"
    folder.mkdir(mode=0o555)
    try:
        assert read_only_folder(folder / "x.db") == folder
    finally:
        os.chmod(folder, 0o755)
