"""P59-F1 in the window: opening a scenario file under a missing folder says there is no such
file, not "make it or choose another folder" (the writers' advice)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from chipscope.ui.main_window import MainWindow


def test_open_in_a_missing_folder_says_no_such_file(make_window: Callable[..., MainWindow],
                                                    tmp_path: Path) -> None:
    window = make_window(show=False)
    path = tmp_path / "nope" / "s.toml"
    assert window.open_scenario_file(path) is False
    errors = window.errors  # type: ignore[attr-defined]
    assert len(errors) == 1 and "no such file" in errors[0], errors
    assert "make it" not in errors[0], errors
    assert not (tmp_path / "nope").exists()
