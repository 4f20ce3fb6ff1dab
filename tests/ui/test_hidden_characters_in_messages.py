"""Pass 13 window, D3: a path holding a bidirectional control (U+202E), a line break or an
invisible character is shown with those characters as escapes (\\u202e) in every message box.
Before, "Cannot open the scenario" read backwards (".ereht regnol on si ti :lmot.3pmi") and a
name with a line feed split the sentence over two lines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope.model.text_rules import escaped_hidden
from chipscope.ui.main_window import MainWindow
from chipscope.ui.plain import elide, literal

HIDDEN = ("\u202e", "\u2066", "\u200b", "\ufeff", "\x1b", "\u2028")


@pytest.mark.parametrize("odd", ["\u202e", "\n", "\u200b", "\ufeff", "\x1b"])
def test_a_handed_over_path_with_a_hidden_character_is_shown_escaped(
        make_window: Callable[..., MainWindow], tmp_path: Path, odd: str) -> None:
    window = make_window(show=False)
    path = tmp_path / f"{odd}imp3.toml"  # not there: "Cannot open the scenario"
    assert not window.open_scenario_file(path)
    text = window.errors[-1]  # type: ignore[attr-defined]
    assert odd not in text and f"{ascii(odd)[1:-1]}imp3.toml" in text
    assert "\n" not in text  # one line


def test_a_message_box_never_shows_a_hidden_character_raw() -> None:
    # a storage error that names a database in a folder with a bidi control, say
    text = literal("There is no saved scenario named 'x' in /home/u/\u202eevil/chipscope.db."
                   "\nSecond line\tkept.")
    assert not any(ch in text for ch in HIDDEN)
    assert "/home/u/\\u202eevil/chipscope.db." in text and "\nSecond line\tkept." in text
    assert "\\u202e" in literal("<b>\u202e</b>")  # as HTML too


def test_elide_and_the_rule_spell_out_every_hidden_character() -> None:
    shown = elide("a\u202eb\nc\u200bd\ufeffe\udcfff")
    assert shown == "a\\u202eb\\nc\\u200bd\\ufeffe\\udcfff"
    assert escaped_hidden("Café 日本 /tmp/x.toml") == "Café 日本 /tmp/x.toml"  # untouched
    long = elide("\u202e" * 1000)
    assert "\u202e" not in long and "1,000 characters" in long
