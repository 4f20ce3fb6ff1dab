"""P58-F5/F6 in the window: opening a scenario file under a folder that is a symlink loop or a
dangling link (or a chain of links ending at nothing) names that link, not the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from chipscope.ui.main_window import MainWindow


def test_open_names_the_link_on_the_way(make_window: Callable[..., MainWindow],
                                        tmp_path: Path) -> None:
    window = make_window(show=False)
    loop, dang, deep = tmp_path / "loop", tmp_path / "dang", tmp_path / "deep"
    loop.symlink_to(loop.name)
    dang.symlink_to("nothere")
    deep.mkdir()
    (deep / "dl").symlink_to("../dang")
    for folder in (loop, dang, deep / "dl"):
        assert window.open_scenario_file(folder / "s.toml") is False
    assert window.errors == [  # type: ignore[attr-defined]
        f"{loop / 's.toml'}: {loop} is a symlink loop; remove the link or choose another "
        "folder.",
        f"{dang / 's.toml'}: {dang} is a symlink to the missing nothere; put the folder back "
        "or choose another folder.",
        f"{deep / 'dl' / 's.toml'}: {deep / 'dl'} is a symlink to the missing nothere (through "
        "../dang); put the folder back or choose another folder."]
    assert not (tmp_path / "nothere").exists()


def test_edit_data_import_names_the_link_on_the_way(make_window: Callable[..., MainWindow],
                                                    tmp_path: Path) -> None:
    from chipscope.ui.data_edit.dialog import open_data_dialog

    window = make_window(show=False)
    loop = tmp_path / "loop"
    loop.symlink_to(loop.name)
    dialog = open_data_dialog(window)
    assert dialog.import_file(loop / "e.csv") is False
    assert dialog.status.text().endswith(
        f"{loop} is a symlink loop; remove the link or choose another folder."), \
        dialog.status.text()
