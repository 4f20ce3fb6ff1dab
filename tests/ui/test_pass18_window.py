"""Pass 18 (window): a second start short of room because files already wait is told FULL
(D3), the Uncertainty bands chart keeps its title after a data change (E1), and a long vendor
name no longer widens the window past a laptop's screen (E2)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from chipscope.ui.data_edit.dialog import open_data_dialog
from chipscope.ui.handover import FULL, MAX_FILES, TOO_MANY
from chipscope.ui.instance import FileServer
from chipscope.ui.main_window import MainWindow

TypeInto = Callable[[object, dict[str, str]], None]  # the type_into fixture


@pytest.mark.qt_log_ignore("device not open")  # the stand-in sockets are never connected
def test_files_left_out_because_others_wait_are_told_full_not_too_many(qtbot: QtBot) -> None:
    """D3: 8 files waited behind a question; a second start with 3 was told the window "takes
    at most 10 files at once" for the third, though it passed only 3."""
    server = FileServer("chipscope-test-pass18", ready=False)  # a start question is open
    waiting, later, many = QLocalSocket(), QLocalSocket(), QLocalSocket()
    server._queue([Path(f"w{i}.toml") for i in range(8)], waiting)
    server._queue([Path(f"f{i}.toml") for i in range(8, 11)], later)
    assert server._not_opened[later] == [(str(Path("f10.toml")), FULL)]
    fresh = FileServer("chipscope-test-pass18b", ready=False)
    fresh._queue([Path(f"m{i}.toml") for i in range(MAX_FILES + 2)], many)
    assert [why for _f, why in fresh._not_opened[many]] == [TOO_MANY, TOO_MANY]


def rename_vendor(window: MainWindow, vendor_id: str, name: str, type_into: TypeInto) -> None:
    """Rename a vendor in Edit data and save, as a user would."""
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.table_box.setCurrentText("vendors")
    dialog._select(vendor_id)
    type_into(dialog, {"name": name, "citation": "Me", "url": "https://example.com/v",
                       "retrieved": "2026-11-30", "licence": "CC-BY-4.0"})
    assert dialog.save(), dialog.status.text()
    dialog.close()


def test_the_bands_chart_keeps_its_title_and_axis_after_a_data_edit(
        make_window: Callable[..., MainWindow], qtbot: QtBot, type_into: TypeInto) -> None:
    """E1: after a save in Edit data (an undo, an import) the Uncertainty bands chart was
    rebuilt without its title and its "Share (%)" axis label, until the measure changed."""
    window = make_window()
    window.uncertainty.set_bands_on(True)
    chart = window.uncertainty.panel.chart
    assert chart.plot_item.titleLabel.text != ""
    rename_vendor(window, "nvidia", "NVIDIA X", type_into)
    qtbot.waitUntil(lambda: not window.session.is_stale(), timeout=10_000)
    chart = window.uncertainty.panel.chart  # a new panel for the new dataset
    assert "Vendor share" in chart.plot_item.titleLabel.text
    assert "Share" in chart.plot_item.getAxis("left").labelText


def test_a_long_vendor_name_leaves_the_window_a_laptops_width(
        make_window: Callable[..., MainWindow], qtbot: QtBot, type_into: TypeInto,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """E2: a 100-character vendor name (Edit data allows it) widened the vendor lists of the
    Uncertainty bands and Sensitivity docks, and the window's least width went from 1,224 to
    1,660 px, wider than a 1,366 px laptop screen."""
    # A large screen: on offscreen's 800 x 800 one the side docks give up width to fit it
    # (chipscope/ui/window_fit.py), and the least width measured would be that narrowed one.
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(0, 0, 1920, 1080))
    window = make_window()
    window.uncertainty.set_bands_on(True)
    QApplication.processEvents()
    before = window.minimumSizeHint().width()
    rename_vendor(window, "groq", "Groq " + "VeryLongName" * 7, type_into)
    qtbot.waitUntil(lambda: not window.session.is_stale(), timeout=10_000)
    QApplication.processEvents()
    assert window.minimumSizeHint().width() <= before + 20  # was about 430 px wider
    combo = window.uncertainty.panel.vendor_combo
    assert "Groq VeryLongName" in combo.itemText(combo.findData("groq"))  # shown whole


def test_an_undone_adopter_says_what_save_needs_and_an_undone_access_row_names_its_adopter(
        make_window: Callable[..., MainWindow], type_into: TypeInto) -> None:
    """D1: after an undo removed a just-added adopter, the status said "Save adds it again",
    but its vendors went with it and Save was disabled; for its access row, Save was refused
    because the adopter went in the same undo."""
    window = make_window(show=False)
    dialog = open_data_dialog(window)
    assert dialog is not None
    dialog.table_box.setCurrentText("adopters")
    template = dialog.editor.row("adopters", dialog._selected_key() or "openai")
    assert template is not None
    dialog.start_new()
    assert dialog.form is not None
    typed = {k: v for k, v in template.items() if k in dialog.form.fields}
    type_into(dialog, {**typed, "adopter_id": "zz_adopter", "name": "ZZ Adopter",
                       "buys_from": "nvidia, amd", "citation": "Me",
                       "url": "https://example.com/v", "retrieved": "2026-11-30",
                       "licence": "CC-BY-4.0"})
    assert dialog.save(), dialog.status.text()
    window.scenarios.working.undo()
    said = dialog.status.text()
    assert "was removed" in said and "Save adds it again" not in said
    assert "correct them to add it again" in said
    # the field named once, by its label (pass 22 W6: "(buys_from: buys_from: ...)")
    assert "(Buys from: name at least one vendor" in said and "buys_from" not in said
    assert said.endswith("or Edit > Redo brings it back.")
    window.scenarios.working.redo()
    dialog.table_box.setCurrentText("access")
    dialog._select("zz_adopter.nvidia")
    window.scenarios.working.undo()
    said = dialog.status.text()
    assert "its adopter \u201czz_adopter\u201d was removed too" in said
    assert "Save adds it again" not in said
