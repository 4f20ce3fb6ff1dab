"""#11: the filter box of the assumptions panel (words in label, vendor, adopter, deal; case and
accents ignored), "n of N assumptions", empty groups hidden, the "Changed from default" view,
Ctrl+F and Esc."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from chipscope.model.dataset import Dataset
from chipscope.model.synthetic import synthetic_dataset
from chipscope.storage import open_user_database
from chipscope.ui.main_window import MainWindow
from chipscope.ui.panels.assumptions import AssumptionsPanel
from chipscope.ui.panels.filter import fold
from chipscope.ui.panels.param_widgets import ParamEditor
from chipscope.ui.session import Session

MIN_SHARE = "adopter.openai.min_share.aws"


def make_panel(qtbot: QtBot, dataset: Dataset) -> AssumptionsPanel:
    panel = AssumptionsPanel(Session(dataset))
    qtbot.addWidget(panel)
    panel.resize(460, 900)
    with qtbot.waitExposed(panel):
        panel.show()
    return panel


def type_filter(qtbot: QtBot, panel: AssumptionsPanel, text: str) -> None:
    """Type into the box as a user does, and wait for the (debounced) filter."""
    panel.filter_bar.line.clear()
    with qtbot.waitSignal(panel.filter_bar.filter_changed, timeout=2000):
        if text.isascii():
            qtbot.keyClicks(panel.filter_bar.line, text)
        else:  # QTest types ASCII only; an input method would insert the text like this
            panel.filter_bar.line.insert(text)


def visible(panel: AssumptionsPanel, widget: QWidget) -> bool:
    return widget.isVisibleTo(panel)


def shown_keys(panel: AssumptionsPanel) -> set[str]:
    return {k for k, e in panel.editors.items() if visible(panel, e)}


def test_openai_aws_finds_the_minimum_share_and_hides_the_rest(
        qtbot: QtBot, real_dataset: Dataset) -> None:
    panel = make_panel(qtbot, real_dataset)
    total = len(panel.session.specs)
    assert panel.filter_bar.count.text() == f"{total:,} of {total:,} assumptions"
    type_filter(qtbot, panel, "openai aws")
    shown = shown_keys(panel)
    assert MIN_SHARE in shown and visible(panel, panel.editor(MIN_SHARE))
    label = panel.session.specs[MIN_SHARE].label
    assert label.startswith("OpenAI: minimum share from AWS")
    # Everything shown names both; unrelated rows are hidden.
    for key in shown:
        text = fold(panel.form_filter.texts[key])
        assert "openai" in text and "aws" in text, key
    for hidden in ("demand_growth_pct", "vendor.nvidia.price_change_pct",
                   "adopter.openai.min_share.nvidia", "adopter.microsoft.min_share.aws"):
        assert hidden not in shown
    assert panel.filter_bar.count.text() == f"{len(shown)} of {total:,} assumptions"
    # Groups with nothing left are hidden; the adopter chooser gives way to the matches.
    assert not visible(panel, panel.sections["global"])
    assert not visible(panel, panel.sections["vendor"])
    assert visible(panel, panel.sections["adopter"])
    assert not visible(panel, panel.adopter_chooser)
    # Cleared: everything is back, and the chooser with one adopter's page.
    panel.filter_bar.line.setFocus()
    qtbot.keyClick(panel.filter_bar.line, Qt.Key.Key_Escape)
    assert panel.filter_bar.line.text() == ""
    assert visible(panel, panel.sections["global"]) and visible(panel, panel.adopter_chooser)
    assert visible(panel, panel.editor("demand_growth_pct"))


def test_words_match_any_case_and_accents_and_several_adopters(qtbot: QtBot) -> None:
    panel = make_panel(qtbot, synthetic_dataset())
    type_filter(qtbot, panel, "M\u00cdNIMUM Sh\u00e2re")
    shown = shown_keys(panel)
    dataset = panel.session.dataset
    expected = {f"adopter.{a}.min_share.{v}" for a in dataset.adopter_ids
                for v in dataset.vendor_ids}
    assert shown == expected  # every adopter's rows, their pages shown one under another
    pages = [p for p in panel._adopter_pages.values() if visible(panel, p)]
    assert len(pages) == len(dataset.adopter_ids)
    type_filter(qtbot, panel, "minimum share a2.min_share.v3")  # the key works too
    assert shown_keys(panel) == {"adopter.a2.min_share.v3"}
    type_filter(qtbot, panel, "vendor 3 minimum adopter 2")  # words in any order
    assert "adopter.a2.min_share.v3" in shown_keys(panel)
    type_filter(qtbot, panel, "no such words")
    assert shown_keys(panel) == set()
    assert panel.filter_bar.count.text().startswith("0 of")
    assert not any(visible(panel, s) for s in panel.sections.values())


def test_changed_from_default_shows_only_changed_ones(qtbot: QtBot) -> None:
    panel = make_panel(qtbot, synthetic_dataset())
    session = panel.session
    session.set_value("vendor.v2.price_change_pct", -30.0)
    session.set_value("adopter.a1.affinity.v0", 1.5)
    panel.filter_bar.changed_only.click()
    assert shown_keys(panel) == {"vendor.v2.price_change_pct", "adopter.a1.affinity.v0"}
    assert panel.filter_bar.count.text() == f"2 of {len(session.specs):,} assumptions"
    assert not visible(panel, panel.sections["deal"])
    # Changed while the view is on: it joins; set back to default: it stays (no row vanishes
    # under the pointer) until the filter changes.
    session.set_value("bass_q", 1.2)
    assert "bass_q" in shown_keys(panel)
    session.set_value("adopter.a1.affinity.v0", 0.0)
    assert "adopter.a1.affinity.v0" in shown_keys(panel)
    type_filter(qtbot, panel, "v2")  # words and the toggle together
    assert shown_keys(panel) == {"vendor.v2.price_change_pct"}
    panel.filter_bar.changed_only.click()
    qtbot.keyClick(panel.filter_bar.line, Qt.Key.Key_Escape)
    assert len(shown_keys(panel)) > 10


def test_ctrl_f_focuses_the_filter_box(qtbot: QtBot) -> None:
    panel = make_panel(qtbot, synthetic_dataset())
    with qtbot.waitActive(panel):
        panel.activateWindow()
    editor = panel.editors["price_sensitivity"]
    assert isinstance(editor, ParamEditor)
    editor.spin.setFocus()
    qtbot.waitUntil(editor.spin.hasFocus)
    qtbot.keyClick(editor.spin, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(panel.filter_bar.line.hasFocus)


def test_the_filter_survives_a_dataset_replacement(qtbot: QtBot) -> None:
    panel = make_panel(qtbot, synthetic_dataset())
    type_filter(qtbot, panel, "price change")
    before = shown_keys(panel)
    assert before and all(k.endswith("price_change_pct") for k in before)
    panel.session.replace_dataset(synthetic_dataset(n_vendors=6))
    after = shown_keys(panel)
    assert len(after) == 6 and all(k.endswith("price_change_pct") for k in after)


@pytest.mark.parametrize(("text", "folded"), [("Nvídia", "nvidia"), ("ÅWS", "aws"),
                                               ("Straße", "strasse")])
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_ctrl_f_in_the_main_window_reaches_the_filter(qtbot: QtBot,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """From anywhere in the window (here the chart area): one Ctrl+F, no ambiguous shortcut."""
    dataset, db = open_user_database()
    settings = QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"),
                         QSettings.Format.IniFormat)
    win = MainWindow(Session(dataset), settings, db_path=db)
    qtbot.addWidget(win)
    monkeypatch.setattr(win.scenarios.panel, "ask_unsaved", lambda: "discard")
    with qtbot.waitActive(win):
        win.show()
        win.activateWindow()
    win.chart_area.setFocus()
    qtbot.waitUntil(win.chart_area.hasFocus)
    qtbot.keyClick(win.chart_area, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    line = win.assumptions_panel.filter_bar.line
    qtbot.waitUntil(line.hasFocus)
    with qtbot.waitSignal(win.assumptions_panel.filter_bar.filter_changed, timeout=2000):
        qtbot.keyClicks(line, "nvidia price")
    shown = shown_keys(win.assumptions_panel)
    assert "vendor.nvidia.price_change_pct" in shown and "demand_growth_pct" not in shown
    qtbot.keyClick(line, Qt.Key.Key_Escape)
    assert line.text() == "" and "demand_growth_pct" in shown_keys(win.assumptions_panel)


def test_one_letter_filters_nothing_two_do(qtbot: QtBot) -> None:
    panel = make_panel(qtbot, synthetic_dataset())
    total = len(panel.session.specs)
    built = len(panel.editors)
    type_filter(qtbot, panel, "a")
    assert panel.form_filter.shown is None and len(panel.editors) == built  # no page built
    assert panel.filter_bar.count.text() == f"{total:,} of {total:,} assumptions"
    qtbot.keyClicks(panel.filter_bar.line, "f")  # "af": affinity
    qtbot.waitUntil(lambda: panel.form_filter.shown is not None)
    assert shown_keys(panel) and all(".affinity." in k for k in shown_keys(panel))
