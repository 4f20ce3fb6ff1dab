"""Pass 116 F4 (hang): Save As after opening a scenario whose description is one word of
900,000 letters (an imported file under the 1 MB limit, or a row another program wrote) took
100 s to show: the description box laid the word out at word boundaries. A word that long
wraps anywhere now; ordinary text still wraps at word boundaries."""
from __future__ import annotations

from PySide6.QtGui import QTextOption

from chipscope.ui.scenarios.name_dialog import NameDialog


def test_a_long_word_wraps_anywhere_and_is_kept_whole(qapp: object) -> None:
    text = "A" * 900_000
    dialog = NameDialog("Save scenario as", "Long (2)", text)
    assert dialog.description_edit is not None
    assert dialog.description_edit.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere
    assert dialog.values() == ("Long (2)", text)       # nothing cut from the description


def test_ordinary_text_wraps_at_word_boundaries(qapp: object) -> None:
    dialog = NameDialog("Save scenario as", "Mine", "A price war in 2027, " * 200)
    assert dialog.description_edit is not None
    assert dialog.description_edit.wordWrapMode() != QTextOption.WrapMode.WrapAnywhere
