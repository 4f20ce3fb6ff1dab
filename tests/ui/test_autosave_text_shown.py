"""Pass 13 window, E2: the restore question and the "no longer fit" box show an autosave's
text plainly. Before, a saved_at with a line feed broke the question's line, a zero-width
space or BOM showed as "(autosaved )", a BLOB said Python's b'\\xff\\xfe' and a REAL 1e+308;
an unknown value key with U+202E was shown raw and a 10,000-character one whole."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.document_state import fit_values
from chipscope.model.synthetic import synthetic_dataset
from chipscope.storage import open_user_database
from chipscope.storage.autosave import load_autosave, save_autosave
from chipscope.ui.main_window import MainWindow

HIDDEN = ("\n", "\u200b", "\u200d", "\ufeff", "\u202e")


def _autosave_with(db: Path, saved_at: object, values: dict[str, float] | None = None) -> None:
    save_autosave(db, "My", "", values or {"lock_in": 1.2}, unsaved=True)
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE autosave SET saved_at = ?", (saved_at,))
        if values is not None:  # a key no version would write (another program's row)
            conn.execute("UPDATE autosave SET values_json = ?", (json.dumps(values),))


@pytest.mark.parametrize(("stored", "shown"), [
    ("2026-01-01\nT00:00", "2026-01-01T00:00"),
    ("\u200b\u200d\ufeff2026-01-02T00:00\u202e", "2026-01-02T00:00"),
    (b"\xff\xfe", ""),
])
def test_saved_at_is_read_as_plain_text(tmp_path: Path, stored: object, shown: str) -> None:
    _, db = open_user_database()
    _autosave_with(db, stored)
    record = load_autosave(db)
    assert record is not None and record.saved_at == shown


@pytest.mark.parametrize(("stored", "said"), [
    ("2026-01-01\nT00:00", "(autosaved 2026-01-01T00:00)"),
    ("\u200b\ufeff", "(autosaved at an unknown time)"),
    (b"\xff\xfe", "(autosaved at an unknown time)"),
    (1e308, "(autosaved at an unknown time)"),  # the TEXT column made it "1.0e+308"
    ("yesterday", "(autosaved at an unknown time)"),
])
def test_the_restore_question_says_the_time_plainly(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        stored: object, said: str) -> None:
    window = make_window(show=False)
    assert window.db_path is not None
    _autosave_with(window.db_path, stored)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, _title, text, *_a:
                        asked.append(text) or QMessageBox.StandardButton.No)
    window.scenarios.offer_restore()
    (text,) = asked
    assert said in text and not any(ch in text for ch in HIDDEN)
    assert "b'" not in text and "e+308" not in text


def test_unknown_keys_are_escaped_and_shortened() -> None:
    specs = AssumptionSpecs.for_dataset(synthetic_dataset())
    _, left_out = fit_values({"lock\u202e_in": 1.0, "k" * 10_000: 1.0}, specs)
    assert left_out[0] == "lock\\u202e_in: not in this dataset"
    assert len(left_out[1]) < 120 and "10,000 characters" in left_out[1]


def test_the_no_longer_fit_box_shows_unknown_keys_escaped_and_short(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(show=False)
    assert window.db_path is not None
    _autosave_with(window.db_path, "2026-01-01T00:00:00+00:00",
                   {"lock_in": 1.2, "lock\u202e_in": 1.0, "k" * 10_000: 1.0})
    monkeypatch.setattr(window.scenarios, "ask_restore", lambda _record: True)
    assert window.scenarios.offer_restore()
    (said,) = window.errors  # type: ignore[attr-defined]
    assert "lock\\u202e_in: not in this dataset" in said and "\u202e" not in said
    assert len(said) < 1000 and "10,000 characters" in said
