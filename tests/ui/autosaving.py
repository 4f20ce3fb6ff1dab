"""The window's autosave run at once, for the tests of autosaves that fail (a database gone,
read-only, locked by another program, on a full disk): one slider move and what it said."""

from __future__ import annotations

from typing import Any

KEY = "lock_in"


def listening(window: Any) -> Any:
    """The ``window``'s working scenario, which owns the autosave and keeps what it says in
    ``working.said``."""
    working = window.scenarios.working
    assert working.writable and working.owns_autosave
    working.said = []
    working.message_changed.connect(working.said.append)
    return working


def change(working: Any, value: float) -> str | None:
    """A slider move, then the autosave its timer runs (its failure's words, None if written)."""
    working.session.set_value(KEY, value)
    working.session.finish_edit(KEY)
    return working.autosave_now()  # type: ignore[no-any-return]
