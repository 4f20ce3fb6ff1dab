"""Pass 36 F4: opening the window (``chipscope-cli`` with no command, or ``chipscope``) with
CHIPSCOPE_HOME naming a file, a path under a file or a dangling symlink ended in "error:
unexpected FileExistsError ..." (exit 1): the data folder was made before any check. Now the
window says what the commands say ("Cannot use the data folder ... it must be a folder
ChipScope can write to (see CHIPSCOPE_HOME).") on stderr and in the "ChipScope cannot start"
box, exits 2, and the file is left alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

ROOT = Path(__file__).resolve().parents[1]

# The entry point both `chipscope-cli` and `chipscope` run (pyproject.toml), under that name;
# a box shown is printed (title and text) and closed.
_CHILD = """
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

sys.argv = [sys.argv[1]]
sys.exit(main())
"""


def _home(tmp_path: Path, kind: str) -> tuple[Path, str]:
    """CHIPSCOPE_HOME of ``kind`` and the cause the sentence gives."""
    (tmp_path / "notadir").write_text("hi\n")
    if kind == "file":
        return tmp_path / "notadir", "it is a file, not a folder"
    if kind == "under a file":
        return tmp_path / "notadir" / "sub", f"{tmp_path / 'notadir'} is a file, not a folder"
    (tmp_path / "dang").symlink_to(tmp_path / "gone")  # the words of a link on its way (P60 F7)
    return tmp_path / "dang", (f"{tmp_path / 'dang'} is a symlink to the missing "
                               f"{tmp_path / 'gone'}; put the folder back or choose another "
                               "folder")


@pytest.mark.parametrize("command", ["chipscope-cli", "chipscope"])
@pytest.mark.parametrize("kind", ["file", "under a file", "dangling symlink"])
def test_the_window_refuses_a_data_folder_that_is_no_folder(tmp_path: Path, command: str,
                                                            kind: str) -> None:
    home, cause = _home(tmp_path, kind)
    before = sorted((p.name, p.is_symlink(), os.readlink(p) if p.is_symlink() else p.read_bytes())
                    for p in tmp_path.iterdir())
    env = {**os.environ, "CHIPSCOPE_HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("CHIPSCOPE_DEBUG", None)
    result = subprocess.run([sys.executable, "-c", _CHILD, command], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, check=False)
    sentence = (f"Cannot use the data folder {home} ({cause}); it must be a folder ChipScope "
                "can write to (see CHIPSCOPE_HOME).")
    if kind == "dangling symlink":
        sentence = f"Cannot use the data folder {home}: {cause} (see CHIPSCOPE_HOME)."
    assert result.returncode == 2, result.stderr
    assert f"error: {sentence}" in result.stderr, result.stderr
    assert "unexpected" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert f"BOX ChipScope cannot start: {sentence}" in result.stdout, result.stdout
    after = sorted((p.name, p.is_symlink(), os.readlink(p) if p.is_symlink() else p.read_bytes())
                   for p in tmp_path.iterdir())
    assert after == before  # the file is byte-identical, nothing made beside it
