"""Pass 25 F5 in the window: renaming "Café" to "Cafe" + combining accent (as pasted from
macOS: the same name once stored) compared the raw strings, so the panel went on and the
document recorded a rename step that did nothing, whose undo then renamed the scenario to
"Café (restored)". The panel compares names as stored: nothing renamed, no step, no error."""

from __future__ import annotations

from chipscope.storage import list_scenarios
from chipscope.ui.scenarios.panel import ScenariosPanel
from tests.ui.test_scenarios_ui import PRICE, _answers, _edit, panel  # noqa: F401 - fixture


def test_renaming_to_the_same_name_in_another_unicode_form_does_nothing(
        panel: ScenariosPanel) -> None:  # noqa: F811 - the fixture
    w, answers = panel.working, _answers(panel)
    _edit(w, PRICE, -25)
    answers.names = [("Caf\u00e9", "")]
    assert panel.save()
    index = w.document.history.index
    panel.select("Caf\u00e9")
    answers.names = [("Cafe\u0301", ""), ("Caf\u00e9 ", "")]
    assert panel.rename_selected() is False and panel.rename_selected() is False
    assert answers.errors == [] and w.document.history.index == index
    assert [s.name for s in list_scenarios(w.db_path)] == ["Caf\u00e9"] and w.name == "Caf\u00e9"
