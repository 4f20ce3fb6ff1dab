"""Every part of the window opens on its own: ``python -m chipscope.ui.previews PART``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chipscope.ui.previews import PARTS


def test_every_part_is_listed() -> None:
    assert set(PARTS) == {"window", "assumptions", "details", "scenarios", "compare",
                          "difference"}


@pytest.mark.parametrize("part", sorted(PARTS))
def test_opens_on_its_own(part: str, tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CHIPSCOPE_QUIT_AFTER_MS="300",
               CHIPSCOPE_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-m", "chipscope.ui.previews", part], env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr


def test_a_part_screenshot_is_written(tmp_path: Path, qapp: object) -> None:
    shot = tmp_path / "assumptions.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CHIPSCOPE_HOME=str(tmp_path))
    subprocess.run([sys.executable, "-m", "chipscope.ui.previews", "assumptions",
                    "--screenshot", str(shot)], env=env, check=True, timeout=120)
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert not image.isNull() and image.height() == 800 and image.width() >= 420
