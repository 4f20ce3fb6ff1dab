"""Pass 50 F3: CHIPSCOPE_HOME below a folder this user cannot enter (mode 000, without
CAP_DAC_OVERRIDE) was said to be one that "cannot be made in D: read-only permissions" (it
exists, holding the user's database, and D is not read-only), and a data folder that itself
cannot be entered was called "read-only permissions"; the window said "(Permission denied)" or
"[Errno 13] Permission denied: ...". Now every command and the window name the folder that
cannot be entered in every reader's words: "Cannot use the data folder H: the folder D cannot
be entered (permission denied); make that folder accessible (chmod u+x) or choose another one
(see CHIPSCOPE_HOME).". A command that only reads reads the bundled data with that note, one
that writes is refused (exit 2), the window does not start (exit 2), and no file changes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipscope import paths
from tests.without_dac import REPO, SETPRIV, skip_unless_permission_bits_apply

pytest.importorskip("PySide6")

TAIL = "or choose another one (see CHIPSCOPE_HOME)."
BUNDLED = " The bundled data were read instead (--db PATH reads another database)."


@pytest.fixture
def place(tmp_path: Path) -> Iterator[Path]:
    """tmp/D/sub/home holding a copy of the bundled database; D and home are opened again
    at the end."""
    skip_unless_permission_bits_apply(tmp_path)
    home = tmp_path / "D" / "sub" / "home"
    home.mkdir(parents=True)
    shutil.copyfile(paths.bundled_db_path(), home / paths.DB_FILENAME)
    (tmp_path / "edits.csv").write_text("table,key,column,value\n", encoding="utf-8")
    yield tmp_path
    (tmp_path / "D").chmod(0o755)
    home.chmod(0o755)


def _case(place: Path, case: str) -> tuple[Path, str]:
    """Shut the folder of ``case``: CHIPSCOPE_HOME and the sentence every command gives."""
    home = place / "D" / "sub" / "home"
    if case == "below":
        (place / "D").chmod(0)
        return home, (f"Cannot use the data folder {home}: the folder {place / 'D'} cannot be "
                      "entered (permission denied); make that folder accessible and writable "
                      f"(chmod u+wx) {TAIL}")  # sub, behind it, may be missing: pass 63 F5
    home.chmod(0)
    return home, (f"Cannot use the data folder {home}: it cannot be entered (permission "
                  f"denied); make it accessible and writable (chmod u+wx) {TAIL}")  # pass 61 F7


def _run(place: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen",
           "CHIPSCOPE_HOME": str(home)}
    env.pop("CHIPSCOPE_DEBUG", None)
    return subprocess.run([*SETPRIV, sys.executable, *args], capture_output=True, text=True,
                          timeout=300, cwd=place, env=env)


def _database(place: Path) -> bytes:
    for folder in (place / "D", place / "D" / "sub" / "home"):
        folder.chmod(0o755)
    return (place / "D" / "sub" / "home" / paths.DB_FILENAME).read_bytes()


@pytest.mark.parametrize("case", ["below", "itself"])
@pytest.mark.parametrize("argv", [["run", "--out", "out.csv"], ["data", "diff"]],
                         ids=lambda a: " ".join(a[:2]))
def test_a_reading_command_notes_the_folder_that_cannot_be_entered(
        place: Path, case: str, argv: list[str]) -> None:
    before = _database(place)
    home, sentence = _case(place, case)
    done = _run(place, home, "-m", "chipscope.cli", *argv)
    assert done.returncode == 0, done.stderr
    assert f"Note: {sentence}{BUNDLED}" in done.stderr.splitlines(), done.stderr
    assert "read-only" not in done.stderr and "cannot be made" not in done.stderr
    assert _database(place) == before


@pytest.mark.parametrize("case", ["below", "itself"])
def test_a_writing_command_is_refused_in_the_same_words(place: Path, case: str) -> None:
    before = _database(place)
    home, sentence = _case(place, case)
    done = _run(place, home, "-m", "chipscope.cli", "data", "import-edits", "edits.csv")
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1].endswith(f": error: {sentence}"), done.stderr
    assert _database(place) == before


_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from chipscope.ui import app

qt = app.ensure_app()


def close_boxes():
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        print(f"BOX {box.windowTitle()}: {box.text()}", flush=True)
        box.close()


timer = QTimer()
timer.timeout.connect(close_boxes)
timer.start(100)
from chipscope.__main__ import main

sys.argv = ["chipscope"]
sys.exit(main())
"""


@pytest.mark.parametrize("case", ["below", "itself"])
def test_the_window_says_it_and_does_not_start(place: Path, case: str) -> None:
    before = _database(place)
    home, sentence = _case(place, case)
    done = _run(place, home, "-c", _WINDOW)
    assert done.returncode == 2, done.stderr
    assert f"error: {sentence}" in done.stderr, done.stderr
    assert f"BOX ChipScope cannot start: {sentence}" in done.stdout, done.stdout
    assert "Permission denied" not in done.stderr + done.stdout
    assert _database(place) == before
