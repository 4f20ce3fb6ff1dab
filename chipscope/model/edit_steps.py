"""What an undo or redo of a data-edit step would leave in the store, and whether it makes an
edit stop applying: the rule behind :meth:`DataEditor._step
<chipscope.model.data_editor.DataEditor>` and the withdrawal of a row another edit needs.

An undo or redo puts each slot's value back only where the slot still holds what the step
left there; a slot another window or program changed since is left as it is (pass 20). Rows of
one step may depend on each other (an adopter and its access rows), and an edit outside the
step may depend on one of them (a deal at the adopter's new name): a step that would make any
edit stop applying changes nothing and is refused with what to do first (pass 21)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set

import pandas as pd

from chipscope.model.edits import Conflict, Edit, build_dataset

Slot = tuple[str, str]
"""(table, key): where one edit is kept."""


def after_step(current: list[Edit], values: list[tuple[Slot, Edit | None]],
               over: list[tuple[Slot, Edit | None]]) -> list[Edit]:
    """The stored edits once the step puts ``values`` where the store holds ``over`` (a slot
    holding anything else is left as it is, as the store's change does), in the store's order
    (by creation time, then row: the order decides which of two clashing edits applies)."""
    now = {(e.table, e.key): e for e in current}
    expected = dict(over)
    for slot, value in values:
        if now.get(slot) != expected.get(slot):
            continue  # changed elsewhere (or already the target): left as it is
        if value is None:
            now.pop(slot, None)
        else:
            now[slot] = value  # an upsert keeps its row; a new slot comes last
    return sorted(now.values(), key=lambda e: e.created_at)


def newly_broken(base: Mapping[str, pd.DataFrame], before: list[Edit], after: list[Edit],
                 own: Set[Slot] = frozenset()) -> Conflict | None:
    """The first edit stored both before and after, unchanged, that applies with ``before``
    and not with ``after`` (None: none). An edit the step itself puts back is the user's own
    history (an undo of keeping a conflict brings the conflict back) and is not counted, but
    for the slots of ``own`` (a redo's: it puts back what applied when the step was done)."""
    held = {_slot(e): e for e in before}
    kept = [e for e in after if held.get(_slot(e)) == e]
    if len(kept) == len(after) == len(before):
        return None  # nothing changes
    counted = {_slot(e) for e in kept} | set(own)
    was = {_slot(c.edit) for c in build_dataset(base, before)[1].conflicts}
    return next((c for c in build_dataset(base, after)[1].conflicts
                 if _slot(c.edit) in counted and _slot(c.edit) not in was), None)


def step_refusal(label: str, word: str, broken: Conflict,
                 values: Sequence[tuple[Slot, Edit | None]],
                 left: set[Slot]) -> str:
    """Why an undo or redo (``word``) of ``label`` is refused: ``broken`` would stop applying."""
    slot = _slot(broken.edit)
    done = "undone" if word == "Undo" else "redone"
    if slot in dict(values) and slot not in left:  # the step's own edit would not apply
        return (f"the {label} cannot be {done}: the {broken.edit.describe()} would not apply: "
                f"{broken.reason}. Nothing was changed; add or change what it needs first "
                f"(Edit > Edit data\u2026), then {word.lower()} again.")
    whose = " (changed by another window or program since)" if slot in left else (
        " (another edit)")
    return (f"the {label} cannot be {done} without making the {broken.edit.describe()}{whose} "
            f"stop applying: {broken.reason}. Nothing was changed; change or withdraw that edit "
            f"first (Edit > Edit data\u2026 or `chipscope-cli data drop-edit {slot[0]} "
            f"{slot[1]}`), then {word.lower()} again.")


def left_note(word: str, label: str, left: list[Slot], rest: int) -> str:
    """The note of an undo or redo that left ``left`` (changed elsewhere) and did ``rest``."""
    it, was = ("it is", "was") if len(left) == 1 else ("they are", "were")
    done = "undone" if word == "Undo" else "redone"
    if not rest:
        return (f"{word} of {label} passed over: another window or program changed "
                f"{_rows(left)} in the database since, and {it} left as {it} there; Edit > "
                f"{word} goes on with the {'older' if word == 'Undo' else 'newer'} steps.")
    return (f"{word} of {label}: {_rows(left)} {was} changed by another window or program "
            f"since and {it.split()[1]} left as {it}; the other "
            f"{'one was' if rest == 1 else f'{rest:,} were'} {done}.")


def _rows(slots: list[Slot]) -> str:
    """"deals “zz2”", "deals “zz2”, access “a.b” and deals “zz3”", "..., ... and 3 more rows"."""
    named = [f"{t} \u201c{k}\u201d" for t, k in slots[:3 if len(slots) <= 3 else 2]]
    last = f"{len(slots) - 2:,} more rows" if len(slots) > 3 else named.pop()
    return f"{', '.join(named)} and {last}" if named else last


def _slot(edit: Edit) -> Slot:
    return edit.table, edit.key
