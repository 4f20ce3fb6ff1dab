"""Which of the user's edits make the dataset fail the data checks, when all of them together do
(:func:`~chipscope.model.edits.build_dataset`). Pure: no Qt, no I/O.

The problems of the data checks name the row they are about ("deals, line 14: ..."). An edit
whose row is named is a culprit: it is set aside, the others are applied again and checked
again, until the dataset is sound. One bad edit (a deal at a chip another program dropped) so
takes no other edit with it, and the checks run a few times, not once per edit.

Only when a problem names no edited row (an edit broke a bundled row: it retired a chip a
bundled deal uses) are the edits tried in groups, never in the order they are stored (the
answer would depend on it): in dependency order (chips and adopters before the rows at them,
retirements last), an adopter together with its access rows (the editor saves them together:
an adopter without access fails the checks, and so does an access row without its adopter).
The bad groups are found by bisection (half applied and checked, then the other half), so the
checks run about 2*log2(N) times for N groups; the groups set aside are tried again until
none more applies. Such a problem is a bundled row's, which an edit or a retirement breaks,
hardly ever an added row: the groups that only add rows are tried first on their own, and when
they are sound only the others are bisected (benchmarks/bench_culprits.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Protocol, TypeVar

import pandas as pd

from chipscope.model.edit_keys import (
    EDITABLE,
    KEY_SEP,
    frame_keys,
    name_repeated_rows,
    name_rows,
)

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
    check = _new_problems(base, check)
    kept, failed, frames, left = _settle(base, edits, apply, check)
    if left is None:
        return kept, _ordered(failed, order), frames
    # A problem names no edited row: the units (an edit, or an adopter with its access rows)
    # in dependency order, the bad ones found by bisection, the ones set aside tried again
    # until nothing changes. The answer so depends on what the edits are, not on their order.
    # Each round first sets aside, in one go, the edits the problems name (one check, not one
    # bisection per bad edit), and bisects only what is left.
    kept, frames, pending, held = [], dict(base), list(edits), []
    while True:
        failed = []
        ok, named, _, left = _settle(frames, pending, apply, check)
        failed += named
        if left is None:
            kept += ok
            took = bool(ok)
        else:
            took = _bisect_suspects(frames, sorted(_units(ok), key=_rank), apply, check, kept,
                                    failed)
        if not took and named and len(failed) > len(named):
            # Set aside by name beside a culprit no problem names (deals at the chip that a
            # retirement takes away): tried again without it, which stays aside meanwhile.
            held += failed[len(named):]
            pending = [e for e, _ in named]
            continue
        if not took:
            failed += held
            break
        frames = apply(base, _in_order(kept, order))
        pending = [e for e, _ in [*failed, *held]]
        held = []
    kept = _in_order(kept, order)
    return kept, _ordered(failed, order), apply(base, kept)


def _new_problems(base: Mapping[str, pd.DataFrame], check: Check) -> Check:
    """``check`` without the problems ``base`` has itself (told by row key: the lines move as
    edits apply): no edit is blamed, nor bisected for, for what the bundled data holds."""
    known = set(_by_key(check(base), base))
    if not known:
        return check

    def new(frames: Mapping[str, pd.DataFrame]) -> list[str]:
        problems = check(frames)
        return [p for p, k in zip(problems, _by_key(problems, frames), strict=True)
                if k not in known]
    return new


def _by_key(problems: list[str], frames: Mapping[str, pd.DataFrame]) -> list[str]:
    """Each problem told by row key (:func:`name_rows`), each table's keys read once."""
    keys: dict[str, list[str]] = {}
    out = []
    for problem in problems:
        m = _HEAD.match(problem)
        if m is None or m["t"] not in EDITABLE or m["t"] not in frames:
            out.append(problem)
            continue
        if m["t"] not in keys:
            keys[m["t"]] = list(frame_keys(frames[m["t"]], m["t"]))
        pos = int(m["n"]) - 2
        row = keys[m["t"]][pos] if 0 <= pos < len(keys[m["t"]]) else m["n"]
        text = name_repeated_rows(problem, m["t"], keys[m["t"]])
        out.append(f"{m['t']} row {row!r}{text[m.end():]}")
    return out


def _bisect_suspects(frames: Mapping[str, pd.DataFrame], units: list[list[E]], apply: Apply[E],
                     check: Check, kept: list[E], failed: list[tuple[E, str]]) -> bool:
    """:func:`_bisect` of ``units`` (that fail together), the additions first: a problem that
    names no edited row is a bundled row's, which an edit or a retirement breaks, hardly ever
    an addition. So when the units that only add rows keep the dataset sound on their own (one
    check), they are kept and only the others are bisected: a few checks for thousands of added
    rows and one retirement a newer bundled dataset broke, not two per halving of them all."""
    adding = [u for u in units if all(e.operation == "add" for e in u)]
    others = [u for u in units if not all(e.operation == "add" for e in u)]
    if adding and others:
        trying = [e for unit in adding for e in unit]
        frames_with = apply(frames, trying)
        if not check(frames_with):
            kept += trying
            _bisect(frames_with, others, True, apply, check, kept, failed)
            return True
    return _bisect(frames, units, True, apply, check, kept, failed)


def _bisect(frames: Mapping[str, pd.DataFrame], units: list[list[E]], known_bad: bool,
            apply: Apply[E], check: Check, kept: list[E], failed: list[tuple[E, str]]) -> bool:
    """Apply to ``frames`` (the edits of ``kept``) the ``units`` that keep the dataset sound:
    all of them at once if they do, else each half in turn (the first half first: it holds
    what the second half refers to). Appends to ``kept`` those applied, to ``failed`` the rest
    with their problem; True when any was applied. ``known_bad``: all of them fail together."""
    if not units:
        return False
    if len(units) == 1:
        ok, bad, _, left = _settle(frames, units[0], apply, check)
        failed += bad
        if left is not None:
            failed += [(e, left) for e in ok]
            return False
        kept += ok
        return bool(ok)
    if not known_bad:
        trying = [e for unit in units for e in unit]
        if not check(apply(frames, trying)):
            kept += trying
            return True
    half = len(units) // 2
    before = len(kept)
    took = _bisect(frames, units[:half], False, apply, check, kept, failed)
    if took:
        frames = apply(frames, kept[before:])
    # The second half fails as surely as the whole did when the first half was applied whole.
    whole = sum(len(u) for u in units[:half]) == len(kept) - before
    return _bisect(frames, units[half:], known_bad and whole, apply, check, kept,
                   failed) or took


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
    among ``edits`` (the adopter first); every other edit alone."""
    adopters = {e.key for e in edits if e.table == "adopters"}
    groups: dict[tuple[str, str], list[E]] = {}
    for e in edits:
        slot = ("adopters", e.key) if e.table == "adopters" else (
            ("adopters", e.key.split(KEY_SEP, 1)[0])
            if e.table == "access" and e.key.split(KEY_SEP, 1)[0] in adopters
            else (e.table, e.key + "\x00" + str(id(e))))
        groups.setdefault(slot, []).append(e)
    return [sorted(g, key=lambda e: (e.table != "adopters", e.table, e.key))
            for g in groups.values()]


# Rows that others refer to first (a chip before the deals at it), retirements last and in
# the reverse order (a deal's before its chip's).
_TIER = {"sources": 0, "vendors": 1, "chips": 2, "adopters": 3, "access": 4, "deals": 5}


def _rank(unit: list[E]) -> tuple[int, str, str]:
    """Where a unit goes in dependency order (its first edit is its adopter, if it has one);
    ties by table and key, never by the order stored."""
    head = unit[0]
    tier = _TIER.get(head.table, len(_TIER))
    if head.operation == "retire":
        tier = 2 * len(_TIER) + 1 - tier
    return tier, head.table, head.key


def _in_order(edits: list[E], order: Mapping[int, int]) -> list[E]:
    return sorted(edits, key=lambda e: order[id(e)])


def _ordered(pairs: list[tuple[E, str]], order: Mapping[int, int]) -> list[tuple[E, str]]:
    return sorted(pairs, key=lambda p: order[id(p[0])])
