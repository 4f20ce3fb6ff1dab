"""The status bar shows paths and names as they are: a line break or a right-to-left override in
a file name is spelled out (it used to break the line or turn the rest of it backwards), and a
dataset named like HTML (its meta table refuses hidden characters) is shown as its text, not
drawn in bold; a panel's status line (Edit data, tornado, fan chart, compare) likewise."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from chipscope.model import Dataset
from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui.main_window import MainWindow
from chipscope.ui.plain import MessageLabel


def test_a_passing_message_spells_out_hidden_characters(
        make_window: Callable[..., MainWindow]) -> None:
    window = make_window(synthetic_dataset(), show=False)
    window.statusBar().showMessage("Chart saved to /tmp/a\nb\u202efdp.png", 5000)
    assert window.statusBar().currentMessage() == "Chart saved to /tmp/a\\nb\\u202efdp.png"


def test_a_pasted_huge_name_is_shortened_in_the_middle(
        make_window: Callable[..., MainWindow]) -> None:
    window = make_window(synthetic_dataset(), show=False)
    window.statusBar().showMessage("Scenario saved to /tmp/" + "x" * 50_000 + ".toml")
    shown = window.statusBar().currentMessage()
    assert shown.startswith("Scenario saved to /tmp/x") and "x.toml" in shown
    assert "\u2026" in shown and len(shown) < 2_000


def test_the_dataset_name_is_text_not_html(make_window: Callable[..., MainWindow]) -> None:
    frames = dict(synthetic_dataset().frames)
    meta = frames["meta"].copy()
    meta.loc[meta["key"] == "name", "value"] = "<b>Lab</b>"
    dataset = Dataset.from_frames(frames | {"meta": meta})
    window = make_window(dataset, show=False)
    label = window.dataset_label
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text().startswith("Dataset: <b>Lab</b>")


def test_a_panel_status_line_is_literal_text() -> None:
    label = MessageLabel()
    label.setText("Not exported: /tmp/<i>a\u202e.csv:\n2 problems")
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == "Not exported: /tmp/<i>a\\u202e.csv:\n2 problems"


def test_menu_texts_show_names_as_they_are(make_window: Callable[..., MainWindow],
                                           tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A recent file named with a line break or U+202E, and an undo label naming "AT&T" (the
    "&" became a shortcut, the name lost it)."""
    from chipscope.ui.recent import RecentFiles

    window = make_window(synthetic_dataset(), show=False)
    odd = tmp_path / "a\nb\u202elmot.toml"
    odd.write_text('format_version = 1\nname = "rd"\n', encoding="utf-8")
    window.settings.setValue("recent_files", [str(odd)])
    recent = RecentFiles(window.settings, window.desktop.recent_menu,
                         window.desktop.open_file, window)
    assert recent.menu.actions()[0].text() == "&1 a\\nb\\u202elmot.toml"
    undo = window.scenarios.undo
    monkeypatch.setattr(undo.working.stack, "undo_label", lambda: "Undo Edit adopters AT&T")
    undo.refresh()
    assert undo.undo_action.text() == "Undo Edit adopters AT&&T"
