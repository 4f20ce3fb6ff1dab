"""Pass 47 F5, in the window: a saved scenario row (written by another program, as
:func:`window_with_saved_row` writes it) whose values_json is a number or not JSON is named in
plain words in the status bar, not "a int" or the JSON decoder's "Expecting value: line 1
column 1 (char 0)"; the good row is still listed and the database is untouched."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chipscope.ui.main_window import MainWindow
from tests.ui.saved_rows import window_with_saved_row


@pytest.mark.parametrize(("values_json", "words"), [
    ("5", "its values are a number, not a JSON object of key: number"),
    ("not json {", "its values are not JSON (they cannot be read as JSON text)"),
    ("[1,2]", "its values are a list, not a JSON object of key: number"),
    ('{"lock_in": 1e400}', "the value of 'lock_in' is not a finite number"),
])
def test_the_window_names_a_damaged_saved_row_in_plain_words(
        make_window: Callable[..., MainWindow], values_json: str, words: str) -> None:
    window, db = window_with_saved_row(make_window, "Good", "Xbad", values_json)
    before = db.read_bytes()
    window.scenarios.working.entries()
    said = window.statusBar().currentMessage()
    assert said.startswith(f"The saved scenario 'Xbad' in {db} is damaged ({words}).")
    assert not any(w in said for w in ("a int", "Expecting", "char 0", "flat list",
                                       "out of range")), said
    assert [e.name for e in window.scenarios.working.entries() if not e.is_preset] == ["Good"]
    assert db.read_bytes() == before
