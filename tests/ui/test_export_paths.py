"""What the window's exports write, and where (pass 10: W1, W7, W8, W12).

- No export of the window writes over the autosave lock file or the settings file (W1).
- File > Export chart with an empty or odd File field says why, next to the action, instead of
  the unexpected-error box (W7); it never turns the name into another one (x.jpg into x.png),
  and a relative name goes into the folder the dialog shows, not the process's (W8).
- A file handed over with a lone surrogate in its name is not blamed on a NUL (W12).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from chipscope import paths
from chipscope.ui import export_dialog, window_menus
from chipscope.ui.charts.export import PNG_PRESETS
from chipscope.ui.export_dialog import ExportDialog, ExportOptions
from chipscope.ui.main_window import MainWindow
from chipscope.ui.recent import why_not_openable

Make = Callable[..., MainWindow]


def typed_dialog(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """File > Export chart answers with ``text`` in the File field and Save."""
    class Typed(ExportDialog):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self.path_edit.setText(text)

        def exec(self) -> int:
            return ExportDialog.DialogCode.Accepted  # type: ignore[return-value]

    monkeypatch.setattr(window_menus, "ExportDialog", Typed)


def test_no_window_export_replaces_the_autosave_lock_or_the_settings(make_window: Make
                                                                    ) -> None:
    """The exports wrote chipscope.db.lock and said "Table saved"; the next window deleted
    it as a stale lock and both windows then owned the one autosave."""
    window = make_window()
    assert window.db_path is not None and window.scenarios.working.owns_autosave
    lock = Path(f"{window.db_path}.lock")
    settings = Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"
    window.settings.setValue("probe", "kept")  # type: ignore[union-attr]
    window.settings.sync()  # type: ignore[union-attr]
    for target in (lock, settings):
        before = target.read_bytes()
        assert not window.export_table_to(target)
        assert not window.export_chart_to(ExportOptions(target, 640, 360))
        assert not window.scenarios.export_scenario(target)
        assert target.read_bytes() == before
    assert "it is the autosave lock file of the database beside it" in window.warnings[0]
    assert "choose another name" in window.warnings[0]
    assert "it is ChipScope's settings file" in window.warnings[2]
    assert len(window.errors) == 2 and "autosave lock file" in window.errors[0]
    second = make_window()
    assert not second.scenarios.working.owns_autosave  # the first window still holds it


ODD = ["", "   ", ".", "/", "~nosuchuser-cs/x.png", "..", ".png"]
RENAMED = [("x.jpg", "the type '.jpg'"), ("x.pdf", "the type '.pdf'"),
           ("x.svg ", "ends with a space"), ("x", "no type")]


def test_an_odd_file_field_is_explained_and_never_turned_into_another_file(
        make_window: Make, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """W7: ValueError ("PosixPath('.') has an empty name") or RuntimeError ("Could not
    determine home directory") came out of the dialog into the unexpected-error box.
    W8: x.jpg, x.pdf and "x.svg " were saved as x.png, replacing that file without asking."""
    window = make_window()
    cwd, folder = tmp_path / "cwd", tmp_path / "folder"
    cwd.mkdir()
    folder.mkdir()
    monkeypatch.chdir(cwd)
    for text in ODD:
        typed_dialog(monkeypatch, text)
        window.export_chart_action.trigger()
        assert len(window.warnings) == 1 and window.warnings.pop().endswith("."), text
    assert list(cwd.iterdir()) == []
    (folder / "x.png").write_bytes(b"the user's picture")
    for name, says in RENAMED:
        typed_dialog(monkeypatch, str(folder / name))
        window.export_chart_action.trigger()
        assert len(window.warnings) == 1 and says in window.warnings.pop(), name
    assert sorted(p.name for p in folder.iterdir()) == ["x.png"]
    assert (folder / "x.png").read_bytes() == b"the user's picture"


@pytest.mark.parametrize("text", ["x.png/.", "x.png/..", "~", "a/~x.png/.", "x.svg" + os.sep])
def test_a_name_that_ends_in_a_folder_is_called_a_folder(tmp_path: Path, text: str) -> None:
    """Pass 10 re-check, W8: "x.png/." wrote x.png; "~" was called a file "with no type"."""
    with pytest.raises(export_dialog.ChartPathError, match="names a folder; add a file name"):
        export_dialog.chart_path(text, tmp_path)


def test_a_relative_name_goes_to_the_dialogs_folder(qtbot: object, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """"rel.png" was written into the process's current folder, which the dialog never shows."""
    shown, cwd = tmp_path / "shown", tmp_path / "cwd"
    shown.mkdir()
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    dialog = ExportDialog(PNG_PRESETS, shown / "chart.png")
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    dialog.path_edit.setText("rel.png")
    assert dialog.options().path == shown / "rel.png"
    dialog.path_edit.setText("sub/c.svg")
    assert dialog.options().path == shown / "sub" / "c.svg" and dialog.options().is_svg


def test_save_keeps_the_dialog_open_and_says_why(qtbot: object, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(export_dialog.QMessageBox, "warning",
                        lambda _parent, _title, text: said.append(text))
    dialog = ExportDialog(PNG_PRESETS, tmp_path / "chart.png")
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    dialog.path_edit.setText(str(tmp_path / "chart.jpg"))
    dialog.accept()
    assert said and ".jpg" in said[0] and ".png" in said[0]
    assert dialog.result() != ExportDialog.DialogCode.Accepted
    dialog.path_edit.setText(str(tmp_path / "chart.svg"))
    dialog.accept()
    assert dialog.result() == ExportDialog.DialogCode.Accepted and len(said) == 1


def test_a_lone_surrogate_in_a_handed_over_path_is_named() -> None:
    """"/tmp/\\ud800.toml: the name holds a NUL character, which no file name can"."""
    why = why_not_openable("/tmp/\ud800.toml")
    assert why is not None and "U+D800" in why and "lone surrogate" in why
    assert "NUL" not in why
    assert "NUL" in (why_not_openable("/tmp/a\x00.toml") or "")


@pytest.mark.skipif(sys.platform != "linux", reason="the file QSettings uses on Linux")
def test_the_settings_file_is_where_qt_keeps_the_settings(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """The exports refuse paths.settings_file(): it must be the file the window uses."""
    from chipscope.ui.app import APPLICATION, ORGANISATION, app_settings

    assert Path(app_settings().fileName()) == paths.settings_file()
    monkeypatch.delenv("CHIPSCOPE_HOME")
    native = QSettings(ORGANISATION, APPLICATION)
    assert Path(native.fileName()) == paths.settings_file()
