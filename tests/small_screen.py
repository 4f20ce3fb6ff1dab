"""The app started in its own process on a fake screen of a given size (the offscreen platform's
screen configuration, no window frame), as a user starts it: for the tests of how the window
fits a small screen (one helper for all of them). Qt's restoreGeometry measures the real screen,
which a patched ``QScreen.availableGeometry`` does not reach."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
"""This tree (its chipscope imported by the started process, wherever pytest runs from)."""

_START = """
import json, time
from chipscope.ui import app
qt = app.ensure_app()
def pump(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        qt.processEvents()
win = app.start(confirm=lambda _reason: False)
"""
"""Before each test's own code: ``qt`` the application, ``win`` the started window, ``pump``
processing events for that many seconds, ``json`` and ``time`` imported."""

_CLOSE = """
win.close()
pump(0.2)
"""


def small_screen(folder: Path, width: int, height: int) -> tuple[Path, Path]:
    """In ``folder``: screen.json, one screen of ``width`` x ``height`` at 96 dpi, and an empty
    user folder home/ (no settings yet: a first start)."""
    screen = folder / "screen.json"
    screen.write_text(json.dumps({
        "synchronousWindowSystem": True, "windowFrameMargins": False,
        "screens": [{"name": "small", "x": 0, "y": 0, "width": width, "height": height,
                     "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    home = folder / "home"
    home.mkdir()
    return screen, home


def start_on_screen(code: str, *, home: Path, screen: Path, timeout: float) -> dict[str, Any]:
    """Start the app with user folder ``home`` on ``screen`` (both from :func:`small_screen`), run
    ``code`` after the start (see ``_START``), close the window; what ``code`` printed last, as
    JSON. The process must end with status 0."""
    env = os.environ.copy()
    env.update(CHIPSCOPE_HOME=str(home), QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
               PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", _START + code + _CLOSE], capture_output=True,
                          text=True, timeout=timeout, env=env)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
