"""P57-F4 in the window: File > Export table into a folder that is a symlink loop says so
next to the action, with the advice, and writes nothing (the window shares the writer)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from chipscope.ui.main_window import MainWindow

Make = Callable[..., MainWindow]


def test_window_export_names_a_looping_folder(make_window: Make, tmp_path: Path) -> None:
    window = make_window()
    loop = tmp_path / "loop"
    loop.symlink_to(loop.name)
    out = loop / "t.csv"
    assert not window.export_table_to(out)
    assert window.warnings == [  # type: ignore[attr-defined]
        f"Cannot write the CSV file {out}: {loop} is a symlink loop; remove the link or choose "
        "another folder (nothing was written)."]
    assert [p.name for p in tmp_path.iterdir()] == ["loop"]
