"""A DataEditor told that a stop was asked (the app is ending on a signal) stores a change and
does not show it (pass 87, F1: the reload after a 1,000-row import took 6 s, and the window
ended that late)."""

from __future__ import annotations

from chipscope.model.data_editor import DataEditor, MemoryEditStore
from chipscope.model.dataset import Dataset
from chipscope.model.document import Document
from chipscope.model.edits import frames_as_text
from chipscope.model.synthetic import synthetic_dataset
from tests.model.test_data_edits import SOURCE


def _editor(asked: list[bool]) -> DataEditor:
    base = frames_as_text(synthetic_dataset().frames)
    return DataEditor(Document(Dataset.from_frames(dict(base))), base, MemoryEditStore(),
                      stop_asked=lambda: asked[0])


def test_a_change_is_stored_and_shown_when_no_stop_is_asked() -> None:
    editor = _editor([False])
    shown = editor.document.dataset
    editor.retire("deals", "d0", SOURCE, "medium")
    assert [e.key for e in editor.store.edits()] == ["d0"]
    assert editor.document.dataset is not shown


def test_a_change_is_stored_and_not_shown_once_a_stop_is_asked() -> None:
    editor = _editor([True])
    shown = editor.document.dataset
    editor.retire("deals", "d0", SOURCE, "medium")
    assert [e.key for e in editor.store.edits()] == ["d0"]
    assert editor.document.dataset is shown


def test_a_stop_asked_during_a_reloads_read_leaves_the_dataset_as_shown() -> None:
    """Pass 90 F1: a signal in the read that catch_up (Edit data opened again) or a reload
    starts with was handled after the whole 5 s rebuild."""
    asked = [False]
    editor = _editor(asked)
    other = DataEditor(editor.document, editor.base, editor.store)  # another window, same store
    other.retire("deals", "d0", SOURCE, "medium")
    shown = editor.document.dataset
    real = editor.store.edits

    def edits() -> list:  # type: ignore[type-arg]
        asked[0] = True  # the signal comes inside the read
        return real()

    editor.store.edits = edits  # type: ignore[method-assign]
    editor.reload()
    assert editor.document.dataset is shown
