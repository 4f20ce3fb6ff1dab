"""The dataset replaced under a running main window: values carried over where they fit, undo
history cleared, and every panel following (assumptions, charts, table, details and checks,
compare window, scenario list, status bar, title)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui.main_window import MainWindow
from chipscope.ui.panels.param_widgets import ParamEditor
from chipscope.ui.scenarios.compare_view import WORKING

PRICE = "vendor.nvidia.price_change_pct"


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window()


def _settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.session.is_stale() and not window.is_table_stale())


def test_replacing_the_dataset_under_a_running_window(qtbot: QtBot,
                                                      window: MainWindow) -> None:
    real = window.session.dataset
    session, working = window.session, window.scenarios.working
    session.set_value("lock_in", 1.5)
    session.finish_edit("lock_in")
    session.set_value(PRICE, -25.0)
    session.finish_edit(PRICE)
    compare = window.scenarios.open_compare()
    compare.set_selection([WORKING, "Price war"])
    assert window.scenarios.undo.undo_action.isEnabled()
    preset_rows = len(window.scenarios.panel.rows())
    window.details_panel.setCurrentWidget(window.details_panel.checks)

    synthetic = synthetic_dataset()
    problems = window.replace_dataset(synthetic)
    _settle(qtbot, window)

    # The values that still fit are kept; NVIDIA's price is not a key of the synthetic set.
    assert session.dataset is synthetic and session.assumptions["lock_in"] == 1.5
    assert problems == [f"{PRICE}: not in the new dataset (dropped)"]
    assert "undo history cleared" in window.statusBar().currentMessage()
    assert not window.scenarios.undo.undo_action.isEnabled()
    assert window.windowTitle() == "Untitled* \u2014 ChipScope"
    # The forms are the new dataset's, bound to the session.
    panel = window.assumptions_panel
    assert PRICE not in panel.editors and "vendor.v0.price_change_pct" in panel.editors
    editor = panel.editor("lock_in")
    assert isinstance(editor, ParamEditor) and editor.value() == 1.5
    adopter = panel.editor("adopter.a1.demand_growth_pct")
    assert adopter is panel.editors["adopter.a1.demand_growth_pct"]
    # Charts, table, details and checks, status bar.
    assert window.chart_area.dataset() is synthetic
    projection = window.chart_area.projection()
    assert projection is session.projection
    assert tuple(projection.vendor_ids) == tuple(synthetic.vendor_ids)
    assert not window.table_model.frame().empty
    assert window.details_dock.widget() is window.details_panel
    assert window.details_panel.currentWidget() is window.details_panel.checks  # same tab
    chips = window.details_panel.table("Chips")
    assert len(chips) == len(synthetic.chips)
    assert window.dataset_label.text().startswith(f"Dataset: {synthetic.name}")
    # The compare window was rebuilt for the new dataset and is shown again.
    new_compare = window.scenarios.compare_window
    assert new_compare is not None and new_compare is not compare and new_compare.isVisible()
    assert set(new_compare.vendor_names) == set(synthetic.vendor_ids)
    new_compare.set_selection([WORKING])
    assert new_compare.labels == ["Untitled (working)"]
    # The presets that do not fit the synthetic dataset are left out of the list.
    assert len(window.scenarios.panel.rows()) < preset_rows

    # Editing on the new dataset records steps again, and undo works on them.
    slider = panel.editor("vendor.v0.price_change_pct")
    assert isinstance(slider, ParamEditor)
    slider.slider.setValue(slider.slider.value() + 5)
    _settle(qtbot, window)
    assert window.scenarios.undo.undo_action.text() == "Undo Vendor 0 price change"
    window.scenarios.undo.undo_action.trigger()
    assert session.assumptions["vendor.v0.price_change_pct"] == \
        session.specs["vendor.v0.price_change_pct"].default
    assert slider.value() == session.specs["vendor.v0.price_change_pct"].default
    assert not window.scenarios.undo.undo_action.isEnabled()  # nothing from the old dataset
    _settle(qtbot, window)

    # And back to the bundled dataset: the real forms, charts and presets return.
    assert window.replace_dataset(real) == []
    _settle(qtbot, window)
    assert session.dataset is real and PRICE in window.assumptions_panel.editors
    assert window.chart_area.dataset() is real
    assert len(window.scenarios.panel.rows()) == preset_rows
    window.scenarios.panel.select("Price war")
    assert window.scenarios.panel.open_selected()
    _settle(qtbot, window)
    assert session.assumptions[PRICE] == -30
    assert working.title() == "Price war \u2014 ChipScope"
