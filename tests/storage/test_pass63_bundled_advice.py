"""Fix m91, P63-F3 and F4: CHIPSCOPE_BUNDLED_DB naming a ChipScope database that cannot be read
for a cause outside the file (a full temporary folder for its private copy; its -journal or
-wal not readable) was advised "point it to a ChipScope database, or unset it ..."; the
reader's own advice (what --db says) is now kept, then "or unset it ...". A file that is no
ChipScope database is still told to point the variable to one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chipscope.cli import main
from tests.storage.pass62_companions import COMPANION, left_behind
from tests.without_dac import REPO, SETPRIV, skip_unless_permission_bits_apply

UNSET = "unset it to use the dataset installed with ChipScope."
POINT = "point it to a ChipScope database"


def _run(tmp_path: Path, *, setpriv: bool = False, **env: str) -> tuple[int, str]:
    done = subprocess.run(
        [*(SETPRIV if setpriv else []), sys.executable, "-m", "chipscope.cli", "run", "--out",
         str(tmp_path / "a.csv")], capture_output=True, text=True, timeout=300, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen",
             "CHIPSCOPE_HOME": str(tmp_path / "home"), **env})
    return done.returncode, done.stderr


@pytest.mark.parametrize("kind", ["hot", "wal"])
def test_a_full_temporary_folder_keeps_the_free_space_advice(
        kind: str, synthetic_db: Path, tmp_path: Path) -> None:
    bundled = left_behind(synthetic_db, tmp_path / "b.db", kind)
    full = tmp_path / "tfull"
    full.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(full)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        room = os.statvfs(full)  # room for Python's probe of TMPDIR, not for a copy
        (full / "filler").write_bytes(b"\0" * (room.f_bavail * room.f_frsize - 8192))
        code, err = _run(tmp_path, TMPDIR=str(full), CHIPSCOPE_BUNDLED_DB=str(bundled))
    finally:
        subprocess.run(["umount", str(full)], check=True)
    assert code == 2, err
    assert (f"CHIPSCOPE_BUNDLED_DB points to {bundled}, which cannot be read: the temporary "
            f"folder {full} cannot hold a private copy of it") in err
    assert f"; free space there, or set TMPDIR to another folder, or {UNSET}" in err
    assert POINT not in err


@pytest.mark.parametrize("kind", ["hot", "wal"])
def test_an_unreadable_companion_gets_the_chmod_advice(
        kind: str, synthetic_db: Path, tmp_path: Path) -> None:
    skip_unless_permission_bits_apply(tmp_path)
    bundled = left_behind(synthetic_db, tmp_path / "b.db", kind)
    companion = Path(f"{bundled}{COMPANION[kind]}")
    companion.chmod(0)
    before = {p: p.read_bytes() for p in (bundled, companion)}
    code, err = _run(tmp_path, setpriv=True, CHIPSCOPE_BUNDLED_DB=str(bundled))
    role = "journal" if kind == "hot" else "write-ahead log"
    assert code == 2, err
    assert (f"CHIPSCOPE_BUNDLED_DB points to {bundled}, which cannot be read: its {role} "
            f"{companion} is not readable for you (permission denied); make it readable "
            f"(chmod u+r), or {UNSET}") in err
    assert POINT not in err
    assert {p: p.read_bytes() for p in before} == before


def test_a_file_that_is_no_chipscope_database_is_still_told_to_point_to_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.db"
    other.write_bytes(b"not a database at all\n" * 100)
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(other))
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))
    assert main(["run", "--out", str(tmp_path / "a.csv")]) == 2
    assert f"; {POINT}, or {UNSET}" in capsys.readouterr().err
