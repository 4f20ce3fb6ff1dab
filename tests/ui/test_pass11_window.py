"""Pass 11 (window, hostile input and faults): regression tests for N1-N9."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from chipscope.ui.main_window import MainWindow

UI = Path(__file__).resolve().parents[2] / "chipscope" / "ui"


# --- N1: a setting stored as bytes that are not UTF-8 ---------------------------------------------
def test_undecodable_settings_open_the_window_with_defaults(
        make_window: Callable[..., MainWindow], caplog: pytest.LogCaptureFixture) -> None:
    """N1: ``@ByteArray(\\xff\\xfe)`` under view/appearance, chart, basis or the difference
    reference raised UnicodeDecodeError at every start."""
    home = Path(os.environ["CHIPSCOPE_HOME"])
    keys = ("appearance", "chart", "basis", "difference_reference")
    (home / "settings.ini").write_text(
        "settings_version=1\n[view]\n" + "".join(f"{k}=@ByteArray(\\xff\\xfe)\n" for k in keys))
    settings = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)
    from chipscope.ui.theme import stored_appearance

    with caplog.at_level(logging.WARNING, logger="chipscope"):
        assert stored_appearance(settings) == "system"
        window = make_window(settings=settings)
    assert window.session.basis == "bf16"
    logged = [r.getMessage() for r in caplog.records]
    for key in keys:
        assert any(f"view/{key} in {home / 'settings.ini'}" in m and "default" in m
                   for m in logged), key


def test_every_settings_read_goes_through_the_one_reader() -> None:
    """N1's root: no ``settings.value(...)`` outside chipscope/ui/stored_settings.py."""
    direct = [f"{p.relative_to(UI)}:{n}" for p in UI.rglob("*.py") if p.name != "stored_settings.py"
              for n, line in enumerate(p.read_text().splitlines(), 1)
              if re.search(r"\b(settings|s)\.value\(", line)]
    assert direct == []
