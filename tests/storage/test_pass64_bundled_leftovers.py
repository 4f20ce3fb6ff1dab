"""Session 40, two neighbours of pass 64's fixes:

- CHIPSCOPE_BUNDLED_DB naming a file with a character no one sees in its name (spaces around
  it, a line break, U+200B) said only "which is missing"; the name is now said to hold it
  (F10 named it for CHIPSCOPE_HOME and XDG_DATA_HOME).
- the note for CHIPSCOPE_BUNDLED_DB beside the user's own database ("it is not used (your
  database ... is)") advised "unset it or point it to a ChipScope database" for a cause outside
  the file (an unreadable -wal or -journal); it now keeps the reader's advice first, as the
  refusal without a user's database does (pass 63 F4)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.storage.pass62_companions import COMPANION, left_behind
from tests.without_dac import REPO, SETPRIV, skip_unless_permission_bits_apply


def _run(tmp_path: Path, *, setpriv: bool = False, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*(SETPRIV if setpriv else []), sys.executable, "-m", "chipscope.cli", "run", "--out",
         str(tmp_path / "a.csv")], capture_output=True, text=True, timeout=300, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen",
             "CHIPSCOPE_HOME": str(tmp_path / "home"), **env})


@pytest.mark.parametrize(("tail", "words"), [
    (" ", "has spaces around it; delete them"),
    ("\n", "holds an invisible character U+000A (LINE FEED); delete it"),
    ("\u200b", "holds an invisible character U+200B (ZERO WIDTH SPACE); delete it"),
])
def test_a_hidden_character_in_the_bundled_name_is_named(
        tail: str, words: str, synthetic_db: Path, tmp_path: Path) -> None:
    real = tmp_path / "b.db"
    real.write_bytes(synthetic_db.read_bytes())
    done = _run(tmp_path, CHIPSCOPE_BUNDLED_DB=f"{real}{tail}")
    assert done.returncode == 2, done.stderr
    assert (f"which is missing: its name {words}, or point it to a ChipScope database, or unset "
            "it to use the dataset installed with ChipScope.") in done.stderr
    assert not (tmp_path / "a.csv").exists()
    assert not (tmp_path / "home" / "chipscope.db").exists()
    # the name as it looks is taken at once
    assert _run(tmp_path, CHIPSCOPE_BUNDLED_DB=str(real)).returncode == 0


@pytest.mark.parametrize("kind", ["hot", "wal"])
def test_the_not_used_note_keeps_the_chmod_advice(
        kind: str, synthetic_db: Path, tmp_path: Path) -> None:
    skip_unless_permission_bits_apply(tmp_path)
    first = _run(tmp_path, CHIPSCOPE_BUNDLED_DB=str(synthetic_db))  # the user's own database
    assert first.returncode == 0, first.stderr
    own = tmp_path / "home" / "chipscope.db"
    bundled = left_behind(synthetic_db, tmp_path / "b.db", kind)
    companion = Path(f"{bundled}{COMPANION[kind]}")
    companion.chmod(0)
    before = {p: p.read_bytes() for p in (bundled, companion, own)}
    done = _run(tmp_path, setpriv=True, CHIPSCOPE_BUNDLED_DB=str(bundled))
    role = "journal" if kind == "hot" else "write-ahead log"
    assert done.returncode == 0, done.stderr
    assert (f"CHIPSCOPE_BUNDLED_DB points to {bundled}, which cannot be read: its {role} "
            f"{companion} is not readable for you (permission denied); it is not used (your "
            f"database {own} is); make it readable (chmod u+r), or unset it or point it to a "
            "ChipScope database.") in done.stderr, done.stderr
    assert {p: p.read_bytes() for p in before} == before
