"""Which of the user's edits make the dataset fail the data checks, when all of them together do
(:func:`~chipscope.model.edits.build_dataset`). Pure: no Qt, no I/O.

The problems of the data checks name the row they are about ("deals, line 14: ..."). An edit
whose row is named is a culprit: it is set aside, the others are applied again and checked
again, until the dataset is sound. One bad edit (a deal at a chip another program dropped) so
takes no other edit with it, and the checks run a few times, not once per edit.

Only when a problem names no edited row (an edit broke a bundled row: it retired a chip a
bundled deal uses) are the edits tried one after the other, in the order they are stored.
Then an adopter is tried together with its access rows (the editor saves them together): an
adopter without access fails the checks, and so does an access row without its adopter."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Protocol, TypeVar

import pandas as pd

from chipscope.model.edit_keys import EDITABLE, KEY_SEP, frame_keys, name_rows

__all__ = ["find_culprits"]


class _Keyed(Protocol):
    @property
    def table(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def operation(self) -> str: ...


E = TypeVar("E", bound=_Keyed)
Frames = dict[str, pd.DataFrame]
Apply = Callable[[Mapping[str, pd.DataFrame], list[E]], Frames]
Check = Callable[[Mapping[str, pd.DataFrame]], list[str]]

_HEAD = re.compile(r"^(?P<t>\w+), line (?P<n>\d+)")


def find_culprits(base: Mapping[str, pd.DataFrame], edits: list[E], apply: Apply[E],
                  check: Check) -> tuple[list[E], list[tuple[E, str]], Frames]:
    """``edits`` (that together make ``base`` fail ``check``) split into those that stay
    applied and the culprits, each with the problem that sets it aside (told by row key), both
    in the order of ``edits``; and ``base`` with the ones that stay applied."""
    order = {id(e): i for i, e in enumerate(edits)}
    kept, failed, frames, left = _settle(base, edits, apply, check)
    if left is None:
        return kept, _ordered(failed, order), frames
    # A problem names no edited row: one unit (an edit, or an adopter with its access rows)
    # after the other, as stored; a unit is applied only when the dataset stays sound.
    kept, failed, frames = [], [], dict(base)
    for unit in _units(edits):
        ok, bad, trial, left = _settle(frames, unit, apply, check)
        failed += bad
        if left is None:
            kept += ok
            frames = trial
        else:
            failed += [(e, left) for e in ok]
    kept.sort(key=lambda e: order[id(e)])
    return kept, _ordered(failed, order), frames


def _settle(start: Mapping[str, pd.DataFrame], trying: list[E], apply: Apply[E], check: Check
            ) -> tuple[list[E], list[tuple[E, str]], Frames, str | None]:
    """Apply ``trying`` over ``start``, setting aside each edit whose row a problem names,
    until sound: the edits kept, those set aside with their problem, the frames, and the first
    problem that names none of ``trying`` (None: the frames are sound)."""
    failed: list[tuple[E, str]] = []
    while True:
        frames = apply(start, trying)
        problems = check(frames)
        if not problems:
            return trying, failed, frames, None
        named = _named(problems, frames, trying)
        if not named:
            return trying, failed, frames, name_rows(problems[0], frames)
        failed += [(e, named[id(e)]) for e in trying if id(e) in named]
        trying = [e for e in trying if id(e) not in named]


def _named(problems: list[str], frames: Mapping[str, pd.DataFrame], edits: list[E]
           ) -> dict[int, str]:
    """The edits (by id) whose row a problem names, each with the first such problem."""
    owner = {(e.table, e.key): e for e in edits if e.operation != "retire"}
    keys: dict[str, list[str]] = {}
    out: dict[int, str] = {}
    for problem in problems:
        m = _HEAD.match(problem)
        if m is None or m["t"] not in EDITABLE or m["t"] not in frames:
            continue
        if m["t"] not in keys:
            keys[m["t"]] = list(frame_keys(frames[m["t"]], m["t"]))
        pos = int(m["n"]) - 2
        if not 0 <= pos < len(keys[m["t"]]):
            continue
        edit = owner.get((m["t"], keys[m["t"]][pos]))
        if edit is not None and id(edit) not in out:
            out[id(edit)] = name_rows(problem, frames)
    return out


def _units(edits: list[E]) -> list[list[E]]:
    """``edits`` in groups tried together: an adopter with the access rows of that adopter
    among ``edits``; every other edit alone. In the order of each group's first edit."""
    adopters = {e.key for e in edits if e.table == "adopters"}
    groups: dict[tuple[str, str], list[E]] = {}
    for e in edits:
        slot = ("adopters", e.key) if e.table == "adopters" else (
            ("adopters", e.key.split(KEY_SEP, 1)[0])
            if e.table == "access" and e.key.split(KEY_SEP, 1)[0] in adopters
            else (e.table, e.key + "\x00" + str(id(e))))
        groups.setdefault(slot, []).append(e)
    return list(groups.values())


def _ordered(pairs: list[tuple[E, str]], order: Mapping[int, int]) -> list[tuple[E, str]]:
    return sorted(pairs, key=lambda p: order[id(p[0])])
