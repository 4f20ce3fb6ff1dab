"""Window findings of pass 10 (/work/pass10-win.md) fixed on branch fixwin2: scenario names
compared as stored, one damaged row of the scenarios table, the settings file, Ctrl+C, open
recent and the read-only folder of a data edit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope.storage.scenarios import list_scenarios, save_scenario
from chipscope.ui.main_window import MainWindow

NFC, NFD = "Caf\u00e9", "Cafe\u0301"


def db_of(window: MainWindow) -> Path:
    assert window.db_path is not None
    return window.db_path


def _save_as(window: MainWindow, monkeypatch: pytest.MonkeyPatch, name: str,
             answer: bool) -> list[str]:
    """Save As ``name``; the texts of the Replace questions asked (answered ``answer``)."""
    panel = window.scenarios.panel
    asked: list[str] = []
    monkeypatch.setattr(panel, "ask_name", lambda *_: (name, ""))
    monkeypatch.setattr(panel, "confirm", lambda _t, text: asked.append(text) or answer)
    panel.save_as()
    return asked


# --- W2: Save As a name equal after normalisation asks before replacing ------------------------
@pytest.mark.parametrize("typed", [NFD, NFC, f"  {NFD} "])
def test_save_as_a_decomposed_twin_asks_before_replacing(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        typed: str) -> None:
    """W2: Save As "Cafe" + combining accent replaced the saved "Café" without asking, also
    when the question would have been answered No."""
    window = make_window(show=False)
    save_scenario(db_of(window), NFC, "mine", {"lock_in": 1.0})
    window.scenarios.panel.refresh()
    window.session.set_value("lock_in", 4.0)
    window.session.finish_edit("lock_in")
    asked = _save_as(window, monkeypatch, typed, answer=False)
    assert len(asked) == 1 and NFC in asked[0]
    [kept] = list_scenarios(db_of(window))
    assert (kept.name, kept.description, kept.values) == (NFC, "mine", {"lock_in": 1.0})
    assert _save_as(window, monkeypatch, typed, answer=True) == asked
    assert [(r.name, r.values) for r in list_scenarios(db_of(window))] == [
        (NFC, {"lock_in": 4.0})]
    assert window.scenarios.panel.selected_name() == NFC


def test_save_as_asks_about_a_twin_another_window_saved(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    """W2 across two windows: the second window's Save As NFD did not ask about the first
    window's NFC save."""
    first, second = make_window(show=False), make_window(show=False)
    save_scenario(db_of(first), NFC, "mine", {"lock_in": 1.0})
    first.scenarios.panel.refresh()
    second.session.set_value("lock_in", 4.0)
    second.session.finish_edit("lock_in")
    assert len(_save_as(second, monkeypatch, NFD, answer=False)) == 1
    assert list_scenarios(db_of(first))[0].values == {"lock_in": 1.0}


def test_saving_as_the_working_scenarios_own_name_in_another_form_does_not_ask(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(show=False)
    save_scenario(db_of(window), NFC, "mine", {"lock_in": 1.0})
    panel = window.scenarios.panel
    panel.refresh()
    assert panel.select(NFC) and panel.open_selected()
    window.session.set_value("lock_in", 4.0)
    window.session.finish_edit("lock_in")
    assert _save_as(window, monkeypatch, NFD, answer=False) == []
    assert list_scenarios(db_of(window))[0].values == {"lock_in": 4.0}


# --- W3: names that look like another name are refused ------------------------------------------
@pytest.mark.parametrize(("name", "code"), [
    ("a\ufe0f", "U+FE0F"), ("a\U000E0041", "U+E0041"), ("\u0301\u0301", "U+0301"),
    ("a\uffff", "U+FFFF"), ("a\u200db", "U+200D"), ("\u00adab", "U+00AD")])
def test_save_as_refuses_a_name_with_a_character_that_shows_as_nothing(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch, name: str,
        code: str) -> None:
    """W3: "a", "a" + U+FE0F and "a" + U+E0041 were three scenarios that look the same."""
    window = make_window(show=False)
    save_scenario(db_of(window), "a", "", {"lock_in": 1.0})
    window.scenarios.panel.refresh()
    _save_as(window, monkeypatch, name, answer=True)
    assert [r.name for r in list_scenarios(db_of(window))] == ["a"]
    [error] = window.errors  # type: ignore[attr-defined]
    assert code in error and "invisible" in error
