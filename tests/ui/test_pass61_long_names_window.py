"""Pass 60 F2 in the window: File > Open of a scenario whose name is over 255 bytes said "the
name is too long for the file system" (its own words); now the readers' one cause
(:func:`chipscope.storage.path_length.too_long`), with its size, limit and advice. Failed on
base 22447b0."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from chipscope.ui.main_window import MainWindow
from chipscope.ui.plain import elide


def test_open_a_name_too_long(make_window: Callable[..., MainWindow], tmp_path: Path) -> None:
    window = make_window(show=False)
    long = tmp_path / ("C" * 256 + ".toml")
    assert window.open_scenario_file(long) is False
    [message] = window.errors  # type: ignore[attr-defined]
    assert message == (f"{elide(str(long))}: its name is too long (261 bytes; the file system "
                       "takes at most 255); choose a shorter name."), message
    assert "File name too long" not in message
    assert len(message) < 450  # the window elides at its own width
