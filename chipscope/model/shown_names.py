"""Scenario names as a note, menu label or message shows them (names may be hundreds of
characters long): :func:`named` shortens one, keeping a " (restored N)" or " (N)" tail;
:func:`quoted_apart` shortens several names of one note so different names never look the
same there (where the shown length allows)."""

from __future__ import annotations

import re

NAME_SHOWN = 40
"""The most characters of a scenario name a note, menu label or message shows."""

_TAIL = re.compile(r" \((?:restored(?: \d+)?|\d+)\)$")  # free_name's and restored_name's tails
_CUT = "\u2026"


def named(name: str, end: int = 0, at: int = -1) -> str:
    """``name`` whole up to :data:`NAME_SHOWN` characters, else shortened to that length: its
    first characters and "\u2026", then its " (restored N)" / " (N)" tail if it has one ("LLL\u2026
    (restored 2)"). ``end``: also show the last ``end`` characters before the tail ("LLL\u2026LLL");
    ``at``: also show the part from index ``at`` on ("LLL\u2026LMLL\u2026"), for names that differ
    only in the part the usual form cuts off."""
    if len(name) <= NAME_SHOWN:
        return name
    found = _TAIL.search(name)
    tail = found.group() if found and len(found.group()) <= NAME_SHOWN // 2 else ""
    base = name[:len(name) - len(tail)]
    room = NAME_SHOWN - len(tail) - 1  # characters of the base shown, beside one "\u2026"
    if at >= 0:
        head = min(8, room // 3)
        mid = base[at:at + room - head - 1]
        return base[:head] + _CUT + mid + (_CUT if at + len(mid) < len(base) else "") + tail
    if end:
        end = min(end, room // 2)
        return base[:room - end] + _CUT + base[len(base) - end:] + tail
    return base[:room] + _CUT + tail


def in_quotes(name: str) -> str:
    """\u201cname\u201d for a note or label, shortened by :func:`named`."""
    return f"\u201c{named(name)}\u201d"


def quoted_apart(*names: str) -> dict[str, str]:
    """Each of ``names`` (the names one note or label mentions) in quotes, shortened as
    :func:`named` does, but so that different names look different: a name whose usual short
    form another name shares also shows its end ("LLL\u2026LLM"), or else the part where they first
    differ."""
    shown = {n: named(n) for n in names}
    for n in shown:
        alike = [m for m in shown if m != n and named(m) == named(n)]
        if not alike:
            continue
        forms = [named(m, end=NAME_SHOWN // 2) for m in (n, *alike)]
        if len(set(forms)) == len(forms):
            shown[n] = forms[0]
            continue
        at = min(_first_difference(n, m) for m in alike)
        shown[n] = named(n, at=max(0, at - 4))
    return {n: f"\u201c{s}\u201d" for n, s in shown.items()}


def _first_difference(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                min(len(a), len(b)))
