"""Where the user's data edits are kept, as :class:`~chipscope.model.data_editor.DataEditor`
sees it: the :class:`EditStore` protocol (one edit per (table, key), changed all or none, never
over a slot another window changed since) and :class:`MemoryEditStore`, one in memory. Pure: no
Qt, no I/O (``storage.user_edits.DbEditStore`` keeps them in the user's database)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from chipscope.model.edits import ChangedElsewhere, Edit


class EditStore(Protocol):
    """Where the user's edits are kept, one per (table, key)."""

    def edits(self) -> list[Edit]: ...

    def put(self, edit: Edit) -> None:
        """Add the edit, or replace the one of the same (table, key)."""

    def put_all(self, edits: list[Edit]) -> None:
        """:meth:`put` each edit, all or none."""

    def remove(self, table: str, key: str) -> None:
        """Forget the edit of (table, key), if any."""

    def change(self, puts: list[Edit], removes: list[tuple[str, str]],
               expected: Mapping[tuple[str, str], Edit | None] | None = None,
               left: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
        """:meth:`put` each of ``puts`` and :meth:`remove` each (table, key) of ``removes``,
        all or none (one step of the undo history, however many rows it holds). ``expected``:
        the edit (None: none) the caller last saw in each (table, key) it changes; if one
        differs now (another window changed it) and is not what this change leaves there,
        raise :class:`ChangedElsewhere` (storage: EditsChanged) and change nothing; or, given
        a ``left`` list, leave that slot as it is, append it there and change the others.
        Returns the slots of ``expected`` that already held what this change leaves there."""


class MemoryEditStore:
    """An :class:`EditStore` in memory (tests; a dataset opened without a user database)."""

    def __init__(self, edits: list[Edit] | None = None):
        self._edits: dict[tuple[str, str], Edit] = {(e.table, e.key): e for e in edits or []}

    def edits(self) -> list[Edit]:
        return list(self._edits.values())

    def put(self, edit: Edit) -> None:
        self._edits.pop((edit.table, edit.key), None)
        self._edits[(edit.table, edit.key)] = edit

    def put_all(self, edits: list[Edit]) -> None:
        for edit in edits:
            self.put(edit)

    def remove(self, table: str, key: str) -> None:
        self._edits.pop((table, key), None)

    def change(self, puts: list[Edit], removes: list[tuple[str, str]],
               expected: Mapping[tuple[str, str], Edit | None] | None = None,
               left: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
        wanted = {**{(e.table, e.key): e for e in puts}, **dict.fromkeys(removes)}
        reached = [slot for slot, seen in (expected or {}).items()
                   if self._edits.get(slot) != seen and slot in wanted
                   and self._edits.get(slot) == wanted[slot]]
        changed = [slot for slot, seen in (expected or {}).items()
                   if self._edits.get(slot) != seen and slot not in reached]
        if changed and left is None:
            raise ChangedElsewhere(f"the edit of {changed[0][0]} \u201c{changed[0][1]}\u201d "
                                   "changed since it was read; nothing was changed")
        (left if left is not None else []).extend(changed)
        self.put_all([e for e in puts if (e.table, e.key) not in changed])
        for table, key in removes:
            if (table, key) not in changed:
                self.remove(table, key)
        return reached
