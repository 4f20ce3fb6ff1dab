"""What an undo or redo of a data-edit step would leave in the store, and whether it makes an
edit stop applying: the rule behind :meth:`DataEditor._step
<chipscope.model.data_editor.DataEditor>` and the withdrawal of a row another edit needs.

An undo or redo puts each slot's value back only where the slot still holds what the step
left there; a slot another window or program changed since is left as it is (pass 20). Rows of
one step may depend on each other (an adopter and its access rows), and an edit outside the
step may depend on one of them (a deal at the adopter's new name): a step that would make any
edit stop applying changes nothing and is refused with what to do first (pass 21)."""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence, Set

import pandas as pd

from chipscope.model.edit_keys import KEY_SEP, frame_keys, key_words
from chipscope.model.edits import Conflict, Edit, build_dataset
from chipscope.model.shell_words import drop_edit_command

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


_ADD_PAIR = re.compile(r"adopter (?P<a>'[^']*'|\"[^\"]*\") has no access to vendor "
                       r"(?P<v>'[^']*'|\"[^\"]*\")(?P<hint> \(no row of the access table for "
                       r"the pair; add one\))")


def without_own_pair(reason: str, gone: Set[Slot]) -> str:
    """``reason`` without the advice to add an access row when that row is one of ``gone``
    (the rows being withdrawn or undone): adding back what the step takes away is no route."""
    def drop(m: re.Match[str]) -> str:
        pair = KEY_SEP.join(ast.literal_eval(m[g]) for g in ("a", "v"))
        return m[0].replace(m["hint"], "") if ("access", pair) in gone else m[0]
    return _ADD_PAIR.sub(drop, reason)


def step_refused(base: Mapping[str, pd.DataFrame], current: list[Edit], label: str, word: str,
                 values: Sequence[tuple[Slot, Edit | None]],
                 over: Sequence[tuple[Slot, Edit | None]],
                 own: Set[Slot] = frozenset(), db: object = None) -> str | None:
    """Why an undo or redo (``word``) of ``label``, putting ``values`` where the store held
    ``over``, is refused (None: it is not): it would make an edit stop applying
    (:func:`newly_broken`); the message names that edit, why, and what to do first (``db``:
    the database its drop-edit command names with --db; None: the default one)."""
    after = after_step(current, list(values), list(over))
    broken = newly_broken(base, current, after, own)
    if broken is None:
        return None
    held = {_slot(e): e for e in current}
    slot, target, was = _slot(broken.edit), dict(values), dict(over)
    gone = {s for s, v in values if v is None or v.operation == "retire"}
    broken = Conflict(broken.edit, without_own_pair(broken.reason, gone))
    done = "undone" if word == "Undo" else "redone"
    subject = label if label.split(" ", 1)[0].endswith("ing") else f"the {label}"  # dropping...
    # A change made in Edit data is a step of its own: Undo takes it back first, and it clears
    # Redo; so the window's route does the step by hand, the CLI's (outside it) keeps it.
    hand = ("Edit > Undo would take back that change first" if word == "Undo"
            else "any change there clears Edit > Redo")
    if slot in target and held.get(slot) == was.get(slot) != target[slot]:
        # the step itself would store it: nothing of it to drop, what it needs is missing
        it = "it" if len(target) == 1 else f"its {broken.edit.describe()}"
        return (f"{subject} cannot be {done}: {it} would not apply: {broken.reason}. Nothing "
                f"was changed; first {_lead_out(base, after, broken, set(target), word, db)}, "
                f"then do there yourself what the {word.lower()} does, as {hand}.")
    whose = (" (another edit)" if slot not in target else
             " (changed by another window or program since)" if held.get(slot) != was.get(slot)
             else "")  # one of the step's rows that it leaves as it is
    table, key = slot
    cli = (f"first drop that edit with `{drop_edit_command(table, key, db)}`, then "
           f"{word.lower()} again")
    by_hand = _by_hand(broken.edit, values, word)
    route = (f"{cli}; or by hand in Edit > Edit data\u2026: {by_hand} ({hand})" if by_hand
             else f"{cli} (not in Edit > Edit data\u2026: {hand})")
    return (f"{subject} cannot be {done} without making the {broken.edit.describe()}{whose} "
            f"stop applying: {broken.reason}. Nothing was changed; {route}.")


def _by_hand(edit: Edit, values: Sequence[tuple[Slot, Edit | None]], word: str) -> str:
    """The steps of Edit data that take ``edit`` out of the way and then do what the step
    does ('' when that is no single Retire: the step puts rows back or changes them)."""
    table, key = _slot(edit)
    if edit.operation == "add":
        first = f"choose {table}, select \u201c{key}\u201d and Retire it (that withdraws it)"
    elif edit.operation == "edit":
        first = (f"choose {table}, select \u201c{key}\u201d, change it so it no longer needs "
                 "that and Save")
    else:
        return ""
    (main, value), *_ = values
    if any(v is not None and v.operation != "retire" for _, v in values):
        return ""
    if main != (table, key):
        source = "" if value is None else " (its source in the form)"  # a bundled row's
        first += (f", then choose {main[0]}, select \u201c{main[1]}\u201d and Retire it"
                  f"{source}")
    return f"{first}, which is what the {word.lower()} does"


def _lead_out(base: Mapping[str, pd.DataFrame], after: list[Edit], broken: Conflict,
              step: Set[Slot], word: str, db: object = None) -> str:
    """What to do so that the step's own ``broken`` edit applies: drop the stored retirement
    it needs out of the way, if one is (the first of at most 20 tried), else add what it needs
    (never: drop an edit the step itself would make)."""
    slot = _slot(broken.edit)
    tried = [e for e in after if e.operation == "retire" and _slot(e) not in step][:20]
    for edit in tried:
        rest = [e for e in after if e is not edit]
        if all(_slot(c.edit) != slot for c in build_dataset(base, rest)[1].conflicts):
            table, key = _slot(edit)
            # by the table's whole key: an access row's "apple.amd" is no vendor_id
            bundled = table in base and key in set(frame_keys(base[table], table))
            return (f"drop the {edit.describe()} that takes away what it needs with "
                    f"`{drop_edit_command(table, key, db)}`, then "
                    f"{word.lower()} again; or by hand in Edit > Edit data\u2026: choose "
                    f"{table}, New, save a row with {key_words(table, key)} again"
                    + (" (that saves it as your own edit, a copy that will not follow later "
                       "bundled releases; the command brings back the bundled row)"
                       if bundled else ""))
    return ("add the row it names in Edit > Edit data\u2026 (choose that table, New, fill in "
            "the row and Save)")


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
